"""Making a station copy (录入机) of the main meeting: a backup-API copy, emptied of ballots and marked."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from models import clock
from models.errors import MeetingFinalized, PingyiError
from models.meeting import Meeting, backup
from models.meeting.lock import FileLock
from models.stations.identity import StationInfo, meeting_id, setup_fingerprint

NAME_LIMIT = 20


def _check_name(meeting: Meeting, name: str) -> str:
    name = " ".join(str(name or "").split())
    if not name:
        raise PingyiError("请给录入机起一个名称（例如“二号机”），合并时用它区分各台电脑。")
    if len(name) > NAME_LIMIT:
        raise PingyiError(f"录入机名称“{name}”太长（{len(name)} 个字），请不超过 {NAME_LIMIT} 个字。")
    made = meeting.db.execute("SELECT made_at, file_name FROM stations_made WHERE name = ?", [name]).fetchone()
    if made:
        raise PingyiError(f"已有名为“{name}”的录入机（{made[0]} 制作，文件 {made[1]}）。请换一个名称，例如“{name}-2”。")
    return name


def _check_meeting(meeting: Meeting, target: Path) -> None:
    if meeting.station_name is not None:
        raise PingyiError(
            f"当前文件本身是录入机“{meeting.station_name}”，不能再从它制作录入机。请打开主会议文件后再制作。"
        )
    if meeting.finalized:
        raise MeetingFinalized("会议已定稿，不再录入选票，不能制作录入机。")
    if not meeting.db.execute("SELECT count(*) FROM forms").fetchone()[0]:
        raise PingyiError("还没有打印测评表。请先在“测评表”中打印，再制作录入机（录入机只录入已打印的编号）。")
    if target.exists() or target.resolve() == meeting.path.resolve():
        raise PingyiError(f"文件 {target} 已存在，不会覆盖。请换一个文件名，或先删除旧文件。")
    if not target.parent.is_dir():
        raise PingyiError(f"文件夹 {target.parent} 不存在。请先插好 U 盘或创建文件夹，再制作录入机。")


def make_station(meeting: Meeting, target: str | Path, name: str) -> StationInfo:
    """Write a station copy of ``meeting`` at ``target`` named ``name``; the main meeting records it.

    The copy keeps the setup and the printed forms, drops every ballot (a station holds only what
    was keyed on it) and carries the marker.  Refuses a station as source, a finalized meeting, a
    meeting without printed forms, an existing target and a name already used.
    """
    target = Path(target)
    _check_meeting(meeting, target)
    name = _check_name(meeting, name)
    info = StationInfo(uuid.uuid4().hex, name, meeting_id(meeting.db), setup_fingerprint(meeting.db), clock.stamp())
    temporary = target.with_name(f".{target.name}.part")
    lock = FileLock(target).acquire()
    try:
        backup.copy_database(meeting, temporary)
        _mark(temporary, info)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        lock.release()
    with meeting.write("制作录入机", {"name": name, "station_id": info.station_id, "file": target.name}) as db:
        db["stations_made"].insert(
            {"station_id": info.station_id, "name": name, "file_name": target.name, "made_at": info.made_at}
        )
    return info


def _mark(path: Path, info: StationInfo) -> None:
    station = Meeting.open(path)
    try:
        detail = {
            "name": info.name,
            "station_id": info.station_id,
            "meeting_id": info.meeting_id,
            "setup_fingerprint": info.setup_fingerprint,
        }
        with station.write("设为录入机", detail, allow_finalized=True) as db:
            removed = db.execute("SELECT count(*) FROM ballots").fetchone()[0]
            db.execute("DELETE FROM ballots")
            db.execute("DELETE FROM stations_made")
            db.execute("DELETE FROM station_merges")
            db["station"].insert(
                {
                    "id": 1,
                    **{
                        k: getattr(info, k)
                        for k in ("station_id", "name", "meeting_id", "setup_fingerprint", "made_at")
                    },
                }
            )
            detail["ballots_removed"] = removed
    finally:
        station.close()
