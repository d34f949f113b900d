"""One meeting = one SQLite file: create, open (with checks and a lock), write, close."""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from models import clock
from models.errors import FileRefused, MeetingFinalized, PingyiError
from models.meeting import audit, schema, state, upgrade
from models.meeting.lock import FileLock

SUFFIX = ".pingyi"
_SQLITE_MAGIC = b"SQLite format 3\x00"
#: what a station copy (录入机) may write: actions starting with one of these (keying, import, scanning)
STATION_ACTIONS = ("录入选票", "修改选票", "删除选票", "核对重录", "导入选票", "扫描", "审核扫描")


class StationRefused(PingyiError):
    """A change other than keying ballots, attempted on a station copy."""


class Meeting:
    """An open meeting file.  Every change goes through ``write``."""

    def __init__(self, path: Path, db: Database, lock: FileLock | None):
        self.path = path
        self.db = db
        self._lock = lock
        self.last_commit_at: str | None = None
        self._after_close = []
        self._station: str | None | bool = False  # False: not read yet; None: not a station; else its name

    # -- lifecycle -------------------------------------------------------
    @classmethod
    def create(cls, path: str | Path) -> Meeting:
        """A new, empty meeting file at ``path``; refuses to overwrite an existing file."""
        path = Path(path)
        if path.exists():
            raise FileRefused(f"文件 {path} 已存在，不会覆盖。请换一个文件名，或先删除旧文件。")
        if not path.parent.exists():
            raise FileRefused(f"文件夹 {path.parent} 不存在。请先创建它或换一个位置。")
        lock = FileLock(path).acquire()
        try:
            db = _connect(path)
            upgrade.apply(db)
            meeting = cls(path, db, lock)
            with meeting.write("创建会议文件", {"schema": schema.schema_version()}, allow_finalized=True):
                pass
            return meeting
        except BaseException:
            lock.release()
            raise

    @classmethod
    def open(cls, path: str | Path, *, read_only_check: bool = True, check_schema: bool = True) -> Meeting:
        """Open an existing meeting file: lock, header, version and ``quick_check``.

        Refuses (FileRefused) a missing, foreign, damaged or newer file without changing it,
        and FileLocked when another window holds it.
        """
        path = Path(path)
        version = _check_header(path)
        lock = FileLock(path).acquire()
        try:
            db = _connect(path)
            try:
                result = db.execute("PRAGMA quick_check").fetchone()[0]
            except sqlite3.DatabaseError as exc:
                db.close()
                raise FileRefused(_damaged(path, str(exc))) from exc
            if result != "ok":
                db.close()
                raise FileRefused(_damaged(path, result))
            if version < schema.schema_version():
                upgrade.apply(db)
            faults = upgrade.schema_faults(db) if check_schema else []
            if faults:
                db.close()
                raise FileRefused(f"{path.name} 的文件结构与本程序建立的不一致（{upgrade.describe(faults)}），"
                                  "可能被其他软件改动过，为安全起见不予打开。文件未做任何改动。"
                                  "请用备份文件夹中的备份，或运行 verify 查看详情。")
            return cls(path, db, lock)
        except BaseException:
            lock.release()
            raise

    def close(self) -> None:
        """Run close hooks (the closing backup), close the file and drop the lock."""
        if self.db is None:
            return
        for hook in self._after_close:
            hook(self)
        self.db.close()
        self.db = None
        if self._lock:
            self._lock.release()

    def on_close(self, hook) -> None:
        """Call ``hook(meeting)`` just before the file is closed."""
        self._after_close.append(hook)

    def __enter__(self) -> Meeting:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- state -----------------------------------------------------------
    @property
    def finalized(self) -> bool:
        return bool(self.db.execute("SELECT finalized FROM meeting WHERE id = 1").fetchone()[0])

    @property
    def rehearsal(self) -> bool:
        return bool(self.db.execute("SELECT rehearsal FROM meeting WHERE id = 1").fetchone()[0])

    @property
    def station_name(self) -> str | None:
        """The name of this 录入机 when the file is a station copy (models.stations), else None."""
        if self._station is False:
            try:
                row = self.db.execute("SELECT name FROM station WHERE id = 1").fetchone()
            except sqlite3.OperationalError:  # a file from before stations (not migrated: read-only use)
                row = None
            self._station = row[0] if row else None
        return self._station

    # -- writing ---------------------------------------------------------
    @contextmanager
    def write(self, action: str, detail: dict, *, allow_finalized: bool = False) -> Iterator[Database]:
        """One operation = one transaction with its audit row.  Refuses after 定稿, and on a
        station copy anything but keying ballots (STATION_ACTIONS)."""
        if self.station_name is not None and not action.startswith(STATION_ACTIONS):
            raise StationRefused(
                f"本文件是录入机“{self.station_name}”的副本，只能录入或扫描选票，不能{action}。"
                "请在主会议文件上操作（录入机的选票用“文件 → 合并录入机…”并入主会议）。"
            )
        if not allow_finalized and self.finalized:
            raise MeetingFinalized(
                "会议已定稿，结果已锁定，不能再修改。如确需修改，请先“重新打开”（需填写理由）。"
            )
        sums = self._ballot_sums()
        changes: dict = {}
        try:
            with self.db.atomic():
                drift = self._drift(sums) if sums is not None else []
                yield self.db
                recorded = None
                if sums is not None:
                    ballots, changes = sums.pending()
                    recorded = {"setup": state.setup_digest(self.db), "judgement": state.judgement_digest(self.db),
                                "ballots": ballots}
                    if drift:
                        recorded["drift"] = drift
                audit.append(self.db, action, detail, state=recorded)
        except BaseException:
            if sums is not None:
                sums.forget()
            self._recorded = None
            raise
        if sums is not None:
            sums.commit(changes)
            self._recorded = recorded
        self.last_commit_at = clock.stamp()

    def _ballot_sums(self) -> state.BallotSums | None:
        """The running ballot digest (None for a file whose audit log cannot record states)."""
        if getattr(self, "_sums", False) is False:
            self._sums = state.BallotSums(self.db) if audit.has_state(self.db) else None
            self._recorded = None
        return self._sums

    def _drift(self, sums: state.BallotSums) -> list[str]:
        """Which parts of the data differ, before this write, from the state the audit log last recorded
        (changed behind the app's back); recorded in this write's row so verify reports it for good."""
        if self._recorded is None:
            last = audit.last_state(self.db)
            self._recorded = last[1] if last else None
        if self._recorded is None:
            sums.start()
            return []
        now = {"setup": state.setup_digest(self.db), "judgement": state.judgement_digest(self.db),
               "ballots": sums.start()}
        return [key for key, value in now.items() if self._recorded.get(key) != value]


def _connect(path: Path) -> Database:
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return Database(conn, strict=True, execute_plugins=False)  # no third-party plugins in a meeting file


def _check_header(path: Path) -> int:
    """The file's schema version from its header; refuses anything that is not ours."""
    if not path.exists():
        raise FileRefused(f"找不到文件 {path}。请检查路径，或从“最近打开”中移除它。")
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise FileRefused(f"无法读取文件 {path}：{exc.strerror}。请检查文件权限。") from exc
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise FileRefused(f"{path.name} 不是 Pingyi 会议文件（也不是 SQLite 数据库）。文件未做任何改动。")
    user_version, application_id = struct.unpack(">i", header[60:64])[0], struct.unpack(">i", header[68:72])[0]
    if application_id != schema.APPLICATION_ID:
        raise FileRefused(f"{path.name} 是 SQLite 数据库，但不是 Pingyi 会议文件。文件未做任何改动。")
    if user_version > schema.schema_version():
        raise FileRefused(
            f"{path.name} 由更新版本的 Pingyi 创建（文件版本 {user_version}，本程序支持到 "
            f"{schema.schema_version()}）。请升级 Pingyi 后再打开。文件未做任何改动。"
        )
    return user_version


def _damaged(path: Path, detail: str) -> str:
    from models.meeting.backup import newest_good_backup  # backup builds on this module

    backup = newest_good_backup(path)
    way_out = (f"最近的完好备份是 {backup}，请打开它（建议先另存为新文件名）。" if backup
               else "备份文件夹中没有可用的备份，请找回会议文件的其他副本。")
    return f"{path.name} 已损坏，无法打开（{detail[:200]}）。文件未做任何改动。{way_out}"
