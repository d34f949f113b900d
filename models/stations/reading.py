"""Reading a station file for a merge, without ever changing it.

The file is read once into memory: its sha256 is taken over exactly those bytes and it is
opened from a private temporary copy, so the file on the USB stick is never written (not even a
lock or a journal).  A file that is not a station of this meeting, whose setup differs from the
main meeting's, or that is damaged is refused with a sentence naming it.
"""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from models.ballots.keying import digest_faults
from models.errors import PingyiError
from models.meeting import Meeting, schema
from models.stations.identity import StationInfo, meeting_id, setup_fingerprint, station_row


@dataclass(frozen=True)
class Keying:
    """One keying read from a station: serial, pass, digest (canonical marks or 作废:reason), time."""

    serial: str
    pass_no: int
    digest: str
    entered_at: str


@dataclass(frozen=True)
class StationFile:
    """A station file as read: where, its sha256, its marker and its keyings."""

    path: Path
    sha256: str
    info: StationInfo
    keyings: tuple[Keying, ...]


# -- reading a station file ---------------------------------------------------------------
def read_station(meeting: Meeting, path: str | Path) -> StationFile:
    """Read a station file for merging into ``meeting``; refuses a file that is not a station of
    this meeting, whose setup differs, or that is damaged.  The file itself is never changed."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PingyiError(f"无法读取 {path}：{exc.strerror or exc}。请检查 U 盘是否插好、路径是否正确。") from exc
    if not data.startswith(b"SQLite format 3\x00"):
        raise PingyiError(f"{path.name} 不是 Pingyi 录入机文件（不是会议文件）。主会议文件未做任何改动。")
    journal = path.with_name(path.name + "-journal")
    if journal.exists() and journal.stat().st_size > 0:  # a write that never finished: the file alone is not whole
        raise PingyiError(
            f"{path.name} 旁边有未完成的写入记录 {journal.name}（录入机可能在保存时断电或被拔出 U 盘）。"
            "请在录入机上重新打开一次该文件（会自动恢复），关闭后再拷贝过来合并。主会议文件未做任何改动。"
        )
    with tempfile.TemporaryDirectory(prefix="pingyi-station-") as folder:
        copy = Path(folder) / "station.pingyi"
        copy.write_bytes(data)
        conn = sqlite3.connect(str(copy))
        try:
            return _read(meeting, path, hashlib.sha256(data).hexdigest(), Database(conn, execute_plugins=False))
        except sqlite3.DatabaseError as exc:
            raise PingyiError(f"{path.name} 已损坏，无法读取（{exc}）。请在录入机上重新“另存为”一份再合并。") from exc
        finally:
            conn.close()


def _read(meeting: Meeting, path: Path, sha256: str, db: Database) -> StationFile:
    name = path.name
    if db.execute("PRAGMA application_id").fetchone()[0] != schema.APPLICATION_ID:
        raise PingyiError(f"{name} 是数据库文件，但不是 Pingyi 录入机文件。主会议文件未做任何改动。")
    if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        raise PingyiError(f"{name} 已损坏（完整性检查未通过）。请在录入机上重新“另存为”一份再合并。")
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > schema.schema_version():
        raise PingyiError(f"{name} 由更新版本的 Pingyi 制作。请把本机 Pingyi 升级到与录入机相同的版本后再合并。")
    if version < schema.schema_version():
        schema.apply(db)  # the private copy only
    info = station_row(db)
    if info is None:
        raise PingyiError(
            f"{name} 是普通会议文件，不是录入机文件。只有用“制作录入机”做出的文件才能合并。主会议文件未做任何改动。"
        )
    _check_belongs(meeting, name, info, db)
    faults = digest_faults(_Reader(db))
    if faults:
        raise PingyiError(
            f"{name} 中的选票记录不完整：{faults[0]} 请在录入机上核实后重新合并。主会议文件未做任何改动。"
        )
    keyings = tuple(
        Keying(*row)
        for row in db.execute("SELECT serial, pass_no, digest, entered_at FROM ballots ORDER BY serial, pass_no")
    )
    return StationFile(path, sha256, info, keyings)


class _Reader:
    """Just enough of a Meeting for ``digest_faults`` over a station's private copy."""

    def __init__(self, db: Database):
        self.db = db


def _check_belongs(meeting: Meeting, name: str, info: StationInfo, db: Database) -> None:
    if info.meeting_id != meeting_id(meeting.db):
        raise PingyiError(
            f"{name} 是另一场会议的录入机（“{info.name}”），不能并入本会议。请确认 U 盘上的文件和要合并的会议。"
            "主会议文件未做任何改动。"
        )
    if setup_fingerprint(db) != info.setup_fingerprint:
        raise PingyiError(f"录入机“{info.name}”（{name}）上的设置被改动过，不能合并。主会议文件未做任何改动。")
    if info.setup_fingerprint != setup_fingerprint(meeting.db):
        raise PingyiError(
            f"制作录入机“{info.name}”（{info.made_at}）之后，主会议的述职人、测评项目、测评人类别或计分规则改过了，"
            "两边的测评表含义可能不同，不能合并。请改回原设置，或重新制作录入机后在其上录入。主会议文件未做任何改动。"
        )
