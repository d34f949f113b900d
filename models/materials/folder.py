"""A folder of materials named by reporter (``张三-述职报告.docx``, ``张三-自我评价.docx``, ``书记讲话.docx``):
each file matched to its slot by the name in it; what cannot be matched is listed with the reason,
never guessed.  All matched files are read first; if any is bad, nothing is stored.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from models.errors import InputErrors, PingyiError
from models.meeting import Meeting
from models.setup import Reporter, list_reporters

from .extract import SUFFIXES
from .store import KIND_LABELS, Attached, Prepared, prepare, read_file, store

#: words in a file name that say which material it is, checked in this order
KIND_WORDS = (
    ("self_eval", ("自我评价", "自评")),
    ("report", ("述职报告", "述职")),
    ("speech", ("讲话",)),
    ("remarks", ("点评",)),
)
_IGNORED_PREFIXES = ("~$", ".")  # Word's lock files, hidden files


@dataclass(frozen=True)
class Match:
    """One file of the folder: its slot (kind and 序号), or why it was not matched."""

    file_name: str
    kind: str | None = None
    seq: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class FolderResult:
    attached: tuple[Attached, ...]
    unmatched: tuple[Match, ...]


def match_folder(meeting: Meeting, folder: str | Path) -> list[Match]:
    """Every file of ``folder`` with its slot or the reason it has none (nothing is read or stored)."""
    return [m for _, m in match_files(meeting, folder_files(folder))]


def folder_files(folder: str | Path) -> list[Path]:
    """The files of ``folder`` a clerk put there (not Word's ~$ lock files, not hidden ones); refuses a missing folder."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputErrors([f"找不到文件夹 {folder}。请检查路径。"])
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(_IGNORED_PREFIXES))


def match_files(meeting: Meeting, paths: list[Path]) -> list[tuple[Path, Match]]:
    """Each file with its slot, or the reason it has none; two files for one slot are both left unmatched."""
    reporters = list_reporters(meeting)
    pairs = [(Path(p), match_name(Path(p).name, reporters)) for p in paths]
    slots = Counter((m.kind, m.seq) for _, m in pairs if m.kind)
    return [
        (p, m)
        if not m.kind or slots[(m.kind, m.seq)] == 1
        else (
            p,
            Match(m.file_name, reason=f"同一{_slot(m, reporters)}有 {slots[(m.kind, m.seq)]} 个文件，请只保留一个"),
        )
        for p, m in pairs
    ]


def match_name(file_name: str, reporters: list[Reporter]) -> Match:
    """The slot a file name points at, by the reporter's name and the kind word in it."""
    if not file_name.lower().endswith(SUFFIXES):
        return Match(file_name, reason="不是 .docx、.txt 或 .pdf 文件")
    stem = file_name.rsplit(".", 1)[0]
    kind = next((k for k, words in KIND_WORDS if any(w in stem for w in words)), None)
    found = [r for r in reporters if r.name and r.name in stem]
    found = [r for r in found if not any(o.name != r.name and r.name in o.name for o in found)]  # 张三丰 over 张三
    if kind in ("speech", "remarks") and not found:
        return Match(file_name, kind)
    if not found:
        return Match(file_name, reason="文件名中没有名单上的述职人姓名")
    if len({r.name for r in found}) > 1:
        return Match(file_name, reason="文件名中有多位述职人姓名：" + "、".join(r.name for r in found))
    if len(found) > 1:
        return Match(file_name, reason=f"名单中有 {len(found)} 位{found[0].name}，请在述职人页面逐个添加")
    if kind not in ("report", "self_eval"):
        return Match(file_name, reason="文件名中没有“述职报告”或“自我评价”")
    return Match(file_name, kind, found[0].seq)


def attach_folder(meeting: Meeting, folder: str | Path) -> FolderResult:
    """Attach every matched file of ``folder``; refuses (storing nothing) when any matched file is bad."""
    return attach_files(meeting, folder_files(folder), "按文件夹添加述职材料")


def attach_files(meeting: Meeting, paths: list[Path], action: str = "添加述职材料") -> FolderResult:
    """Attach files matched by their names (as from a folder, or dropped on the screen); the same refusals."""
    matches = match_files(meeting, paths)
    prepared: list[Prepared] = []
    faults = []
    for path, m in matches:
        if not m.kind:
            continue
        try:
            name, content = read_file(path)
            prepared.append(prepare(meeting, m.kind, name, content, m.seq))
        except PingyiError as err:  # its sentence already names the file
            faults.append(str(err))
    if faults:
        raise InputErrors(faults, heading="以下文件有问题，未保存任何材料。请处理后重新添加：")
    attached = store(meeting, prepared, action) if prepared else []
    return FolderResult(tuple(attached), tuple(m for _, m in matches if not m.kind))


def _slot(match: Match, reporters: list[Reporter]) -> str:
    who = next((f"述职人（{r.seq} 号 {r.name}）的" for r in reporters if r.seq == match.seq), "会议的")
    return who + KIND_LABELS[match.kind]
