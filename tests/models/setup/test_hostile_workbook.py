"""Hostile setup workbooks cannot exhaust memory or time: one far-away cell or merge in a small file
(issue 17).  Each is read in a child process with a memory ceiling, timed and measured."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from models.demo import create_demo
from models.meeting import Meeting
from models.setup.workbook import export_setup

ROOT = Path(__file__).resolve().parents[3]
LIMIT_S, LIMIT_MB = 5.0, 200

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))  # never swamp the machine
from models.setup.workbook_read import read_workbook
started = time.perf_counter()
try:
    data, faults = read_workbook({path!r})
    outcome = {{"faults": faults}}
except MemoryError:
    outcome = {{"error": "MemoryError"}}
except Exception as exc:
    outcome = {{"error": type(exc).__name__ + ": " + str(exc)[:300]}}
outcome["seconds"] = time.perf_counter() - started
try:  # this program's own peak (ru_maxrss would carry the forking parent's peak over exec)
    with open("/proc/self/status") as fh:
        outcome["peak_mb"] = next(int(l.split()[1]) for l in fh if l.startswith("VmHWM:")) / 1024
except OSError:
    outcome["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(outcome, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    with Meeting.open(create_demo(folder / "示例.pingyi", reporters=6)) as meeting:
        return export_setup(meeting, folder / "设置.xlsx")


def _sheet_names(book: Path) -> dict[str, str]:
    """sheet title → its XML part in the zip."""
    with zipfile.ZipFile(book) as z:
        workbook = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="/?(?:xl/)?([^"]+)"', rels))
    targets |= {k: v for v, k in re.findall(r'Target="/?(?:xl/)?([^"]+)"[^>]*Id="(rId\d+)"', rels)}
    return {
        name: "xl/" + targets[rid]
        for name, rid in re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="(rId\d+)"', workbook)
    }


def _patch(book: Path, target: Path, sheet: str, edit) -> Path:
    part = _sheet_names(book)[sheet]
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == part:
                data = edit(data.decode()).encode()
            dst.writestr(item, data)
    return target


def _far_cell(xml: str) -> str:
    xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml)
    far = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>远处</t></is></c></row>'
    return xml.replace("</sheetData>", far + "</sheetData>")


def _far_merge(xml: str) -> str:
    xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml)
    merge = '<mergeCells count="1"><mergeCell ref="H2:XFD1048576"/></mergeCells>'
    return xml.replace("</sheetData>", "</sheetData>" + merge) if "<mergeCells" not in xml else xml


def _far_column(xml: str) -> str:
    far = '<row r="200"><c r="XFD200" t="inlineStr"><is><t>远处</t></is></c></row>'
    return xml.replace("</sheetData>", far + "</sheetData>")


def _read_in_child(path: Path) -> dict:
    code = _CHILD.format(root=str(ROOT), path=str(path))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    "edit, words", [(_far_cell, "第 1048576 行"), (_far_merge, "合并单元格"), (_far_column, "XFD 列")]
)
def test_a_far_cell_or_merge_is_read_in_little_time_and_memory(exported, tmp_path, edit, words):
    book = _patch(exported, tmp_path / "远处.xlsx", "述职人", edit)
    assert book.stat().st_size < 40_000
    outcome = _read_in_child(book)
    print(f"{edit.__name__}: {outcome['seconds']:.2f} s, peak {outcome['peak_mb']:.0f} MB")
    assert "error" not in outcome, outcome
    assert outcome["seconds"] < LIMIT_S and outcome["peak_mb"] < LIMIT_MB, outcome
    assert any(words in fault for fault in outcome["faults"]), outcome["faults"]
