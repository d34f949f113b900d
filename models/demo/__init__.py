"""The demo meeting: a complete, plausible meeting (roster, categories, a recorded run and ballots
keyed twice) for trying Pingyi, for tests and for benchmarks.

Builds on the operations of every other part of ``models``, like a clerk would.
"""

from models.demo.ballots import add_demo_ballots
from models.demo.meeting import create_demo

__all__ = ["add_demo_ballots", "create_demo"]
