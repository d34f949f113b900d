"""Fixtures of the command-line tests."""

from __future__ import annotations

import hashlib
import shutil

import pytest


@pytest.fixture
def copy(final_path, tmp_path):
    """A copy of the shared finalised meeting that a test may change (the session file stays as built)."""
    path = tmp_path / "会议.pingyi"
    shutil.copyfile(final_path, path)
    return path


def sha256_of(path) -> str:
    """The file's SHA-256: unchanged means a refused command wrote nothing."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
