"""Double entry (双录核对): which serials still need a keying, which disagree, and re-keying.

A mismatch between 一录 and 二录 is settled only by keying the paper once more (pass 3);
that keying counts when it agrees with one of the two, else the mismatch stays.  The
rule itself is the ``official_ballots`` VIEW; this module only reports on it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from models import clock
from models.ballots.cap import CAP_VOID_REASON, cap_allowed, cap_excess
from models.ballots.keying import (
    PASS_LABELS,
    Ballot,
    BallotRefused,
    SerialRefused,
    _ballot,
    check_form,
    double_entry,
    insert_ballot,
    load_ballots,
    prepare,
    to_serial,
)
from models.errors import MeetingFinalized
from models.meeting import Meeting

VOID = "void"
SCAN = 4  # the pass of a ballot read from scans


@dataclass(frozen=True)
class Mismatch:
    """A serial whose 一录 and 二录 differ; ``differing`` holds (reporter_id, item_id) keys and/or "void"."""

    serial: str
    first: Ballot
    second: Ballot
    rekey: Ballot | None
    differing: frozenset
    cap_notes: tuple[str, ...] = ()  #: which keyings the 每票好等次上限 makes void (超比例)


@dataclass(frozen=True)
class Reconciliation:
    entered_once: list[str]
    mismatches: list[Mismatch]
    reconciled: int


@dataclass(frozen=True)
class EntrySummary:
    """Keyings per pass; ``reconciled`` serials settled, ``mismatched`` unsettled, ``pending`` keyed once only."""

    double_entry: bool
    pass1: int
    pass2: int
    reconciled: int
    mismatched: int
    pending: int


def differing_cells(first: Ballot, second: Ballot) -> frozenset:
    """The cells (and "void") where two keyings of one paper disagree."""
    if first.is_void or second.is_void:
        return frozenset({VOID}) if first.void_reason != second.void_reason else frozenset()
    keys = set(first.marks) | set(second.marks)
    return frozenset(k for k in keys if first.mark(*k) != second.mark(*k))


def _digests_by_serial(meeting: Meeting) -> dict[str, dict[int, str]]:
    out: dict[str, dict[int, str]] = defaultdict(dict)
    for serial, pass_no, digest in meeting.db.execute("SELECT serial, pass_no, digest FROM ballots"):
        out[serial][pass_no] = digest
    return out


def _passes(meeting: Meeting, serial: str) -> dict[int, str]:
    return dict(meeting.db.execute("SELECT pass_no, digest FROM ballots WHERE serial = ?", [serial]).fetchall())


def _state(passes: dict[int, str]) -> str:
    """'once', 'agreed', 'settled' or 'mismatch' for the keyings of one serial.

    A scanned reading (pass 4) is settled on its own; where the serial is also keyed, scan and
    keyings are reconciled like two passes: equal → agreed, else a re-keying equal to one settles it.
    """
    if SCAN in passes:
        keyed = [passes[p] for p in (1, 2) if p in passes]
        if all(d == passes[SCAN] for d in keyed):
            return "agreed" if keyed else "scanned"
        return "settled" if passes.get(3) in {passes[SCAN], *keyed} else "mismatch"
    if 1 not in passes or 2 not in passes:
        return "once" if (1 in passes or 2 in passes) else "rekey-only"
    if passes[1] == passes[2]:
        return "agreed"
    return "settled" if passes.get(3) in (passes[1], passes[2]) else "mismatch"


def reconciliation(meeting: Meeting) -> Reconciliation:
    """Serials keyed once only, mismatches (with the differing cells) and how many are settled."""
    digests = _digests_by_serial(meeting)
    if not double_entry(meeting):  # only a scan and a keying of one paper can disagree
        digests = {s: p for s, p in digests.items() if SCAN in p and (1 in p or 2 in p)}
    states = {serial: _state(passes) for serial, passes in digests.items()}
    once = sorted(s for s, st in states.items() if st == "once")
    bad = sorted(s for s, st in states.items() if st == "mismatch")
    reconciled = sum(st in ("agreed", "settled") for st in states.values())
    return Reconciliation(once, _mismatches(meeting, bad), reconciled)


def _mismatches(meeting: Meeting, serials: list[str]) -> list[Mismatch]:
    if not serials:
        return []
    marks = ",".join("?" * len(serials))
    by_serial: dict[str, dict[int, Ballot]] = defaultdict(dict)
    for ballot in load_ballots(meeting, f"b.serial IN ({marks})", serials):
        by_serial[ballot.serial][ballot.pass_no] = ballot
    out, allowed = [], cap_allowed(meeting)
    for serial in serials:
        keyed = by_serial[serial]
        first = keyed.get(1) or keyed[2]
        second = keyed[2] if 1 in keyed and 2 in keyed and keyed[2].digest != first.digest else keyed.get(SCAN)
        second = second or keyed[2]
        notes = cap_notes(allowed, first, second, keyed.get(3))
        out.append(Mismatch(serial, first, second, keyed.get(3), differing_cells(first, second), notes))
    return out


def cap_notes(allowed: int | None, *keyings: Ballot | None) -> tuple[str, ...]:
    """“一录：‘好’8 个，超过每票上限 7 个，按废票计（超比例）” for each keying over the cap."""
    notes = []
    for ballot in keyings:
        excess = None if ballot is None or ballot.is_void else cap_excess(ballot.marks, allowed)
        if excess is not None:
            notes.append(f"{PASS_LABELS.get(ballot.pass_no, '扫描')}：‘好’{excess.goods} 个，超过每票上限 "
                         f"{excess.allowed} 个，按废票计（{CAP_VOID_REASON}）")
    return tuple(notes)


def entry_summary(meeting: Meeting) -> EntrySummary:
    """Counts for the status line and the entry screen."""
    counts = dict(meeting.db.execute("SELECT pass_no, count(*) FROM ballots GROUP BY pass_no").fetchall())
    state = reconciliation(meeting)
    return EntrySummary(double_entry(meeting), counts.get(1, 0), counts.get(2, 0), state.reconciled,
                        len(state.mismatches), len(state.entered_once))


def check_rekey_serial(meeting: Meeting, text: str) -> str:
    """The normalized serial if it has an unsettled mismatch; SerialRefused saying why not otherwise."""
    if meeting.finalized:
        raise MeetingFinalized("会议已定稿，不能再录入选票。如确需修改，请先“重新打开”（需填写理由）。")
    serial = to_serial(text)
    check_form(meeting, serial)
    passes = _passes(meeting, serial)
    if not double_entry(meeting) and SCAN not in passes:
        raise BallotRefused("本会议未开启“双录核对”，没有需要核对重录的选票。")
    state = _state(passes)
    reasons = {
        "scanned": f"编号 {serial} 由扫描读入且已审核完毕，无需核对重录。",
        "rekey-only": f"编号 {serial} 尚未录入，无需核对。请先在一录、二录中录入。",
        "once": f"编号 {serial} 只录入了一次，请先完成另一遍录入，再看是否需要核对。",
        "agreed": f"编号 {serial} 的一录与二录一致，无需核对重录。",
        "settled": f"编号 {serial} 已由核对重录确认，无需再录。",
    }
    if state != "mismatch":
        raise SerialRefused(reasons[state], serial=serial)
    return serial


def settle_by_rekey(meeting: Meeting, serial: str, marks: dict, void_reason: str | None = None) -> Ballot:
    """Key a mismatched paper once more (pass 3); it counts if it equals the 一录 or the 二录.

    A previous re-keying that matched neither is replaced.  When this one matches neither
    either, it is stored and the serial stays listed as a mismatch.
    """
    serial = check_rekey_serial(meeting, serial)
    prepared = prepare(meeting, marks, void_reason)
    passes = _passes(meeting, serial)
    matched = [p for p in (1, 2, SCAN) if passes.get(p) == prepared.digest]
    entered_at = clock.stamp()
    detail = {"serial": serial, "digest": prepared.digest, "matches": matched,
              "replaces": passes.get(3)}
    with meeting.write("核对重录", detail) as db:
        db.execute("DELETE FROM ballots WHERE serial = ? AND pass_no = 3", [serial])
        ballot_id = insert_ballot(db, 3, serial, prepared, entered_at)
    return _ballot(ballot_id, serial, 3, serial[0], prepared, entered_at)


def is_settled(meeting: Meeting, serial: str) -> bool:
    """Whether a serial's keyings now agree (一录 = 二录, or a re-keying equal to one of them)."""
    return _state(_passes(meeting, serial)) in ("agreed", "settled")
