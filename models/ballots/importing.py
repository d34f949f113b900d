"""Bulk import of ballots typed elsewhere (.xlsx, or .csv in UTF-8 with or without BOM).

Columns: 编号; one per reporter headed by its 序号 (``序号-项目序号`` with sub-items, e.g.
``3-2``); optional 作废.  Cells 好/较好/一般/差 or 1–4, blank = 弃权, 多 or 9 = 多选.
All or nothing: every faulty row is reported and nothing is stored; ballots already
stored identically are skipped; a file that contradicts a stored ballot is refused whole.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from models.ballots.cap import cap_allowed, cap_excess
from models.ballots.keying import (
    PASS_LABELS,
    Prepared,
    SerialRefused,
    check_form,
    check_pass,
    layout,
    prepare,
    store_many,
    to_serial,
)
from models.errors import InputErrors, MeetingFinalized, PingyiError
from models.meeting import Meeting, audit
from models.xlsx_stream import read_workbook

SERIAL_HEADER = "编号"
VOID_HEADER = "作废"
CELL_VALUES = {
    "": 0, "0": 0, "弃权": 0,
    "好": 1, "1": 1, "较好": 2, "2": 2, "一般": 3, "3": 3, "差": 4, "4": 4,
    "多": 9, "多选": 9, "9": 9,
}
_COLUMN = re.compile(r"^(\d+)(?:-(\d+))?$")
_CELL_HELP = "请填写 好/较好/一般/差 或 1/2/3/4；空白表示弃权，“多”或 9 表示多选。"
#: rows one file may hold, and faults listed at most (the rest are counted)
MAX_ROWS, MAX_FAULTS = 100_000, 50


@dataclass(frozen=True)
class ImportResult:
    """What an import did: ballots added and ballots already stored identically."""

    pass_no: int
    added: int
    unchanged: int
    over_cap: tuple[str, ...] = ()  #: serials of added ballots void by 每票好等次上限 (超比例)

    @property
    def message(self) -> str:
        label = PASS_LABELS[self.pass_no]
        if not self.added:
            return f"文件中的 {self.unchanged} 张选票都已在{label}中录入过且完全相同，没有任何改动。"
        text = f"已导入 {self.added} 张选票（{label}）。"
        if self.unchanged:
            text += f"另有 {self.unchanged} 张与已录入的完全相同，未重复保存。"
        if self.over_cap:
            shown = "、".join(self.over_cap[:10]) + ("等" if len(self.over_cap) > 10 else "")
            text += f"其中 {len(self.over_cap)} 张“好”超过每票上限，按废票计（超比例）：{shown}。"
        return text


# -- reading the file ---------------------------------------------------------
def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def read_rows(path: Path) -> list[tuple[int, list]]:
    """(row number as the clerk sees it, raw cell values) for every row of the file's first sheet."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise PingyiError(f"找不到文件 {path}。请检查路径。")
    if suffix == ".csv":
        return _read_csv(path)
    if suffix == ".xlsx":
        return _read_xlsx(path)
    raise PingyiError(f"{path.name}：只能导入 .xlsx 或 .csv（UTF-8）文件。请在 Excel 中另存为这两种格式之一。")


def _read_csv(path: Path) -> list[tuple[int, list]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PingyiError(
            f"{path.name} 不是 UTF-8 编码的 CSV 文件。请在 Excel 中“另存为”选择“CSV UTF-8（逗号分隔）”后重新导入。"
        ) from None
    rows = list(enumerate(csv.reader(io.StringIO(text, newline="")), start=1))
    if len(rows) > MAX_ROWS:
        raise PingyiError(f"{path.name} 有 {len(rows)} 行，超过一次最多导入的 {MAX_ROWS} 行。请分成几个文件导入。")
    return rows


def _read_xlsx(path: Path) -> list[tuple[int, list]]:
    """Rows of the first sheet, streamed and bounded by the cells that hold data; a hidden sheet, a
    hidden row with data or a merged cell is refused (each named), since any of them misreads silently."""
    sheets = read_workbook(path, what="选票文件")
    if not sheets:
        raise PingyiError(f"{path.name} 中没有工作表。")
    sheet, faults = sheets[0], []
    faults += [f"工作表“{s.title}”被隐藏了。请取消隐藏并确认其内容，或删除这张工作表后重新导入。"
               for s in sheets if s.hidden]
    for rng in sheet.merged:
        faults.append(f"第 {rng.min_row} 行第 {_letter(rng.min_col - 1)} 列：{rng.coord} 是合并单元格，"
                      "合并后只有第一格有值，其余格会被当作弃权。请取消合并、在每格中分别填写后重新导入。")
    for row in sorted(sheet.hidden_rows & {r for r, _ in sheet.cells}):
        faults.append(f"第 {row} 行被隐藏了，但有内容。请取消隐藏、确认后重新导入（或删除这一行）。")
    if faults:
        raise InputErrors(_capped(faults), heading=f"{path.name} 的格式会导致误读，没有导入任何选票：")
    rows = sheet.data_rows()
    if len(rows) > MAX_ROWS:
        raise PingyiError(f"{path.name} 有 {len(rows)} 行，超过一次最多导入的 {MAX_ROWS} 行。请分成几个文件导入。")
    last_col = sheet.extent[1]
    return [(r, sheet.values(r, last_col)) for r in rows]


def _capped(faults: list[str]) -> list[str]:
    """The first MAX_FAULTS faults and how many more there are."""
    if len(faults) <= MAX_FAULTS:
        return faults
    return faults[:MAX_FAULTS] + [f"……另有 {len(faults) - MAX_FAULTS} 处问题未列出（共 {len(faults)} 处）。"]


# -- the header -------------------------------------------------------------
@dataclass(frozen=True)
class _Columns:
    serial: int
    void: int | None
    cells: dict[int, tuple[int, int]]  # column index → (reporter_id, item_id)
    width: int = 0  # columns in the header row
    strict_width: bool = False  # CSV: a row shorter than the header lost a separator

    def labelled(self, index: int) -> bool:
        return index == self.serial or index == self.void or index in self.cells


def _column_key(value) -> tuple[int, int | None] | None:
    if isinstance(value, (_dt.datetime, _dt.date)):  # Excel turns a typed "3-2" into 3月2日
        return value.month, value.day
    match = _COLUMN.match(_text(value).replace(" ", ""))
    return (int(match[1]), int(match[2]) if match[2] else None) if match else None


def _letter(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _parse_header(meeting: Meeting, header: list, row_no: int) -> _Columns:
    reporters = dict(meeting.db.execute("SELECT seq, id FROM reporters"))
    items = dict(meeting.db.execute("SELECT seq, id FROM items"))
    overall = meeting.db.execute("SELECT seq FROM items WHERE is_overall = 1").fetchone()[0]
    serial = void = None
    cells, seen, faults = {}, {}, []
    for index, value in enumerate(header):
        text, where = _text(value), f"第 {row_no} 行第 {_letter(index)} 列（“{_text(value)}”）"
        if not text:
            continue
        if text == SERIAL_HEADER:
            serial = index
            continue
        if text == VOID_HEADER:
            void = index
            continue
        key = _column_key(value)
        if key is None:
            faults.append(f"{where}：看不懂这个列标题。列标题应为“编号”“作废”或述职人序号（如 3，有分项时如 3-2）。")
            continue
        seq, item_seq = key
        if item_seq is None and len(items) > 1:
            faults.append(f"{where}：本会议有 {len(items)} 个测评项目，请写成“{seq}-项目序号”，如 {seq}-{overall}。")
            continue
        item_seq = overall if item_seq is None else item_seq
        if seq not in reporters or item_seq not in items:
            what = f"序号为 {seq} 的述职人" if seq not in reporters else f"序号为 {item_seq} 的测评项目"
            faults.append(f"{where}：本会议没有{what}。")
            continue
        cell = (reporters[seq], items[item_seq])
        if cell in seen:
            faults.append(f"{where}：与第 {_letter(seen[cell])} 列重复。")
            continue
        seen[cell] = index
        cells[index] = cell
    if serial is None:
        faults.append(f"第 {row_no} 行：缺少“编号”列。第一行应是列标题：编号、各述职人序号、（可选）作废。")
    missing = [f"{s}-{i}" if len(items) > 1 else str(s)
               for s in sorted(reporters) for i in sorted(items) if (reporters[s], items[i]) not in seen]
    if missing:
        faults.append(f"缺少这些述职人的列：{'、'.join(missing[:20])}{' 等' if len(missing) > 20 else ''}。"
                      "每位述职人（每个测评项目）都要有一列，未划的格子留空即为弃权。")
    if faults:
        raise InputErrors(faults, heading="文件的列标题有误，没有导入任何选票：")
    return _Columns(serial, void, cells, len(header))


# -- the rows -----------------------------------------------------------------
@dataclass(frozen=True)
class _Row:
    row_no: int
    serial: str
    prepared: Prepared


def _cell(values: list, index: int):
    return values[index] if index < len(values) else None


def _parse_row(meeting: Meeting, columns: _Columns, row_no: int, values: list, cells, faults: list,
               first_row: dict) -> _Row | None:
    text = _text(_cell(values, columns.serial))
    where = f"第 {row_no} 行"
    if not text:
        faults.append(f"{where}：编号为空。请填写纸质表上的编号，或删除这一行。")
        return None
    try:
        serial = to_serial(text)
        check_form(meeting, serial)
    except SerialRefused as err:
        faults.append(f"{where}：{err}")
        return None
    shape = _shape_faults(columns, row_no, values)
    if shape:
        faults.extend(shape)
        return None
    if serial in first_row:
        faults.append(f"{where}：编号 {serial} 与第 {first_row[serial]} 行重复。每张票只能有一行。")
        return None
    first_row[serial] = row_no
    void = _text(_cell(values, columns.void)) if columns.void is not None else ""
    marks, ok = {}, True
    if not void:
        for index, cell in columns.cells.items():
            raw = _text(_cell(values, index))
            if raw not in CELL_VALUES:
                faults.append(f"{where}，第 {_letter(index)} 列，编号 {serial}：“{raw}”不是等次。{_CELL_HELP}")
                ok = False
            elif CELL_VALUES[raw]:
                marks[cell] = CELL_VALUES[raw]
    return _Row(row_no, serial, prepare(meeting, marks, void or None, cells)) if ok else None


def _shape_faults(columns: _Columns, row_no: int, values: list) -> list[str]:
    """A CSV row shorter than the header, and values under columns without a heading: both misread."""
    faults = []
    needed = max([columns.serial, *columns.cells]) + 1  # a missing trailing 作废 changes nothing
    if columns.strict_width and len(values) < needed:
        faults.append(f"第 {row_no} 行只有 {len(values)} 列，比列标题（{columns.width} 列）少，可能漏了逗号：第 "
                      f"{_letter(len(values))} 列起的格子会被当作弃权，所以没有导入。请补齐这一行后重新导入。")
    for index, value in enumerate(values):
        if _text(value) and not columns.labelled(index):
            faults.append(f"第 {row_no} 行第 {_letter(index)} 列：有内容“{_text(value)[:20]}”，但这一列没有列标题，"
                          "不会被导入。请给这一列加上标题（述职人序号）或删除其内容后重新导入。")
    return faults


def _parse_rows(meeting: Meeting, columns: _Columns, rows, faults: list) -> list[_Row]:
    cells = layout(meeting)  # every cell has its column (checked with the header)
    parsed, first_row = [], {}
    for row_no, values in rows:
        if not any(_text(v) for v in values):
            continue
        row = _parse_row(meeting, columns, row_no, values, cells, faults, first_row)
        if row is not None:
            parsed.append(row)
    return parsed


def _split_stored(meeting: Meeting, pass_no: int, rows: list[_Row], faults: list) -> tuple[list[_Row], int]:
    stored = dict(meeting.db.execute("SELECT serial, digest FROM ballots WHERE pass_no = ?", [pass_no]))
    new, same = [], 0
    for row in rows:
        if row.serial not in stored:
            new.append(row)
        elif stored[row.serial] == row.prepared.digest:
            same += 1
        else:
            faults.append(
                f"第 {row.row_no} 行：编号 {row.serial} 已在{PASS_LABELS[pass_no]}中录入，但内容与本文件不同。"
                "请核对纸质表：若已录入的有误，请在录入界面修改或删除后再导入。"
            )
    return new, same


def _rows_digest(rows) -> str:
    """The rows as typed (row numbers and every cell's text): the same sheet saved again has the same digest."""
    text = "\n".join(f"{n}\t" + "\t".join(_text(v) for v in values).rstrip("\t") for n, values in rows
                     if any(_text(v) for v in values))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _refuse_the_other_pass(meeting: Meeting, path: Path, pass_no: int, file_sha: str, rows_sha: str) -> None:
    """Blind double entry: a file (or the very same rows) already imported as the other pass is refused."""
    if pass_no not in (1, 2):
        return
    other = 3 - pass_no
    for entry in audit.entries(meeting.db, "导入选票"):
        detail = entry["detail"]
        same = detail.get("sha256") == file_sha or detail.get("rows_sha256") == rows_sha
        if detail.get("pass") == other and same:
            raise PingyiError(
                f"{path.name} 与已作为{PASS_LABELS[other]}导入的文件“{detail.get('file', '')}”"
                f"（{entry['at']}，审计日志第 {entry['id']} 条）内容相同。二录须独立录入："
                f"请由另一人对照纸质选票另行录入{PASS_LABELS[pass_no]}，不能用同一份文件。"
            )


def import_ballots(meeting: Meeting, path: str | Path, pass_no: int = 1) -> ImportResult:
    """Import a ballot file into ``pass_no`` in ONE transaction; InputErrors lists every fault, nothing stored."""
    path = Path(path)
    if meeting.finalized:
        raise MeetingFinalized("会议已定稿，不能再导入选票。如确需修改，请先“重新打开”（需填写理由）。")
    check_pass(meeting, pass_no)
    rows = read_rows(path)
    header_at = next((k for k, (_, values) in enumerate(rows) if any(_text(v) for v in values)), None)
    if header_at is None:
        raise PingyiError(f"{path.name} 是空的，没有可导入的选票。")
    columns = _parse_header(meeting, rows[header_at][1], rows[header_at][0])
    columns = replace(columns, strict_width=path.suffix.lower() == ".csv")
    faults: list[str] = []
    parsed = _parse_rows(meeting, columns, rows[header_at + 1:], faults)
    new, same = _split_stored(meeting, pass_no, parsed, faults)
    if faults:
        raise InputErrors(_capped(faults),
                          heading=f"{path.name} 中有 {len(faults)} 处问题，没有导入任何选票。请改正后重新导入：")
    if not parsed:
        raise PingyiError(f"{path.name} 中除列标题外没有选票行。")
    file_sha = hashlib.sha256(path.read_bytes()).hexdigest()
    rows_sha = _rows_digest(rows[header_at:])
    _refuse_the_other_pass(meeting, path, pass_no, file_sha, rows_sha)
    if new:
        detail = {"file": path.name, "pass": pass_no, "count": len(new), "sha256": file_sha, "rows_sha256": rows_sha}
        store_many(meeting, "导入选票", detail, [(pass_no, r.serial, r.prepared) for r in new])
    allowed = cap_allowed(meeting)
    over = tuple(r.serial for r in new if cap_excess({(a, b): m for a, b, m in r.prepared.rows}, allowed))
    return ImportResult(pass_no, len(new), same, over)
