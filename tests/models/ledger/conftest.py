import datetime as _dt
import hashlib
import shutil

import pytest

from models import clock
from models.meeting import Meeting

TODAY = _dt.datetime(2027, 7, 1, 9, 0, 0)


@pytest.fixture
def today(monkeypatch):
    """The clerk's clock stands at 2027-07-01 09:00."""
    monkeypatch.setattr(clock, "now", lambda: TODAY)
    return TODAY.date()


@pytest.fixture
def final_copy(final_path, tmp_path, today):
    """A writable copy of the finalised demo meeting (12 reporters, problems recorded at the meeting)."""
    path = tmp_path / "本年度.pingyi"
    shutil.copyfile(final_path, path)
    return path


@pytest.fixture
def final_meeting(final_copy):
    m = Meeting.open(final_copy)
    yield m
    m.close()


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
