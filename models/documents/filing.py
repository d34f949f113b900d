"""Everything the filing package (备案材料) holds, gathered from the meeting file in one go.

``filing_bundle`` reads the file (on the thread that owns the connection); writing the
folder (``printing.archive.write_archive``) then needs no access to the meeting file.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, replace

from models.counting.verify import results_faults
from models.documents.data import document_data, masthead
from models.documents.filing_materials import CHECKLIST_NAME, checked_checklist, material_files
from models.documents.types import DOCUMENT_NAMES, Masthead
from models.errors import PingyiError
from models.materials import FilingChecklist, booklet_data
from models.meeting import Meeting
from models.scans.evidence import kept_files
from models.setup import get_facts

#: top-level documents of the package, in filing order
SINGLE_DOCUMENTS = ("tally", "ranking", "handcount", "agenda", "minutes")
PER_REPORTER_DOCUMENTS = ("feedback", "rectification")
WORKBOOK_NAME = "测评结果.xlsx"
MANIFEST_NAME = "MANIFEST.txt"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass(frozen=True)
class FilingEntry:
    """One PDF of the package: its path inside the folder, the document data, and the 序号 if per reporter."""

    path: str
    data: object
    seq: int | None = None


@dataclass(frozen=True)
class FilingBundle:
    """What goes into the filing folder; ``official`` is False for a draft package (草稿 throughout)."""

    folder_name: str
    head: Masthead
    entries: tuple[FilingEntry, ...]
    workbook_tables: tuple
    meeting_copy: bytes
    meeting_copy_name: str
    checklist: FilingChecklist | None = None  # 备案材料清单 (issue 14)
    attachments: tuple[tuple[str, bytes], ...] = ()  # original 述职材料 files: (path, bytes)
    #: the scanned files the meeting read, beside its copy (``‹copy›.扫描/``), so the copy passes verify
    scans: tuple[tuple[str, bytes], ...] = ()

    @property
    def official(self) -> bool:
        return self.head.official  # finalised, and the data passes verify


def safe_name(text: str, limit: int = 60) -> str:
    """``text`` usable as a file or folder name on Windows, macOS and Linux."""
    cleaned = _UNSAFE.sub("_", text).strip(" .") or "未命名"
    return cleaned[:limit]


def folder_name(meeting: Meeting, draft: bool) -> str:
    """“<meeting title>_<date>”, with “_草稿” for a draft package."""
    facts = get_facts(meeting)
    base = "_".join(x for x in (safe_name(facts.title or "述职评议会"), safe_name(facts.date)) if x and x != "未命名")
    return base + ("_草稿" if draft else "")


def refuse_unless_allowed(meeting: Meeting, draft: bool) -> None:
    """Refuses an official package before 定稿 (a draft package is always allowed)."""
    if not meeting.finalized and not draft:
        raise PingyiError("会议尚未定稿，不能生成正式备案材料。请先在“定档”中定稿；"
                          "如只需要草稿，请选择“生成草稿备案材料”（命令行加 --draft），材料将全部标为草稿。")
    faults = [] if draft else results_faults(meeting)
    if faults:
        raise PingyiError(f"数据校验未通过（{faults[0]}），不能生成正式备案材料。请运行 verify 查看详情；"
                          "如只需要草稿，请加 --draft（材料将标为草稿、数据校验未通过）。")


def meeting_copy_bytes(meeting: Meeting) -> bytes:
    """A consistent copy of the meeting file (SQLite backup API), checked with integrity_check."""
    copy = sqlite3.connect(":memory:")
    try:
        meeting.db.conn.backup(copy)
        result = [r[0] for r in copy.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            raise PingyiError(f"会议文件副本未通过完整性检查（{'；'.join(result[:3])}），未生成备案材料。"
                              "请先运行 verify 检查会议文件。")
        return copy.serialize()
    finally:
        copy.close()


def filing_bundle(meeting: Meeting, *, draft: bool = False, allow_missing: str | None = None) -> FilingBundle:
    """Gather every document's data, the workbook tables, the 述职材料 and a copy of the file; refuses as above,
    and an official package while a required 备案 item is missing unless ``allow_missing`` gives the reason."""
    from models.counting import compute_tally
    from models.documents.workbook import sheet_tables

    refuse_unless_allowed(meeting, draft)
    checklist = checked_checklist(meeting, meeting.finalized and not draft, allow_missing)
    tally = compute_tally(meeting)
    entries = [FilingEntry(f"{n:02d}_{DOCUMENT_NAMES[kind]}.pdf", _data(meeting, kind, tally))
               for n, kind in enumerate(SINGLE_DOCUMENTS, start=1)]
    for n, kind in enumerate(PER_REPORTER_DOCUMENTS, start=len(SINGLE_DOCUMENTS) + 1):
        entries += _per_reporter(f"{n:02d}_{DOCUMENT_NAMES[kind]}", _data(meeting, kind, tally))
    draft_package = not meeting.finalized or bool(results_faults(meeting))
    n = len(SINGLE_DOCUMENTS) + len(PER_REPORTER_DOCUMENTS) + 1
    entries = [FilingEntry(CHECKLIST_NAME, replace(checklist, official=not draft_package)), *entries,
               FilingEntry(f"{n:02d}_述职报告汇编.pdf", booklet_data(meeting, draft=draft_package))]
    name = folder_name(meeting, draft=draft_package)
    scans = tuple((f"{name}.扫描/{file}", data) for file, data in kept_files(meeting))
    return FilingBundle(name, masthead(meeting), tuple(entries), tuple(sheet_tables(meeting, tally)),
                        meeting_copy_bytes(meeting), f"{name}.pingyi", checklist, material_files(meeting, n + 1),
                        scans)


def _data(meeting: Meeting, kind: str, tally):
    from models.documents import data as builders
    from models.documents import texts as document_texts

    if kind == "tally":
        return builders.tally_sheet_data(meeting, tally)
    if kind == "ranking":
        return builders.ranking_data(meeting, tally)
    if kind == "feedback":
        return document_texts.feedback_data(meeting, tally=tally)
    return document_data(meeting, kind)


def _per_reporter(folder: str, data) -> list[FilingEntry]:
    """One entry per reporter, each with the same data ``document_data(meeting, kind, seq)`` gives."""
    return [FilingEntry(f"{folder}/{sheet.seq:02d}_{safe_name(sheet.name, 30)}.pdf", replace(data, sheets=(sheet,)),
                        sheet.seq) for sheet in data.sheets]
