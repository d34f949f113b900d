"""The held demo meeting has its 述职材料: every report and self-evaluation and the chair's speech, so the
述职材料 screen, the 汇编 and an official filing package show real content; one report is over 2,500 字 and one
self-evaluation short, so the checks have something to flag."""

from __future__ import annotations

from cli import run_command
from models.demo import create_demo
from models.materials import REPORT_LIMIT, SELF_EVAL_RANGE, filing_checklist, list_materials, materials_status
from models.meeting import Meeting


def test_the_held_demo_has_every_material_and_the_checks_flag_two(tmp_path):
    path = create_demo(tmp_path / "示例.pingyi", run=True)
    with Meeting.open(path) as meeting:
        status = materials_status(meeting)
        texts = [m.text for m in list_materials(meeting) if m.kind == "report"]
        checklist = filing_checklist(meeting)
    rows = status.reporters
    assert len(rows) == 12 and all(r.report and r.self_eval for r in rows)
    over = [r for r in rows if r.report.chars > REPORT_LIMIT]
    low, high = SELF_EVAL_RANGE
    off = [r for r in rows if not low <= r.self_eval.chars <= high]
    assert len(over) == 1 and len(off) == 1
    assert all(1000 < r.report.chars for r in rows)
    assert len(set(texts)) == 12, "every report is its own"
    assert status.speech is not None
    missing = [item.detail for item in checklist.items if not item.present]
    assert missing and all("尚未定稿" in detail for detail in missing), missing  # only what 定稿 brings


def test_the_demo_without_a_run_has_no_materials(tmp_path):
    with Meeting.open(create_demo(tmp_path / "示例.pingyi", reporters=3)) as meeting:
        assert list_materials(meeting) == []


def test_the_finalised_demo_files_an_official_package_without_allow_missing(tmp_path, capsys):
    path = tmp_path / "示例.pingyi"
    assert run_command(["demo", str(path)]) == 0
    assert run_command(["finalize", str(path), "--waive-reconciliation", "演示"]) == 0
    capsys.readouterr()
    assert run_command(["archive", str(path), "-o", str(tmp_path / "备案")]) == 0
    assert "材料齐全" in capsys.readouterr().out
