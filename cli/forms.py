"""``forms`` sub-command: print new numbered evaluation forms, or reprint existing ones.

    forms PATH --category A --count N -o OUT.pdf     N new forms; their serials on stdout
    forms PATH --reprint SERIAL... -o OUT.pdf        the same forms again (same serials)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from models.ballots import forms
from models.ballots.form_data import form_batch, form_reporters, reprint_batch
from models.errors import PingyiError
from models.meeting import Meeting, backup
from models.meeting.files import write_atomically
from printing.form import render_forms


def register(sub) -> None:
    """Add the ``forms`` sub-command."""
    p = sub.add_parser("forms", help="打印测评表（新表或重印）", description=__doc__.split("\n\n")[0])
    p.add_argument("path", metavar="会议文件", help="会议文件 .pingyi")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--category", metavar="类别", help="测评人类别代码，例如 A")
    what.add_argument("--reprint", nargs="+", metavar="编号", help="重印这些编号的测评表")
    p.add_argument("--count", type=int, metavar="份数", help="新打印的份数（与 --category 一起用）")
    p.add_argument("-o", "--output", required=True, metavar="输出.pdf", help="写出的 PDF 文件")
    p.set_defaults(run=run, parser=p)


def run(args) -> int:
    """Print (or reprint) forms into ``args.output``; new serials go to stdout one per line."""
    if args.category and args.count is None:
        args.parser.error("打印新表需要 --count 份数，例如 --category A --count 30")
    if args.reprint and args.count is not None:
        args.parser.error("--count 只用于打印新表；重印时请只给出编号")
    output = _checked_output(Path(args.output))
    with Meeting.open(args.path) as meeting:
        backup.install(meeting)  # new serials are a change: backed up on close
        if args.reprint:
            batch = reprint_batch(meeting, args.reprint)
        else:
            form_reporters(meeting)  # an empty roster is refused before any serial is recorded
            batch = form_batch(meeting, forms.create_forms(meeting, args.category, args.count))
    _write_atomically(output, render_forms(batch))
    for copy in batch.copies:
        print(copy.serial)
    print(f"已写出 {len(batch.copies)} 份测评表到 {output}", file=sys.stderr)
    return 0


def _checked_output(path: Path) -> Path:
    """Refuse before any serial is recorded when the PDF could not be written."""
    if path.suffix.lower() != ".pdf":
        raise PingyiError(f"输出文件 {path} 应以 .pdf 结尾。")
    if not path.parent.is_dir():
        raise PingyiError(f"文件夹 {path.parent} 不存在。请先创建它或换一个输出位置。")
    if not os.access(path.parent, os.W_OK):
        raise PingyiError(f"没有权限写入文件夹 {path.parent}。请换一个输出位置。")
    return path


def _write_atomically(path: Path, data: bytes) -> None:
    write_atomically(path, data, way_out="编号已记录，可用 --reprint 重印。")
