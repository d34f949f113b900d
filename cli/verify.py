"""`verify PATH [--document FILE]`: integrity and audit-chain check, and a PDF, workbook or
filing package checked against the meeting file."""

from __future__ import annotations

from pathlib import Path

from models.counting import verify_meeting
from models.documents import document_data
from models.documents.check import (
    document_checks,
    meeting_copy_checks,
    workbook_cell_checks,
    workbook_checks,
    workbook_digest,
)
from models.documents.filing import MANIFEST_NAME
from models.documents.filing_materials import is_material_path, material_checks
from models.documents.formatting import masthead
from models.errors import PingyiError
from models.meeting import Meeting
from models.scans.evidence import archived_scan_checks, is_archived_scan
from printing.archive import manifest_faults, manifest_header_faults, read_manifest
from printing.documents import render_document
from printing.page_furniture import read_keywords, without_print_time


def register(sub) -> None:
    p = sub.add_parser("verify", help="检查会议文件的完整性与审计日志，或核对打印的文档、备案材料")
    p.add_argument("path", help="会议文件 .pingyi")
    p.add_argument("--document", metavar="FILE", help="要核对的 PDF、Excel 工作簿或备案材料文件夹")
    p.set_defaults(run=run_verify)


def run_verify(args) -> int:
    with Meeting.open(args.path, check_schema=False) as meeting:  # verify reports a changed schema itself
        report = verify_meeting(meeting)
        if args.document:
            for name, ok, detail in document_report(meeting, Path(args.document)):
                report.add(name, ok, detail)
    print(f"检查 {args.path}：")
    for line in report.lines():
        print("  " + line)
    print("结论：全部通过。" if report.ok else "结论：发现问题，见上。")
    return 0 if report.ok else 1


def document_report(meeting: Meeting, path: Path) -> list[tuple[str, bool, str]]:
    """Checks of a PDF, a workbook or a filing-package folder against the open meeting."""
    if not path.exists():
        raise PingyiError(f"找不到要核对的文档 {path}。请检查路径。")
    if path.is_dir():
        return archive_checks(meeting, path)
    if path.suffix.lower() == ".pdf":
        return pdf_checks(meeting, path, path.name)
    if path.suffix.lower() == ".xlsx":
        return workbook_checks(meeting, workbook_digest(path), path.name) + workbook_cell_checks(meeting, path, path.name)
    raise PingyiError(f"无法核对 {path.name}：只能核对 Pingyi 生成的 PDF、.xlsx 工作簿或备案材料文件夹。")


def pdf_checks(meeting: Meeting, path: Path, label: str) -> list[tuple[str, bool, str]]:
    """A PDF's recorded kind, data and fingerprint, and whether re-rendering gives the same bytes."""
    pdf = path.read_bytes()
    keys = read_keywords(pdf)
    if keys is None:
        return [(f"{label}：来源", False, "不是 Pingyi 生成的文档，或已被其他软件另存（标识信息丢失）")]
    seq = None if keys.get("seq", "-") == "-" else int(keys["seq"])
    fingerprint = None if keys.get("fp", "-") == "-" else keys["fp"]
    as_of = keys.get("asof")  # 整改台账 / 通报
    checks = document_checks(meeting, keys.get("kind", ""), seq, keys.get("digest", ""), fingerprint, label, as_of)
    if all(ok for _, ok, _ in checks):
        data = document_data(meeting, keys["kind"], seq, as_of)
        fresh = render_document(data, seq=seq)
        if not data.head.finalized:  # a draft carries the time it was printed; official papers the 定稿 time
            fresh, pdf = without_print_time(fresh), without_print_time(pdf)
        same = fresh == pdf
        checks.append((f"{label}：与重新生成的文档逐字节相同", same,
                       "" if same else "文件内容被改动过，或是在字体不同的电脑上生成的"))
    return checks


def archive_checks(meeting: Meeting, folder: Path) -> list[tuple[str, bool, str]]:
    """A filing package: the manifest sums, then every PDF, the workbook and the file copy."""
    if not (folder / MANIFEST_NAME).is_file():
        return [(f"{folder.name}：备案材料清单", False, f"文件夹中没有 {MANIFEST_NAME}，不是 Pingyi 生成的备案材料")]
    faults = manifest_faults(folder)
    checks = [(f"{folder.name}：文件与 {MANIFEST_NAME} 中的 SHA-256 一致", not faults, "；".join(faults[:5]))]
    header = manifest_header_faults(folder, masthead(meeting))
    checks.append((f"{folder.name}：{MANIFEST_NAME} 开头的会议、状态、指纹与链头", not header, "；".join(header[:3])))
    for relative in sorted(read_manifest(folder)):
        target = folder / relative
        if not target.is_file():
            continue
        if is_material_path(relative):  # 述职材料 (issue 14): originals against the meeting file
            checks += material_checks(meeting, relative, target.read_bytes())
        elif is_archived_scan(relative):  # scanned forms kept beside the copy (issue 12)
            checks += archived_scan_checks(meeting, relative, target.read_bytes())
        elif target.suffix == ".pdf":
            checks += pdf_checks(meeting, target, relative)
        elif target.suffix == ".xlsx":
            checks += workbook_checks(meeting, workbook_digest(target), relative)
            checks += workbook_cell_checks(meeting, target, relative)
        elif target.suffix == ".pingyi":
            checks += meeting_copy_checks(meeting, target, relative)
    return checks
