"""Attached materials in the meeting file: attach (replace), look up, remove.

One current file per slot — a reporter's 述职报告 or 自我评价, the meeting's 书记讲话 or 会议点评.
Replacing a file keeps the old file's name, SHA-256 and 字数 in the audit chain.  Materials may be
attached after 定稿 (filing is due within 7 days of the meeting); they are not part of the results'
fingerprint.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from models import clock
from models.errors import PingyiError
from models.meeting import Meeting
from models.setup import Reporter, reporter_by_seq

from .extract import Extracted, extract
from .wordcount import word_count

#: kind → the clerk's word for it
KIND_LABELS = {"report": "述职报告", "self_eval": "自我评价", "speech": "书记讲话", "remarks": "会议点评"}
REPORTER_KINDS = ("report", "self_eval")
MEETING_KINDS = ("speech", "remarks")
_COLS = "id, reporter_id, kind, file_name, file_type, sha256, text, chars, attached_at"


@dataclass(frozen=True)
class Material:
    """One attached file (its bytes stay in the meeting file: ``material_content``)."""

    id: int
    reporter_id: int | None
    kind: str
    file_name: str
    file_type: str
    sha256: str
    text: str
    chars: int
    attached_at: str

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class Attached:
    """What one attach did: the material now in the file, the one it replaced, and whether anything changed."""

    material: Material
    previous: Material | None
    changed: bool


@dataclass(frozen=True)
class Prepared:
    """A file read and checked, ready to be written into its slot."""

    kind: str
    reporter: Reporter | None
    file_name: str
    content: bytes
    extracted: Extracted

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def slot(self) -> str:
        who = f"{self.reporter.seq} 号 {self.reporter.name}的" if self.reporter else "会议的"
        return who + KIND_LABELS[self.kind]


def _material(row) -> Material:
    return Material(*row)


def list_materials(meeting: Meeting) -> list[Material]:
    """Every attached material (reporters' by 序号, then the meeting's)."""
    rows = meeting.db.execute(
        f"SELECT {', '.join('m.' + c.strip() for c in _COLS.split(','))} FROM materials m "
        "LEFT JOIN reporters r ON r.id = m.reporter_id ORDER BY r.seq IS NULL, r.seq, m.kind"
    ).fetchall()
    return [_material(r) for r in rows]


def get_material(meeting: Meeting, kind: str, reporter_id: int | None = None) -> Material | None:
    """The current material of a slot, or None."""
    _check_slot(kind, reporter_id)
    row = meeting.db.execute(
        f"SELECT {_COLS} FROM materials WHERE kind = ? AND reporter_id IS ?", [kind, reporter_id]
    ).fetchone()
    return _material(row) if row else None


def material_content(meeting: Meeting, material_id: int) -> bytes:
    """The original bytes of an attached file."""
    row = meeting.db.execute("SELECT content FROM materials WHERE id = ?", [material_id]).fetchone()
    if row is None:
        raise PingyiError("找不到这份材料，可能已被替换或删除。请刷新后重试。")
    return row[0]


def read_file(path: str | Path) -> tuple[str, bytes]:
    """(file name, bytes) of a file the clerk picked; refuses a missing or unreadable one."""
    path = Path(path)
    if not path.is_file():
        raise PingyiError(f"找不到文件 {path}。请检查路径。")
    try:
        return path.name, path.read_bytes()
    except OSError as exc:
        raise PingyiError(
            f"无法读取文件 {path}：{exc.strerror or exc}。请检查文件权限，或先关闭正在打开它的程序。"
        ) from exc


def prepare(meeting: Meeting, kind: str, name: str, content: bytes, seq: int | None = None) -> Prepared:
    """Read and check one file for a slot (nothing is written); refuses a bad file or a wrong slot."""
    if kind not in KIND_LABELS:
        raise PingyiError(f"未知的材料种类 {kind}。")
    if kind in REPORTER_KINDS and seq is None:
        raise PingyiError(f"{KIND_LABELS[kind]}属于某位述职人，请指定述职人序号（--seq N）。")
    reporter = reporter_by_seq(meeting, seq) if kind in REPORTER_KINDS else None
    return Prepared(kind, reporter, name, content, extract(name, content))


def attach_file(meeting: Meeting, kind: str, path: str | Path, seq: int | None = None) -> Attached:
    """Attach the file at ``path`` to a slot (replacing what was there); refuses a bad file, storing nothing."""
    name, content = read_file(path)
    return store(meeting, [prepare(meeting, kind, name, content, seq)], "添加述职材料")[0]


def set_remarks_text(meeting: Meeting, text: str) -> Attached:
    """The meeting-level 点评 typed in by the clerk (kept like a .txt file)."""
    text = (text or "").strip()
    if not text:
        raise PingyiError("会议点评为空。请输入点评内容，或添加点评文件。")
    content = text.encode("utf-8")
    prepared = Prepared("remarks", None, "会议点评.txt", content, Extracted("typed", text))
    return store(meeting, [prepared], "填写会议点评")[0]


def store(meeting: Meeting, items: list[Prepared], action: str) -> list[Attached]:
    """Write prepared files in one transaction with one audit row; refuses a file already in another slot.

    A file identical to the one already in its slot changes nothing (and writes no audit row).
    """
    _refuse_duplicates(meeting, items)
    current = [get_material(meeting, i.kind, i.reporter.id if i.reporter else None) for i in items]
    results: list[Attached | None] = [
        Attached(p, p, False) if p and p.sha256 == i.sha256 else None for i, p in zip(items, current, strict=True)
    ]
    if all(results):
        return results
    log: list[dict] = []
    with meeting.write(action, {"files": log}, allow_finalized=True) as db:
        for n, (item, previous) in enumerate(zip(items, current, strict=True)):
            if results[n] is None:
                material = _put(db, meeting, item)
                log.append(_log_entry(item, material, previous))
                results[n] = Attached(material, previous, True)
    return results


def _put(db, meeting: Meeting, item: Prepared) -> Material:
    reporter_id = item.reporter.id if item.reporter else None
    db.execute("DELETE FROM materials WHERE kind = ? AND reporter_id IS ?", [item.kind, reporter_id])
    text = item.extracted.text
    db.execute(
        "INSERT INTO materials (reporter_id, kind, file_name, file_type, content, sha256, text, chars, "
        "attached_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            reporter_id,
            item.kind,
            item.file_name,
            item.extracted.file_type,
            item.content,
            item.sha256,
            text,
            word_count(text),
            clock.stamp(),
        ],
    )
    return get_material(meeting, item.kind, reporter_id)


def remove_material(meeting: Meeting, kind: str, seq: int | None = None) -> Material:
    """Remove the material of a slot (its name and SHA-256 stay in the audit chain); refuses an empty slot."""
    reporter = reporter_by_seq(meeting, seq) if kind in REPORTER_KINDS else None
    reporter_id = reporter.id if reporter else None
    current = get_material(meeting, kind, reporter_id)
    if current is None:
        raise PingyiError(f"{_slot_text(reporter, kind)}尚未添加，无需移除。")
    detail = {
        "slot": _slot_text(reporter, kind),
        "file": current.file_name,
        "sha256": current.sha256,
        "chars": current.chars,
    }
    with meeting.write("移除述职材料", detail, allow_finalized=True) as db:
        db.execute("DELETE FROM materials WHERE id = ?", [current.id])
    return current


def _log_entry(item: Prepared, material: Material, previous: Material | None) -> dict:
    entry = {"slot": item.slot, "file": material.file_name, "sha256": material.sha256, "chars": material.chars}
    if previous:
        entry["replaced"] = {"file": previous.file_name, "sha256": previous.sha256, "chars": previous.chars}
    return entry


def _refuse_duplicates(meeting: Meeting, items: list[Prepared]) -> None:
    """The same bytes in two slots is a wrong pick (张三's report offered as 李四's)."""
    seen: dict[str, str] = {}
    for item in items:
        if item.sha256 in seen and seen[item.sha256] != item.slot:
            raise PingyiError(
                f"{item.file_name}：与准备作为{seen[item.sha256]}的文件内容完全相同。"
                "请检查是否选错了文件，未保存任何材料。"
            )
        seen[item.sha256] = item.slot
        row = meeting.db.execute(
            "SELECT m.kind, r.seq, r.name FROM materials m LEFT JOIN reporters r ON r.id = m.reporter_id "
            "WHERE m.sha256 = ? AND NOT (m.kind = ? AND m.reporter_id IS ?)",
            [item.sha256, item.kind, item.reporter.id if item.reporter else None],
        ).fetchone()
        if row:
            where = f"{row[1]} 号 {row[2]}的" if row[1] is not None else "会议的"
            raise PingyiError(
                f"{item.file_name}：与已添加的{where}{KIND_LABELS[row[0]]}内容完全相同。"
                "请检查是否选错了文件，未保存任何材料。"
            )


def _slot_text(reporter: Reporter | None, kind: str) -> str:
    return (f"{reporter.seq} 号 {reporter.name}的" if reporter else "会议的") + KIND_LABELS[kind]


def _check_slot(kind: str, reporter_id: int | None) -> None:
    if kind not in KIND_LABELS or (kind in REPORTER_KINDS) != (reporter_id is not None):
        raise PingyiError(f"材料种类 {kind} 与述职人不匹配。")
