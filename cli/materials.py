"""``materials`` sub-command: attach and check 述职材料.

materials PATH --seq N [--report FILE] [--self-eval FILE]   one reporter's 述职报告 / 自我评价
materials PATH --folder DIR                                 files named by reporter (张三-述职报告.docx)
materials PATH --speech FILE                                the chair's speech (书记讲话)
materials PATH --remarks FILE                               the meeting's 点评
materials PATH [--seq N] --remove KIND                      remove one (its trace stays in the audit chain)
materials PATH [--json]                                     where each reporter's materials stand
"""

from __future__ import annotations

import json

from models.materials import (
    REPORT_LIMIT,
    SELF_EVAL_RANGE,
    Attached,
    attach_file,
    attach_folder,
    materials_status,
    remove_material,
)
from models.materials.wordcount import east_asian
from models.meeting import Meeting, backup
from models.setup import list_reporters

#: --remove KIND → the material's kind
REMOVABLE = {"report": "report", "self-eval": "self_eval", "speech": "speech", "remarks": "remarks"}


def register(sub) -> None:
    """Add the ``materials`` sub-command."""
    p = sub.add_parser(
        "materials", help="添加和检查述职材料（述职报告、自我评价、书记讲话）", description=__doc__.split("\n\n")[0]
    )
    p.add_argument("path", metavar="会议文件", help="会议文件 .pingyi")
    p.add_argument("--seq", type=int, metavar="N", help="述职人序号（与 --report / --self-eval 一起用）")
    p.add_argument("--report", metavar="FILE", help="该述职人的述职报告（.docx / .txt / .pdf）")
    p.add_argument("--self-eval", metavar="FILE", help="该述职人的自我评价（.docx / .txt / .pdf）")
    p.add_argument("--folder", metavar="DIR", help="按文件名中的姓名添加文件夹中的全部材料")
    p.add_argument("--speech", metavar="FILE", help="党组织书记讲话")
    p.add_argument("--remarks", metavar="FILE", help="会议点评（对全体述职的总体点评）")
    p.add_argument(
        "--remove",
        choices=list(REMOVABLE),
        metavar="KIND",
        help="移除一份材料：report 述职报告、self-eval 自我评价（需 --seq）、speech 书记讲话、remarks 会议点评",
    )
    p.add_argument("--json", action="store_true", help="以 JSON 输出每位述职人的材料情况")
    p.set_defaults(run=run, parser=p)


def run(args) -> int:
    """Attach what was given (if anything), then report where the materials stand."""
    if (args.report or args.self_eval) and args.seq is None:
        args.parser.error("--report / --self-eval 需要用 --seq N 指定述职人序号")
    if args.seq is not None and not (args.report or args.self_eval or args.remove in ("report", "self-eval")):
        args.parser.error("--seq 需要和 --report 或 --self-eval 一起用")
    if args.remove in ("report", "self-eval") and args.seq is None:
        args.parser.error("移除述职报告或自我评价需要用 --seq N 指定述职人序号")
    done: list[str] = []
    with Meeting.open(args.path) as meeting:
        who = {r.id: f"{r.seq} 号 {r.name}的" for r in list_reporters(meeting)}
        if any((args.report, args.self_eval, args.folder, args.speech, args.remarks, args.remove)):
            backup.install(meeting)  # a change: backed up on close
        for kind, path in (("report", args.report), ("self_eval", args.self_eval)):
            if path:
                done.append(_said(attach_file(meeting, kind, path, args.seq), who))
        for kind, path in (("speech", args.speech), ("remarks", args.remarks)):
            if path:
                done.append(_said(attach_file(meeting, kind, path), who))
        if args.folder:
            result = attach_folder(meeting, args.folder)
            done += [_said(a, who) for a in result.attached]
            done += [f"未匹配：{m.file_name}——{m.reason}" for m in result.unmatched]
        if args.remove:
            kind = REMOVABLE[args.remove]
            gone = remove_material(meeting, kind, args.seq if kind in ("report", "self_eval") else None)
            done.append(f"已移除：{who.get(gone.reporter_id, '')}{gone.label} {gone.file_name}")
        status = materials_status(meeting)
    if args.json:
        print(json.dumps([r.as_json() for r in status.reporters], ensure_ascii=False, indent=2))
    else:
        print("\n".join(done + [""] * bool(done) + _table(status)))
    return 0


def _said(attached: Attached, who: dict[int, str]) -> str:
    m = attached.material
    label = who.get(m.reporter_id, "") + m.label
    if not attached.changed:
        return f"未改变：{m.file_name} 与已添加的{label}完全相同"
    verb = f"已替换（原为 {attached.previous.file_name}）" if attached.previous else "已添加"
    return f"{verb}：{label} {m.file_name}（{m.chars:,} 字）"


def _table(status) -> list[str]:
    low, high = SELF_EVAL_RANGE
    lines = [f"序号  {_pad('姓名', 8)}{_pad('述职报告', 30)}自我评价"]
    for r in status.reporters:
        report = _cell(r.report_chars, r.report_over, f"超过 {REPORT_LIMIT:,} 字")
        self_eval = _cell(r.self_eval_chars, r.self_eval_off, f"不在 {low}–{high} 字")
        lines.append(f"{r.seq:>4}  {_pad(r.name, 8)}{_pad(report, 30)}{self_eval}")
    for label, material in (("书记讲话", status.speech), ("会议点评", status.remarks)):
        lines.append(f"{label}：" + (f"{material.file_name}（{material.chars:,} 字）" if material else "未添加"))
    return lines


def _pad(text: str, columns: int) -> str:
    """``text`` padded to ``columns`` terminal columns (a CJK character takes two)."""
    width = sum(2 if east_asian(ch) else 1 for ch in text)
    return text + " " * max(1, columns - width)


def _cell(chars: int | None, flagged: bool, why: str) -> str:
    if chars is None:
        return "缺"
    return f"{chars:,} 字" + (f"（{why}）" if flagged else " ✓")
