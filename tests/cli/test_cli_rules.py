"""Issue 10, done when: four meetings built only through the command line (``new --setup``, ``forms``,
``ballots --pass``, ``flag``, ``decide``, ``tally --json``) count exactly as the independent reference
(tests/models/reference_tally.py) says — one with 差票计入等次 = 差, one on the default 一般和差 at the
10 % edge where 一般 alone triggers, one with 每票好等次上限 = 70 %, one with double entry, sub-items,
平时考核 and the 好 quota.  The workbook and the ballot files are what a clerk would type."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

from tests.models.reference_tally import reference_tally
from tests.models.tally_scenarios import ONSITE, BallotSpec, Scenario

ROOT = Path(__file__).resolve().parents[2]
G, FG, AV, P, AB, MULTI = 1, 2, 3, 4, 0, 9
LABEL = {0: None, 1: "好", 2: "较好", 3: "一般", 4: "差", 9: "多"}
GRADE = {1: "好", 2: "较好", 3: "一般", 4: "差", None: None}
VOID_REASON = "未按要求划票"


def cli(*args, code: int = 0) -> subprocess.CompletedProcess:
    out = subprocess.run(
        [sys.executable, "main.py", *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == code, (args, out.stdout, out.stderr)
    return out


def _column_rows(columns: list[list[int]]) -> list[tuple[int, ...]]:
    return [tuple(row) for row in zip(*columns, strict=True)]


def _random_rows(seed: int, reporters: int, count: int, items: int, weights) -> list[tuple[int, ...]]:
    rng = random.Random(seed)  # a fixed, varied keying (random.Random's choices honours its weights)
    return [
        tuple(rng.choices([AB, G, FG, AV, P, MULTI], weights)[0] for _ in range(reporters * items))
        for _ in range(count)
    ]


def meeting_poor_alone() -> Scenario:
    # 5 reporters, A and B.  No. 2: 3 一般 of 20 (15 %) but no 差 → not 差 under 差票计入等次 = 差;
    # No. 3: 3 差 of 20 → 差; No. 4 flagged; No. 5 decided 较好 against its proposal.
    cols = [[G] * 20, [AV] * 3 + [G] * 17, [P] * 3 + [G] * 17, [FG] * 20, [G] * 10 + [FG] * 10]
    rows = _column_rows(cols)
    ballots = tuple(BallotSpec("A" if k < 8 else "B", row) for k, row in enumerate(rows))
    ballots += (BallotSpec("B", (G,) * 5, void=True),)
    return Scenario(
        5,
        (("A", Decimal(3), 8), ("B", Decimal(2), 13)),
        ballots,
        rules={"poor_grades": "差"},
        flags={3: "发生重大安全事故被问责"},
        decisions={4: (2, "党委会研究决定")},
    )


def meeting_default_edge() -> Scenario:
    # default 一般和差, 20 valid: No. 1 2 一般 (10 %, no), No. 2 3 一般 (15 %: 一般 alone triggers),
    # No. 3 1 一般 + 1 差 (10 %, no), No. 4 all 好.
    cols = [[AV] * 2 + [G] * 18, [AV] * 3 + [G] * 17, [AV, P] + [G] * 18, [G] * 20]
    ballots = tuple(BallotSpec("A", row) for row in _column_rows(cols))
    return Scenario(4, (("A", Decimal(1), 20),), ballots)


def meeting_cap() -> Scenario:
    # 10 reporters, 每票好等次上限 70 %: 7 好 is allowed, 8 is void (超比例), also when on the sub-item only.
    rows = [(G,) * 7 + (FG,) * 3] * 6 + [(G,) * 8 + (AV,) * 2] * 2 + [(FG,) * 10] * 4

    def with_sub(row, sub):
        return tuple(v for pair in zip(row, sub, strict=True) for v in pair)

    ballots = [BallotSpec("A", with_sub(r, (FG,) * 10)) for r in rows]
    ballots.append(BallotSpec("A", with_sub((FG,) * 10, (G,) * 8 + (FG,) * 2)))  # over on the sub-item
    ballots.append(BallotSpec("B", with_sub((G,) * 7 + (P,) * 3, (G,) * 7 + (AV,) * 3)))
    return Scenario(
        10, (("A", Decimal(1), 13), ("B", Decimal(1), 1)), tuple(ballots), sub_items=1, rules={"good_cap_pct": 70}
    )


def meeting_mixed() -> Scenario:
    # double entry, two sub-items, 平时考核 30 %, 好 quota 30 %, varied random marks, one void ballot.
    rows = _random_rows(10, 6, 24, 3, [2, 40, 30, 20, 6, 2])
    ballots = tuple(BallotSpec("ABC"[k % 3], row, void=(k == 5)) for k, row in enumerate(rows))
    scores = {(r, "平时考核"): Decimal(v) for r, v in enumerate(["92", "88.5", "75", "95", "80", "85"])}
    return Scenario(
        6,
        (("A", Decimal(3), 8), ("B", Decimal(2), 8), ("C", Decimal(1), 9)),
        ballots,
        sub_items=2,
        double_entry=True,
        rules={"good_quota_pct": 30},
        components=((ONSITE, Decimal(70)), ("平时考核", Decimal(30))),
        component_scores=scores,
        decisions={0: (3, "党委会研究决定")},
    )


MEETINGS = {
    "poor_alone": meeting_poor_alone,
    "default_edge": meeting_default_edge,
    "cap": meeting_cap,
    "mixed": meeting_mixed,
}


# -- what the clerk types --------------------------------------------------------------
def _rows(sheet, rows) -> None:
    sheet.delete_rows(2, sheet.max_row)
    for row in rows:
        sheet.append(list(row))


def fill_setup(template: Path, path: Path, sc: Scenario) -> None:
    book = openpyxl.load_workbook(template)
    extra = [name for name, _ in sc.components if name != ONSITE]
    roster = [
        [k + 1, f"述职人{k + 1}", f"第{k + 1}党支部", "书记", "现场", k + 1]
        + [sc.component_scores.get((k, name)) for name in extra]
        for k in range(sc.reporters)
    ]
    _rows(book["述职人"], roster)
    for j, name in enumerate(extra):
        book["述职人"].cell(1, 7 + j, name)
    _rows(book["测评人类别"], [(code, f"{code}类测评人", weight, issued) for code, weight, issued in sc.categories])
    _rows(book["测评项目"], [(1, "总体评价", "是")] + [(k + 2, f"分项{k + 1}", "否") for k in range(sc.sub_items)])
    values = {
        "双录核对": "是" if sc.double_entry else "否",
        "差票计入等次": sc.rules.get("poor_grades", "一般和差"),
        "每票好等次上限": sc.rules.get("good_cap_pct"),
        "好等次比例上限": sc.rules.get("good_quota_pct"),
    }
    for row in book["计分规则"].iter_rows(min_row=2):
        if row[0].value in values:
            row[1].value = values[row[0].value]
    _rows(book["评价构成"], [(name, weight) for name, weight in sc.components])
    book.save(path)


def write_ballots(path: Path, sc: Scenario, serials: dict[str, list[str]], second: bool = False) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["编号", *(f"{r + 1}-{i + 1}" for r in range(sc.reporters) for i in range(sc.items)), "作废"])
    left = {code: list(s) for code, s in serials.items()}
    rows = []
    for b in sc.ballots:
        serial = left[b.category].pop(0)
        if second and b.second == "none":
            continue
        rows.append([serial, *(_typed(v, second) for v in b.marks), VOID_REASON if b.void else None])
    for row in reversed(rows) if second else rows:  # the 二录 clerk types digits, papers in another order
        sheet.append(row)
    book.save(path)


def _typed(mark: int, digits: bool):
    return (str(mark) if mark else None) if digits else LABEL[mark]


def build_by_cli(tmp: Path, template: Path, sc: Scenario) -> dict:
    setup_path, meeting = tmp / "设置.xlsx", tmp / "评议会.pingyi"
    fill_setup(template, setup_path, sc)
    assert "已新建会议" in cli("new", meeting, "--setup", setup_path).stdout
    serials = {}
    for code, _, issued in sc.categories:
        serials[code] = cli(
            "forms", meeting, "--category", code, "--count", issued, "-o", tmp / f"{code}.pdf"
        ).stdout.split()
        assert len(serials[code]) == issued
    write_ballots(tmp / "选票.xlsx", sc, serials)
    out = cli("ballots", meeting, tmp / "选票.xlsx", "--pass", 1).stdout
    assert f"已导入 {len(sc.ballots)} 张选票（一录）" in out
    capped = sum(1 for b in sc.ballots if _over(sc, b))
    assert (f"其中 {capped} 张“好”超过每票上限" in out) is (capped > 0)
    if sc.double_entry:
        write_ballots(tmp / "二录.xlsx", sc, serials, second=True)
        cli("ballots", meeting, tmp / "二录.xlsx", "--pass", 2)
    for index, reason in sc.flags.items():
        assert "已定性为差" in cli("flag", meeting, "--seq", index + 1, "--reason", reason).stdout
    for index, (grade, reason) in sc.decisions.items():
        cli("decide", meeting, "--seq", index + 1, "--grade", GRADE[grade], "--reason", reason)
    return json.loads(cli("tally", meeting, "--json").stdout)


def _over(sc: Scenario, b: BallotSpec) -> bool:
    from tests.models.reference_tally import over_cap

    return over_cap(sc, b)


# -- the comparison --------------------------------------------------------------------
def _round(x: Fraction | None, places: int) -> float | None:
    if x is None:
        return None
    q = Decimal(1).scaleb(-places)
    return float((Decimal(x.numerator) / Decimal(x.denominator)).quantize(q, ROUND_HALF_UP))


def assert_matches_reference(data: dict, sc: Scenario) -> None:
    want = reference_tally(sc)
    got_categories = {
        c["code"]: {"returned": c["returned"], "void": c["void"], "valid": c["valid"], "cap_void": c["void_over_cap"]}
        for c in data["categories"]
    }
    assert got_categories == want.categories
    assert data["valid"] is want.valid
    assert data["rules"]["poor_grades"] == sc.rules.get("poor_grades", "一般和差")
    for got, x in zip(data["reporters"], want.reporters, strict=True):
        seq = got["seq"]
        assert (got["counts"], got["valid"]) == (x.counts, x.valid), seq
        assert [i["counts"] for i in got["items"]] == x.items, seq
        assert (got["onsite_score"], got["combined_score"]) == (_round(x.onsite, 2), _round(x.combined, 2)), seq
        assert (got["good_rate"], got["poor_rate"], got["limit_rate"]) == (
            _round(x.good_rate, 4),
            _round(x.poor_rate, 4),
            _round(x.limit_rate, 4),
        ), seq
        assert (got["proposed_grade"], got["final_grade"]) == (GRADE[x.proposed], GRADE[x.final]), seq
        assert (got["grade_reasons"], got["rank"], got["tied"]) == (list(x.reasons), x.rank, x.tied), seq


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("rules_cli") / "模板.xlsx"
    cli("roster-template", path)
    return path


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", list(MEETINGS))
def test_meeting_built_by_the_command_line_counts_as_the_reference(name, template, tmp_path):
    sc = MEETINGS[name]()
    data = build_by_cli(tmp_path, template, sc)
    assert_matches_reference(data, sc)
    by_seq = {r["seq"]: r for r in data["reporters"]}
    if name == "poor_alone":  # 一般 15 % does not count under 差
        assert (
            by_seq[2]["limit_rate"] == 0
            and by_seq[2]["grade_reasons"] == []
            and by_seq[3]["grade_reasons"] == ["poor_rate"]
        )
        assert by_seq[4]["final_grade"] == "差" and by_seq[5]["final_grade"] == "较好"
    elif name == "default_edge":  # exactly 10 % does not trigger; 一般 alone above it does
        assert [by_seq[s]["limit_rate"] for s in (1, 2, 3)] == [0.1, 0.15, 0.1]
        assert [by_seq[s]["proposed_grade"] for s in (1, 2, 3, 4)] == ["好", "差", "好", "好"]
        assert by_seq[2]["poor_rate"] == 0 and by_seq[2]["grade_reasons"] == ["poor_rate"]
    elif name == "cap":
        a, b = data["categories"]
        assert (a["void"], a["void_over_cap"], a["valid"], b["valid"]) == (3, 3, 10, 1)
        assert by_seq[1]["counts"]["good"] == 7  # six ballots of 7 好 in A, one in B
    shutil.rmtree(tmp_path, ignore_errors=True)
