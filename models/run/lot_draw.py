"""抽签: the speaking order of the on-site reporters drawn by lot, reproducible from its seed.

Every draw is recorded in the audit log (round, seed, order, names, reason for a redraw); the
drawn order is written to the reporters' ``speak_order``.  No draw once reporting has started.
"""

from __future__ import annotations

import datetime as _dt
import random
import secrets
from dataclasses import dataclass

from models.errors import InputErrors, PingyiError
from models.labels import ReportMode
from models.meeting import Meeting, audit
from models.setup import list_reporters

DRAW_ACTION = "抽签确定述职顺序"


@dataclass(frozen=True)
class LotDraw:
    """One 抽签: the seed makes the order reproducible (``order_from_seed``)."""

    round: int
    seed: int
    at: _dt.datetime
    order: tuple[int, ...]
    names: tuple[str, ...]
    reason: str = ""


def order_from_seed(reporter_ids: list[int], seed: int) -> list[int]:
    """The speaking order a draw with ``seed`` gives ``reporter_ids`` (in 序号 order)."""
    order = list(reporter_ids)
    random.Random(seed).shuffle(order)
    return order


def lot_draws(meeting: Meeting) -> list[LotDraw]:
    """Every 抽签 so far, oldest first, as recorded in the audit log."""
    out = []
    for entry in audit.entries(meeting.db, DRAW_ACTION):
        d = entry["detail"]
        out.append(LotDraw(d["round"], int(d["seed"]), _dt.datetime.fromisoformat(entry["at"]), tuple(d["order"]),
                           tuple(d["names"]), d.get("reason", "")))
    return out


def reporting_started(meeting: Meeting) -> bool:
    """True once any report's timer has been started."""
    row = meeting.db.execute(
        "SELECT 1 FROM agenda_items WHERE key LIKE 'report:%' AND (started_at IS NOT NULL OR elapsed_ms > 0) "
        "UNION SELECT 1 FROM run_state WHERE running_since IS NOT NULL AND current_key LIKE 'report:%'"
    ).fetchone()
    return row is not None


def draw_lots(meeting: Meeting, reason: str = "", *, seed: int | None = None) -> LotDraw:
    """Draw the speaking order of the on-site reporters by lot; a redraw needs a reason.

    Refused once reporting has started.  The seed, the time and the order go into the audit log.
    """
    onsite = sorted((r for r in list_reporters(meeting) if r.mode is ReportMode.ONSITE), key=lambda r: r.seq)
    previous = lot_draws(meeting)
    if reporting_started(meeting):
        raise PingyiError("述职已经开始，不能再抽签。述职顺序以已公布的抽签结果为准。")
    if len(onsite) < 2:
        raise PingyiError("现场述职人少于 2 人，无需抽签。请先在“准备”中录入述职人。")
    if previous and not (reason or "").strip():
        raise InputErrors([f"已经抽过 {len(previous)} 次签。重新抽签必须填写理由（例如：抽签时有述职人未到场）。"])
    seed = secrets.randbits(64) if seed is None else seed
    order = order_from_seed([r.id for r in onsite], seed)
    names = [next(r.name for r in onsite if r.id == rid) for rid in order]
    detail = {"round": len(previous) + 1, "seed": str(seed), "order": order, "names": names,
              "reason": (reason or "").strip()}
    written = [r for r in list_reporters(meeting) if r.mode is ReportMode.WRITTEN]
    with meeting.write(DRAW_ACTION, detail) as db:
        for n, rid in enumerate(order + [r.id for r in sorted(written, key=lambda r: (r.speak_order, r.seq))], 1):
            db.execute("UPDATE reporters SET speak_order = ? WHERE id = ?", [n, rid])
    return lot_draws(meeting)[-1]
