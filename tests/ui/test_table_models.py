"""The setup table models: Qt's model tester on each, drag-and-drop rules, component weights."""

from decimal import Decimal

import pytest
from PySide6.QtCore import QMimeData, Qt

from models import setup
from models.errors import InputErrors
from ui.categories_table_model import CategoriesTableModel
from ui.component_scores_table_model import ComponentScoresTableModel
from ui.components_table_model import ComponentsTableModel, balanced_pairs
from ui.items_table_model import ItemsTableModel
from ui.reporters_table_model import ReportersTableModel
from ui.setup_table_base import MIME_ROW

MODELS = [ReportersTableModel, CategoriesTableModel, ItemsTableModel, ComponentsTableModel, ComponentScoresTableModel]


@pytest.fixture
def scored_meeting(roster_meeting):
    setup.set_components(roster_meeting, [("现场测评", 70), ("平时考核", 30)])
    component = setup.list_components(roster_meeting)[1]
    setup.set_component_score(roster_meeting, setup.list_reporters(roster_meeting)[0].id, component.id, "90")
    return roster_meeting


@pytest.mark.parametrize("model_class", MODELS, ids=lambda c: c.__name__)
def test_qt_model_tester(qtmodeltester, scored_meeting, model_class):
    model = model_class(scored_meeting)
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)
    model.refresh()  # reload after a change elsewhere keeps the model sane
    setup.add_reporter(scored_meeting, "新人")
    model.refresh()
    qtmodeltester.check(model)


@pytest.mark.parametrize("model_class", MODELS, ids=lambda c: c.__name__)
def test_an_empty_meeting_gives_sane_models(qtmodeltester, meeting, model_class):
    qtmodeltester.check(model_class(meeting))


def test_edit_role_writes_through_models_and_a_refusal_reports_and_reverts(qtbot, roster_meeting):
    model = ReportersTableModel(roster_meeting)
    index = model.index(0, model.column_of("name"))
    with qtbot.waitSignal(model.saved):
        assert model.setData(index, "张卫")
    assert setup.list_reporters(roster_meeting)[0].name == "张卫"
    with qtbot.waitSignal(model.refused) as refused:
        assert not model.setData(index, "   ")
    assert "姓名不能为空" in refused.args[0]
    assert index.data() == "张卫"
    assert not model.setData(model.index(0, model.column_of("seq")), "5")  # 序号 is moved, never typed


def test_unchanged_text_writes_nothing(roster_meeting):
    from models.meeting import audit

    model = CategoriesTableModel(roster_meeting)
    rows = len(audit.entries(roster_meeting.db))
    assert not model.setData(model.index(0, model.column_of("weight")), "3")
    assert len(audit.entries(roster_meeting.db)) == rows


@pytest.mark.parametrize("target_row, expected", [(0, ["王强", "张伟", "李娜"]), (1, ["张伟", "王强", "李娜"]),
                                                  (-1, ["张伟", "李娜", "王强"])])
def test_drop_moves_the_dragged_reporter(roster_meeting, target_row, expected):
    model = ReportersTableModel(roster_meeting)
    mime = model.mimeData([model.index(2, 1)])
    model.dropMimeData(mime, Qt.DropAction.MoveAction, target_row, 0, model.index(-1, -1))
    assert [r.name for r in setup.list_reporters(roster_meeting)] == expected
    assert [r.name for r in model.records()] == expected


def test_a_drop_from_another_meeting_file_is_refused(roster_meeting, tmp_path):
    from models.meeting import Meeting

    with Meeting.create(tmp_path / "其他.pingyi") as other:
        setup.add_reporter(other, "外人")
        foreign = ReportersTableModel(other).mimeData([ReportersTableModel(other).index(0, 0)])
    model = ReportersTableModel(roster_meeting)
    assert not model.canDropMimeData(foreign, Qt.DropAction.MoveAction, 0, 0, model.index(-1, -1))
    junk = QMimeData()
    junk.setData(MIME_ROW, b"not json")
    assert not model.canDropMimeData(junk, Qt.DropAction.MoveAction, 0, 0, model.index(-1, -1))


@pytest.mark.parametrize("change, expected", [
    ({"weights": {2: "40"}}, [("现场测评", Decimal(60)), ("平时考核", Decimal(40))]),
    ({"remove": 2}, [("现场测评", Decimal(100))]),
    ({"add": ("实地调研", "10")}, [("现场测评", Decimal(60)), ("平时考核", Decimal(30)), ("实地调研", Decimal(10))]),
])
def test_onsite_weight_takes_the_rest_of_100(scored_meeting, change, expected):
    assert balanced_pairs(setup.list_components(scored_meeting), **change) == expected


@pytest.mark.parametrize("weight, fault", [("abc", "不是数字"), ("-5", "不能为负数"), ("101", "超过了 100")])
def test_bad_component_weights_are_named(scored_meeting, weight, fault):
    with pytest.raises(InputErrors, match=fault):
        balanced_pairs(setup.list_components(scored_meeting), weights={2: weight})


def test_a_scored_component_cannot_be_renamed_in_place(scored_meeting):
    model = ComponentsTableModel(scored_meeting)
    flags = model.flags(model.index(1, model.column_of("name")))
    assert not flags & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, model.column_of("weight"))) & Qt.ItemFlag.ItemIsEditable
