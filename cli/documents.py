"""Sub-commands `print`, `export` and `archive`: documents, the Excel workbook and the filing package."""

from __future__ import annotations

import sys
from pathlib import Path

from models.documents import DOCUMENT_NAMES, document_data
from models.documents.filing import filing_bundle
from models.documents.issue_date import set_issue_date
from models.documents.workbook import export_workbook, write_file_atomically
from models.errors import PingyiError
from models.materials import booklet_data
from models.meeting import Meeting
from printing.archive import write_archive
from printing.documents import render_document

#: what ``--issued-on`` takes to go back to printing the 定稿 date
BACK_TO_FINAL = "定稿日期"
KINDS_HELP = "，".join(f"{kind} {name}" for kind, name in DOCUMENT_NAMES.items()) + "，booklet 述职报告汇编"


def register(sub) -> None:
    p = sub.add_parser("print", help="打印文档（PDF）：计票汇总表、唱票计票单、排名表、反馈意见、整改清单、议程、会议记录")
    p.add_argument("path", help="会议文件 .pingyi")
    p.add_argument("kind", choices=[*DOCUMENT_NAMES, "booklet"], metavar="KIND", help=f"文档：{KINDS_HELP}")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help="保存为此 PDF 文件")
    p.add_argument("--seq", type=int, metavar="N", help="只打印序号为 N 的述职人（反馈意见、整改清单）")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="整改台账、整改落实情况通报截至此日期（默认今天）")
    p.add_argument("--issued-on", metavar="YYYY-MM-DD",
                   help="反馈意见的成文日期（默认定稿日期）；记入会议文件，以后打印和备案材料都用它。"
                        f"写“{BACK_TO_FINAL}”恢复为定稿日期")
    p.set_defaults(run=run_print)

    p = sub.add_parser("export", help="导出测评结果 Excel 工作簿")
    p.add_argument("path", help="会议文件 .pingyi")
    p.add_argument("-o", "--output", required=True, metavar="OUT.xlsx", help="保存为此 .xlsx 文件")
    p.set_defaults(run=run_export)

    p = sub.add_parser("archive", help="生成备案材料文件夹（全部 PDF、工作簿、会议文件副本、SHA-256 清单）")
    p.add_argument("path", help="会议文件 .pingyi")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="在此文件夹中生成备案材料")
    p.add_argument("--draft", action="store_true", help="会议未定稿时生成草稿备案材料（全部标为草稿）")
    p.add_argument("--allow-missing", metavar="REASON",
                   help="备案材料清单有缺项时仍生成正式备案材料，并记录此理由（如：书记讲话会后另行报送）")
    p.set_defaults(run=run_archive)


def run_print(args) -> int:
    if args.issued_on is not None and args.kind != "feedback":
        raise PingyiError("--issued-on（成文日期）只用于反馈意见：print 会议文件 feedback -o 文件.pdf --issued-on 日期。")
    if args.kind == "booklet":
        return run_booklet(args)
    with Meeting.open(args.path) as meeting:
        if args.issued_on is not None:
            chosen = set_issue_date(meeting, None if args.issued_on.strip() == BACK_TO_FINAL else args.issued_on)
            print(f"成文日期：{chosen or '定稿日期'}（已记入会议文件，以后打印和备案材料都用此日期）")
        data = document_data(meeting, args.kind, args.seq, args.as_of)
    path = write_file_atomically(args.output, render_document(data, seq=args.seq), ".pdf")
    state = "" if data.head.official else "（草稿）" if data.head.verified else "（草稿：数据校验未通过）"
    print(f"已保存{DOCUMENT_NAMES[args.kind]}{state}：{path}")
    if data.head.finalized and not data.head.verified:  # official papers refused: a marked draft instead
        print("数据校验未通过，没有生成正式文档（已标为草稿）。请运行 verify 查看详情。", file=sys.stderr)
        return 1
    return 0


def run_booklet(args) -> int:
    """The 述职报告汇编 (materials, not results: no 草稿 mark, no fingerprint; printable before the meeting)."""
    if args.seq is not None:
        raise PingyiError("--seq 只用于反馈意见、整改清单；述职报告汇编总是包含全部述职人。")
    with Meeting.open(args.path) as meeting:
        data = booklet_data(meeting)
    path = write_file_atomically(args.output, render_document(data), ".pdf")
    missing = [p.name for p in data.parts if not p.submitted]
    print(f"已保存述职报告汇编：{path}" + (f"（{len(missing)} 位未提交材料：{'、'.join(missing)}）" if missing else ""))
    return 0


def run_export(args) -> int:
    with Meeting.open(args.path) as meeting:
        path = export_workbook(meeting, args.output)
    print(f"已导出工作簿：{path}")
    return 0


def output_folder(path: str) -> Path:
    """The folder given with ``-o``, created with its parents when missing (a file there is refused)."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise PingyiError(f"{folder} 是一个文件，不是文件夹。请用 -o 指定一个文件夹。")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PingyiError(f"无法创建文件夹 {folder}（{exc.strerror or exc}）。请检查权限，或换一个保存位置。") from exc
    return folder


def run_archive(args) -> int:
    with Meeting.open(args.path) as meeting:
        bundle = filing_bundle(meeting, draft=args.draft, allow_missing=args.allow_missing)
    folder = write_archive(bundle, output_folder(args.output))
    state = "正式" if bundle.official else "草稿"
    scans = f"、{len(bundle.scans)} 个扫描件" if bundle.scans else ""
    print(f"已生成{state}备案材料（{len(bundle.entries)} 份 PDF、{len(bundle.attachments)} 份述职材料原件{scans}、工作簿、"
          f"会议文件副本、MANIFEST.txt）：{folder}")
    if bundle.checklist is not None:
        missing = "、".join(i.name for i in bundle.checklist.missing)
        print(f"备案期限：{bundle.checklist.deadline or '（会议日期无法识别）'}" + (f"；缺项：{missing}" if missing else "；材料齐全"))
    return 0
