"""Sub-command ``ballots PATH FILE [--pass 1|2]``: bulk import of typed ballots."""

from __future__ import annotations

from models.ballots.importing import import_ballots
from models.meeting import Meeting, backup


def register(sub) -> None:
    """Add the ``ballots`` sub-command."""
    p = sub.add_parser(
        "ballots",
        help="从 Excel（.xlsx）或 CSV 文件批量导入选票",
        description="从 .xlsx 或 UTF-8 的 .csv 导入选票：列为 编号、各述职人序号（分项写作 序号-项目序号）、可选的 作废。"
        "有任何错误时整个文件都不导入。",
    )
    p.add_argument("path", metavar="PATH", help="会议文件（.pingyi）")
    p.add_argument("file", metavar="FILE", help="选票文件（.xlsx 或 .csv）")
    p.add_argument("--pass", dest="pass_no", type=int, choices=(1, 2), default=1, help="导入到一录（1，默认）或二录（2）")
    p.set_defaults(run=run)


def run(args) -> int:
    """Import the file; prints what was done (exit 0) or raises PingyiError (exit 1)."""
    with Meeting.open(args.path) as meeting:
        backup.install(meeting)
        result = import_ballots(meeting, args.file, args.pass_no)
    print(result.message)
    return 0
