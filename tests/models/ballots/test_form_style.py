"""The geometry of a meeting's forms is fixed by its first forms: files printed before 5 mm boxes keep theirs."""

from __future__ import annotations

from models import scans
from models.ballots import forms
from models.ballots.form_data import form_batch
from models.meeting import Meeting, state
from tests.models.ballot_helpers import populate
from tests.models.older_file import older_database


def _older_file(path, *, printed: bool) -> None:
    """A meeting file as the build before m010 made it, with or without printed forms."""
    db = older_database(path, "m010_issued_on")
    with db.conn:
        db.execute("INSERT INTO categories (id, code, name, weight, issued) VALUES (1, 'A', '党员代表', 1, 10)")
        db.execute("INSERT INTO reporters (id, seq, name, unit, speak_order) VALUES (1, 1, '张三', '白云镇党委', 1)")
        if printed:
            db.execute("INSERT INTO forms (serial, category_id, printed_at) VALUES ('A-8WRUT-6', 1, '2026-11-30')")
    db.conn.close()


def test_a_file_with_forms_printed_before_keeps_the_first_geometry(tmp_path):
    path = tmp_path / "旧版.pingyi"
    _older_file(path, printed=True)
    with Meeting.open(path) as meeting:
        assert forms.form_style(meeting) == 1
        assert scans.form_shape(meeting) == (1, 1, 1)
        more = forms.create_forms(meeting, "A", 2)  # later forms match the first ones
        assert forms.form_style(meeting) == 1 and form_batch(meeting, more).style == 1


def test_a_file_without_forms_takes_todays_geometry_at_its_first_print(tmp_path):
    path = tmp_path / "旧版.pingyi"
    _older_file(path, printed=False)
    with Meeting.open(path) as meeting:
        stored = lambda: meeting.db.execute("SELECT form_style FROM meeting").fetchone()[0]  # noqa: E731
        assert stored() is None and forms.form_style(meeting) == forms.FORM_STYLE == 2
        forms.create_forms(meeting, "A", 1)
        assert stored() == 2


def test_the_first_print_fixes_the_style_outside_the_setup_digest(meeting):
    populate(meeting, printed=0)
    before = state.setup_digest(meeting.db)
    serials = forms.create_forms(meeting, "A", 3)
    assert meeting.db.execute("SELECT form_style FROM meeting").fetchone()[0] == forms.FORM_STYLE
    assert state.setup_digest(meeting.db) == before
    assert form_batch(meeting, serials).style == forms.FORM_STYLE
