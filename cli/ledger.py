"""Sub-commands `ledger list|add|set|delete|import|export` and `carry-over`: the 整改台账 without a window."""

from __future__ import annotations

import json

from models import ledger
from models.meeting import Meeting


def register(sub) -> None:
    p = sub.add_parser("ledger", help="整改台账：查看、增加、修改、删除问题，导入单位填报的整改清单")
    cmds = p.add_subparsers(dest="ledger_command", metavar="操作", required=True)

    q = cmds.add_parser("list", help="列出台账中的问题")
    q.add_argument("path", help="会议文件 .pingyi")
    q.add_argument("--json", action="store_true", help="以 JSON 输出")
    q.set_defaults(run=run_list)

    q = cmds.add_parser("add", help="增加一个问题（会后补充，如考核反馈）；输出新编号")
    q.add_argument("path", help="会议文件 .pingyi")
    q.add_argument("--seq", type=int, required=True, metavar="N", help="述职人序号")
    q.add_argument("--source", required=True, help="问题来源：自身查摆、上级点评、群众评议、考核反馈")
    q.add_argument("--problem", required=True, metavar="TEXT", help="问题")
    q.add_argument("--measure", default="", metavar="T", help="整改措施")
    q.add_argument("--owner", default="", metavar="T", help="责任人")
    q.add_argument("--due", default="", metavar="YYYY-MM-DD", help="完成时限")
    q.set_defaults(run=run_add)

    q = cmds.add_parser("set", help="修改一个问题：状态、措施、责任人、时限、进展、完成日期")
    q.add_argument("path", help="会议文件 .pingyi")
    q.add_argument("id", metavar="ID", help="台账编号（ledger list 中的 id）")
    q.add_argument("--status", metavar="S", help="未开始、整改中、已完成")
    q.add_argument("--measure", metavar="T", help="整改措施")
    q.add_argument("--owner", metavar="T", help="责任人")
    q.add_argument("--due", metavar="D", help="完成时限 YYYY-MM-DD")
    q.add_argument("--progress", metavar="TEXT", help="新增一条整改进展")
    q.add_argument("--date", metavar="D", help="进展日期 YYYY-MM-DD（默认今天）")
    q.add_argument("--done", metavar="D", help="完成日期 YYYY-MM-DD（状态随之为已完成）")
    q.add_argument("--evidence", metavar="T", help="佐证材料说明")
    q.set_defaults(run=run_set)

    q = cmds.add_parser("delete", help="删除一个会后误加的问题（须写明理由，记入审计日志）")
    q.add_argument("path", help="会议文件 .pingyi")
    q.add_argument("id", metavar="ID", help="台账编号（ledger list 中的 id）")
    q.add_argument("--reason", required=True, metavar="TEXT", help="删除理由，如：误加、与另一问题重复")
    q.set_defaults(run=run_delete)

    q = cmds.add_parser("import", help="导入单位填报后交回的整改清单 .xlsx（全部正确才导入）")
    q.add_argument("path", help="会议文件 .pingyi")
    q.add_argument("file", metavar="FILE.xlsx", help="交回的整改清单")
    q.set_defaults(run=run_import)

    q = cmds.add_parser("export", help="为每位述职人导出一份待填报的整改清单 .xlsx")
    q.add_argument("path", help="会议文件 .pingyi")
    q.add_argument("-o", "--output", required=True, metavar="DIR", help="保存到此文件夹")
    q.add_argument("--seq", type=int, metavar="N", help="只导出序号为 N 的述职人")
    q.set_defaults(run=run_export)

    p = sub.add_parser("carry-over", help="从上年度会议文件导入未结和已结问题及上年度得分（旧文件只读、不改动）")
    p.add_argument("path", help="本年度会议文件 .pingyi")
    p.add_argument("--from", dest="old", required=True, metavar="OLD.pingyi", help="上年度会议文件")
    p.set_defaults(run=run_carry_over)


def run_list(args) -> int:
    with Meeting.open(args.path) as meeting:
        items = ledger.list_items(meeting)
    if args.json:
        print(json.dumps([i.as_json() for i in items], ensure_ascii=False, indent=1))
        return 0
    if not items:
        print("台账中还没有问题。")
    for i in items:
        print(f"{i.id}\t{i.seq} {i.reporter}\t{i.source_label}\t{i.status_label()}\t{i.due or '—'}\t{i.problem}")
    return 0


def run_add(args) -> int:
    with Meeting.open(args.path) as meeting:
        item = ledger.add_item(meeting, args.seq, args.source, args.problem, args.measure, args.owner, args.due)
    print(item.id)
    return 0


def run_set(args) -> int:
    change = ledger.Change(
        status=args.status,
        measure=args.measure,
        owner=args.owner,
        due=args.due,
        done=args.done,
        evidence=args.evidence,
        progress=args.progress,
        progress_date=args.date,
    )
    if args.date and not args.progress:
        from models.errors import InputErrors

        raise InputErrors(["--date 是整改进展的日期，须与 --progress 一起使用。"])
    with Meeting.open(args.path) as meeting:
        before = ledger.get_item(meeting, args.id)
        item = ledger.set_item(meeting, args.id, change)
    print(f"已修改台账问题 {item.id}：{item.status_label()}" if item != before else f"台账问题 {item.id} 没有变化。")
    return 0


def run_delete(args) -> int:
    with Meeting.open(args.path) as meeting:
        item = ledger.delete_item(meeting, args.id, args.reason)
    print(f"已删除台账问题 {item.id}（{item.seq} {item.reporter}：{item.problem}），理由已记入审计日志。")
    return 0


def run_import(args) -> int:
    from models.ledger.workbook import import_returned

    with Meeting.open(args.path) as meeting:
        result = ledger_import_text(import_returned(meeting, args.file))
    print(result)
    return 0


def ledger_import_text(result) -> str:
    if not result.changed:
        return f"已核对 {result.rows} 行，台账没有变化（同一文件再次导入不会重复记录）。"
    return f"已导入 {result.rows} 行：修改 {result.changed} 个问题，新增进展 {result.progress} 条。"


def run_export(args) -> int:
    from models.ledger.workbook import export_sheets

    with Meeting.open(args.path) as meeting:
        paths = export_sheets(meeting, args.output, seq=args.seq)
    print(f"已导出 {len(paths)} 份整改清单：{args.output}")
    return 0


def run_carry_over(args) -> int:
    from models.ledger.carry import carry_over

    with Meeting.open(args.path) as meeting:
        result = carry_over(meeting, args.old)
    print(result.text)
    return 0
