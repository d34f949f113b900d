"""Writer process for the crash test: enters ballots and prints ``ACK <serial>`` after each commit.

Run as ``python -m tests.models.crash_writer PATH [PASS]`` from the project root; the test kills it
with SIGKILL at a random moment.  ``write(path, out, pass_no)`` is the same loop for a forked child.
"""

from __future__ import annotations

import os
import sys


def write(path: str, out, pass_no: int = 1) -> None:
    """Enter every printed form not yet keyed in ``pass_no``, acknowledging each after its commit."""
    from models.ballots import enter_ballot
    from models.meeting import Meeting
    from tests.models.ballot_helpers import marks_for

    meeting = Meeting.open(path)
    todo = [r[0] for r in meeting.db.execute(
        "SELECT serial FROM forms WHERE serial NOT IN (SELECT serial FROM ballots WHERE pass_no = ?) "
        "ORDER BY serial", [pass_no])]
    out.write("READY\n")
    out.flush()
    for serial in todo:
        void = "无法辨认" if serial[2] in "23" else None
        enter_ballot(meeting, pass_no, serial, marks_for(meeting, serial), void)
        out.write(f"ACK {serial}\n")
        out.flush()
    meeting.close()
    out.write("DONE\n")
    out.flush()


if __name__ == "__main__":
    sys.path.insert(0, os.getcwd())
    write(sys.argv[1], sys.stdout, int(sys.argv[2]) if len(sys.argv) > 2 else 1)
