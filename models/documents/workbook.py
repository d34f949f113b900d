"""The Excel workbook of a meeting's results (``export PATH -o OUT.xlsx``).

Sheets 汇总, 排名, 分类别, 分项, 原始票据, 点评与问题.  Every number comes from ``tally_json``
(scores 2 decimals, rates 4), so the workbook agrees with ``tally --json``; ballots are sorted
by serial with no timestamps, so the same ballots give the same file whatever the entry order.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from openpyxl import Workbook

from models.counting import outcomes as outcome_text
from models.documents import tally_text
from models.documents.data import distribution_summary, grade_distribution, notes_text, tags_text
from models.documents.workbook_style import INTEGER, PERCENT, SCORE, Column, SheetTable, reproducible_bytes, write_sheet
from models.errors import PingyiError
from models.labels import GRADE_KEYS, GRADES, MARK_LABELS, Mark
from models.meeting import Meeting
from models.meeting.files import write_atomically

SHEETS = ("汇总", "排名", "分类别", "分项", "原始票据", "点评与问题")
COUNT_KEYS = [GRADE_KEYS[g] for g in GRADES] + ["abstain"]
COUNT_HEADERS = ["好", "较好", "一般", "差", "弃权"]
KEYWORDS_TAG = "pingyi-workbook/1"


def _title(tally, facts, sheet: str) -> str:
    marks = ("（演练）" if tally.rehearsal else "") + ("" if tally.finalized else "（草稿）")
    return f"{facts.title or '述职评议会'}　{facts.date}　{sheet}{marks}"


def _grade_label(value) -> str:
    return value or "—"


# -- sheets -------------------------------------------------------------------
def _summary(tally, data: dict, facts) -> SheetTable:
    extra = [c.name for c in tally.component_list if not c.is_onsite]
    # under 差票计入等次 = 一般和差 the rule compares 一般 + 差: that share gets its own column
    both = [Column(f"{tally.rules.limit_label()}率", PERCENT)] if tally.rules.poor_grades != "差" else []
    columns = ([Column("序号", INTEGER), Column("姓名"), Column("单位"), Column("述职方式")]
               + [Column(h, INTEGER) for h in COUNT_HEADERS] + [Column("有效票", INTEGER)]
               + [Column("好票率", PERCENT), Column("差票率", PERCENT)] + both
               + [Column("测评得分", SCORE)]
               + [Column(name, SCORE) for name in extra]
               + [Column("综合得分", SCORE), Column("名次", INTEGER), Column("拟定等次"), Column("确定等次"),
                  Column("备注")])
    table = SheetTable("汇总", _title(tally, facts, "计票汇总"), columns, frozen_columns=2)
    for n, (r, j) in enumerate(zip(tally.reporters, data["reporters"], strict=True)):
        table.rows.append(
            [j["seq"], j["name"], j["unit"], r.reporter.mode.long_label] + [j["counts"][k] for k in COUNT_KEYS]
            + [j["valid"], j["good_rate"], j["poor_rate"]] + [j["limit_rate"]] * len(both) + [j["onsite_score"]]
            + [j["components"].get(name) for name in extra]
            + [j["combined_score"], _rank_label(j), _grade_label(j["proposed_grade"]), _grade_label(j["final_grade"]),
               tags_text(r)])
        if "poor_rate" in j["grade_reasons"]:
            table.alert_rows.add(n)
    verdict = tally_text.verdict_text(tally) + tally_text.reconciliation_text(tally.reconciliation,
                                                                             tally.counted_ballots)
    table.notes = [f"结论：{verdict}"] + [f"待处理事项：{p}" for p in tally_text.open_items(tally)]
    table.notes += [f"差票规则：{outcome_text.limit_rule_text(tally.rules)}。{outcome_text.cap_void_text(tally)}"]
    if tally.finalized and tally.fingerprint:  # the same fingerprint as on the printed papers
        table.notes += [f"数据指纹（SHA-256）：{tally.fingerprint}", f"审计链头：{tally.chain_head or ''}"]
    return table


def _rank_label(j: dict):
    """The rank as a number, “3（并列）” when shared, empty without a rank."""
    if j["rank"] is None:
        return None
    return f"{j['rank']}（并列）" if j["tied"] else j["rank"]


def _ranking(tally, data: dict, facts) -> SheetTable:
    columns = [Column("名次", INTEGER), Column("并列"), Column("序号", INTEGER), Column("姓名"), Column("单位"),
               Column("测评得分", SCORE), Column("综合得分", SCORE), Column("拟定等次"), Column("确定等次"),
               Column("备注", wrap=True)]
    table = SheetTable("排名", _title(tally, facts, "排名"), columns, frozen_columns=4)
    pairs = sorted(zip(tally.reporters, data["reporters"], strict=True),
                   key=lambda p: (p[1]["rank"] is None, p[1]["rank"] or 0, p[1]["seq"]))
    for n, (r, j) in enumerate(pairs):
        table.rows.append([j["rank"], "并列" if j["tied"] else "", j["seq"], j["name"], j["unit"], j["onsite_score"],
                           j["combined_score"], _grade_label(j["proposed_grade"]), _grade_label(j["final_grade"]),
                           notes_text(r)])
        if "poor_rate" in j["grade_reasons"]:
            table.alert_rows.add(n)
    table.notes = [distribution_summary(grade_distribution([r.final_grade for r in tally.reporters]))]
    return table


def _by_category(tally, data: dict, facts) -> SheetTable:
    columns = ([Column("类别"), Column("测评人类别"), Column("权重", "General"), Column("发出票数", INTEGER),
                Column("收回票数", INTEGER), Column("废票", INTEGER), Column("有效票", INTEGER),
                Column("序号", INTEGER), Column("姓名")]
               + [Column(h, INTEGER) for h in COUNT_HEADERS] + [Column("类别得分", SCORE)])
    table = SheetTable("分类别", _title(tally, facts, "分类别"), columns, frozen_columns=2)
    for cat in data["categories"]:
        head = [cat["code"], cat["name"], cat["weight"], cat["issued"], cat["returned"], cat["void"], cat["valid"]]
        for j in data["reporters"]:
            counts = j["by_category"].get(cat["code"], {})
            table.rows.append(head + [j["seq"], j["name"]] + [counts.get(k, 0) for k in COUNT_KEYS]
                              + [counts.get("score")])
    return table


def _sub_items(tally, data: dict, facts) -> SheetTable:
    columns = ([Column("序号", INTEGER), Column("姓名"), Column("项目序号", INTEGER), Column("测评项目")]
               + [Column(h, INTEGER) for h in COUNT_HEADERS] + [Column("合计", INTEGER)])
    table = SheetTable("分项", _title(tally, facts, "分项测评"), columns, frozen_columns=2)
    for j in data["reporters"]:
        for item in j["items"]:
            counts = [item["counts"][k] for k in COUNT_KEYS]
            table.rows.append([j["seq"], j["name"], item["seq"], item["name"]] + counts + [sum(counts)])
    return table


def _raw_ballots(meeting: Meeting, tally, facts) -> SheetTable:
    from models.ballots import counted_ballots

    cells = [(r.reporter, item) for r in tally.reporters for item in tally.items]
    multi = len(tally.items) > 1
    headers = [f"{rep.seq}-{item.seq} {rep.name}·{item.name}" if multi else f"{rep.seq} {rep.name}"
               for rep, item in cells]
    columns = [Column("编号"), Column("类别"), Column("作废原因")] + [Column(h) for h in headers]
    table = SheetTable("原始票据", _title(tally, facts, "计入的选票（按编号排序）"), columns, frozen_columns=1)
    for ballot in sorted(counted_ballots(meeting), key=lambda b: b.serial):
        marks = [("" if ballot.void_reason else MARK_LABELS[ballot.marks.get((rep.id, item.id), Mark.ABSTAIN)])
                 for rep, item in cells]
        table.rows.append([ballot.serial, ballot.category_code, ballot.void_reason or ""] + marks)
    return table


def _talk(meeting: Meeting, tally, facts) -> SheetTable:
    from models.run.minutes import list_comments, list_problems

    columns = [Column("序号", INTEGER), Column("姓名"), Column("类型"), Column("点评人 / 问题来源"),
               Column("内容", wrap=True), Column("整改措施", wrap=True), Column("责任人"), Column("完成时限")]
    table = SheetTable("点评与问题", _title(tally, facts, "点评与问题"), columns, frozen_columns=2)
    for r in tally.reporters:
        rep = r.reporter
        for c in list_comments(meeting, rep.id):
            table.rows.append([rep.seq, rep.name, "点评", c.commenter, c.text, "", "", ""])
        for p in list_problems(meeting, rep.id):
            table.rows.append([rep.seq, rep.name, f"问题{p.position}", p.source.label, p.text, p.measure, p.owner,
                               p.deadline])
    return table


# -- the workbook ---------------------------------------------------------------
def sheet_tables(meeting: Meeting, tally=None) -> list[SheetTable]:
    """The six sheets as plain tables (title, headers, rows)."""
    from models.counting import compute_tally, tally_json
    from models.setup import get_facts

    tally = tally or compute_tally(meeting)
    data, facts = tally_json(tally), get_facts(meeting)
    return [_summary(tally, data, facts), _ranking(tally, data, facts), _by_category(tally, data, facts),
            _sub_items(tally, data, facts), _raw_ballots(meeting, tally, facts), _talk(meeting, tally, facts)]


def tables_digest(tables: list[SheetTable]) -> str:
    """SHA-256 of every sheet's title, headers and cell values (what ``verify --document`` compares)."""
    plain = [[t.name, t.title, [c.header for c in t.columns], t.rows, t.notes] for t in tables]
    text = json.dumps(plain, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def workbook_bytes(meeting: Meeting, tally=None) -> bytes:
    """The .xlsx file as bytes: the same meeting data always gives the same bytes."""
    return workbook_from_tables(sheet_tables(meeting, tally))


def workbook_from_tables(tables: list[SheetTable]) -> bytes:
    """The .xlsx bytes of tables gathered by ``sheet_tables`` (no file access: safe in a worker thread)."""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        write_sheet(book.create_sheet(), table)
    book.properties.creator = "Pingyi 评议"
    book.properties.title = tables[0].title
    book.properties.keywords = f"{KEYWORDS_TAG} digest={tables_digest(tables)}"
    return reproducible_bytes(book)


def export_workbook(meeting: Meeting, path: str | Path, tally=None) -> Path:
    """Write the workbook to ``path`` (through a temporary file, so no half file is left)."""
    return write_file_atomically(path, workbook_bytes(meeting, tally), ".xlsx")


def write_file_atomically(path: str | Path, data: bytes, suffix: str) -> Path:
    """Write ``data`` to ``path`` through a temporary file; refuses a name not ending in ``suffix``."""
    path = Path(path)
    if path.suffix.lower() != suffix:
        raise PingyiError(f"文件名应以 {suffix} 结尾（现为 {path.name}）。请换一个文件名。")
    return write_atomically(path, data)
