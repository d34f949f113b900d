"""The meeting side of ``verify --document``: does a document, workbook or file copy match this meeting?"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from models.documents.data import document_data
from models.documents.types import DOCUMENT_NAMES, data_digest
from models.errors import PingyiError
from models.meeting import Meeting

Check = tuple[str, bool, str]


def stored_seal(meeting: Meeting) -> tuple[bool, str | None, str | None]:
    """(finalised, fingerprint, chain head) as recorded in the meeting file."""
    row = meeting.db.execute("SELECT finalized, fingerprint, chain_head FROM meeting WHERE id = 1").fetchone()
    return bool(row[0]), row[1], row[2]


def document_checks(meeting: Meeting, kind: str, seq: int | None, digest: str, fingerprint: str | None,
                    label: str, as_of: str | None = None) -> list[Check]:
    """Checks of one document's recorded kind, data digest and fingerprint against the meeting
    (``as_of``: the date a 整改台账 or 通报 counted as of)."""
    if kind not in DOCUMENT_NAMES:
        return [(f"{label}：文档类型", False, f"未知的文档类型“{kind}”")]
    try:
        expected = document_data(meeting, kind, seq, as_of)
    except PingyiError as err:
        return [(f"{label}：{DOCUMENT_NAMES[kind]}", False, str(err))]
    name = DOCUMENT_NAMES[kind] + (f"（序号 {seq}）" if seq is not None else "")
    same = data_digest(expected) == digest
    checks = [(f"{label}：{name}内容与会议文件一致", same,
               "" if same else "文档生成后会议数据有变动，或文档不是由本会议文件生成。请重新打印。")]
    return checks + [fingerprint_check(meeting, fingerprint, label)]


def fingerprint_check(meeting: Meeting, fingerprint: str | None, label: str) -> Check:
    """A document's fingerprint (None for a draft) against the fingerprint stamped at 定稿."""
    finalized, stored, _ = stored_seal(meeting)
    if not fingerprint:
        detail = "文档为草稿（生成时会议尚未定稿）" + ("，而会议现已定稿：请重新打印正式文档" if finalized else "")
        return (f"{label}：定稿状态", not finalized, detail)
    ok = finalized and fingerprint == stored
    detail = "与定稿时的数据指纹一致" if ok else (
        f"文档上的数据指纹 {fingerprint[:16]}… 与会议文件的 {str(stored)[:16]}… 不一致" if finalized
        else "文档为正式文档，但会议文件现在未定稿（已重新打开）")
    return (f"{label}：数据指纹", ok, detail)


def workbook_checks(meeting: Meeting, digest: str | None, label: str) -> list[Check]:
    """The workbook's recorded data digest against a workbook rebuilt from the meeting."""
    from models.documents.workbook import sheet_tables, tables_digest

    if not digest:
        return [(f"{label}：来源", False, "不是 Pingyi 导出的工作簿，或已被其他软件另存（标识信息丢失）")]
    same = tables_digest(sheet_tables(meeting)) == digest
    return [(f"{label}：数据与会议文件一致", same, "" if same else "工作簿导出后会议数据有变动，或工作簿被改动过")]


def _cells(source) -> dict[str, list[tuple]]:
    """sheet title → rows of cell values, read in streaming mode."""
    from openpyxl import load_workbook

    book = load_workbook(source, read_only=True, data_only=True)
    try:
        return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in book.worksheets}
    finally:
        book.close()


def _coordinate(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"


def workbook_cell_checks(meeting: Meeting, path: Path, label: str) -> list[Check]:
    """Every cell of the workbook against a workbook rebuilt from the meeting now (not just its recorded digest)."""
    import io

    from models.documents.workbook import workbook_bytes

    try:
        theirs = _cells(path)
    except Exception:  # noqa: BLE001 - any unreadable file is reported, never raised
        return [(f"{label}：单元格", False, "无法读取工作簿（文件已损坏或不是 .xlsx 文件）")]
    ours = _cells(io.BytesIO(workbook_bytes(meeting)))
    faults = []
    for title in sorted(set(ours) | set(theirs), key=lambda t: (t not in ours, t)):
        if title not in theirs:
            faults.append(f"缺少工作表“{title}”")
            continue
        if title not in ours:
            faults.append(f"多出工作表“{title}”")
            continue
        a, b = theirs[title], ours[title]
        for r in range(max(len(a), len(b))):
            row_a, row_b = (a[r] if r < len(a) else ()), (b[r] if r < len(b) else ())
            for c in range(max(len(row_a), len(row_b))):
                x = row_a[c] if c < len(row_a) else None
                y = row_b[c] if c < len(row_b) else None
                if x != y:
                    faults.append(f"工作表“{title}”单元格 {_coordinate(r + 1, c + 1)}：文件中为“{x}”，"
                                  f"按会议数据应为“{'' if y is None else y}”")
    shown = "；".join(faults[:5]) + (f"；等共 {len(faults)} 处" if len(faults) > 5 else "")
    return [(f"{label}：每个单元格与按会议数据重新生成的一致", not faults, shown)]


def workbook_digest(path: Path) -> str | None:
    """The data digest recorded in a workbook exported by Pingyi (None for any other file)."""
    from openpyxl import load_workbook

    from models.documents.workbook import KEYWORDS_TAG

    try:
        keywords = load_workbook(path, read_only=True).properties.keywords or ""
    except Exception:  # not a readable .xlsx: reported as not ours
        return None
    parts = keywords.split()
    if not parts or parts[0] != KEYWORDS_TAG:
        return None
    return dict(p.split("=", 1) for p in parts[1:]).get("digest")


def meeting_copy_checks(meeting: Meeting, copy: Path, label: str) -> list[Check]:
    """A copy of the meeting file: readable, intact, and sealed with the same fingerprint and chain head."""
    try:
        conn = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
        try:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            seal = conn.execute("SELECT finalized, fingerprint, chain_head FROM meeting WHERE id = 1").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return [(f"{label}：会议文件副本", False, f"无法读取（{exc}）")]
    checks = [(f"{label}：会议文件副本完整性", result == ["ok"], "；".join(result[:3]) if result != ["ok"] else "")]
    same = (bool(seal[0]), seal[1], seal[2]) == stored_seal(meeting)
    checks.append((f"{label}：副本与会议文件的定稿状态、指纹一致", same,
                   "" if same else "副本生成后会议被重新打开或再次定稿"))
    return checks
