"""Long rosters paginate with the table header repeated; sub-items are listed; 1, 12 and 60 reporters."""

from __future__ import annotations

import pytest

from models.documents import document_data
from models.setup import list_categories, list_reporters
from printing.documents import render_document

from .conftest import open_meeting
from .meetings import SUB_ITEMS, build_meeting
from .pdftext import flat, pages_text

CASES = [(1, 1), (12, 1), (60, 1), (12, 3)]  # (reporters, items)


@pytest.fixture(scope="module", params=CASES, ids=[f"{r}人{i}项" for r, i in CASES])
def roster(request, tmp_path_factory):
    reporters, items = request.param
    path = tmp_path_factory.mktemp("roster") / "m.pingyi"
    build_meeting(path, reporters=reporters, items=items, ballots=20, talk=False)
    with open_meeting(path) as meeting:
        names = [r.name for r in list_reporters(meeting)]
        categories = len(list_categories(meeting))
        pdfs = {kind: [flat(p) for p in pages_text(render_document(document_data(meeting, kind)))]
                for kind in ("tally", "handcount", "ranking", "feedback", "rectification")}
    return reporters, items, names, categories, pdfs


def _pages_with_rows(pages, names):
    return [p for p in pages if any(n in p for n in names)]


def test_tally_header_repeated_on_every_page_with_rows(roster):
    reporters, items, names, _, pdfs = roster
    pages = pdfs["tally"]
    for page in _pages_with_rows(pages, names):
        assert "序号姓名单位好较好一般差" in page or "序号姓名测评项目" in page or "序号姓名A票（权重" in page
    assert all(n in "".join(pages) for n in names)
    if reporters == 1:
        assert len(pages) <= 2
    if reporters == 60:
        assert len(pages) >= 4
        result_pages = [p for p in pages if "票数比例" in p]
        assert len(result_pages) >= 3, "the two-row header of the results table repeats on each page"


def test_sub_items_listed_per_reporter(roster):
    reporters, items, names, _, pdfs = roster
    text = "".join(pdfs["tally"])
    if items == 1:
        assert "分项测评情况" not in text
    else:
        assert "四、分项测评情况" in text, "after 三、分类别得分与综合得分"
        for name in SUB_ITEMS[: items - 1]:
            assert text.count(name) == reporters
        assert "".join(pdfs["handcount"]).count(SUB_ITEMS[0]) == reporters * roster[3]


def test_handcount_sheets_per_category_with_header_on_each_page(roster):
    reporters, _, names, categories, pdfs = roster
    pages = pdfs["handcount"]
    for page in _pages_with_rows(pages, names):
        assert "序号姓名" in page and "弃权合计" in page
    text = "".join(pages)
    assert all(text.count(n) >= categories for n in names)
    assert text.count("唱票人（签字）") == categories


def test_ranking_lists_everyone_once(roster):
    _, _, names, _, pdfs = roster
    pages = pdfs["ranking"]
    for page in _pages_with_rows(pages, names):
        assert "名次序号姓名单位" in page
    text = "".join(pages)
    assert "等次分布" in text and f"共{len(names)}人" in text


@pytest.mark.parametrize("kind", ["feedback", "rectification"])
def test_one_sheet_per_reporter_each_on_new_pages(roster, kind):
    _, _, names, _, pdfs = roster
    pages = pdfs[kind]
    title = "述职评议反馈意见" if kind == "feedback" else "整改清单"
    starts = [p for p in pages if p.count(title) >= 2]  # running head + the sheet's own title
    assert len(starts) == len(names)
    for name, page in zip(names, starts, strict=True):
        assert name in page
