"""Printing speed (DESIGN §11): 300 evaluation forms × 2 pages to PDF against a 5 s budget.

45 reporters × 3 items (grouped columns) makes 2 pages per form.  Prints:
- the whole job as the clerk runs it (record 300 serials, gather the data, render, bytes):
  figure vs budget 5 s;
- pages/s of ``render_forms`` (page furniture cached as Form XObjects, QR per copy) beside a
  bare reportlab canvas drawing the same page content directly on every page.

Run: python bench/bench_forms_pdf.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

os.environ.setdefault("PINGYI_BUNDLED_FONTS_ONLY", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from models.ballots import forms  # noqa: E402
from models.ballots.form_data import form_batch  # noqa: E402
from models.meeting import Meeting  # noqa: E402
from models.setup import add_category, add_item, add_reporter, set_facts  # noqa: E402
from printing import fonts  # noqa: E402
from printing import form_layout as L  # noqa: E402
from printing.form import draw_serial, draw_static_page, render_forms  # noqa: E402

BUDGET_S = 5.0
FORMS, REPORTERS, ITEMS = 300, 45, 3
RUNS = 3


def build_meeting(path: Path) -> Meeting:
    meeting = Meeting.create(path)
    set_facts(meeting, title="某某县2026年度党组织书记抓基层党建工作述职评议会", date="2026-12-01")
    add_category(meeting, "A", "党员代表", weight=1, issued=FORMS)
    for name in ("履行职责情况", "重点任务落实")[: ITEMS - 1]:
        add_item(meeting, name)
    for n in range(REPORTERS):
        add_reporter(meeting, f"述职人{n + 1:02d}", unit=f"某某县第{n + 1}镇党委", title="书记")
    return meeting


def whole_job(meeting: Meeting) -> tuple[float, bytes]:
    """Seconds to record the serials, gather the data and render the PDF."""
    start = time.perf_counter()
    serials = forms.create_forms(meeting, "A", FORMS)
    pdf = render_forms(form_batch(meeting, serials))
    return time.perf_counter() - start, pdf


def bare_canvas(batch) -> bytes:
    """The same pages drawn straight onto a plain canvas: no XObjects, nothing cached."""
    out = BytesIO()
    canvas = Canvas(out, pagesize=(L.PAGE_W, L.PAGE_H), initialFontName=fonts.BODY)
    layout = L.table_layout(len(batch.reporters), len(batch.items))
    for copy in batch.copies:
        for page in range(layout.page_count):
            draw_static_page(canvas, batch, copy, layout, page)
            draw_serial(canvas, copy)
            canvas.showPage()
    canvas.save()
    return out.getvalue()


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def main() -> None:
    fonts.register()
    with tempfile.TemporaryDirectory() as folder:
        meeting = build_meeting(Path(folder) / "bench.pingyi")
        try:
            jobs = [whole_job(meeting) for _ in range(RUNS)]
            batch = form_batch(meeting, [f.serial for f in forms.list_forms(meeting)][:FORMS])
        finally:
            meeting.close()
    job_s = statistics.median(s for s, _ in jobs)
    pages = L.page_count(batch.reporters, batch.items) * FORMS
    ours = statistics.median(timed(render_forms, batch) for _ in range(RUNS))
    bare = statistics.median(timed(bare_canvas, batch) for _ in range(RUNS))
    size_mb = len(jobs[0][1]) / 1e6
    print(f"{FORMS} forms × {pages // FORMS} pages ({REPORTERS} reporters × {ITEMS} items), {pages} pages, "
          f"{size_mb:.1f} MB:")
    print(f"  whole job (serials + data + PDF, median of {RUNS}): figure {job_s:.2f} s   budget {BUDGET_S:.0f} s")
    print(f"  render_forms:        {pages / ours:7.0f} pages/s  ({ours:.2f} s)")
    print(f"  bare reportlab canvas: {pages / bare:5.0f} pages/s  ({bare:.2f} s), same page content")
    print(f"  ratio: figure {bare / ours:.1f}× faster than the bare canvas")


if __name__ == "__main__":
    main()
