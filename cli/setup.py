"""Setup sub-commands: ``demo``, ``new``, ``roster-template``, ``import-setup``, ``export-setup``."""

from __future__ import annotations

import argparse
from pathlib import Path

from models.demo.meeting import MAX_REPORTERS, create_demo
from models.errors import PingyiError
from models.meeting import SUFFIX, Meeting, backup
from models.setup import list_categories, list_reporters
from models.setup.workbook import export_setup, import_setup, present_sheets, read_setup, write_template


def register(sub) -> None:
    """Add the setup sub-commands."""
    p = sub.add_parser(
        "demo", help="生成示例会议文件", description="生成一个内容完整、可直接演练的示例会议文件（不覆盖已有文件）。"
    )
    p.add_argument("path", metavar="PATH", help="新会议文件（.pingyi）")
    p.add_argument(
        "--reporters", type=_reporter_count, default=12, metavar="N", help=f"述职人数，1 到 {MAX_REPORTERS}（默认 12）"
    )
    p.add_argument(
        "--ballots", type=_count, default=None, metavar="M", help="示例选票张数（默认约等于发出票数；0 为不生成）"
    )
    p.add_argument("--seed", type=int, default=1, metavar="S", help="随机种子：相同种子生成相同的会议（默认 1）")
    p.set_defaults(run=run_demo)

    p = sub.add_parser(
        "new",
        help="由准备表新建会议文件",
        description="新建会议文件并导入准备表；工作簿有任何问题时不会留下文件。",
    )
    p.add_argument("path", metavar="PATH", help="新会议文件（.pingyi），不能已存在")
    p.add_argument("--setup", required=True, metavar="WORKBOOK.xlsx", help="准备表（.xlsx）")
    p.set_defaults(run=run_new)

    p = sub.add_parser(
        "roster-template",
        help="生成准备表模板",
        description="生成准备表模板：会议信息、述职人、测评人类别、测评项目、计分规则、评价构成。",
    )
    p.add_argument("output", metavar="OUT.xlsx", help="模板文件（.xlsx）")
    p.add_argument("--overwrite", action="store_true", help="文件已存在时覆盖")
    p.set_defaults(run=run_template)

    p = sub.add_parser(
        "import-setup",
        help="把准备表导入会议文件",
        description="用工作簿中的设置替换会议的设置；有任何问题时一概不导入，会议文件不变。",
    )
    p.add_argument("path", metavar="PATH", help="会议文件（.pingyi）")
    p.add_argument("workbook", metavar="WORKBOOK.xlsx", help="准备表（.xlsx）")
    p.set_defaults(run=run_import)

    p = sub.add_parser(
        "export-setup",
        help="把会议的设置导出为工作簿",
        description="把会议的设置写成准备表，可修改后再用 import-setup 导入。",
    )
    p.add_argument("path", metavar="PATH", help="会议文件（.pingyi）")
    p.add_argument("output", metavar="OUT.xlsx", help="写出的工作簿（.xlsx）")
    p.add_argument("--overwrite", action="store_true", help="文件已存在时覆盖")
    p.set_defaults(run=run_export)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} 不能为负数")
    return value


def _reporter_count(text: str) -> int:
    value = _count(text)
    if not 1 <= value <= MAX_REPORTERS:
        raise argparse.ArgumentTypeError(f"述职人数应为 1 到 {MAX_REPORTERS}，现为 {value}")
    return value


def run_demo(args) -> int:
    path = create_demo(_new_meeting_path(args.path), reporters=args.reporters, ballots=args.ballots, seed=args.seed,
                       run=True)  # the demo was held: times, comments, problems
    with Meeting.open(path) as meeting:
        print(f"已生成示例会议 {path}：{_summary(meeting)}。")
    return 0


def run_new(args) -> int:
    path = _new_meeting_path(args.path)
    if path.exists():
        raise PingyiError(f"文件 {path} 已存在，不会覆盖。请换一个文件名，或先删除旧文件。")
    read_setup(args.setup)  # every fault before a file is made
    meeting = Meeting.create(path)
    try:
        import_setup(meeting, args.setup)
        summary = _summary(meeting)
    except BaseException:
        meeting.close()
        path.unlink(missing_ok=True)
        raise
    meeting.close()
    print(f"已新建会议 {path}：{summary}。")
    return 0


def run_template(args) -> int:
    output = _output(args.output, args.overwrite)
    write_template(output)
    print(f"已写出准备表模板 {output}。请填写“述职人”等表后，用 new 或 import-setup 导入。")
    return 0


def run_import(args) -> int:
    with Meeting.open(args.path) as meeting:
        backup.install(meeting)
        data = import_setup(meeting, args.workbook)
        print(
            f"已把 {Path(args.workbook).name} 导入 {args.path}（{'、'.join(present_sheets(data))}）：{_summary(meeting)}。"
        )
    return 0


def run_export(args) -> int:
    output = _output(args.output, args.overwrite)
    with Meeting.open(args.path) as meeting:
        export_setup(meeting, output)
        summary = _summary(meeting)
    print(f"已把 {args.path} 的设置导出到 {output}：{summary}。")
    return 0


def _new_meeting_path(text: str) -> Path:
    path = Path(text)
    if path.suffix.lower() != SUFFIX:
        raise PingyiError(f"会议文件 {path} 应以 {SUFFIX} 结尾，例如 {path.stem}{SUFFIX}。")
    return path


def _output(text: str, overwrite: bool) -> Path:
    path = Path(text)
    if path.suffix.lower() != ".xlsx":
        raise PingyiError(f"输出文件 {path} 应以 .xlsx 结尾。")
    if path.exists() and not overwrite:
        raise PingyiError(f"文件 {path} 已存在，不会覆盖。请换一个文件名，或加 --overwrite 覆盖。")
    return path


def _summary(meeting: Meeting) -> str:
    reporters = list_reporters(meeting)
    written = sum(r.mode.value == "written" for r in reporters)
    categories = list_categories(meeting)
    ballots = meeting.db.execute("SELECT count(DISTINCT serial) FROM ballots").fetchone()[0]
    cats = "、".join(f"{c.code} {c.name}" for c in categories) or "无"
    return (
        f"述职人 {len(reporters)} 位（书面述职 {written} 位），测评人类别 {len(categories)} 个（{cats}），"
        f"选票 {ballots} 张"
    )
