"""The tally / decide / flag / unflag / finalize / reopen sub-commands, run as a clerk would (subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from models.counting import compute_tally, tally_json
from models.meeting import Meeting
from tests.models.tally_scenarios import BallotSpec, Scenario, build

ROOT = Path(__file__).resolve().parents[2]
G, FG, AV, P = 1, 2, 3, 4


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def _json(path: Path) -> dict:
    """The tally JSON read in-process (cheaper than one more subprocess)."""
    with Meeting.open(path) as m:
        return json.loads(json.dumps(tally_json(compute_tally(m)), ensure_ascii=False))


def _make(path: Path, sc: Scenario) -> Path:
    with Meeting.create(path) as meeting:
        meeting.db.execute("PRAGMA synchronous = OFF")
        build(meeting, sc)
    return path


@pytest.fixture
def meeting_file(tmp_path) -> Path:
    # 张 1: 好 ×3 · 2: 好, 较好, 较好 · 3: 一般, 一般, 差 (差 1/3 > 10 %)
    rows = [(G, G, AV), (G, FG, AV), (G, FG, P)]
    return _make(tmp_path / "评议会.pingyi", Scenario(3, (("A", Decimal(1), 3),), tuple(BallotSpec("A", r) for r in rows)))


def test_tally_json_is_the_engine_json(meeting_file):
    out = cli("tally", meeting_file, "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data == _json(meeting_file)
    assert [(r["seq"], r["proposed_grade"], r["rank"]) for r in data["reporters"]] == [
        (1, "好", 1), (2, "较好", 2), (3, "差", 3)]
    assert data["reporters"][2]["grade_reasons"] == ["poor_rate"]
    assert data["reporters"][1]["onsite_score"] == 86.67 and data["reporters"][2]["poor_rate"] == 0.3333


def test_tally_table_is_readable_and_aligned(meeting_file):
    out = cli("tally", meeting_file)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    header = next(line for line in lines if line.startswith("序号"))
    assert "拟定等次" in header and "排名" in header
    row = next(line for line in lines if "述职人3" in line)
    assert "差票超限（一般和差票占 100.00%，超过 10%）" in row and "100.00%" in row and "一般和差票率" in header
    # the numbers of every reporter row end at the same display column as the header's 测评得分
    from cli.counting import _width
    ends = {_width(line[: line.index(s) + len(s)]) for line, s in
            [(header, "测评得分")] + [(line, "100.00") for line in lines if "述职人1" in line]}
    assert len(ends) == 1


def test_decide_needs_reason_for_a_different_grade(meeting_file):
    out = cli("decide", meeting_file, "--seq", 1, "--grade", "较好")
    assert out.returncode == 1 and "必须填写理由" in out.stderr and "第 1 位述职人（述职人1）" in out.stderr
    out = cli("decide", meeting_file, "--seq", 1, "--grade", "较好", "--reason", "党委会研究决定")
    assert out.returncode == 0, out.stderr
    assert "确定等次：较好（拟定等次：好）" in out.stdout
    with Meeting.open(meeting_file) as m:
        r = compute_tally(m).reporters[0]
    assert (r.final_grade.label, r.override_reason, r.grade_reasons) == ("较好", "党委会研究决定", ("override",))


@pytest.mark.parametrize("args, code, message", [
    (["decide", "--seq", 1, "--grade", "优秀"], 2, "用法错误"),
    (["decide", "--seq", 9, "--grade", "好"], 1, "没有序号为 9 的述职人"),
    (["flag", "--seq", 1], 2, "用法错误"),
    (["unflag", "--seq", 1], 1, "没有被定性为差"),
])
def test_refusals(meeting_file, args, code, message):
    out = cli(args[0], meeting_file, *args[1:])
    assert out.returncode == code
    assert message in out.stderr


def test_flag_and_unflag(meeting_file):
    out = cli("flag", meeting_file, "--seq", 2, "--reason", "被问责")
    assert out.returncode == 0 and "已定性为差" in out.stdout
    data = _json(meeting_file)
    assert (data["reporters"][1]["proposed_grade"], data["reporters"][1]["grade_reasons"]) == ("差", ["manual_flag"])
    assert cli("unflag", meeting_file, "--seq", 2).returncode == 0
    assert _json(meeting_file)["reporters"][1]["proposed_grade"] == "较好"


def test_finalize_locks_and_reopen_unlocks(meeting_file):
    out = cli("finalize", meeting_file)
    assert out.returncode == 0, out.stderr
    digest = out.stdout.strip().rsplit("：", 1)[1]
    assert len(digest) == 64
    data = _json(meeting_file)
    assert data["meeting"]["finalized"] is True and data["meeting"]["fingerprint"] == digest
    out = cli("decide", meeting_file, "--seq", 1, "--grade", "一般", "--reason", "x")
    assert out.returncode == 1 and "已定稿" in out.stderr and "重新打开" in out.stderr
    assert cli("reopen", meeting_file).returncode == 2
    out = cli("reopen", meeting_file, "--reason", "平时考核分数录错")
    assert out.returncode == 0, out.stderr
    assert _json(meeting_file)["meeting"]["finalized"] is False


def test_finalize_refused_when_invalid_and_waiver(tmp_path):
    over = _make(tmp_path / "多收.pingyi", Scenario(1, (("A", Decimal(1), 1),), (BallotSpec("A", (G,)),) * 2))
    out = cli("finalize", over)
    assert out.returncode == 1
    assert "不能定稿" in out.stderr and "收回票数多于发出票数，测评无效" in out.stderr
    pending = _make(tmp_path / "未核对.pingyi", Scenario(1, (("A", Decimal(1), 2),),
                                                       (BallotSpec("A", (G,)), BallotSpec("A", (P,), second="none")),
                                                       double_entry=True))
    out = cli("finalize", pending)
    assert out.returncode == 1 and "只录入了一遍" in out.stderr
    out = cli("finalize", pending, "--waive-reconciliation", "二录人员缺席，经主持人同意")
    assert out.returncode == 0, out.stderr
    data = _json(pending)
    assert data["reconciliation"] == {"required": True, "pending": 1, "mismatched": 0, "waived": True}
