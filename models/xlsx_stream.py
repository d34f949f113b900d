"""Reading an .xlsx workbook that may be hostile: streamed, bounded by the cells that really hold data.

openpyxl's normal mode builds every cell of the sheet's used range, and its read-only mode trusts
the sheet's claimed dimension; one value in A1048576, or one merge down to row 1048576, in a
15 KB file then costs gigabytes.  Here each sheet's XML is streamed once and only cells holding a
value are kept (with their number format), together with the hidden rows, the merged ranges and
whether the sheet is hidden.  Merged ranges are clipped to the data.  A sheet with more filled
cells than ``MAX_CELLS`` is refused before it can fill memory.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

from models.errors import PingyiError

#: filled cells one sheet may hold (a setup or ballot sheet needs far fewer)
MAX_CELLS = 200_000


@dataclass(frozen=True)
class Cell:
    value: object = None
    number_format: str = "General"


EMPTY = Cell()


@dataclass(frozen=True)
class Range:
    """A merged range, clipped to the sheet's data (``coord`` as written in the file)."""

    coord: str
    min_row: int
    min_col: int
    max_row: int
    max_col: int


@dataclass(frozen=True)
class _Row:
    hidden: bool = False


@dataclass
class Sheet:
    """One worksheet: only its filled cells; ``cell`` gives EMPTY elsewhere (nothing is created)."""

    title: str
    hidden: bool = False
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    merged: list[Range] = field(default_factory=list)

    def cell(self, row: int, col: int) -> Cell:
        return self.cells.get((row, col), EMPTY)

    @property
    def extent(self) -> tuple[int, int]:
        """The last row and column holding a value ((0, 0) for an empty sheet)."""
        if not self.cells:
            return 0, 0
        return max(r for r, _ in self.cells), max(c for _, c in self.cells)

    def data_rows(self) -> list[int]:
        return sorted({r for r, _ in self.cells})

    def row_hidden(self, row: int) -> bool:
        return row in self.hidden_rows

    def values(self, row: int, last_col: int) -> list:
        return [self.cells.get((row, c), EMPTY).value for c in range(1, last_col + 1)]


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_workbook(path: str | Path, *, what: str = "工作簿", max_cells: int = MAX_CELLS) -> list[Sheet]:
    """Every sheet of the workbook at ``path``, streamed; PingyiError for a file that is not a readable .xlsx."""
    import openpyxl

    path = Path(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file; all mean the same
        raise PingyiError(
            f"{path.name} 已损坏或不是有效的 .xlsx 文件，无法读取。"
            "请在 Excel 中打开检查，“另存为” .xlsx 后再导入。"
        ) from exc
    try:
        return [_read_sheet(ws, path, what, max_cells) for ws in book.worksheets]
    except PingyiError:
        raise
    except Exception as exc:  # a sheet whose XML is broken
        raise PingyiError(
            f"{path.name} 中有工作表无法读取。请在 Excel 中打开检查，“另存为” .xlsx 后再导入。"
        ) from exc
    finally:
        book.close()


def _read_sheet(ws, path: Path, what: str, max_cells: int) -> Sheet:
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.worksheet._reader import WorkSheetParser

    sheet = Sheet(ws.title, hidden=getattr(ws, "sheet_state", "visible") != "visible")
    book = ws.parent
    with ws._get_source() as source:
        parser = WorkSheetParser(
            source,
            ws._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for _, row in parser.parse():
            for c in row:
                if _blank(c["value"]):
                    continue
                if len(sheet.cells) >= max_cells:
                    raise PingyiError(
                        f"{path.name} 的“{ws.title}”表中填写了超过 {max_cells} 个单元格，"
                        f"远超{what}所需，未导入。请只保留需要的内容后重新导入。"
                    )
                fmt = ReadOnlyCell(ws, c["row"], c["column"], c["value"], c["data_type"], c["style_id"]).number_format
                sheet.cells[(c["row"], c["column"])] = Cell(c["value"], fmt)
        sheet.hidden_rows = {
            int(r)
            for r, attrs in parser.row_dimensions.items()
            if str(attrs.get("hidden", "")).lower() in ("1", "true")
        }
        merged = parser.merged_cells.mergeCell if parser.merged_cells else []
    last_row, last_col = sheet.extent
    for item in merged:
        sheet.merged.append(_clip(item.ref, last_row, last_col))
    return sheet


def _clip(ref: str, last_row: int, last_col: int) -> Range:
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref)
    # a merge reaching far past the data covers nothing that holds a value there
    return Range(ref, min_row, min_col, max(min_row, min(max_row, last_row)), max(min_col, min(max_col, last_col)))
