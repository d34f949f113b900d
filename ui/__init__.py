"""PySide6 screens.  They talk to the meeting file only through models/."""
