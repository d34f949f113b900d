"""Next year: carry last year's ledger items and results into this meeting.

Last year's file is never opened in place: its bytes are copied to a temporary folder and the copy
is read (and migrated, if it is older); the original's SHA-256 is taken before and after and must
agree.  Reporters are matched by unit, then by name, so a unit whose secretary changed keeps its
items.  The items come over with their status and progress, marked 上年度, with the old file's
SHA-256 and 定稿 fingerprint recorded; each matched reporter's score, grade and rank come over too.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from models.counting import compute_tally, round_half_up
from models.errors import FileRefused, PingyiError
from models.labels import GRADE_LABELS
from models.ledger.items import LedgerItem, ledger_write, list_items
from models.meeting import Meeting
from models.setup import Reporter, get_facts, list_reporters

DASH = "—"


@dataclass(frozen=True)
class CarryResult:
    items: int
    open_items: int
    results: int
    unmatched: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class PreviousResult:
    """Last year's result of a reporter's unit (or of the same person)."""

    reporter_id: int
    name: str
    unit: str
    score: str
    grade: str
    rank: str
    meeting: str


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def carry_over(meeting: Meeting, old_path) -> CarryResult:
    """Copy last year's items and results into ``meeting``; the old file is read, never changed."""
    old_path = Path(old_path)
    if not old_path.is_file():
        raise FileRefused(f"找不到上年度会议文件 {old_path}。请检查路径。")
    if old_path.resolve() == Path(meeting.path).resolve():
        raise PingyiError("上年度会议文件不能是本会议文件本身。请选择上一年的会议文件。")
    digest = _sha256(old_path)
    done = meeting.db.execute("SELECT file_name FROM carried_meetings").fetchone()
    if done:
        same = meeting.db.execute("SELECT 1 FROM carried_meetings WHERE file_sha256 = ?", [digest]).fetchone()
        if same:
            return CarryResult(0, 0, 0, (), f"已从 {done[0]} 导入过上年度问题，本次没有改动。")
        raise PingyiError(f"本会议已从 {done[0]} 导入过上年度问题，不能再导入另一个文件。")
    source = _read_copy(old_path, digest, _read_old)
    return _store(meeting, old_path.name, digest, source)


def _read_copy(old_path: Path, digest: str, read):
    """``read(meeting)`` on a temporary copy of last year's file (migrated there if older), never the file."""
    with tempfile.TemporaryDirectory(prefix="pingyi-carry-") as tmp:
        copy = Path(tmp) / old_path.name  # a refusal names the clerk's file
        shutil.copyfile(old_path, copy)
        with Meeting.open(copy) as old:
            result = read(old)
    if _sha256(old_path) != digest:
        raise PingyiError(f"读取期间 {old_path.name} 被其他程序改动了，本次未导入。请稍后重试。")
    return result


def start_from_last_year(meeting: Meeting, old_path) -> CarryResult:
    """A new meeting set up like last year's (roster, categories, items, rules; no scores), then carried over."""
    import dataclasses

    from models.setup.workbook import apply_setup, setup_from_meeting

    old_path = Path(old_path)
    if not old_path.is_file():
        raise FileRefused(f"找不到上年度会议文件 {old_path}。请检查路径。")
    digest = _sha256(old_path)
    data = _read_copy(old_path, digest, setup_from_meeting)
    roster = tuple(dataclasses.replace(r, scores=()) for r in data.reporters)
    categories = tuple(dataclasses.replace(c, issued=0) for c in data.categories)
    apply_setup(
        meeting,
        dataclasses.replace(data, reporters=roster, categories=categories),
        {"上年度会议": old_path.name, "sha256": digest},
    )
    return carry_over(meeting, old_path)


@dataclass(frozen=True)
class _Old:
    title: str
    date: str
    fingerprint: str | None
    reporters: tuple[Reporter, ...]
    items: tuple[LedgerItem, ...]
    results: dict


def _read_old(old: Meeting) -> _Old:
    facts = get_facts(old)
    fingerprint = old.db.execute("SELECT fingerprint FROM meeting WHERE id = 1").fetchone()[0]
    items = tuple(i for i in list_items(old) if i.carried_from is None or not i.done_by(_far_future()))
    results = {}
    for r in compute_tally(old).reporters:
        score = r.combined_score if r.combined_score is not None else r.onsite_score
        grade = r.final_grade or r.proposed_grade
        rank = DASH if r.rank is None else f"{r.rank}{'（并列）' if r.tied else ''}"
        results[r.reporter.id] = (
            DASH if score is None else str(round_half_up(score, 2)),
            GRADE_LABELS[grade] if grade is not None else DASH,
            rank,
        )
    return _Old(facts.title, facts.date, fingerprint, tuple(list_reporters(old)), items, results)


def _far_future():
    import datetime as _dt

    return _dt.date(9999, 12, 31)


def match_reporters(old: tuple[Reporter, ...], new: list[Reporter]) -> dict[int, Reporter]:
    """Old reporter id → this year's reporter: same unit first, then same name; each used once."""
    out, used = {}, set()
    for key in (lambda r: r.unit.strip(), lambda r: r.name.strip()):
        for o in old:
            if o.id in out or not key(o):
                continue
            match = next((n for n in new if n.id not in used and key(n) == key(o)), None)
            if match is not None:
                out[o.id] = match
                used.add(match.id)
    return out


def _store(meeting: Meeting, file_name: str, digest: str, old: _Old) -> CarryResult:
    matched = match_reporters(old.reporters, list_reporters(meeting))
    unmatched = tuple(f"{r.name}（{r.unit or '无单位'}）" for r in old.reporters if r.id not in matched)
    items = [i for i in old.items if i.reporter_id in matched]
    detail = {
        "file": file_name,
        "sha256": digest,
        "fingerprint": old.fingerprint,
        "meeting": old.title,
        "items": len(items),
        "reporters": len(matched),
        "unmatched": list(unmatched),
    }
    with ledger_write(meeting, "导入上年度会议", detail) as db:
        carried = (
            db["carried_meetings"]
            .insert(
                {
                    "file_name": file_name,
                    "file_sha256": digest,
                    "fingerprint": old.fingerprint,
                    "title": old.title,
                    "date": old.date,
                    "carried_at": _now(),
                }
            )
            .last_pk
        )
        for item in items:
            _copy_item(db, item, matched[item.reporter_id].id, carried)
        for old_id, rep in matched.items():
            old_rep = next(r for r in old.reporters if r.id == old_id)
            score, grade, rank = old.results.get(old_id, (DASH, DASH, DASH))
            db["previous_results"].insert(
                {
                    "reporter_id": rep.id,
                    "carried_from": carried,
                    "name": old_rep.name,
                    "unit": old_rep.unit,
                    "score": score,
                    "grade": grade,
                    "rank": rank,
                }
            )
    open_items = sum(1 for i in items if not i.done_by(_far_future()))
    return CarryResult(
        len(items), open_items, len(matched), unmatched, _text(file_name, old, items, open_items, matched, unmatched)
    )


def _now() -> str:
    from models import clock

    return clock.stamp()


def _copy_item(db, item: LedgerItem, reporter_id: int, carried: int) -> None:
    position = db.execute(
        "SELECT coalesce(max(position), 0) + 1 FROM problems WHERE reporter_id = ?", [reporter_id]
    ).fetchone()[0]
    new_id = (
        db["problems"]
        .insert(
            {
                "reporter_id": reporter_id,
                "position": position,
                "text": item.problem,
                "source": item.source.value,
                "measure": item.measure,
                "owner": item.owner,
                "deadline": item.due,
                "status": item.status.value,
                "done": item.done,
                "evidence": item.evidence,
                "carried_from": carried,
                "carried_item": item.id,
                "origin": "carried",
            }
        )
        .last_pk
    )
    for p in item.progress:
        db["problem_progress"].insert({"problem_id": new_id, "date": p.date, "text": p.text})


def _text(file_name, old: _Old, items, open_items, matched, unmatched) -> str:
    stamp = f"定稿指纹 {old.fingerprint[:16]}…" if old.fingerprint else "该会议未定稿，无指纹"
    text = (
        f"已从上年度会议“{old.title}”（{file_name}，{stamp}）导入 {len(items)} 个问题"
        f"（未完成 {open_items} 个）和 {len(matched)} 位述职人的上年度得分、等次、名次。"
    )
    if unmatched:
        text += f"未匹配到本年度述职人（其问题未导入）：{'、'.join(unmatched)}。"
    return text + "上年度会议文件未做任何改动。"


def previous_results(meeting: Meeting) -> dict[int, PreviousResult]:
    """This year's reporter id → last year's result (empty when nothing was carried over)."""
    rows = meeting.db.execute(
        "SELECT p.reporter_id, p.name, p.unit, p.score, p.grade, p.rank, c.title FROM previous_results p "
        "JOIN carried_meetings c ON c.id = p.carried_from"
    ).fetchall()
    return {r[0]: PreviousResult(*r) for r in rows}
