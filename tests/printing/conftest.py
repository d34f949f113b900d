"""Meeting files shared by the document tests (built once per session: they are only read)."""

from __future__ import annotations

import pytest

from models.meeting_file import Meeting

from .meetings import build_meeting


def _built(factory, name: str, **kwargs):
    path = factory.mktemp(name) / f"{name}.pingyi"
    with pytest.MonkeyPatch.context() as mp:
        build_meeting(path, monkeypatch=mp, **kwargs)
    return path


@pytest.fixture(scope="session")
def final_path(tmp_path_factory):
    """12 reporters, ballots, a held meeting with comments and problems, one override, finalised."""
    return _built(tmp_path_factory, "final", run=True, finalize=True)


@pytest.fixture(scope="session")
def draft_path(tmp_path_factory):
    """4 reporters, not finalised, never run."""
    return _built(tmp_path_factory, "draft", reporters=4, ballots=12)


@pytest.fixture(scope="session")
def rehearsal_path(tmp_path_factory):
    """A finalised rehearsal meeting of 4 reporters."""
    return _built(tmp_path_factory, "rehearsal", reporters=4, ballots=12, rehearsal=True, finalize=True)


@pytest.fixture(scope="session")
def paths(final_path, draft_path, rehearsal_path):
    return {"final": final_path, "draft": draft_path, "rehearsal": rehearsal_path}


def open_meeting(path):
    """Open a session meeting file (read only by the tests)."""
    return Meeting.open(path)
