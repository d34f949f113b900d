"""Sub-commands ``tally``, ``decide``, ``flag``, ``unflag``, ``finalize`` and ``reopen``."""

from __future__ import annotations

import json
import sys
import unicodedata

from models.counting import Tally, compute_tally, decisions, round_half_up, tally_json
from models.counting.outcomes import cap_void_text
from models.counting.verify import results_faults
from models.errors import PingyiError
from models.labels import GRADE_LABELS, grade_from_label
from models.meeting import Meeting, backup
from models.setup import reporter_by_seq

_GRADES = list(GRADE_LABELS.values())


def register(sub) -> None:
    """Add the counting and deciding sub-commands."""
    p = sub.add_parser("tally", help="计票：显示票数、得分、拟定等次和排名", description="按计分规则重新计票并显示结果。")
    p.add_argument("path", metavar="PATH", help="会议文件（.pingyi）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（格式固定，供脚本使用）")
    p.set_defaults(run=run_tally)

    p = sub.add_parser("decide", help="定档：确定某位述职人的等次", description="确定等次与拟定等次不同时须填写理由。")
    _seq(p)
    p.add_argument("--grade", required=True, choices=_GRADES, help="确定等次：好、较好、一般 或 差")
    p.add_argument("--reason", default="", help="理由（确定等次与拟定等次不同时必填）")
    p.set_defaults(run=run_decide)

    p = sub.add_parser("flag", help="定性为差（重大失误、被问责），须填写理由")
    _seq(p)
    p.add_argument("--reason", required=True, help="理由，例如“发生重大安全事故被问责”")
    p.set_defaults(run=run_flag)

    p = sub.add_parser("unflag", help="撤销“定性为差”")
    _seq(p)
    p.set_defaults(run=run_unflag)

    p = sub.add_parser("finalize", help="定稿：锁定选票、设置和等次，记录数据指纹")
    p.add_argument("path", metavar="PATH", help="会议文件（.pingyi）")
    p.add_argument("--waive-reconciliation", metavar="REASON", default=None,
                   help="不核对即定稿的理由（未核对的选票按一录计入结果）")
    p.set_defaults(run=run_finalize)

    p = sub.add_parser("reopen", help="重新打开已定稿的会议（须填写理由）")
    p.add_argument("path", metavar="PATH", help="会议文件（.pingyi）")
    p.add_argument("--reason", required=True, help="重新打开的理由")
    p.set_defaults(run=run_reopen)


def _seq(p) -> None:
    p.add_argument("path", metavar="PATH", help="会议文件（.pingyi）")
    p.add_argument("--seq", required=True, type=int, metavar="N", help="述职人序号（测评表上的顺序）")


def _open(path: str) -> Meeting:
    meeting = Meeting.open(path)
    backup.install(meeting)
    return meeting


def run_tally(args) -> int:
    """Print the tally as a table (or JSON with --json)."""
    with Meeting.open(args.path) as meeting:
        tally = compute_tally(meeting)
        faults = results_faults(meeting)
    if args.json:
        print(json.dumps(tally_json(tally), ensure_ascii=False, indent=2))
    else:
        print("\n".join(tally_text(tally)))
    if faults:
        print(f"数据校验未通过（{faults[0]}）：以上结果不能作为正式结果。请运行 verify 查看详情。", file=sys.stderr)
        return 1
    return 0


def run_decide(args) -> int:
    """Record a final grade (a different one needs --reason)."""
    with _open(args.path) as meeting:
        reporter = reporter_by_seq(meeting, args.seq)
        decisions.decide(meeting, reporter.id, grade_from_label(args.grade), args.reason)
        result = next(r for r in compute_tally(meeting).reporters if r.reporter.id == reporter.id)
    print(f"第 {reporter.seq} 位述职人（{reporter.name}）确定等次：{_grade(result.final_grade)}"
          f"（拟定等次：{_grade(result.proposed_grade)}）。")
    return 0


def run_flag(args) -> int:
    """Mark a reporter 定性为差."""
    with _open(args.path) as meeting:
        reporter = reporter_by_seq(meeting, args.seq)
        decisions.flag(meeting, reporter.id, args.reason)
    print(f"第 {reporter.seq} 位述职人（{reporter.name}）已定性为差：{args.reason.strip()}")
    return 0


def run_unflag(args) -> int:
    """Remove the 定性为差 mark."""
    with _open(args.path) as meeting:
        decisions.refuse_if_finalized(meeting)
        reporter = reporter_by_seq(meeting, args.seq)
        if meeting.db.execute("SELECT 1 FROM flags WHERE reporter_id = ?", [reporter.id]).fetchone() is None:
            raise PingyiError(f"第 {reporter.seq} 位述职人（{reporter.name}）没有被定性为差，无需撤销。")
        decisions.unflag(meeting, reporter.id)
    print(f"已撤销第 {reporter.seq} 位述职人（{reporter.name}）的“定性为差”。")
    return 0


def run_finalize(args) -> int:
    """定稿; prints the fingerprint."""
    with _open(args.path) as meeting:
        digest = decisions.finalize(meeting, args.waive_reconciliation)
    print(f"已定稿。数据指纹（SHA-256）：{digest}")
    return 0


def run_reopen(args) -> int:
    """Undo 定稿 with a reason."""
    with _open(args.path) as meeting:
        decisions.reopen(meeting, args.reason)
    print("已重新打开，可以修改。修改完成后请重新定稿。")
    return 0


# -- the readable table ---------------------------------------------------
def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * max(width - _width(text), 0)
    return fill + text if right else text + fill


def table(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    """Rows aligned in columns (Chinese characters count double); ``right`` = right-aligned columns."""
    widths = [max(_width(str(r[k])) for r in [header, *rows]) for k in range(len(header))]
    return ["  ".join(_pad(str(cell), widths[k], k in right) for k, cell in enumerate(row)).rstrip()
            for row in [header, *rows]]


def _grade(grade) -> str:
    return GRADE_LABELS[grade] if grade is not None else "—"


def _num(value, places: int = 2) -> str:
    return "—" if value is None else str(round_half_up(value, places))


def _pct(value) -> str:
    return f"{round_half_up(value * 100, 2)}%"


def _rank(r) -> str:
    return "—" if r.rank is None else f"{r.rank}{'（并列）' if r.tied else ''}"


def tally_text(tally: Tally) -> list[str]:
    """The tally as lines of text for a terminal."""
    state = "已定稿" if tally.finalized else "草稿（未定稿）"
    lines = [f"{tally.title or '（未命名会议）'}{'【演练】' if tally.rehearsal else ''}　{state}"]
    if tally.fingerprint:
        lines.append(f"数据指纹：{tally.fingerprint}")
    lines.append("测评有效" if tally.valid else "测评无效")
    lines += [""] + table(["类别", "名称", "权重", "发出", "收回", "废票", "有效"],
                          [[c.code, c.name, str(c.weight), c.issued, c.returned, c.void, c.valid]
                           for c in tally.categories], right={2, 3, 4, 5, 6})
    if cap_void_text(tally):
        lines.append(cap_void_text(tally))
    rec = tally.reconciliation
    if rec.required or rec.outstanding:
        lines.append(f"双录核对：待二录 {rec.pending} 张，不一致 {rec.mismatched} 张{'，已放弃核对' if rec.waived else ''}")
    header = ["序号", "姓名", "单位", "好", "较好", "一般", "差", "弃权", "测评得分", "综合得分",
              f"{tally.rules.limit_label()}率",
              "拟定等次", "确定等次", "排名", "说明"]
    rows = [[r.reporter.seq, r.reporter.name, r.reporter.unit, r.counts.good, r.counts.fairly_good,
             r.counts.average, r.counts.poor, r.counts.abstain, _num(r.onsite_score), _num(r.combined_score),
             _pct(r.limit_rate), _grade(r.proposed_grade), _grade(r.final_grade), _rank(r),
             r.reason_text] for r in tally.reporters]
    lines += [""] + table(header, rows, right={0, 3, 4, 5, 6, 7, 8, 9, 10})
    if tally.problems:
        lines += ["", "问题（定稿前必须处理）："] + [f"  × {p}" for p in tally.problems]
    if tally.warnings:
        lines += ["", "提示："] + [f"  · {w}" for w in tally.warnings]
    return lines
