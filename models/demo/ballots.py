"""Realistic demo ballots: mostly 好/较好, some 一般, rare 差, a few abstentions, over-marks and void ballots."""

from __future__ import annotations

import random

from models.ballots.forms import create_forms
from models.ballots.keying import double_entry, layout, prepare, store_many
from models.errors import PingyiError
from models.meeting import Meeting
from models.setup import list_categories

VOID_REASONS = ("未按要求划票", "整张表未填写", "字迹涂改无法辨认")
#: grade weights (好, 较好, 一般, 差) of a strong, an ordinary and a weak reporter
PROFILES = {
    "strong": (84, 13, 2.6, 0.4),
    "ordinary": (62, 28, 8, 2),
    "weak": (36, 34, 17, 13),
}


def _profiles(reporter_ids: list[int], rng: random.Random) -> dict[int, tuple]:
    out = {rid: PROFILES["strong" if rng.random() < 0.65 else "ordinary"] for rid in reporter_ids}
    if len(reporter_ids) >= 5:
        out[rng.choice(reporter_ids)] = PROFILES["weak"]
    return out


def _split(count: int, categories) -> dict[str, int]:
    """Ballots per category, in proportion to the issued counts (evenly when none are set)."""
    weights = [c.issued for c in categories] if any(c.issued for c in categories) else [1] * len(categories)
    shares = [count * w / sum(weights) for w in weights]
    out = [int(s) for s in shares]
    order = sorted(range(len(shares)), key=lambda k: shares[k] - out[k], reverse=True)
    for k in order[: count - sum(out)]:
        out[k] += 1
    return {c.code: n for c, n in zip(categories, out, strict=True)}


def _free_serials(meeting: Meeting, code: str, needed: int) -> list[str]:
    free = [r[0] for r in meeting.db.execute(
        "SELECT f.serial FROM forms f JOIN categories c ON c.id = f.category_id "
        "WHERE c.code = ? AND f.spoiled_reason IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM ballots b WHERE b.serial = f.serial) ORDER BY f.serial", [code])]
    if len(free) < needed:
        free += create_forms(meeting, code, needed - len(free))
    return free[:needed]


def _marks(cells, profiles, rng: random.Random) -> dict:
    if rng.random() < 0.3:  # many evaluators tick 好 all the way down
        return {cell: 1 for cell in cells}
    marks = {}
    for cell in cells:
        roll = rng.random()
        if roll < 0.012:
            continue  # left blank: 弃权
        if roll < 0.016:
            marks[cell] = 9
            continue
        marks[cell] = rng.choices((1, 2, 3, 4), weights=profiles[cell[0]])[0]
    return marks


def _typo(marks: dict, cells, rng: random.Random) -> dict:
    """The same ballot with one row keyed differently (a second-entry slip)."""
    cell = rng.choice(cells)
    changed = dict(marks)
    changed[cell] = 2 if marks.get(cell, 0) == 1 else 1
    return changed


def add_demo_ballots(meeting: Meeting, count: int, seed: int, *, mismatches: int = 2) -> int:
    """Add ``count`` demo ballots across the categories (both passes under double entry); returns count.

    Under double entry ``mismatches`` ballots get a 二录 that differs in one row, left for the
    clerk to settle on the 核对 screen; every other ballot is reconciled.
    """
    categories = list_categories(meeting)
    if not categories:
        raise PingyiError("演示会议还没有测评人类别，无法生成演示选票。请先添加类别（如 A 票）。")
    if count <= 0:
        return 0
    rng = random.Random(seed)
    cells = layout(meeting)
    profiles = _profiles(sorted({r for r, _ in cells}), rng)
    serials = [s for code, n in _split(count, categories).items() for s in _free_serials(meeting, code, n)]
    voids = set(rng.sample(range(count), k=max(1, count // 40))) if count >= 10 else set()
    keyings = [
        (serial, _marks(cells, profiles, rng), rng.choice(VOID_REASONS) if k in voids else None)
        for k, serial in enumerate(serials)
    ]
    entries = [(1, s, prepare(meeting, m, v, cells)) for s, m, v in keyings]
    if double_entry(meeting):
        slips = set(rng.sample([k for k, (_, _, v) in enumerate(keyings) if v is None] or [0],
                               k=min(mismatches, sum(v is None for _, _, v in keyings))))
        for k, (serial, marks, void) in enumerate(keyings):
            second = _typo(marks, cells, rng) if k in slips else marks
            entries.append((2, serial, prepare(meeting, second, void, cells)))
    store_many(meeting, "添加演示选票", {"count": count, "seed": seed}, entries)
    return count
