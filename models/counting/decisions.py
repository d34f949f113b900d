"""定档: final grades, the manual 差 flag, finalising (定稿) with a fingerprint, and reopening.

Every operation is one audited transaction.  After 定稿 the ``meeting.write`` guard refuses
every change (ballots, setup, decisions) until ``reopen`` is called with a reason.
"""

from __future__ import annotations

from models import clock
from models.counting.fingerprint import FINGERPRINT_VERSION, results_fingerprint
from models.counting.tally import compute_tally
from models.errors import InputErrors, MeetingFinalized, PingyiError
from models.labels import GRADE_LABELS, GRADES, Mark
from models.meeting import Meeting, audit
from models.setup import Reporter, get_reporter


def _who(reporter: Reporter) -> str:
    return f"第 {reporter.seq} 位述职人（{reporter.name}）"


def _label(grade: Mark | None) -> str:
    return GRADE_LABELS.get(grade, "无") if grade is not None else "无"


def refuse_if_finalized(meeting: Meeting) -> None:
    """MeetingFinalized (saying how to reopen) when the meeting is 定稿; checked before any other fault."""
    if meeting.finalized:
        raise MeetingFinalized("会议已定稿，结果已锁定，不能再修改等次。如确需修改，请先“重新打开”（需填写理由）。")


def _proposed(meeting: Meeting, reporter_id: int) -> Mark | None:
    result = next(r for r in compute_tally(meeting).reporters if r.reporter.id == reporter_id)
    return result.proposed_grade


def decide(meeting: Meeting, reporter_id: int, grade: Mark, reason: str = "") -> None:
    """Record the final grade; one different from the proposed grade needs a reason.

    Deciding the proposed grade itself clears any earlier decision, so the final grade
    follows the proposed one again.
    """
    refuse_if_finalized(meeting)
    reporter = get_reporter(meeting, reporter_id)
    if grade not in GRADES:
        raise InputErrors([f"{_who(reporter)}：确定等次只能是 好、较好、一般 或 差。"])
    reason = (reason or "").strip()
    proposed = _proposed(meeting, reporter_id)
    if grade == proposed:
        detail = {"seq": reporter.seq, "name": reporter.name, "final_grade": _label(grade), "reason": reason}
        with meeting.write("确定等次（同拟定等次）", detail) as db:
            db.execute("DELETE FROM decisions WHERE reporter_id = ?", [reporter_id])
        return
    if not reason:
        raise InputErrors([f"{_who(reporter)}：确定等次（{_label(grade)}）与拟定等次（{_label(proposed)}）不同，"
                           "必须填写理由（例如党委会研究意见）。"])
    detail = {"seq": reporter.seq, "name": reporter.name, "proposed_grade": _label(proposed),
              "final_grade": _label(grade), "reason": reason}
    with meeting.write("调整等次", detail) as db:
        db["decisions"].upsert({"reporter_id": reporter_id, "final_grade": int(grade), "reason": reason,
                                "decided_at": clock.stamp()}, pk="reporter_id")


def clear_decision(meeting: Meeting, reporter_id: int) -> None:
    """Drop a recorded final grade, so the final grade is the proposed one again."""
    reporter = get_reporter(meeting, reporter_id)
    with meeting.write("撤销调整等次", {"seq": reporter.seq, "name": reporter.name}) as db:
        db.execute("DELETE FROM decisions WHERE reporter_id = ?", [reporter_id])


def flag(meeting: Meeting, reporter_id: int, reason: str) -> None:
    """Mark a reporter 定性为差 (重大失误 / 被问责); needs a reason; forces the proposed grade 差."""
    refuse_if_finalized(meeting)
    reporter = get_reporter(meeting, reporter_id)
    reason = (reason or "").strip()
    if not reason:
        raise InputErrors([f"{_who(reporter)}：定性为差必须填写理由（例如出现重大失误或被问责的情况）。"])
    with meeting.write("定性为差", {"seq": reporter.seq, "name": reporter.name, "reason": reason}) as db:
        db["flags"].upsert({"reporter_id": reporter_id, "reason": reason, "flagged_at": clock.stamp()},
                           pk="reporter_id")


def unflag(meeting: Meeting, reporter_id: int) -> None:
    """Remove the manual 差 flag of a reporter."""
    reporter = get_reporter(meeting, reporter_id)
    with meeting.write("撤销定性为差", {"seq": reporter.seq, "name": reporter.name}) as db:
        db.execute("DELETE FROM flags WHERE reporter_id = ?", [reporter_id])


def fingerprint(meeting: Meeting) -> str:
    """The 定稿 fingerprint of the data now: everything that decides the results (models.counting.fingerprint)."""
    return results_fingerprint(meeting)


def finalize_refusals(meeting: Meeting, waive_reason: str | None = None) -> list[str]:
    """Why 定稿 would be refused now (empty when it may go ahead)."""
    tally = compute_tally(meeting)
    waiving = bool((waive_reason or "").strip())
    return [p.text for p in tally.blocking if not (p.kind == "reconciliation" and waiving)]


def finalize(meeting: Meeting, waive_reason: str | None = None) -> str:
    """定稿: lock results, record the fingerprint and the audit-chain head; returns the fingerprint.

    Refused while the evaluation is invalid, a cross-sum fails, a score component or a final
    grade is missing, or ballots are unreconciled — unless ``waive_reason`` is given: the reason
    is recorded and every unreconciled serial then counts by its 一录 (the ``official_ballots``
    view), so the checks and the fingerprint are taken with those ballots counted.
    """
    if meeting.finalized:
        raise PingyiError("会议已经定稿，无需再次定稿。如需修改，请先“重新打开”（需填写理由）。")
    waiver = (waive_reason or "").strip() or None
    head = audit.chain_head(meeting.db)
    detail = {"chain_head": head, "reconciliation_waiver": waiver}
    with meeting.write("定稿", detail) as db:
        db["meeting"].update(1, {"reconciliation_waiver": waiver})  # counts under the waiver from here on
        refusals = finalize_refusals(meeting)
        if refusals:
            raise InputErrors(refusals, heading="不能定稿，请先处理以下问题：")  # rolls the waiver back too
        detail["fingerprint"] = digest = fingerprint(meeting)
        detail["fingerprint_version"] = FINGERPRINT_VERSION
        db["meeting"].update(1, {"finalized": 1, "finalized_at": clock.stamp(), "fingerprint": digest,
                                 "chain_head": head})
    return digest


def reopen(meeting: Meeting, reason: str) -> None:
    """Undo 定稿 so changes are possible again; needs a reason, which is logged."""
    if not meeting.finalized:
        raise PingyiError("会议尚未定稿，无需重新打开。")
    reason = (reason or "").strip()
    if not reason:
        raise InputErrors(["重新打开已定稿的会议必须填写理由。"])
    old = meeting.db.execute("SELECT fingerprint, chain_head FROM meeting WHERE id = 1").fetchone()
    detail = {"reason": reason, "fingerprint": old[0], "chain_head": old[1]}
    with meeting.write("重新打开", detail, allow_finalized=True) as db:
        db["meeting"].update(1, {"finalized": 0, "finalized_at": None, "fingerprint": None,
                                 "chain_head": None, "reconciliation_waiver": None})
