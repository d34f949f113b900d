"""Pages with random pen marks of known truth, read back and scored (tests and the bench share it)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from models.labels import GRADES, Mark
from scanning import geometry as G
from scanning.read import FormShape, PageReading, read_page

from . import synth as Y

#: what a rater does on one row, with its weight
ROW_KINDS = {"one": 70, "none": 8, "two": 4, "faint": 4, "outside": 4, "smudge": 4, "scribble": 3, "three": 1}
#: the scanner and phone conditions a page goes through
CONDITIONS = {
    "clean": {},
    "upside_down": {"quarter": 2},
    "turned": {"quarter": 1, "skew": 2.0},
    "skewed": {"skew": -5.0, "noise": 3},
    "skewed_back": {"quarter": 3, "skew": 4.5, "dpi_to": 150},
    "300dpi_jpeg": {"dpi_to": 300, "jpeg": 70, "noise": 4},
    "150dpi_noisy": {"dpi_to": 150, "noise": 8, "jpeg": 60},
    "phone": {"perspective": 0.03, "skew": 3.0, "light": 0.35, "noise": 5, "jpeg": 80, "background": 80},
    "phone_turned": {
        "perspective": 0.04,
        "skew": 12.0,
        "light": 0.3,
        "noise": 5,
        "jpeg": 75,
        "background": 70,
        "dpi_to": 150,
    },
}


def pens_for(kind: str, rng: np.random.Generator) -> tuple[list[Y.Pen], object]:
    """The pens for one row and its truth: a Mark, or "review" when a reader must not decide it."""
    grades = [int(g) for g in rng.permutation(4)]
    clean = lambda g: Y.Pen(str(rng.choice(Y.CLEAN)), g)  # noqa: E731
    if kind == "none":
        return [], Mark.ABSTAIN
    if kind == "one":
        return [clean(grades[0])], GRADES[grades[0]]
    if kind in ("two", "three"):
        n = 2 if kind == "two" else 3
        # two filled boxes may be a correction; keep 多选 to ticks and crosses
        return [Y.Pen(str(rng.choice(["tick", "cross"])), g) for g in grades[:n]], Mark.OVERMARKED
    if kind == "scribble":
        return [Y.Pen("scribble", grades[0]), Y.Pen("tick", grades[1])], "review"
    return [Y.Pen(kind, grades[0])], "review"


@dataclass
class Score:
    rows: int = 0
    wrong: list = field(default_factory=list)
    clean_rows: int = 0
    clean_reviewed: int = 0
    clean_reviewed_rows: list = field(default_factory=list)
    beside_messy: int = 0  # clean rows next to a doubtful one (counted apart: stray ink may reach them)
    beside_messy_reviewed: int = 0
    doubtful_rows: int = 0
    doubtful_missed: list = field(default_factory=list)
    pages_refused: list = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)

    @property
    def clean_review_share(self) -> float:
        return self.clean_reviewed / max(self.clean_rows, 1)

    def add(self, name: str, reading: PageReading, truth: list, spots: G.PageSpots) -> None:
        if reading.status == "refused":
            self.pages_refused.append((name, reading.code, reading.reason))
            return
        messy = {i for i, (_, expected) in enumerate(truth) if expected == "review"}
        above_below = neighbours(spots)
        for index, (row, (kind, expected)) in enumerate(zip(reading.rows, truth, strict=True)):
            self.rows += 1
            self.kinds[kind] += 1
            if expected == "review":
                self.doubtful_rows += 1
                if row.mark is not None:
                    self.doubtful_missed.append((name, kind, row))
                continue
            if messy & above_below[index]:  # a scribble above or below may reach into this row
                self.beside_messy += 1
                self.beside_messy_reviewed += row.mark is None
                if row.mark is not None and row.mark != expected:
                    self.wrong.append((name, kind, expected, row))
                continue
            self.clean_rows += 1
            if row.mark is None:
                self.clean_reviewed += 1
                self.clean_reviewed_rows.append((name, kind, row))
            elif row.mark != expected:
                self.wrong.append((name, kind, expected, row))


def neighbours(spots: G.PageSpots) -> list[set[int]]:
    """For each row of the page, the rows whose cells touch its cells: above, below, and (items as
    columns) the items left and right of it. A scribble in one may reach into the other."""
    spans = [(row.boxes[0].cell[:2], row.boxes[-1].cell[2:]) for row in spots.rows]

    def touch(a, b) -> bool:
        (ax0, ay0), (ax1, ay1) = a
        (bx0, by0), (bx1, by1) = b
        across = min(ax1, bx1) - max(ax0, bx0) > 1 and (abs(ay1 - by0) < 1 or abs(by1 - ay0) < 1)
        beside = min(ay1, by1) - max(ay0, by0) > 1 and (abs(ax1 - bx0) < 1 or abs(bx1 - ax0) < 1)
        return across or beside

    return [{j for j, other in enumerate(spans) if j != i and touch(span, other)} for i, span in enumerate(spans)]


def marked_page(pdf: bytes, shape: FormShape, pdf_page: int, rng: np.random.Generator, dpi: int = 200):
    """A rendered page with random marks, and the truth of each row (kind, expected)."""
    image = Y.render(pdf, pdf_page, dpi)
    spots = shape.spots(pdf_page % shape.page_count)
    kinds = list(ROW_KINDS)
    weights = np.array(list(ROW_KINDS.values()), float)
    pens, truth = {}, []
    for index in range(len(spots.rows)):
        kind = str(rng.choice(kinds, p=weights / weights.sum()))
        row_pens, expected = pens_for(kind, rng)
        pens[index] = row_pens
        truth.append((kind, expected))
    Y.draw(image, spots, pens, rng)
    return image, truth


def run(pdf: bytes, shape: FormShape, pages: int, seed: int, conditions=None) -> Score:
    """Read ``pages`` marked pages under every condition in turn; the score of all of them."""
    rng = np.random.default_rng(seed)
    score = Score()
    names = list(conditions or CONDITIONS)
    for n in range(pages):
        page = n % shape.page_count
        image, truth = marked_page(pdf, shape, page, rng)
        name = names[n % len(names)]
        scanned = Y.scan(image, rng, **CONDITIONS[name])
        spots = shape.spots(page)
        score.add(f"{name}#{n}", read_page(scanned, shape), truth, spots)
    return score
