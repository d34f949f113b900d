"""The 述职材料 part of the filing package: the 备案材料清单 (refusing an official package while a required
item is missing, unless the clerk gives a reason, which is recorded), the 述职报告汇编, and the original
files (each report and self-evaluation, the chair's speech and the meeting's 点评) under their own folders.
"""

from __future__ import annotations

import hashlib
import re

from models.errors import PingyiError
from models.materials import KIND_LABELS, FilingChecklist, filing_checklist, list_materials
from models.materials.store import material_content
from models.meeting import Meeting
from models.setup import list_reporters

CHECKLIST_NAME = "00_备案材料清单.pdf"
BOOKLET_TITLE = "述职报告汇编"
ORIGINALS = "述职材料原件"
SPEECH = "书记讲话与点评"
_NUMBERED = re.compile(r"^\d\d_")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def checked_checklist(meeting: Meeting, official: bool, allow_missing: str | None) -> FilingChecklist:
    """The checklist; refuses an official package with items missing unless ``allow_missing`` gives the reason
    (then recorded in the audit chain, the checklist and the manifest)."""
    reason = (allow_missing or "").strip() or None
    checklist = filing_checklist(meeting, reason)
    missing = checklist.missing
    if official and missing and not reason:
        lines = "；".join(f"{i.name}（{i.detail}）" for i in missing)
        raise PingyiError(
            f"备案材料不齐，缺 {len(missing)} 项：{lines}。请先补齐（述职材料可在定稿后添加）；"
            "如确需先报送，请说明理由（命令行加 --allow-missing 理由），理由将记入审计日志和备案材料清单。"
        )
    if official and missing:
        detail = {"reason": reason, "missing": [i.name for i in missing], "deadline": checklist.deadline}
        with meeting.write("备案材料缺项说明", detail, allow_finalized=True):
            pass
    return checklist


def material_files(meeting: Meeting, first_number: int) -> tuple[tuple[str, bytes], ...]:
    """(path in the package, original bytes) of every attached material, reporters' first."""
    seqs = {r.id: (r.seq, r.name) for r in list_reporters(meeting)}
    files = []
    for m in list_materials(meeting):
        suffix = "." + m.file_name.rsplit(".", 1)[-1].lower() if "." in m.file_name else ".txt"
        if m.reporter_id is not None:
            seq, name = seqs[m.reporter_id]
            path = f"{first_number:02d}_{ORIGINALS}/{seq:02d}_{_safe(name)}_{KIND_LABELS[m.kind]}{suffix}"
        else:
            path = f"{first_number + 1:02d}_{SPEECH}/{KIND_LABELS[m.kind]}{suffix}"
        files.append((path, material_content(meeting, m.id)))
    return tuple(files)


def is_material_path(relative: str) -> bool:
    """True for the package's checklist, 汇编 and original files (checked by their SHA-256, not re-rendered)."""
    top = _NUMBERED.sub("", relative.split("/", 1)[0])
    return top in (CHECKLIST_NAME[3:], f"{BOOKLET_TITLE}.pdf", ORIGINALS, SPEECH)


def original_known(meeting: Meeting, sha256: str) -> bool:
    """Whether the meeting file holds an attached original with this SHA-256."""
    return meeting.db.execute("SELECT 1 FROM materials WHERE sha256 = ?", [sha256]).fetchone() is not None


def _safe(text: str) -> str:
    return (_UNSAFE.sub("_", text).strip(" .") or "未命名")[:30]


def material_checks(meeting: Meeting, relative: str, data: bytes) -> list[tuple[str, bool, str]]:
    """verify --document of a package: each original is the one the meeting file holds.  (The checklist and
    the 汇编 are covered by their SHA-256 in MANIFEST.txt: they record the materials as they stood when filed.)"""
    if _NUMBERED.sub("", relative.split("/", 1)[0]) not in (ORIGINALS, SPEECH):
        return []
    ok = original_known(meeting, hashlib.sha256(data).hexdigest())
    return [
        (
            f"{relative}：与会议文件中保存的原件一致",
            ok,
            "" if ok else "会议文件中没有这份原件（SHA-256 不同）：材料在备案后被替换，或文件被改动过",
        )
    ]
