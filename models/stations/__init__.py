"""Several entry laptops (录入机): station copies of a meeting and merging them back.

A station is a copy of the main meeting made after the forms are printed; it knows its name,
its own id, the main meeting's id and the setup fingerprint it was made with, and it may only
key or scan ballots (``Meeting.write`` refuses anything else on a station).  Merging reads a
station file without changing it and brings its ballots into the main meeting in one audited
transaction: identical keyings change nothing, a different keying under the same serial and
pass refuses the whole merge (or, from the window, goes to 核对 as a disagreement), a station of
another meeting or with a different setup is refused.

Builds on ``models.meeting`` and ``models.ballots``.  Other layers call:
``make_station``, ``station_info``, ``read_station``, ``plan_merge``, ``merge_stations``,
``merge_history``.
"""

from models.stations.identity import StationInfo, meeting_id, setup_fingerprint, station_info
from models.stations.making import make_station
from models.stations.merging import (
    Conflict,
    MergeConflicts,
    MergePlan,
    MergeRecord,
    StationTotals,
    merge_history,
    merge_stations,
    plan_merge,
)
from models.stations.reading import Keying, StationFile, read_station

__all__ = [
    "Conflict",
    "Keying",
    "MergeConflicts",
    "MergePlan",
    "MergeRecord",
    "StationFile",
    "StationInfo",
    "StationTotals",
    "make_station",
    "meeting_id",
    "merge_history",
    "merge_stations",
    "plan_merge",
    "read_station",
    "setup_fingerprint",
    "station_info",
]
