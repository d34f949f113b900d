"""A small counted meeting for the 计票 / 定档 screens (single entry, so every ballot counts)."""

from models import setup
from models.ballots import enter_ballot
from models.ballots.forms import create_forms
from models.labels import Mark
from models.meeting import Meeting

#: per reporter: the grades on the ballots of category A (one ballot per grade)
GRADES = {
    "张三": [Mark.GOOD] * 9 + [Mark.FAIRLY_GOOD],
    "李四": [Mark.GOOD] * 5 + [Mark.FAIRLY_GOOD] * 3 + [Mark.POOR] * 2,  # 差票 20 % > 10 %
    "王五": [Mark.GOOD] * 6 + [Mark.FAIRLY_GOOD] * 2 + [Mark.AVERAGE] * 2,
}


def counted_meeting(path) -> Meeting:
    meeting = Meeting.create(path)
    setup.set_facts(meeting, title="测试述职评议会", date="2026-12-01")
    setup.set_rules(meeting, double_entry=False, poor_grades="差")  # 王五 (20 % 一般) stays 较好
    setup.add_category(meeting, "A", "领导班子成员", 1, 10)
    reporters = [setup.add_reporter(meeting, name, f"{name}所在支部") for name in GRADES]
    overall = setup.overall_item(meeting)
    for i, serial in enumerate(create_forms(meeting, "A", 10)):
        marks = {(r.id, overall.id): GRADES[r.name][i] for r in reporters}
        enter_ballot(meeting, 1, serial, marks)
    return meeting
