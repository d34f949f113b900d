"""The product without a screen: the meeting file, the domain and every operation.

Imports neither PySide6 nor reportlab.  Operations are plain functions that take the
open ``Meeting`` first; the GUI and the command line call the same ones.
"""

import sys as _sys


def _import_sqlite_utils_lean() -> None:
    """sqlite-utils imports numpy and pandas when they happen to be installed, only to know their
    value types, which Pingyi never stores; hiding them during that one import saves a third of
    the start-up.  Later imports of numpy or pandas work as usual."""
    if "sqlite_utils.db" in _sys.modules:
        return
    hidden = [name for name in ("numpy", "pandas") if name not in _sys.modules]
    for name in hidden:
        _sys.modules[name] = None  # makes ``import name`` raise ImportError
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        for name in hidden:
            del _sys.modules[name]


_import_sqlite_utils_lean()
