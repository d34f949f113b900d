"""Plain descriptions of a meeting's counting situation, and a builder that makes a real file of one.

A ``Scenario`` names reporters and categories by index/code and ballots by their marks in form
order (reporter-major, then item), so the reference implementation can count it without the
file and the engine can count the real file built from it.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from models import ballots as ballot_ops
from models import setup
from models.ballots.forms import create_forms
from models.meeting import Meeting

ONSITE = setup.ONSITE_COMPONENT


@dataclass(frozen=True)
class BallotSpec:
    """One paper ballot: its category, void or not, its marks; how its 二录 went (double entry)."""

    category: str
    marks: tuple[int, ...]
    void: bool = False
    second: str = "same"  # double entry: "same" (reconciled), "differ" (mismatch) or "none" (pending)


@dataclass(frozen=True)
class Scenario:
    reporters: int
    categories: tuple[tuple[str, Decimal, int], ...]  # (code, weight, issued)
    ballots: tuple[BallotSpec, ...] = ()
    sub_items: int = 0
    double_entry: bool = False
    rules: dict = field(default_factory=dict)  # set_rules keywords (poor_limit_pct, good_quota_pct …)
    components: tuple[tuple[str, Decimal], ...] = ((ONSITE, Decimal(100)),)
    component_scores: dict = field(default_factory=dict)  # (reporter index, name) → Decimal
    flags: dict = field(default_factory=dict)  # reporter index → reason
    decisions: dict = field(default_factory=dict)  # reporter index → (grade int, reason)

    @property
    def items(self) -> int:
        return 1 + self.sub_items

    def cell(self, ballot: BallotSpec, reporter: int, item: int) -> int:
        return ballot.marks[reporter * self.items + item]


_TEMPLATE: dict[str, Path] = {}


def _template(tmp_root: Path) -> Path:
    """One empty meeting file per test session, copied for every scenario (creating one costs ~0.1 s)."""
    if "path" not in _TEMPLATE:
        path = tmp_root / "template.pingyi"
        Meeting.create(path).close()
        _TEMPLATE["path"] = path
    return _TEMPLATE["path"]


def open_fresh(directory: Path, tmp_root: Path, name: str = "场景.pingyi") -> Meeting:
    """A fresh empty meeting file in ``directory``; fsync off, since a test needs no durability."""
    path = directory / name
    shutil.copyfile(_template(tmp_root), path)
    meeting = Meeting.open(path)
    meeting.db.execute("PRAGMA synchronous = OFF")
    return meeting


def build(meeting: Meeting, sc: Scenario, *, order_seed: int | None = None, one_by_one: bool = False) -> None:
    """Put scenario ``sc`` into the empty ``meeting``; ``order_seed`` shuffles the entry order."""
    setup.set_rules(meeting, double_entry=sc.double_entry, **sc.rules)
    for code, weight, issued in sc.categories:
        setup.add_category(meeting, code, f"{code}类测评人", weight, issued)
    for k in range(sc.sub_items):
        setup.add_item(meeting, f"分项{k + 1}")
    for k in range(sc.reporters):
        setup.add_reporter(meeting, f"述职人{k + 1}", f"第{k + 1}支部")
    _components(meeting, sc)
    _ballots(meeting, sc, order_seed, one_by_one)
    _flags_and_decisions(meeting, sc)


def _components(meeting: Meeting, sc: Scenario) -> None:
    if sc.components != ((ONSITE, Decimal(100)),):
        setup.set_components(meeting, list(sc.components))
    ids = {c.name: c.id for c in setup.list_components(meeting)}
    reporters = setup.list_reporters(meeting)
    for (index, name), score in sc.component_scores.items():
        setup.set_component_score(meeting, reporters[index].id, ids[name], score)


def _marks(meeting: Meeting, sc: Scenario, values: tuple[int, ...]) -> dict:
    cells = ballot_ops.layout(meeting)
    return {cell: v for cell, v in zip(cells, values, strict=True)}


def _differ(values: tuple[int, ...]) -> tuple[int, ...]:
    return ((values[0] % 4) + 1,) + values[1:]


def _keyings(meeting: Meeting, sc: Scenario) -> list[tuple[int, str, dict, str | None]]:
    """(pass, serial, marks, void reason) for every keying the scenario asks for."""
    serials = {code: create_forms(meeting, code, max(1, sum(b.category == code for b in sc.ballots)))
               for code, _, _ in sc.categories}
    out = []
    for b in sc.ballots:
        serial = serials[b.category].pop()
        void = "未按要求划票" if b.void else None
        out.append((1, serial, b.marks, void))
        if sc.double_entry and b.second != "none":
            second = b.marks if b.second == "same" or b.void else _differ(b.marks)
            out.append((2, serial, second, "字迹无法辨认" if b.second == "differ" and b.void else void))
    return out


def _ballots(meeting: Meeting, sc: Scenario, order_seed: int | None, one_by_one: bool) -> None:
    keyings = _keyings(meeting, sc)
    if order_seed is not None:
        random.Random(order_seed).shuffle(keyings)
    if one_by_one:
        for pass_no, serial, values, void in keyings:
            ballot_ops.enter_ballot(meeting, pass_no, serial, _marks(meeting, sc, values), void)
        return
    cells = ballot_ops.layout(meeting)
    prepared = [(pass_no, serial, ballot_ops.prepare(meeting, _marks(meeting, sc, values), void, cells))
                for pass_no, serial, values, void in keyings]
    # the ballots module's own bulk insert, without its rolling backups (they cost time, not coverage)
    with meeting.write("测试选票", {"count": len(prepared)}) as db:
        for pass_no, serial, p in prepared:
            ballot_ops.insert_ballot(db, pass_no, serial, p, "2026-01-01 09:00:00")


def _flags_and_decisions(meeting: Meeting, sc: Scenario) -> None:
    reporters = setup.list_reporters(meeting)
    with meeting.write("测试定档数据", {}) as db:
        for index, reason in sc.flags.items():
            db["flags"].insert({"reporter_id": reporters[index].id, "reason": reason, "flagged_at": "2026-01-01"})
        for index, (grade, reason) in sc.decisions.items():
            db["decisions"].insert({"reporter_id": reporters[index].id, "final_grade": grade, "reason": reason,
                                    "decided_at": "2026-01-01"})
