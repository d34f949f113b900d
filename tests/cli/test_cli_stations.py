"""``station MEETING -o FILE --name NAME`` and ``merge MEETING FILE... [--json]``, as pinned in issue 15."""

from __future__ import annotations

import json

from cli import run_command
from models.meeting import Meeting
from models.stations import station_info
from tests.models.ballot_helpers import marks_for
from tests.models.stations.helpers import key, main_meeting, sha


def _station(capsys, main, name):
    target = main.with_name(f"{name}.pingyi")
    assert run_command(["station", str(main), "-o", str(target), "--name", name]) == 0
    assert f"已制作录入机“{name}”" in capsys.readouterr().out
    return target


def _merge(capsys, *paths):
    code = run_command(["merge", *map(str, paths), "--json"])
    out = capsys.readouterr()
    return code, json.loads(out.out), out.err


def test_two_stations_merge_then_merging_again_changes_nothing(tmp_path, capsys):
    main = tmp_path / "会议.pingyi"
    serials = main_meeting(main, forms=8)
    first, second = _station(capsys, main, "一号机"), _station(capsys, main, "二号机")
    with Meeting.open(first) as st:
        assert station_info(st).name == "一号机"
    key(first, 1, serials)
    key(second, 2, serials)
    assert _merge(capsys, main, first, second) == (0, {"merged": 16, "unchanged": 0, "conflicts": []}, "")
    before = sha(main)
    assert _merge(capsys, main, second, first) == (0, {"merged": 0, "unchanged": 16, "conflicts": []}, "")
    assert sha(main) == before
    assert run_command(["merge", str(main), str(first)]) == 0
    assert "新并入 0 张，已有相同的 8 张" in capsys.readouterr().out


def test_a_conflict_exits_1_with_its_list_and_stores_nothing(tmp_path, capsys):
    main = tmp_path / "会议.pingyi"
    serials = main_meeting(main, forms=8)
    first, second = _station(capsys, main, "一号机"), _station(capsys, main, "二号机")
    key(first, 1, serials[:3])
    key(second, 1, serials[2:5], marks=lambda m, s: {} if marks_for(m, s) else {(1, 1): 1})
    before = sha(main)
    code, out, err = _merge(capsys, main, first, second)
    assert code == 1 and out == {
        "merged": 0,
        "unchanged": 0,
        "conflicts": [{"serial": serials[2], "pass": 1, "station": "二号机"}],
    }
    assert "整个合并没有进行" in err and serials[2] in err
    assert sha(main) == before


def test_a_foreign_station_exits_1_and_stores_nothing(tmp_path, capsys):
    main, other = tmp_path / "会议.pingyi", tmp_path / "别的.pingyi"
    main_meeting(main)
    main_meeting(other)
    foreign = _station(capsys, other, "外来机")
    before = sha(main)
    assert run_command(["merge", str(main), str(foreign), "--json"]) == 1
    out = capsys.readouterr()
    assert out.out == "" and "另一场会议的录入机" in out.err
    assert sha(main) == before


def test_station_refusals_are_sentences(tmp_path, capsys):
    main = tmp_path / "会议.pingyi"
    main_meeting(main)
    assert run_command(["station", str(main), "-o", str(tmp_path / "无此文件夹" / "x.pingyi"), "--name", "二号机"]) == 1
    assert "文件夹" in capsys.readouterr().err
