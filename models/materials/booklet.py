"""The data of the 述职报告汇编: each reporter's report and self-evaluation as paragraphs, in speaking
order, for printing before the meeting (书面述职 distribution) and publishing after it."""

from __future__ import annotations

from dataclasses import dataclass

from models.meeting import Meeting
from models.setup import get_facts, list_reporters

from .store import list_materials

TITLE_MAX = 40
_SENTENCE_END = ("。", "；", "！", "？", ".", ";")


@dataclass(frozen=True)
class BookletPart:
    """One reporter's pages: heading, who, the report's and the self-evaluation's paragraphs (may be empty)."""

    seq: int
    name: str
    unit: str
    title: str
    mode: str
    heading: str
    report: tuple[str, ...]
    self_eval: tuple[str, ...]

    @property
    def who(self) -> str:
        """“<unit><title>　<name>” for under the heading and in the contents."""
        post = joined_post(self.unit, self.title)
        return f"{post}　{self.name}" if post else self.name

    @property
    def submitted(self) -> bool:
        return bool(self.report or self.self_eval)


@dataclass(frozen=True)
class BookletData:
    """What the 汇编 prints: the meeting, and one part per reporter in speaking order."""

    meeting_title: str
    organiser: str
    date_text: str
    rehearsal: bool
    parts: tuple[BookletPart, ...]
    draft: bool = False  # inside a draft filing package: 草稿 on every page
    kind: str = "booklet"


def joined_post(unit: str, title: str) -> str:
    """Unit and post without the repeated words: 松林镇党委 + 党委书记 → 松林镇党委书记."""
    for k in range(min(len(unit), len(title)), 0, -1):
        if unit.endswith(title[:k]):
            return unit + title[k:]
    return unit + title


def booklet_data(meeting: Meeting, *, draft: bool = False) -> BookletData:
    """The 汇编's data; a reporter without materials is listed in the contents as 未提交."""
    facts = get_facts(meeting)
    texts = {(m.reporter_id, m.kind): m.text for m in list_materials(meeting) if m.reporter_id is not None}
    parts = []
    for r in sorted(list_reporters(meeting), key=lambda r: (r.speak_order, r.seq)):
        heading, report = split_heading(paragraphs(texts.get((r.id, "report"), "")), r.name, "述职报告")
        _, self_eval = split_heading(paragraphs(texts.get((r.id, "self_eval"), "")), r.name, "自我评价")
        parts.append(BookletPart(r.seq, r.name, r.unit, r.title, r.mode.long_label, heading, report, self_eval))
    return BookletData(facts.title, facts.organiser, facts.date, facts.rehearsal, tuple(parts), draft)


def paragraphs(text: str) -> tuple[str, ...]:
    """Non-empty paragraphs, stripped of the indent spaces typed by hand."""
    return tuple(p.strip(" \t\u3000") for p in text.split("\n") if p.strip(" \t\u3000"))


def split_heading(parts: tuple[str, ...], name: str, word: str) -> tuple[str, tuple[str, ...]]:
    """(heading, body): a short first line naming ``word`` becomes the heading (else ``word`` itself);
    short lines with the reporter's name right after it are dropped (the 汇编 prints its own)."""
    heading, body = word, list(parts)
    if body and _short(body[0]) and (word in body[0] or "述职" in body[0]):
        heading = body.pop(0)
    while body and _short(body[0]) and name and name in body[0]:
        body.pop(0)
    return heading, tuple(body)


def _short(line: str) -> bool:
    return len(line) <= TITLE_MAX and not line.endswith(_SENTENCE_END)
