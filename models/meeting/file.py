"""One meeting = one SQLite file: create, open (with checks and a lock), write, close."""

from __future__ import annotations

import os
import sqlite3
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from models import clock
from models.errors import FileLocked, FileRefused, MeetingFinalized, PingyiError
from models.meeting import audit, failures, schema, state, upgrade
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
        self.read_only = False  # opened read-only (file or folder not writable): every write refused

    # -- lifecycle -------------------------------------------------------
    @classmethod
    def create(cls, path: str | Path) -> Meeting:
        """A new, empty meeting file at ``path``; refuses to overwrite an existing file."""
        path = Path(path)
        if path.exists():
            raise FileRefused(f"文件 {path} 已存在，不会覆盖。请换一个文件名，或先删除旧文件。")
        if not path.parent.exists():
            raise FileRefused(f"文件夹 {path.parent} 不存在。请先创建它或换一个位置。")
        lock = _lock(path, read_only=False)
        try:
            db = _connect(path)
            lock.hold_identity()  # the file exists now: a hard link to it finds it locked
            upgrade.apply(db)
            meeting = cls(path, db, lock)
            with meeting.write("创建会议文件", {"schema": schema.schema_version()}, allow_finalized=True):
                pass
            return meeting
        except (OSError, sqlite3.Error) as exc:
            lock.release()
            _discard(path)
            raise failures.explain(path, exc, writing=True) from exc
        except BaseException:
            lock.release()
            raise

    @classmethod
    def open(cls, path: str | Path, *, read_only_check: bool = True, check_schema: bool = True,
             read_only: bool | None = None) -> Meeting:
        """Open an existing meeting file: lock, header, version, ``quick_check`` and schema.

        Refuses (FileRefused) a missing, foreign, damaged, newer or schema-changed file without
        changing it, and FileLocked when another window holds it; every SQLite or OS failure is a
        Chinese sentence (``models.meeting.failures``).  A file that cannot be written (or whose
        folder cannot) opens read-only (``read_only=None`` decides by itself): reading and drafts
        work, every write is refused with the way out.
        """
        path = Path(path)
        failures.opening(path)
        version = _check_header(path)
        if read_only is None:
            read_only = not _writable(path)
        lock = _lock(path, read_only)
        try:
            db = _connect(path, read_only=read_only)
            try:
                _check_contents(path, db, version, read_only=read_only, check_schema=check_schema)
            except BaseException:
                db.close()
                raise
            meeting = cls(path, db, lock)
            meeting.read_only = read_only
            return meeting
        except (OSError, sqlite3.Error) as exc:
            if lock:
                lock.release()
            raise failures.explain(path, exc) from exc
        except BaseException:
            if lock:
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
        if self.read_only:
            raise failures.read_only(self.path, action)
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
        except (sqlite3.OperationalError, sqlite3.DatabaseError) as exc:
            if sums is not None:
                sums.forget()
            self._recorded = None
            if isinstance(exc, sqlite3.IntegrityError):
                raise  # a constraint the caller handles (e.g. a serial keyed twice at once)
            raise failures.explain(self.path, exc, writing=True) from exc  # rolled back by atomic()
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
        (changed behind the app's back); recorded in this write's row so verify reports it for good.

        Checked in full at the first write of a session and whenever another connection has committed
        since (``PRAGMA data_version``); otherwise the data is as this connection left it."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        if self._recorded is not None and version == getattr(self, "_data_version", None):
            sums.start()
            return []
        if getattr(self, "_data_version", None) is not None and version != self._data_version:
            sums.forget()  # someone else wrote: hash every ballot afresh
        self._data_version = version
        last = audit.last_state(self.db)
        self._recorded = last[1] if last else None
        if self._recorded is None:
            sums.start()
            return []
        now = {"setup": state.setup_digest(self.db), "judgement": state.judgement_digest(self.db),
               "ballots": sums.start()}
        return [key for key, value in now.items() if self._recorded.get(key) != value]


def _connect(path: Path, *, read_only: bool = False) -> Database:
    if read_only:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    else:
        conn = sqlite3.connect(str(path))
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    db = Database(conn, strict=True, execute_plugins=False)  # no third-party plugins in a meeting file
    # sqlite-utils would otherwise probe by creating a table in the file at the first upsert; a probe
    # that fails (disk full, read-only) is remembered and turns every later upsert into a silent no-op
    db._supports_on_conflict = sqlite3.sqlite_version_info >= (3, 24, 0)
    return db


def _writable(path: Path) -> bool:
    """Whether the file and its folder (for the journal and the lock) can be written."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _lock(path: Path, read_only: bool) -> FileLock | None:
    """The window lock; a read-only opening goes on without one when the lock cannot be created."""
    lock = FileLock(path)
    try:
        return lock.acquire()
    except FileLocked:
        raise
    except OSError as exc:
        if read_only:
            return None
        raise failures.lock_refused(lock.path, exc) from exc


def _check_contents(path: Path, db: Database, version: int, *, read_only: bool, check_schema: bool) -> None:
    """quick_check, the upgrade to this build's schema and the schema itself; refuses as ``open`` says."""
    try:
        result = db.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise failures.damaged(path, str(exc)) from exc
    if result != "ok":
        raise failures.damaged(path, result)
    if version < schema.schema_version():
        if read_only:
            raise FileRefused(f"{path.name} 由旧版本 Pingyi 建立，需要先升级文件结构，但文件（或所在文件夹）是只读的。"
                              "请把文件复制到可写的文件夹后再打开。文件未做任何改动。")
        upgrade.apply(db)
    faults = upgrade.schema_faults(db) if check_schema else []
    if faults:
        raise FileRefused(f"{path.name} 的文件结构与本程序建立的不一致（{upgrade.describe(faults)}），"
                          "可能被其他软件改动过，为安全起见不予打开。文件未做任何改动。"
                          "请用备份文件夹中的备份，或运行 verify 查看详情。")


def _discard(path: Path) -> None:
    """Remove a file ``create`` could not finish (it held nothing yet)."""
    for leftover in (path, path.with_name(path.name + "-journal")):
        try:
            leftover.unlink()
        except OSError:
            pass


def _check_header(path: Path) -> int:
    """The file's schema version from its header; refuses anything that is not ours."""
    if not path.exists():
        raise FileRefused(f"找不到文件 {path}。请检查路径，或从“最近打开”中移除它。")
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise failures.explain(path, exc) from exc
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise FileRefused(f"{path.name} 不是 Pingyi 会议文件。文件未做任何改动。")
    user_version, application_id = struct.unpack(">i", header[60:64])[0], struct.unpack(">i", header[68:72])[0]
    if application_id != schema.APPLICATION_ID:
        raise FileRefused(f"{path.name} 是数据库文件，但不是 Pingyi 会议文件。文件未做任何改动。")
    if user_version > schema.schema_version():
        raise FileRefused(
            f"{path.name} 由更新版本的 Pingyi 创建（文件版本 {user_version}，本程序支持到 "
            f"{schema.schema_version()}）。请升级 Pingyi 后再打开。文件未做任何改动。"
        )
    return user_version
