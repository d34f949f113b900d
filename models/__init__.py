"""The product without a screen: the meeting file, the domain and every operation.

Imports neither PySide6 nor reportlab.  Operations are plain functions that take the
open ``Meeting`` first; the GUI and the command line call the same ones.
"""

from .errors import FileLocked, FileRefused, InputErrors, MeetingFinalized, PingyiError
from .meeting_file import Meeting

__all__ = ["Meeting", "PingyiError", "FileRefused", "FileLocked", "InputErrors", "MeetingFinalized"]
