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

from models.meeting_file import Meeting  # noqa: E402


@pytest.fixture
def meeting_path(tmp_path) -> Path:
    return tmp_path / "会议.pingyi"


@pytest.fixture
def meeting(meeting_path):
    """A fresh, empty meeting file in tmp_path, closed after the test."""
    m = Meeting.create(meeting_path)
    yield m
    m.close()
