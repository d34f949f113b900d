"""A whole meeting day scripted through the command line, as a power user would (subprocess only).

roster-template → fill it → new → forms → ballots (一录, 二录, again) → tally --json → decide / flag →
finalize → print / export / archive → verify (file, archive folder, tampered archive).
The expected numbers are worked out here from the grades typed below, by plain arithmetic.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
TITLE = "中共东湖县委2026年度党组织书记抓基层党建工作述职评议会"

# seq, name, unit, post, mode, 平时考核
REPORTERS = [
    (1, "王建国", "城关镇党委", "党委书记", "现场", 92),
    (2, "李秀英", "河西乡党委", "党委书记", "现场", 88),
    (3, "张伟", "东山镇党委", "党委书记", "现场", 75),
    (4, "刘洋", "县教育局党组", "党组书记", "现场", 95),
    (5, "陈静", "县人民医院党委", "党委书记", "现场", 80),
    (6, "杨帆", "南湖街道党工委", "党工委书记", "现场", 85),
    (7, "赵磊", "县交通运输局党组", "党组书记", "现场", 85),
    (8, "黄丽", "县供销社党委", "党委书记", "书面", 70),
]
CATEGORIES = [("A", "县委领导班子成员", 3, 5), ("B", "党员代表", 2, 6)]  # code, name, weight, issued
WEIGHTS = {"A": 3, "B": 2}
ONSITE_PCT, USUAL_PCT = 70, 30
POINTS = {"1": 100, "2": 80, "3": 60, "4": 0}
LABEL = {"0": None, "1": "好", "2": "较好", "3": "一般", "4": "差", "9": "多"}
# the overall item of every returned form, one digit per reporter (0 blank = 弃权);
# reporter 3 gets 2 差 of 10 valid (20 % > 10 %), reporter 4 exactly 1 of 10 (10 %, no hit)
BALLOTS = {
    "A": ["11111112", "12110112", "11212113", "11111111", "12443112"],
    "B": ["12112113", "11210112", "11121112", "12413110", "11110223", "44444444"],
}
VOID_REASON = "未按要求划票"  # the last B form is void: its marks count nowhere
SUBITEM_MULTI = ("A", 0, 1)  # 多选 on the sub-item of reporter 1 on the first A form


def cli(*args, code: int = 0) -> subprocess.CompletedProcess:
    out = subprocess.run([sys.executable, "main.py", *map(str, args)], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == code, (args, out.returncode, out.stdout, out.stderr)
    return out


# -- step 1: the set-up workbook ---------------------------------------------------
def _rows(sheet, rows) -> None:
    sheet.delete_rows(2, sheet.max_row)
    for row in rows:
        sheet.append(list(row))


def fill_setup(path: Path) -> None:
    book = openpyxl.load_workbook(path)
    facts = {"会议名称": TITLE, "主办单位": "中共东湖县委组织部", "日期": "2026-12-30", "地点": "县委第一会议室",
             "主持人": "周正"}
    for row in book["会议信息"].iter_rows(min_row=2):
        if row[0].value in facts:
            row[1].value = facts[row[0].value]
    roster = book["述职人"]
    _rows(roster, [(seq, name, unit, post, mode, seq, usual) for seq, name, unit, post, mode, usual in REPORTERS])
    roster.cell(1, 7, "平时考核")
    _rows(book["测评人类别"], CATEGORIES)
    _rows(book["测评项目"], [(1, "总体评价", "是"), (2, "履行职责情况", "否")])
    rules = {row[0].value: row[1] for row in book["计分规则"].iter_rows(min_row=2)}
    assert rules["双录核对"].value == "是" and rules["差票比例上限"].value == 10
    assert rules["差票计入等次"].value == "一般和差"
    rules["差票计入等次"].value = "差"  # this day's 方案 counts 差 alone (一般和差: tests/cli/test_cli_rules.py)
    _rows(book["评价构成"], [("现场测评", ONSITE_PCT), ("平时考核", USUAL_PCT)])
    book.save(path)


# -- step 3: the ballots file --------------------------------------------------------
def _subitem(code: str, k: int, seq: int, digit: str) -> str:
    return "9" if (code, k, seq) == SUBITEM_MULTI else digit


def write_ballots(path: Path, serials: dict[str, list[str]], *, second_clerk: bool = False) -> None:
    """The typed ballots; the second clerk (二录, typed independently) takes the stack from the bottom."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["编号", *(f"{seq}-{item}" for seq, *_ in REPORTERS for item in (1, 2)), "作废"])
    lines = []
    for code, rows in BALLOTS.items():
        for k, (serial, digits) in enumerate(zip(serials[code], rows, strict=True)):
            cells = []
            for seq, d in enumerate(digits, start=1):
                cells += [LABEL[d], LABEL[_subitem(code, k, seq, d)]]
            void = VOID_REASON if (code, k) == ("B", 5) else None
            lines.append([serial, *cells, void])
    for line in reversed(lines) if second_clerk else lines:
        sheet.append(line)
    book.save(path)


# -- step 4: what the tally must say, by hand ------------------------------------------
def _r2(x: Fraction) -> float:
    return float((Decimal(x.numerator) / Decimal(x.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP))


def _valid(code: str) -> list[str]:
    return BALLOTS[code][:-1] if code == "B" else BALLOTS[code]


def expected() -> dict[int, dict]:
    out = {}
    for seq, _name, _unit, _post, _mode, usual in REPORTERS:
        marks = {c: [row[seq - 1] for row in _valid(c)] for c in WEIGHTS}
        every = [m for c in WEIGHTS for m in marks[c]]
        scores = {c: Fraction(sum(POINTS[m] for m in ms if m != "0"), sum(m != "0" for m in ms)) for c, ms in marks.items()}
        onsite = sum(WEIGHTS[c] * s for c, s in scores.items()) / sum(WEIGHTS.values())
        combined = (ONSITE_PCT * onsite + USUAL_PCT * usual) / Fraction(100)
        grade = "好" if combined >= 90 else "较好" if combined >= 80 else "一般" if combined >= 60 else "差"
        poor_hit = Fraction(every.count("4"), len(every)) > Fraction(10, 100)
        out[seq] = {
            "counts": {k: every.count(d) for k, d in
                       [("good", "1"), ("fairly_good", "2"), ("average", "3"), ("poor", "4"), ("abstain", "0")]},
            "valid": len(every), "onsite": _r2(onsite), "combined": _r2(combined),
            "proposed": "差" if poor_hit else grade, "reasons": ["poor_rate"] if poor_hit else [],
            "key": (-combined, -every.count("1"), every.count("4")),
        }
    keys = sorted(e["key"] for e in out.values())
    for e in out.values():
        e["rank"] = keys.index(e["key"]) + 1
    return out


def check_tally(data: dict) -> None:
    exp = expected()
    assert data["valid"] is True and data["problems"] == []
    assert data["reconciliation"] == {"required": True, "pending": 0, "mismatched": 0, "waived": False}
    assert [(c["code"], c["issued"], c["returned"], c["void"], c["valid"]) for c in data["categories"]] == [
        ("A", 5, 5, 0, 5), ("B", 6, 6, 1, 5)]
    for r in data["reporters"]:
        e = exp[r["seq"]]
        assert (r["counts"], r["valid"]) == (e["counts"], e["valid"]), r["seq"]
        assert (r["onsite_score"], r["combined_score"]) == (e["onsite"], e["combined"]), r["seq"]
        assert (r["proposed_grade"], r["grade_reasons"], r["rank"]) == (e["proposed"], e["reasons"], e["rank"]), r["seq"]
    # the hand-picked edges, stated plainly
    by_seq = {r["seq"]: r for r in data["reporters"]}
    assert by_seq[3]["poor_rate"] == 0.2 and by_seq[3]["proposed_grade"] == "差" and by_seq[3]["combined_score"] == 75.7
    assert by_seq[4]["poor_rate"] == 0.1 and by_seq[4]["grade_reasons"] == [] and by_seq[4]["proposed_grade"] == "较好"
    assert (by_seq[6]["rank"], by_seq[7]["rank"], by_seq[6]["tied"], by_seq[2]["rank"]) == (2, 2, True, 4)
    assert by_seq[5]["counts"]["abstain"] == 3 and by_seq[8]["mode"] == "written"
    sub = by_seq[1]["items"][1]
    assert sub["name"] == "履行职责情况" and sub["counts"] == {"good": 9, "fairly_good": 0, "average": 0, "poor": 0, "abstain": 1}
    assert by_seq[1]["components"]["平时考核"] == 92


# -- steps 5 and 6: read back ---------------------------------------------------------
def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def set_up(tmp_path: Path) -> Path:
    meeting, setup = tmp_path / "评议会.pingyi", tmp_path / "设置.xlsx"
    assert "已写出准备表模板" in cli("roster-template", setup).stdout
    fill_setup(setup)
    out = cli("new", meeting, "--setup", setup).stdout
    assert "已新建会议" in out and "述职人 8 位（书面述职 1 位）" in out
    assert "已存在，不会覆盖" in cli("new", meeting, "--setup", setup, code=1).stderr
    return meeting


def print_forms(meeting: Path, tmp_path: Path) -> dict[str, list[str]]:
    serials = {}
    for code, _name, _weight, issued in CATEGORIES:
        out = cli("forms", meeting, "--category", code, "--count", issued, "-o", tmp_path / f"{code}.pdf").stdout
        serials[code] = out.split()
        assert len(set(serials[code])) == issued and all(s.startswith(f"{code}-") for s in serials[code])
    text = pdf_text(tmp_path / "A.pdf")
    assert "党组织书记抓基层党建工作述职评议表" in text and "黄丽" in text and "履行职责情况" in text
    return serials


def enter_ballots(meeting: Path, ballots: Path, second: Path) -> None:
    assert "已导入 11 张选票（一录）" in cli("ballots", meeting, ballots, "--pass", 1).stdout
    assert "二录须独立录入" in cli("ballots", meeting, ballots, "--pass", 2, code=1).stderr  # blind double entry
    assert "已导入 11 张选票（二录）" in cli("ballots", meeting, second, "--pass", 2).stdout
    again = cli("ballots", meeting, ballots, "--pass", 1).stdout
    assert "11 张选票都已在一录中录入过且完全相同，没有任何改动" in again


def decide_and_finalize(meeting: Path) -> dict:
    out = cli("decide", meeting, "--seq", 2, "--grade", "较好", "--reason", "党委会研究决定").stdout
    assert "确定等次：较好（拟定等次：好）" in out
    assert "已定性为差" in cli("flag", meeting, "--seq", 5, "--reason", "发生重大安全事故被问责").stdout
    assert "已定稿" in cli("finalize", meeting).stdout
    refused = cli("decide", meeting, "--seq", 4, "--grade", "好", "--reason", "再议", code=1)
    assert "已定稿" in refused.stderr and "重新打开" in refused.stderr
    data = json.loads(cli("tally", meeting, "--json").stdout)
    by_seq = {r["seq"]: r for r in data["reporters"]}
    assert data["meeting"]["finalized"] and len(data["meeting"]["fingerprint"]) == 64
    assert (by_seq[2]["final_grade"], by_seq[2]["override_reason"]) == ("较好", "党委会研究决定")
    assert (by_seq[5]["final_grade"], by_seq[5]["grade_reasons"]) == ("差", ["manual_flag"])
    assert [by_seq[s]["final_grade"] for s in (1, 3, 4, 8)] == ["好", "差", "较好", "一般"]
    return data


def check_documents(meeting: Path, tmp_path: Path, data: dict) -> None:
    cli("print", meeting, "tally", "-o", tmp_path / "t.pdf")
    text = pdf_text(tmp_path / "t.pdf")
    assert data["meeting"]["fingerprint"] in text.replace("\n", "").replace(" ", "")
    assert all(name in text for _, name, *_ in REPORTERS) and "草稿" not in text
    cli("print", meeting, "feedback", "--seq", 2, "-o", tmp_path / "f.pdf")
    feedback = pdf_text(tmp_path / "f.pdf")
    assert "李秀英" in feedback and "河西乡党委" in feedback and "党委会研究决定" in feedback
    assert "王建国" not in feedback


def check_workbook(meeting: Path, tmp_path: Path, data: dict) -> None:
    cli("export", meeting, "-o", tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["汇总"]
    header = [c.value for c in sheet[2]]
    rows = {row[0]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=3, values_only=True)
            if isinstance(row[0], int)}
    assert sorted(rows) == list(range(1, 9)) and TITLE in sheet["A1"].value and "草稿" not in sheet["A1"].value
    for r in data["reporters"]:
        row = rows[r["seq"]]
        assert (row["姓名"], row["好"], row["差"], row["有效票"]) == (r["name"], r["counts"]["good"],
                                                                 r["counts"]["poor"], r["valid"])
        assert (row["测评得分"], row["综合得分"], row["确定等次"]) == (r["onsite_score"], r["combined_score"],
                                                                 r["final_grade"])


def check_archive(meeting: Path, tmp_path: Path) -> None:
    root = tmp_path / "备案"
    root.mkdir()
    refused = cli("archive", meeting, "-o", root, code=1)  # no 述职材料 attached in this day
    assert "备案材料不齐" in refused.stderr and not list(root.iterdir())
    cli("archive", meeting, "-o", root, "--allow-missing", "述职材料由各单位另行报送")
    (folder,) = root.iterdir()
    assert "结论：全部通过" in cli("verify", meeting).stdout
    assert "结论：全部通过" in cli("verify", meeting, "--document", folder).stdout
    ranking = folder / "02_排名表.pdf"
    tampered = bytearray(ranking.read_bytes())
    tampered[len(tampered) // 2] ^= 0x01
    ranking.write_bytes(bytes(tampered))
    bad = cli("verify", meeting, "--document", folder, code=1)
    assert "失败  02_排名表.pdf" in bad.stdout and "发现问题" in bad.stdout


def test_a_whole_meeting_day_from_the_command_line(tmp_path):
    meeting = set_up(tmp_path)
    serials = print_forms(meeting, tmp_path)
    write_ballots(tmp_path / "选票.xlsx", serials)
    write_ballots(tmp_path / "二录.xlsx", serials, second_clerk=True)
    enter_ballots(meeting, tmp_path / "选票.xlsx", tmp_path / "二录.xlsx")
    check_tally(json.loads(cli("tally", meeting, "--json").stdout))
    data = decide_and_finalize(meeting)
    check_documents(meeting, tmp_path, data)
    check_workbook(meeting, tmp_path, data)
    check_archive(meeting, tmp_path)
