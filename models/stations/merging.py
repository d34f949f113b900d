"""Merging station files into the main meeting: read each (``reading``), plan, store in one transaction.

``plan_merge`` says what would come in; ``merge_stations`` stores it.
Each keying comes in with its pass, its time and its station; its marks are rebuilt from its
digest over the main meeting's form (same setup fingerprint, so the same rows).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from models import clock
from models.ballots.keying import PASS_LABELS, VOID_PREFIX, Prepared, double_entry, insert_ballot, layout
from models.errors import MeetingFinalized, PingyiError
from models.meeting import Meeting, audit, backup
from models.stations.reading import Keying, StationFile, read_station

MAIN = "主会议"
MERGE_ACTION = "合并录入机"


@dataclass(frozen=True)
class Conflict:
    """The same serial and pass keyed differently: ``station`` brings ``digest``, ``holder`` has ``existing``."""

    serial: str
    pass_no: int
    station: str
    digest: str
    holder: str
    existing: str

    def sentence(self) -> str:
        return (
            f"编号 {self.serial} 的{PASS_LABELS[self.pass_no]}：录入机“{self.station}”的录入"
            f"与{self.holder if self.holder == MAIN else '录入机“' + self.holder + '”'}中已有的不同"
        )


@dataclass(frozen=True)
class StationTotals:
    """What one station brings: new keyings, identical ones, conflicting ones, conflicts sent to 核对."""

    name: str
    station_id: str
    file_name: str
    sha256: str
    made_at: str
    merged: int = 0
    unchanged: int = 0
    conflicts: int = 0
    to_reconcile: int = 0


@dataclass(frozen=True)
class MergePlan:
    """What a merge would do.  ``store``: (station index, keying, pass stored as); ``routed``: conflicts
    that go to 核对 as the other pass (only when asked); ``conflicts``: those that refuse the merge;
    ``seen``: (station index, keying) already in the meeting or merged from that station before."""

    stations: tuple[StationFile, ...]
    store: tuple[tuple[int, Keying, int], ...]
    unchanged: int
    conflicts: tuple[Conflict, ...]
    routed: tuple[Conflict, ...]
    totals: tuple[StationTotals, ...] = field(default=())
    seen: tuple[tuple[int, Keying], ...] = field(default=())

    @property
    def merged(self) -> int:
        return len(self.store)


class MergeConflicts(PingyiError):
    """A merge refused because keyings conflict; ``plan`` says what and where.  Nothing was stored."""

    def __init__(self, plan: MergePlan):
        self.plan = plan
        shown = [c.sentence() for c in plan.conflicts[:20]]
        more = [f"……共 {len(plan.conflicts)} 处"] if len(plan.conflicts) > 20 else []
        super().__init__(
            "\n".join(
                [
                    f"有 {len(plan.conflicts)} 张选票的录入互相矛盾，整个合并没有进行，主会议文件未做任何改动：",
                    *shown,
                    *more,
                    "请拿出这些编号的纸质表核对，在录入有误的那台录入机上更正后重新合并；"
                    "或在窗口中用“文件 → 合并录入机…”把矛盾转入“核对”。",
                ]
            )
        )


# -- planning ---------------------------------------------------------------------------
def _existing(meeting: Meeting) -> dict[tuple[str, int], tuple[str, str]]:
    rows = meeting.db.execute(
        "SELECT b.serial, b.pass_no, b.digest, o.station_name FROM ballots b "
        "LEFT JOIN ballot_origin o ON o.ballot_id = b.id"
    )
    return {(serial, pass_no): (digest, holder or MAIN) for serial, pass_no, digest, holder in rows}


def _check_forms(meeting: Meeting, stations: list[StationFile]) -> None:
    forms = dict(meeting.db.execute("SELECT serial, spoiled_reason FROM forms").fetchall())
    faults = []
    for st in stations:
        for k in st.keyings:
            if k.serial not in forms:
                faults.append(f"录入机“{st.info.name}”中的编号 {k.serial} 不是本会议打印的测评表")
            elif forms[k.serial] is not None:
                faults.append(f"录入机“{st.info.name}”中的编号 {k.serial} 的测评表已在主会议作废（{forms[k.serial]}）")
    if faults:
        raise PingyiError(
            "\n".join(
                [
                    "不能合并，主会议文件未做任何改动：",
                    *faults[:20],
                    "请把这些表交给监票人核实，在录入机上删除这些录入后重新合并。",
                ]
            )
        )


def plan_merge(meeting: Meeting, stations: list[StationFile], *, to_reconcile: bool = False) -> MergePlan:
    """What merging ``stations`` (in this order) would store, leave unchanged and refuse.

    With ``to_reconcile`` (the window), a conflicting 一录 or 二录 is planned as the other pass when
    that pass is free and 双录核对 is on, so the two keyings disagree in 核对; nothing is overwritten.
    """
    _check_duplicates(stations)
    _check_forms(meeting, stations)
    have, before = _existing(meeting), _merged_before(meeting)
    store, pending, seen, per = [], [], [], [Counter() for _ in stations]
    for index, st in enumerate(stations):
        for k in st.keyings:
            key = (k.serial, k.pass_no)
            if (st.info.station_id, *key, k.digest) in before or have.get(key, ("",))[0] == k.digest:
                # identical, or merged from this station before: what the main meeting made of it
                # since (a correction, a deletion with its reason) stands
                seen.append((index, k))
                per[index]["unchanged"] += 1
            elif key not in have:
                have[key] = (k.digest, st.info.name)
                store.append((index, k, k.pass_no))
                per[index]["merged"] += 1
            else:
                pending.append((index, k, have[key]))
    conflicts, routed = [], []
    for index, k, (existing, holder) in pending:
        conflict = Conflict(k.serial, k.pass_no, stations[index].info.name, k.digest, holder, existing)
        other = 3 - k.pass_no
        if to_reconcile and k.pass_no in (1, 2) and double_entry(meeting) and (k.serial, other) not in have:
            have[(k.serial, other)] = (k.digest, stations[index].info.name)
            store.append((index, k, other))
            routed.append(conflict)
            per[index]["to_reconcile"] += 1
        else:
            conflicts.append(conflict)
            per[index]["conflicts"] += 1
    totals = tuple(
        StationTotals(st.info.name, st.info.station_id, st.path.name, st.sha256, st.info.made_at, **per[i])
        for i, st in enumerate(stations)
    )
    plan = MergePlan(tuple(stations), tuple(store), len(seen), tuple(conflicts), tuple(routed), totals, tuple(seen))
    return plan


def _merged_before(meeting: Meeting) -> set[tuple[str, str, int, str]]:
    """(station id, serial, pass, digest) of every keying an earlier merge brought in or found identical."""
    return {
        (station["station_id"], serial, pass_no, digest)
        for entry in audit.entries(meeting.db, MERGE_ACTION)
        for station in entry["detail"].get("stations", [])
        for serial, pass_no, digest in station.get("keyings", [])
    }


def _check_duplicates(stations: list[StationFile]) -> None:
    seen: dict[str, str] = {}
    for st in stations:
        if st.info.station_id in seen:
            raise PingyiError(
                f"{st.path.name} 与 {seen[st.info.station_id]} 是同一台录入机“{st.info.name}”的文件，"
                "一次只能合并其中一份（先合并较早的，再合并较新的）。主会议文件未做任何改动。"
            )
        seen[st.info.station_id] = st.path.name


# -- storing -------------------------------------------------------------------------------
def _prepared(cells, digest: str) -> Prepared:
    if digest.startswith(VOID_PREFIX):
        return Prepared(digest[len(VOID_PREFIX) :], (), digest)
    if len(digest) != len(cells):
        raise PingyiError("录入机中有一张选票与主会议的测评表行数不符，不能合并。主会议文件未做任何改动。")
    return Prepared(None, tuple((r, i, int(v)) for (r, i), v in zip(cells, digest, strict=True)), digest)


def _refuse_target(meeting: Meeting) -> None:
    if meeting.station_name is not None:
        raise PingyiError(
            f"当前文件是录入机“{meeting.station_name}”，不能把录入机并入录入机。请打开主会议文件后再合并。"
        )
    if meeting.finalized:
        raise MeetingFinalized("会议已定稿，不能再合并录入机。如确需修改，请先“重新打开”（需填写理由）。")


def merge_stations(meeting: Meeting, paths: list[str | Path], *, to_reconcile: bool = False) -> MergePlan:
    """Merge station files into ``meeting`` in ONE audited transaction; returns what was done.

    Refuses (nothing stored, file unchanged): a foreign or altered station, a differing setup,
    unknown or spoiled serials, and — MergeConflicts — keyings that conflict (unless
    ``to_reconcile`` can send them to 核对).  When nothing is new, nothing is written at all.
    """
    _refuse_target(meeting)
    stations = [read_station(meeting, p) for p in paths]
    plan = plan_merge(meeting, stations, to_reconcile=to_reconcile)
    if plan.conflicts:
        raise MergeConflicts(plan)
    if plan.store:
        _store(meeting, plan)
        backup.ballots_saved(meeting, len(plan.store))
    return plan


def _station_detail(plan: MergePlan, index: int, t: StationTotals) -> dict:
    keyings = [k for i, k, _ in plan.store if i == index] + [k for i, k in plan.seen if i == index]
    return {
        "name": t.name,
        "station_id": t.station_id,
        "file": t.file_name,
        "sha256": t.sha256,
        "merged": t.merged,
        "unchanged": t.unchanged,
        "to_reconcile": t.to_reconcile,
        "keyings": sorted([k.serial, k.pass_no, k.digest] for k in keyings),
        "stored_as_other_pass": sorted(
            [k.serial, k.pass_no, p] for i, k, p in plan.store if i == index and p != k.pass_no
        ),
    }


def _store(meeting: Meeting, plan: MergePlan) -> None:
    cells = layout(meeting)
    prepared = {k.digest: _prepared(cells, k.digest) for _, k, _ in plan.store}
    now = clock.stamp()
    detail = {
        "merged": plan.merged,
        "unchanged": plan.unchanged,
        "stations": [_station_detail(plan, i, t) for i, t in enumerate(plan.totals)],
    }
    with meeting.write(MERGE_ACTION, detail) as db:
        for index, k, stored in plan.store:
            info = plan.stations[index].info
            ballot_id = insert_ballot(db, stored, k.serial, prepared[k.digest], k.entered_at)
            db.execute(
                "INSERT INTO ballot_origin (ballot_id, station_id, station_name) VALUES (?, ?, ?)",
                [ballot_id, info.station_id, info.name],
            )
        for t in plan.totals:
            if t.merged or t.to_reconcile:
                db["station_merges"].insert(
                    {
                        "station_id": t.station_id,
                        "station_name": t.name,
                        "file_name": t.file_name,
                        "sha256": t.sha256,
                        "merged": t.merged + t.to_reconcile,
                        "unchanged": t.unchanged,
                        "to_reconcile": t.to_reconcile,
                        "merged_at": now,
                    }
                )


# -- history ------------------------------------------------------------------------------
@dataclass(frozen=True)
class MergeRecord:
    """Per station: how many keyings came in altogether, how many merges, and the last one's time."""

    name: str
    merged: int
    merges: int
    last_at: str | None


def merge_history(meeting: Meeting) -> list[MergeRecord]:
    """Every station made from or merged into this meeting (in the order made, else first merged),
    with what came in and when."""
    rows = meeting.db.execute(
        "SELECT s.name, coalesce(sum(m.merged), 0), count(m.id), max(m.merged_at) FROM ("
        " SELECT station_id, name, made_at AS since, rowid AS seq FROM stations_made"
        " UNION ALL SELECT station_id, min(station_name), min(merged_at), 0 FROM station_merges"
        "  WHERE station_id NOT IN (SELECT station_id FROM stations_made) GROUP BY station_id) s"
        " LEFT JOIN station_merges m ON m.station_id = s.station_id"
        " GROUP BY s.station_id ORDER BY min(s.since), min(s.seq), s.name"
    ).fetchall()
    return [MergeRecord(*row) for row in rows]
