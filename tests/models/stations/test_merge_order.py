"""Merge order does not change the result (property test): stations merged one by one in any order,
or all in one call, give the same keyings — or are refused, whatever the order, when they conflict."""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from models.errors import PingyiError
from models.meeting import Meeting
from models.stations import MergeConflicts, merge_stations
from tests.models.ballot_helpers import marks_for
from tests.models.stations.helpers import key, keyings, main_meeting, station

FORMS = 5
NAMES = ("一号机", "二号机", "三号机")


@pytest.fixture(scope="module")
def bases(tmp_path_factory):
    """A main meeting (one 一录 keyed on it) and three empty stations, made once."""
    folder = tmp_path_factory.mktemp("stations")
    main = folder / "会议.pingyi"
    serials = main_meeting(main, forms=FORMS)
    key(main, 1, serials[:1])
    return main, [station(main, name) for name in NAMES], serials


def _variant(number: int):
    """Two different keyings of the same paper: variant 0 is marks_for, variant 1 differs in one row."""

    def marks(meeting, serial):
        base = marks_for(meeting, serial)
        return base if number == 0 else {**base, (1, 1): 4 if base.get((1, 1)) != 4 else 1}

    return marks


keying = st.tuples(st.integers(0, FORMS - 1), st.sampled_from([1, 2]), st.sampled_from([0, 0, 0, 1]))
station_keyings = st.lists(keying, max_size=5, unique_by=lambda k: (k[0], k[1]))


def _merge_in_order(main: Path, stations: list[Path], order, at_once: bool):
    """The keyings after merging (None when some merge was refused for conflicting keyings)."""
    try:
        with Meeting.open(main) as meeting:
            if at_once:
                merge_stations(meeting, [stations[i] for i in order])
            else:
                for i in order:
                    merge_stations(meeting, [stations[i]])
    except MergeConflicts:
        return None
    return keyings(main)


def test_merge_order_does_not_change_the_result(bases):
    base_main, base_stations, serials = bases
    seen: Counter = Counter()

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(station_keyings, min_size=3, max_size=3), st.permutations(range(3)), st.permutations(range(3)))
    def check(drawn, first_order, second_order):
        with tempfile.TemporaryDirectory() as folder:
            folder = Path(folder)
            stations = [Path(shutil.copy(p, folder / p.name)) for p in base_stations]
            for path, ks in zip(stations, drawn, strict=True):
                for index, pass_no, variant in ks:
                    key(path, pass_no, [serials[index]], marks=_variant(variant))
            wanted = Counter()
            for ks in drawn:
                for index, pass_no, variant in ks:
                    wanted[(index, pass_no, variant)] += 1
            digests = {(i, p) for i, p, _ in wanted}
            conflict = any(
                len({v for i, p, v in wanted if (i, p) == k} | ({0} if k == (0, 1) else set())) > 1 for k in digests
            )
            event("conflict" if conflict else "overlap" if any(n > 1 for n in wanted.values()) else "clean")
            seen["conflict" if conflict else "overlap" if any(n > 1 for n in wanted.values()) else "clean"] += 1
            results = []
            for order, at_once in ((first_order, False), (second_order, False), (first_order, True)):
                main = Path(shutil.copy(base_main, folder / f"main-{len(results)}.pingyi"))
                results.append(_merge_in_order(main, stations, order, at_once))
            assert results[0] == results[1] == results[2]
            assert (results[0] is None) == conflict
            if not conflict:
                assert results[0] == keyings(base_main) | {
                    (serials[i], p, next(iter(keyings_of(stations, serials[i], p)))) for i, p, _ in wanted
                }

    check()
    assert seen["conflict"] and seen["overlap"] and seen["clean"], seen


def keyings_of(stations: list[Path], serial: str, pass_no: int) -> set[str]:
    """The digests the stations hold for one serial and pass."""
    return {d for path in stations for s, p, d in keyings(path) if (s, p) == (serial, pass_no)}


def test_refused_merge_never_raises_anything_but_a_sentence(bases):
    base_main, _, _ = bases
    with Meeting.open(base_main) as meeting, pytest.raises(PingyiError):
        merge_stations(meeting, [base_main])
