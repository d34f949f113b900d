"""Scanned forms into a real meeting file: ballots of pass 4, review, refusals, duplicates, pages, reconciliation."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from models import scans
from models.ballots import enter_ballot, reconciliation, settle_by_rekey
from models.ballots.form_data import form_batch
from models.ballots.reconciliation import is_settled
from models.labels import Mark
from printing.form import render_forms
from scanning import geometry as G
from scanning.batch import read_file, reread
from scanning.read import FormShape
from tests.models.ballot_helpers import populate

from . import synth as Y

PENS = {0: [Y.Pen("tick", 0)], 1: [Y.Pen("cross", 2)], 2: [Y.Pen("fill", 3)]}  # 好, 一般, 差


def _scan(tmp_path, meeting, serial, pens, page=0, name=None, mangle=None, seed=0) -> object:
    """A PNG scan of page ``page`` of the form ``serial`` as this meeting prints it, with ``pens`` drawn."""
    pdf = render_forms(form_batch(meeting, [serial]))
    image = Y.render(pdf, page, 150)
    rng = np.random.default_rng(seed)
    Y.draw(image, FormShape(*scans.form_shape(meeting)).spots(page), pens, rng)
    if mangle:
        mangle(image)
    image = Y.scan(image, rng, skew=1.5, dpi_from=150, dpi_to=150, noise=2)
    path = tmp_path / (name or f"{serial}-{page}-{seed}.png")
    cv2.imwrite(str(path), image)
    return path


def _store(meeting, path):
    shape = FormShape(*scans.form_shape(meeting))
    return [scans.store_page(meeting, record, data) for record, data in read_file(path, shape)]


def _audit(meeting, action):
    return meeting.db.execute("SELECT count(*) FROM audit WHERE action = ?", [action]).fetchone()[0]


def _scanned(meeting, serial):
    return meeting.db.execute("SELECT digest FROM ballots WHERE serial = ? AND pass_no = 4", [serial]).fetchone()


def _counted(meeting, serial):
    return meeting.db.execute(
        "SELECT b.pass_no, b.digest FROM official_ballots o JOIN ballots b ON b.id = o.ballot_id WHERE o.serial = ?",
        [serial],
    ).fetchall()


def test_a_clean_form_enters_as_a_scanned_ballot_that_counts(meeting, tmp_path):
    serial = populate(meeting, reporters=3, printed=1)["A"][0]
    [stored] = _store(meeting, _scan(tmp_path, meeting, serial, PENS))
    assert (stored.status, stored.serial, stored.review) == ("read", serial, ())
    assert _scanned(meeting, serial) == ("134",)
    assert _counted(meeting, serial) == [(4, "134")]  # double entry on: the reading and its review settle it
    assert _audit(meeting, "扫描读票") == 1
    sha = meeting.db.execute("SELECT sha256, suffix FROM scan_pages").fetchone()
    assert (scans.evidence_dir(meeting.path) / (sha[0] + sha[1])).exists()
    assert reconciliation(meeting).mismatches == [] and is_settled(meeting, serial) is False  # keyed never


def test_a_doubtful_row_waits_and_its_review_completes_the_ballot(meeting, tmp_path):
    serial = populate(meeting, reporters=3, printed=1)["A"][0]
    [stored] = _store(meeting, _scan(tmp_path, meeting, serial, {**PENS, 1: [Y.Pen("faint", 1)]}))
    assert stored.status == "review" and [(seq, item) for _, seq, item in stored.review] == [(2, "总体评价")]
    assert _scanned(meeting, serial) is None  # nothing counts while a row waits
    [waiting] = scans.pending(meeting)
    assert (waiting.serial, waiting.page, waiting.seq) == (serial, 1, 2) and len(waiting.boxes) == 4
    assert scans.decide(meeting, waiting.id, Mark.FAIRLY_GOOD) == "inserted"
    assert _counted(meeting, serial) == [(4, "124")] and scans.pending(meeting) == []
    assert _audit(meeting, "审核扫描") == 1


def test_the_same_file_twice_changes_nothing_and_a_different_reading_goes_to_review(meeting, tmp_path):
    serial = populate(meeting, reporters=3, printed=1)["A"][0]
    first = _scan(tmp_path, meeting, serial, PENS)
    _store(meeting, first)
    rows = meeting.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    [again] = _store(meeting, first)
    assert again.status == "duplicate" and meeting.db.execute("SELECT count(*) FROM audit").fetchone()[0] == rows
    [same] = _store(meeting, _scan(tmp_path, meeting, serial, PENS, seed=5))  # scanned again: same marks
    assert same.status == "duplicate"
    [other] = _store(meeting, _scan(tmp_path, meeting, serial, {**PENS, 0: [Y.Pen("tick", 1)]}, seed=6))
    assert other.status == "review" and "先前读作“好”" in other.reason
    [waiting] = scans.pending(meeting)
    assert scans.decide(meeting, waiting.id, Mark.FAIRLY_GOOD) == "updated"
    assert _counted(meeting, serial) == [(4, "234")]


def test_refusals_carry_reasons_and_never_count(meeting, tmp_path):
    serials = populate(meeting, reporters=3, printed=2)["A"]
    spoiled_scan = _scan(tmp_path, meeting, serials[1], PENS)
    with meeting.write("测试作废", {}) as db:
        db.execute("UPDATE forms SET spoiled_reason = '打印污损' WHERE serial = ?", [serials[1]])
    other = Y.batch(3, 1)  # a form of another meeting (same table, unknown serial)
    image = Y.render(Y.form_pdf(other), 0, 150)
    cv2.imwrite(str(tmp_path / "other.png"), image)
    [foreign] = _store(meeting, tmp_path / "other.png")
    assert foreign.status == "refused" and "不是本会议打印" in foreign.reason
    [spoiled] = _store(meeting, spoiled_scan)
    assert spoiled.status == "refused" and "作废" in spoiled.reason
    (tmp_path / "junk.jpg").write_bytes(b"not an image")
    [junk] = _store(meeting, tmp_path / "junk.jpg")
    assert junk.status == "refused" and "junk.jpg" in junk.reason
    assert meeting.db.execute("SELECT count(*) FROM ballots WHERE pass_no = 4").fetchone()[0] == 0
    assert {p.code for p in scans.refused_pages(meeting)} == {"unknown_serial", "bad_file"}


def test_a_torn_qr_code_is_read_once_the_clerk_types_the_serial(meeting, tmp_path):
    serial = populate(meeting, reporters=3, printed=1)["A"][0]

    def tear(image):
        x0, y0, x1, y1 = (round(v) for v in G.qr_rect())
        image[y0:y1, x0 : (x0 + x1) // 2] = 255

    [stored] = _store(meeting, _scan(tmp_path, meeting, serial, PENS, mangle=tear))
    assert stored.status == "refused" and "二维码" in stored.reason
    [waiting] = scans.pending(meeting)
    assert waiting.seq is None and waiting.serial is None
    typed, page = scans.check_typed_serial(meeting, serial.lower().replace("-", ""))
    data, _, index, name = scans.serial_source(meeting, waiting.id)
    record = reread(data, name, index, FormShape(*scans.form_shape(meeting)), typed, page)
    done = scans.assign_serial(meeting, waiting.id, record)
    assert done.status == "read" and _counted(meeting, serial) == [(4, "134")] and scans.pending(meeting) == []


def test_a_two_page_form_is_held_until_its_other_page_comes(meeting, tmp_path):
    serial = populate(meeting, reporters=31, printed=1)["A"][0]
    [second] = _store(meeting, _scan(tmp_path, meeting, serial, {0: [Y.Pen("tick", 1)]}, page=1))
    assert second.status == "incomplete" and "第 1 页" in second.reason and _scanned(meeting, serial) is None
    [first] = _store(meeting, _scan(tmp_path, meeting, serial, PENS, page=0))
    assert first.status == "read"
    digest = _scanned(meeting, serial)[0]
    assert digest == "134" + "0" * 27 + "2"


@pytest.mark.parametrize("double", [True, False])
def test_scan_and_keying_of_one_paper_are_reconciled_like_two_passes(meeting, tmp_path, double):
    agree, differ = populate(meeting, reporters=3, printed=2, double_entry=double)["A"]
    cells = [(r, i) for r, i in meeting.db.execute("SELECT r.id, i.id FROM reporters r, items i ORDER BY r.seq")]
    keyed = dict(zip(cells, (1, 3, 4), strict=True))
    _store(meeting, _scan(tmp_path, meeting, agree, PENS))
    _store(meeting, _scan(tmp_path, meeting, differ, PENS))
    enter_ballot(meeting, 1, agree, keyed)
    enter_ballot(meeting, 1, differ, {**keyed, cells[0]: 2})
    assert _counted(meeting, agree) == [(4, "134")]
    assert _counted(meeting, differ) == []  # neither counts until the paper is keyed once more
    [mismatch] = reconciliation(meeting).mismatches
    assert (mismatch.serial, mismatch.first.pass_no, mismatch.second.pass_no) == (differ, 1, 4)
    assert mismatch.differing == frozenset({cells[0]})
    settle_by_rekey(meeting, differ, keyed)
    assert _counted(meeting, differ) == [(3, "134")] and reconciliation(meeting).mismatches == []
