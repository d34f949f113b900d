"""Sub-commands ``station MEETING -o FILE --name NAME`` and ``merge MEETING FILE... [--json]``: several
entry laptops (录入机) keying one meeting, merged back by USB stick."""

from __future__ import annotations

import json
import sys

from models.meeting import Meeting, backup
from models.stations import MergeConflicts, make_station, merge_stations


def register(sub) -> None:
    """Add the ``station`` and ``merge`` sub-commands."""
    p = sub.add_parser(
        "station",
        help="制作录入机：复制一份只能录入选票的会议文件，供另一台电脑并行录入",
        description="从主会议文件（须已打印测评表）制作一份录入机文件：保留设置和测评表编号，不含选票，"
        "只能录入或扫描选票。录完后用 merge 并入主会议。",
    )
    p.add_argument("meeting", metavar="MEETING", help="主会议文件（.pingyi）")
    p.add_argument("-o", "--output", dest="output", metavar="FILE", required=True, help="写出的录入机文件（.pingyi）")
    p.add_argument("--name", required=True, metavar="NAME", help="录入机名称，例如“二号机”")
    p.set_defaults(run=run_station)

    p = sub.add_parser(
        "merge",
        help="合并录入机：把录入机文件中的选票并入主会议",
        description="把一个或多个录入机文件中的选票并入主会议，作为一次操作记入审计日志。相同的选票不变；"
        "同一编号同一遍次录入不同、其他会议的录入机或设置不同的录入机：整个合并不进行（退出码 1），主会议文件不变。",
    )
    p.add_argument("meeting", metavar="MEETING", help="主会议文件（.pingyi）")
    p.add_argument("files", metavar="FILE", nargs="+", help="录入机文件（.pingyi）")
    p.add_argument("--json", action="store_true", help='以 JSON 输出：{"merged", "unchanged", "conflicts"}')
    p.set_defaults(run=run_merge)


def run_station(args) -> int:
    """Write the station copy; prints its name and path."""
    with Meeting.open(args.meeting) as meeting:
        info = make_station(meeting, args.output, args.name)
    print(f"已制作录入机“{info.name}”：{args.output}。在该电脑上打开它录入选票，录完后用 merge 并入主会议。")
    return 0


def _json(merged: int, unchanged: int, conflicts) -> str:
    rows = [{"serial": c.serial, "pass": c.pass_no, "station": c.station} for c in conflicts]
    return json.dumps({"merged": merged, "unchanged": unchanged, "conflicts": rows}, ensure_ascii=False)


def run_merge(args) -> int:
    """Merge the files; exit 1 with the conflicts (nothing stored) when keyings disagree."""
    with Meeting.open(args.meeting) as meeting:
        backup.install(meeting)
        try:
            plan = merge_stations(meeting, args.files)
        except MergeConflicts as err:
            if args.json:
                print(_json(0, err.plan.unchanged, err.plan.conflicts))
            print(str(err), file=sys.stderr)
            return 1
    if args.json:
        print(_json(plan.merged, plan.unchanged, ()))
    else:
        for t in plan.totals:
            print(f"录入机“{t.name}”（{t.file_name}）：新并入 {t.merged} 张，已有相同的 {t.unchanged} 张。")
        print(f"共并入 {plan.merged} 张选票，{plan.unchanged} 张已在主会议中，未重复计入。")
    return 0
