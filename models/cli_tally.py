"""Sub-commands (filled in by the issue that owns them)."""


def register(sub) -> None:
    pass
