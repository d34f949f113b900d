"""Documents speed: every document and the whole filing package for a 60-reporter meeting.

Builds (once per run, in a temporary folder) a finalised demo meeting of 60 reporters with
3 evaluation items, about 70 ballots, comments and problems, then times:

- gathering the frozen data of every document on the "GUI thread" (``filing_bundle``),
- rendering each document kind (feedback and rectification: one PDF per reporter),
- the Excel workbook,
- writing the whole filing package (render + workbook + copy + manifest).

The figure is the time to render all documents; no budget is fixed by the issue, so the
proposed one is printed beside it.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402  (only for MonkeyPatch, to run the meeting with a fake clock)

from models.documents.filing import filing_bundle  # noqa: E402
from models.documents.workbook import workbook_from_tables  # noqa: E402
from models.meeting import Meeting  # noqa: E402
from printing import fonts  # noqa: E402
from printing.archive import write_archive  # noqa: E402
from printing.documents import render_document  # noqa: E402
from tests.printing.meetings import build_meeting  # noqa: E402

REPORTERS, ITEMS, BALLOTS = 60, 3, 70
PROPOSED_BUDGET_S = 10.0


def _build(folder: Path) -> Path:
    with pytest.MonkeyPatch.context() as mp:
        return build_meeting(folder / "bench.pingyi", reporters=REPORTERS, items=ITEMS, ballots=BALLOTS,
                             run=True, finalize=True, monkeypatch=mp)


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    fonts.register()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = _build(folder)
        with Meeting.open(path) as meeting:
            # the bench meeting has no 述职材料 (the 汇编 is measured by its own tests): file without them
            gather_s, bundle = _timed(lambda: filing_bundle(meeting, allow_missing="基准测试未附述职材料"))
        per_kind, pages = {}, 0
        render_s = 0.0
        for entry in bundle.entries:
            seconds, pdf = _timed(lambda entry=entry: render_document(entry.data, seq=entry.seq))
            per_kind.setdefault(entry.data.kind, []).append(seconds)
            render_s += seconds
            pages += len(re.findall(rb"/Type /Page[^s]", pdf))
        workbook_s, _ = _timed(lambda: workbook_from_tables(list(bundle.workbook_tables)))
        out = folder / "out"
        out.mkdir()
        archive_s, _ = _timed(lambda: write_archive(bundle, out))
    print(f"{REPORTERS} reporters × {ITEMS} items, {BALLOTS} ballots, finalised; {len(bundle.entries)} PDFs")
    for kind, times in per_kind.items():
        print(f"  {kind:<14} {sum(times):6.2f} s  ({len(times)} PDF, median {statistics.median(times) * 1000:.0f} ms)")
    print(f"  gather data (GUI thread)  {gather_s:6.2f} s")
    print(f"  workbook                  {workbook_s:6.2f} s")
    print(f"  whole filing package      {archive_s:6.2f} s")
    print(f"figure: render all documents for {REPORTERS} reporters = {render_s:.2f} s ({pages} pages)")
    print(f"budget: none set by the issue; proposed ≤ {PROPOSED_BUDGET_S:.0f} s for the whole filing package "
          f"({'within' if archive_s <= PROPOSED_BUDGET_S else 'OVER'} it: {archive_s:.2f} s)")


if __name__ == "__main__":
    main()
