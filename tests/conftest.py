import os
import sys
from pathlib import Path

# before any Qt import: no screen on CI or the dev machine
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PINGYI_BUNDLED_FONTS_ONLY", "1")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

from models.meeting import Meeting  # noqa: E402


@pytest.fixture
def meeting_path(tmp_path) -> Path:
    return tmp_path / "会议.pingyi"


@pytest.fixture
def meeting(meeting_path):
    """A fresh, empty meeting file in tmp_path, closed after the test."""
    m = Meeting.create(meeting_path)
    yield m
    m.close()


# -- meeting files shared by the document and command-line tests (built once per session: only read)
def _built(factory, name: str, **kwargs):
    from tests.printing.meetings import build_meeting

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
