"""The filing package (备案材料): every PDF, the workbook, a copy of the meeting file and MANIFEST.txt.

The folder is written under a temporary name beside its final place, checked against the
manifest, and only then renamed: an interrupted run never leaves a half folder under the
final name.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from models.documents.filing import MANIFEST_NAME, WORKBOOK_NAME, FilingBundle
from models.documents.workbook import workbook_from_tables
from models.errors import PingyiError

from .documents import render_document

TEMP_PREFIX = ".pingyi-archive-"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def archive_steps(bundle: FilingBundle) -> int:
    """How many progress steps ``write_archive`` reports (documents, workbook, copy, manifest)."""
    return len(bundle.entries) + len(bundle.attachments) + len(bundle.scans) + 3


def write_archive(bundle: FilingBundle, out_dir: str | Path, progress=None) -> Path:
    """Write the package into ``out_dir/<bundle.folder_name>``; returns the folder.

    ``progress(done, total, label)`` is called after each step.  Refuses when the folder
    already exists; removes its temporary folder when anything fails.
    """
    out_dir = Path(out_dir)
    final = out_dir / bundle.folder_name
    if not out_dir.is_dir():
        raise PingyiError(f"文件夹 {out_dir} 不存在。请先创建它，或换一个保存位置。")
    if final.exists():
        raise PingyiError(f"{final} 已存在，不会覆盖。请换一个保存位置，或先移走旧的备案材料。")
    remove_leftovers(out_dir)
    temporary = out_dir / f"{TEMP_PREFIX}{bundle.folder_name}-{os.getpid()}"
    try:
        written = _write_files(bundle, temporary, progress)
        _check(temporary, written)
        os.rename(temporary, final)
    except OSError as exc:
        shutil.rmtree(temporary, ignore_errors=True)
        raise PingyiError(f"备案材料未能写完（{exc.strerror or exc}），已删除未完成的文件。"
                          "请检查磁盘空间和文件夹权限后重试。") from exc
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return final


def _write_files(bundle: FilingBundle, folder: Path, progress) -> dict[str, str]:
    folder.mkdir()
    total, written = archive_steps(bundle), {}

    def put(relative: str, data: bytes, label: str) -> None:
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written[relative] = sha256(data)
        if progress:
            progress(len(written), total, label)

    for entry in bundle.entries:
        put(entry.path, render_document(entry.data, seq=entry.seq), entry.path)
    for path, data in bundle.attachments:  # the 述职材料 as the reporters sent them (issue 14)
        put(path, data, path)
    for path, data in bundle.scans:  # the scanned forms, beside the copy of the meeting file (issue 12)
        put(path, data, path)
    put(WORKBOOK_NAME, workbook_from_tables(list(bundle.workbook_tables)), WORKBOOK_NAME)
    put(bundle.meeting_copy_name, bundle.meeting_copy, bundle.meeting_copy_name)
    (folder / MANIFEST_NAME).write_bytes(manifest_text(bundle, written).encode("utf-8"))
    if progress:
        progress(total, total, MANIFEST_NAME)
    return written


def manifest_header(head) -> list[str]:
    """The “#” lines of MANIFEST.txt for a package of a meeting whose masthead is ``head``."""
    state = ("正式（已定稿）" if head.official else
             "草稿（数据校验未通过，不作为正式结果）" if head.finalized else "草稿（会议尚未定稿，不作为正式结果）")
    lines = [f"# Pingyi 评议 备案材料：{head.meeting_title}　{head.date_text}",
             f"# 状态：{state}" + ("；演练" if head.rehearsal else "")]
    if head.official:
        lines += [f"# 数据指纹（SHA-256）：{head.fingerprint}", f"# 审计链头：{head.chain_head}"]
    return lines + ["# 核对：sha256sum -c MANIFEST.txt"]


def manifest_text(bundle: FilingBundle, sums: dict[str, str]) -> str:
    """MANIFEST.txt: a few “#” lines about the meeting, then “<sha256>  <path>” lines (sha256sum format)."""
    lines = manifest_header(bundle.head) + [f"{digest}  {path}" for path, digest in sorted(sums.items())]
    return "\n".join(lines) + "\n"


def manifest_header_faults(folder: Path, head) -> list[str]:
    """Differences between a package's MANIFEST.txt “#” lines (meeting, state, fingerprint, chain head) and
    those the meeting gives now; other “#” lines (added by later versions) are left alone."""
    def keyed(lines):
        return {line.partition("：")[0]: line for line in lines if line.startswith("#") and "：" in line}

    theirs = keyed((folder / MANIFEST_NAME).read_text(encoding="utf-8").splitlines())
    ours = keyed(manifest_header(head))
    faults = []
    for key in sorted(set(ours) | (set(theirs) & {"# 数据指纹（SHA-256）", "# 审计链头", "# 状态"})):
        if theirs.get(key) != ours.get(key):
            faults.append(f"清单中为“{theirs.get(key, '（缺少此行）')}”，按会议文件应为“{ours.get(key, '（无此行）')}”")
    return faults


def remove_leftovers(out_dir: Path) -> list[Path]:
    """Remove temporary folders that an interrupted ``archive`` (killed, power cut) left in ``out_dir``."""
    removed = []
    for folder in out_dir.glob(f"{TEMP_PREFIX}*"):
        pid = folder.name.rpartition("-")[2]
        if folder.is_dir() and not (pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid))):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    if os.name == "nt":  # pragma: no cover - no cheap check without extra packages: treated as gone
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def read_manifest(folder: Path) -> dict[str, str]:
    """path → SHA-256 from a package's MANIFEST.txt."""
    sums = {}
    for line in (folder / MANIFEST_NAME).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            digest, _, path = line.partition("  ")
            sums[path] = digest
    return sums


def manifest_faults(folder: Path) -> list[str]:
    """Files of a package whose SHA-256 differs from MANIFEST.txt, or that are missing or extra."""
    sums, faults = read_manifest(folder), []
    for path, digest in sums.items():
        target = folder / path
        if not target.is_file():
            faults.append(f"{path}：清单中有，但文件不存在。")
        elif sha256(target.read_bytes()) != digest:
            faults.append(f"{path}：内容与清单中的 SHA-256 不一致，文件被改动过。")
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    faults += [f"{p}：不在清单中。" for p in sorted(present - set(sums) - {MANIFEST_NAME})]
    return faults


def _check(folder: Path, written: dict[str, str]) -> None:
    faults = manifest_faults(folder)
    if faults or set(read_manifest(folder)) != set(written):
        raise PingyiError("备案材料写入后核对失败：" + "；".join(faults[:5]) + " 已删除未完成的文件，请重试。")
