"""One story builder per document; each ``render_X(data) -> bytes``; ``render_document`` picks by kind."""

from __future__ import annotations

from .agenda_minutes import render_agenda, render_minutes
from .booklet import render_booklet
from .feedback import render_feedback
from .filing_list import render_filing_list
from .handcount import render_handcount
from .ledger import render_ledger
from .progress import render_progress
from .ranking import render_ranking
from .rectification import render_rectification
from .tally_sheet import render_tally_sheet

RENDERERS = {
    "tally": render_tally_sheet,
    "handcount": render_handcount,
    "ranking": render_ranking,
    "feedback": render_feedback,
    "rectification": render_rectification,
    "agenda": render_agenda,
    "minutes": render_minutes,
    "booklet": render_booklet,
    "filing_list": render_filing_list,
    "ledger": render_ledger,
    "progress": render_progress,
}


def render_document(data, seq: int | None = None) -> bytes:
    """The PDF of any document's data (``data.kind`` picks the renderer; ``seq`` is recorded for verify)."""
    if data.kind in ("feedback", "rectification"):
        return RENDERERS[data.kind](data, seq=seq)
    return RENDERERS[data.kind](data)


__all__ = ["RENDERERS", "render_document", "render_agenda", "render_minutes", "render_feedback", "render_handcount",
           "render_ranking", "render_rectification", "render_tally_sheet"]
