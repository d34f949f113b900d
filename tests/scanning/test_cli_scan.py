"""``scan`` and ``review`` as pinned: a stack of scans of real printed forms through the command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from cli import run_command
from models import scans
from models.ballots.form_data import form_batch
from models.meeting import Meeting
from printing.form import render_forms
from scanning import geometry as G
from tests.models.ballot_helpers import populate

from . import synth as Y

ROOT = Path(__file__).resolve().parents[2]
REPORTERS = 6


def _page(pdf, copy, pens, rng, **scan):
    image = Y.render(pdf, copy, 150)
    Y.draw(image, G.page_spots(REPORTERS, 1, 0), pens, rng)
    return Y.scan(image, rng, dpi_from=150, dpi_to=150, **scan)


@pytest.fixture
def stack(tmp_path):
    """A meeting with 6 printed forms, and a folder of scans: what is on each paper, row by row."""
    path = tmp_path / "会议.pingyi"
    with Meeting.create(path) as meeting:
        serials = populate(meeting, reporters=REPORTERS, printed=6)["A"]
        pdf = render_forms(form_batch(meeting, serials))
    rng = np.random.default_rng(12)
    folder = tmp_path / "扫描"
    folder.mkdir()
    tick = lambda g: [Y.Pen("tick", g)]  # noqa: E731
    papers = {  # serial index → (pens, truth digest, scan conditions)
        0: ({0: tick(0), 1: tick(1), 2: tick(2), 3: tick(3), 4: tick(0), 5: tick(1)}, "123412", {}),
        1: ({0: tick(3), 2: [Y.Pen("cross", 1)], 5: [Y.Pen("fill", 0)]}, "402001", {"quarter": 2, "skew": 2}),
        2: ({0: tick(0) + tick(2), 1: tick(1), 3: tick(3)}, "920400", {"quarter": 1, "skew": -3}),
        3: (
            {0: tick(2), 1: tick(2), 2: tick(0), 3: tick(1), 4: tick(3), 5: tick(0)},
            "331241",
            {"perspective": 0.025, "light": 0.3, "noise": 4, "jpeg": 80, "background": 90},
        ),
        4: ({0: [Y.Pen("faint", 1)], 1: [Y.Pen("scribble", 0), Y.Pen("tick", 2)], 2: tick(3)}, "234000", {}),
        5: ({0: tick(1), 1: tick(1)}, "220000", {}),
    }
    for n, (pens, _, condition) in papers.items():
        image = _page(pdf, n, pens, rng, **condition)
        if n == 5:  # the QR code torn off
            f = image.shape[1] / G.WIDTH
            x0, y0, x1, y1 = (round(v * f) for v in G.qr_rect())
            image[y0:y1, x0:x1] = 255
        cv2.imwrite(str(folder / f"{n:02d}.png"), image)
    cv2.imwrite(str(folder / "00-back.png"), np.full((1754, 1240), 250, np.uint8))  # a duplex back
    cv2.imwrite(str(folder / "07-other.png"), Y.render(Y.form_pdf(Y.batch(REPORTERS, 1)), 0, 150))
    shutil.copy(folder / "00.png", folder / "08-again.png")
    return path, folder, serials, {serials[n]: truth for n, (_, truth, _) in papers.items()}


def _run(capsys, *argv):
    code = run_command(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_stack_through_scan_and_review_tallies_the_paper(stack, capsys):
    path, folder, serials, truth = stack
    code, out, _ = _run(capsys, "scan", str(path), str(folder), "--json")
    assert code == 0
    report = json.loads(out)
    assert set(report) == {"pages", "totals"}
    assert all(set(p) == {"file", "page", "serial", "status", "reason", "review"} for p in report["pages"])
    by_file = {p["file"]: p for p in report["pages"]}
    assert by_file["00-back.png"]["status"] == "refused" and "空白" in by_file["00-back.png"]["reason"]
    assert by_file["07-other.png"]["status"] == "refused" and "不是本会议" in by_file["07-other.png"]["reason"]
    assert by_file["08-again.png"]["status"] == "duplicate"
    assert by_file["05.png"]["status"] == "refused" and "二维码" in by_file["05.png"]["reason"]
    assert by_file["04.png"]["status"] == "review"
    reviewed = {(r["seq"], r["item"]) for r in by_file["04.png"]["review"]}
    # the faint tick and the crossed-out fill; the row under the crossed-out fill may be asked too (its strokes reach it)
    assert {(1, "总体评价"), (2, "总体评价")} <= reviewed <= {(1, "总体评价"), (2, "总体评价"), (3, "总体评价")}
    for name in ("00.png", "01.png", "02.png", "03.png"):
        assert by_file[name]["status"] == "read", by_file[name]
    assert report["totals"]["pages"] == 9 and report["totals"]["read"] == 4 and report["totals"]["refused"] == 3

    code, out, _ = _run(capsys, "review", str(path), "--json")
    waiting = json.loads(out)
    assert all(set(w) == {"id", "serial", "page", "seq", "item", "reason"} for w in waiting)
    decisions = {1: "较好", 2: "一般", 3: "差"}  # the paper: a faint 较好; 好 filled, crossed out, 一般 ticked; 差
    for w in waiting:
        if w["seq"] is None:
            code, out, _ = _run(capsys, "review", str(path), "--serial", str(w["id"]), serials[5])
        else:
            code, out, _ = _run(capsys, "review", str(path), "--set", str(w["id"]), decisions[w["seq"]])
        assert code == 0, out
    code, out, _ = _run(capsys, "review", str(path), "--json")
    assert json.loads(out) == []
    with Meeting.open(path) as meeting:
        counted = dict(
            meeting.db.execute(
                "SELECT o.serial, b.digest FROM official_ballots o JOIN ballots b ON b.id = o.ballot_id"
            ).fetchall()
        )
        assert counted == truth  # exactly the marks on the paper
        assert len(scans.refused_pages(meeting)) == 2


def test_exit_codes_and_refusals(stack, capsys, tmp_path):
    path, folder, _, _ = stack
    only_blank = tmp_path / "blank"
    only_blank.mkdir()
    shutil.copy(folder / "00-back.png", only_blank / "back.png")
    assert _run(capsys, "scan", str(path), str(only_blank))[0] == 1  # nothing could be read at all
    code, out, _ = _run(capsys, "scan", str(path), str(tmp_path / "nothing-here.png"))
    assert code == 1 and "无法读取文件" in out and "nothing-here.png" in out
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = _run(capsys, "scan", str(path), str(empty))
    assert code == 1 and "没有找到扫描文件" in err
    code, _, err = _run(capsys, "review", str(path), "--set", "999", "好")
    assert code == 1 and "999" in err
    code, _, err = _run(capsys, "review", str(path), "--set", "1", "优秀")
    assert code == 1 and "好、较好、一般、差、弃权 或 多选" in err
    with pytest.raises(SystemExit) as usage:
        run_command(["review", str(path), "--set", "x", "好"])
    assert usage.value.code == 2


def test_scan_command_as_written_in_a_fresh_process(stack):
    path, folder, _, _ = stack
    done = subprocess.run(
        [sys.executable, "main.py", "scan", str(path), str(folder / "00.png"), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["pages"][0]["status"] == "read"
    usage = subprocess.run([sys.executable, "main.py", "scan", str(path)], cwd=ROOT, capture_output=True, text=True)
    assert usage.returncode == 2
