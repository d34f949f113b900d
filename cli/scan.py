"""Sub-commands ``scan`` and ``review``: read returned forms from scans, and decide what waits.

    scan MEETING PATH... [--json]          read files/folders (PNG, JPEG, TIFF, PDF)
    review MEETING [--json]                what waits for review
    review MEETING --set ID MARK           decide one row (好/较好/一般/差/弃权/多选)
    review MEETING --serial ID SERIAL      give a page whose QR code was unreadable its serial

``scan`` exits 0 when it ran (even with refusals), 1 when nothing could be read at all, 2 usage.
"""

from __future__ import annotations

import json
from collections import Counter

from models import scans
from models.errors import PingyiError
from models.meeting import Meeting, backup
from scanning.batch import read_paths, reread
from scanning.images import find_files
from scanning.read import FormShape

_STATUS_TEXT = {"read": "已读入", "review": "待审核", "refused": "未读入", "duplicate": "重复", "incomplete": "缺页"}


def register(sub) -> None:
    """Add the ``scan`` and ``review`` sub-commands."""
    p = sub.add_parser(
        "scan",
        help="读入扫描的测评表（图片、TIFF、PDF 文件或文件夹）",
        description="读入扫描仪或手机拍摄的测评表：识别二维码与四角定位标记，读出每一格的勾选；"
        "看不准的行进入审核，不能读的页写明原因。",
    )
    p.add_argument("path", metavar="MEETING", help="会议文件（.pingyi）")
    p.add_argument("files", nargs="+", metavar="PATH", help="扫描文件或文件夹（PNG、JPEG、TIFF、PDF）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出每一页的结果")
    p.set_defaults(run=run_scan)
    r = sub.add_parser(
        "review",
        help="审核扫描中看不准的行，或为二维码无法识别的页输入编号",
        description="列出待审核的条目；--set 判定一行，--serial 为一页输入表上印的编号。",
    )
    r.add_argument("path", metavar="MEETING", help="会议文件（.pingyi）")
    what = r.add_mutually_exclusive_group()
    what.add_argument("--set", nargs=2, metavar=("ID", "MARK"), help="判定条目 ID：好、较好、一般、差、弃权 或 多选")
    what.add_argument(
        "--serial", nargs=2, metavar=("ID", "SERIAL"), help="为条目 ID 的扫描页输入编号（多页表写作 编号/页码）"
    )
    r.add_argument("--json", action="store_true", help="以 JSON 列出待审核的条目")
    r.set_defaults(run=run_review, parser=r)


def _page_json(stored: scans.StoredPage) -> dict:
    return {
        "file": stored.file_name,
        "page": stored.page_index + 1,
        "serial": stored.serial,
        "status": stored.status,
        "reason": stored.reason,
        "review": [{"seq": seq, "item": item} for _, seq, item in stored.review],
    }


def run_scan(args) -> int:
    files = find_files(args.files)
    if not files:
        raise PingyiError("没有找到扫描文件：请给出 PNG、JPEG、TIFF 或 PDF 文件，或装有这些文件的文件夹。")
    pages = []
    with Meeting.open(args.path) as meeting:
        backup.install(meeting)
        shape = FormShape(*scans.form_shape(meeting))
        if shape.reporter_count == 0:
            raise PingyiError("会议中还没有述职人，无法读表。请先完成“准备”。")
        for record, data in read_paths(files, shape):
            stored = scans.store_page(meeting, record, data)
            pages.append(stored)
            if not args.json:
                print(_line(stored), flush=True)
        ballots = scans.scan_counts(meeting).ballots
    totals = Counter(p.status for p in pages)
    summary = {"pages": len(pages), **{s: totals.get(s, 0) for s in scans.STATUSES}, "ballots": ballots}
    if args.json:
        print(json.dumps({"pages": [_page_json(p) for p in pages], "totals": summary}, ensure_ascii=False, indent=1))
    else:
        print(
            f"共 {len(pages)} 页：已读入 {summary['read']}，待审核 {summary['review']}，未读入 {summary['refused']}，"
            f"重复 {summary['duplicate']}，缺页 {summary['incomplete']}；会议中扫描计入的选票 {ballots} 张。"
        )
    readable = sum(totals.get(s, 0) for s in ("read", "review", "incomplete", "duplicate"))
    return 0 if readable else 1


def _line(stored: scans.StoredPage) -> str:
    where = f"{stored.file_name} 第 {stored.page_index + 1} 页"
    text = f"{where}：{_STATUS_TEXT[stored.status]}" + (f"（{stored.serial}）" if stored.serial else "")
    if stored.reason:
        text += f" —— {stored.reason}"
    for review_id, seq, item in stored.review:
        text += f"\n    待审核 #{review_id}：第 {seq} 位述职人“{item}”"
    return text


def run_review(args) -> int:
    with Meeting.open(args.path) as meeting:
        backup.install(meeting)
        if args.set:
            review_id, mark = _id(args.parser, args.set[0]), scans.parse_mark(args.set[1])
            entered = scans.decide(meeting, review_id, mark)
            done = {"inserted": "，这份表已全部读完，计入扫描选票", "updated": "，扫描选票已更新"}.get(entered, "")
            print(f"条目 {review_id} 判定为“{mark.label}”{done}。")
            return 0
        if args.serial:
            return _give_serial(meeting, _id(args.parser, args.serial[0]), args.serial[1])
        waiting = scans.pending(meeting)
    if args.json:
        print(
            json.dumps(
                [
                    {"id": w.id, "serial": w.serial, "page": w.page, "seq": w.seq, "item": w.item, "reason": w.reason}
                    for w in waiting
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
    elif not waiting:
        print("没有待审核的条目。")
    for w in [] if args.json else waiting:
        what = f"第 {w.seq} 位述职人“{w.item}”" if w.seq is not None else f"文件 {w.file_name} 的一页（待输入编号）"
        print(f"#{w.id}  {w.serial or '编号未知'}" + (f" 第 {w.page} 页" if w.page else "") + f"  {what}：{w.reason}")
    return 0


def _id(parser, text: str) -> int:
    if not text.strip().isdigit():
        parser.error(f"条目编号“{text}”应为数字（见 review --json 的 id）")
    return int(text)


def _give_serial(meeting: Meeting, review_id: int, text: str) -> int:
    serial, page = scans.check_typed_serial(meeting, text)
    data, _, index, name = scans.serial_source(meeting, review_id)
    shape = FormShape(*scans.form_shape(meeting))
    record = reread(data, name, index, shape, serial, page)
    stored = scans.assign_serial(meeting, review_id, record)
    print(_line(stored))
    return 0 if stored.status != scans.REFUSED else 1
