"""`verify PATH`: integrity and audit-chain check (and, later, documents)."""

from __future__ import annotations

from models.meeting_file import Meeting
from models.verify import verify_meeting


def register(sub) -> None:
    p = sub.add_parser("verify", help="检查会议文件的完整性与审计日志")
    p.add_argument("path", help="会议文件 .pingyi")
    p.set_defaults(run=run_verify)


def run_verify(args) -> int:
    with Meeting.open(args.path) as meeting:
        report = verify_meeting(meeting)
    print(f"检查 {args.path}：")
    for line in report.lines():
        print("  " + line)
    print("结论：全部通过。" if report.ok else "结论：发现问题，见上。")
    return 0 if report.ok else 1
