"""Running the meeting: the agenda derived from the roster (一述一评), the lot draw, the run state
and timer, the leaders, comments and problems recorded, and the minutes' data.

Builds on ``models.meeting`` and ``models.setup``.  Other layers import the modules here by name
(``from models.run import agenda, run_state, minutes``).
"""
