"""Printed forms: new serials per category, spoiling with a reason, accounting."""

import pytest

from models.ballots import enter_ballot, forms, settle_by_rekey
from models.ballots.serials import check_char, normalize_serial
from models.errors import InputErrors, PingyiError
from models.meeting import audit
from tests.models.ballot_helpers import populate


def test_create_forms_records_unique_valid_serials(meeting):
    populate(meeting, categories=(("A", 10), ("B", 20)), printed=0)
    serials = forms.create_forms(meeting, "b", 40)
    assert len(serials) == len(set(serials)) == 40
    assert all(normalize_serial(s) == s and s.startswith("B-") for s in serials)
    listed = forms.list_forms(meeting, "B")
    assert {f.serial for f in listed} == set(serials)
    assert [f.serial for f in listed] == sorted(f.serial for f in listed)
    assert all(f.category_code == "B" and f.spoiled_reason is None and f.printed_at for f in listed)
    assert len(forms.list_forms(meeting)) == 40


def test_printing_is_audited_with_the_count_only(meeting):
    populate(meeting, printed=0)
    serials = forms.create_forms(meeting, "A", 3)
    entry = audit.entries(meeting.db, "打印测评表")[-1]
    assert entry["detail"] == {"category": "A", "count": 3}
    text = " ".join(str(e["detail"]) for e in audit.entries(meeting.db))
    assert not any(s in text for s in serials)


@pytest.mark.parametrize("code, count, words", [
    ("Z", 5, "没有代码为“Z”"),
    ("A", 0, "打印份数"),
    ("A", -3, "打印份数"),
    ("A", 5001, "打印份数"),
    ("A", "5", "打印份数"),
])
def test_bad_requests_store_nothing(meeting, code, count, words):
    populate(meeting, printed=1)
    before = meeting.db.execute("SELECT count(*) FROM forms").fetchone()[0]
    with pytest.raises(PingyiError) as err:
        forms.create_forms(meeting, code, count)
    assert words in str(err.value)
    assert meeting.db.execute("SELECT count(*) FROM forms").fetchone()[0] == before


def test_spoil_form_with_reason(meeting):
    serial = populate(meeting, printed=2)["A"][0]
    forms.spoil_form(meeting, serial.lower().replace("-", ""), "  打印 污损 ")
    assert forms.get_form(meeting, serial).spoiled_reason == "打印 污损"
    assert audit.entries(meeting.db, "作废测评表")[-1]["detail"] == {"serial": serial, "reason": "打印 污损"}
    with pytest.raises(PingyiError, match="已于此前作废"):
        forms.spoil_form(meeting, serial, "再次")


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_spoil_needs_a_reason(meeting, reason):
    serial = populate(meeting, printed=1)["A"][0]
    with pytest.raises(InputErrors, match="需要填写原因"):
        forms.spoil_form(meeting, serial, reason)
    assert forms.get_form(meeting, serial).spoiled_reason is None


def test_spoil_refuses_unknown_and_entered_forms(meeting):
    serial = populate(meeting, printed=2)["A"][0]
    other = normalize_serial("A22222" + check_char("A22222"))
    with pytest.raises(PingyiError, match="不是本会议打印"):
        forms.spoil_form(meeting, other, "原因")
    enter_ballot(meeting, 1, serial, {})
    with pytest.raises(PingyiError, match="已录入选票"):
        forms.spoil_form(meeting, serial, "原因")


def test_get_form_of_unknown_or_garbled_text_is_none(meeting):
    populate(meeting, printed=1)
    assert forms.get_form(meeting, "nonsense") is None


def test_accounting_per_category(meeting):
    serials = populate(meeting, reporters=2, categories=(("A", 3), ("B", 10)), printed=4)
    a, b = serials["A"], serials["B"]
    forms.spoil_form(meeting, b[3], "多印")
    cell = (1, 1)
    for s in a:  # four returned of three issued
        enter_ballot(meeting, 1, s, {cell: 1})
        enter_ballot(meeting, 2, s, {cell: 1})
    enter_ballot(meeting, 1, b[0], {}, void_reason="未按要求划票")
    enter_ballot(meeting, 2, b[0], {}, void_reason="未按要求划票")
    enter_ballot(meeting, 1, b[1], {cell: 1})  # pending second keying
    enter_ballot(meeting, 1, b[2], {cell: 1})
    enter_ballot(meeting, 2, b[2], {cell: 2})  # mismatch ...
    settle_by_rekey(meeting, b[2], {cell: 2})  # ... settled in favour of 二录
    acc = {c.code: c for c in forms.form_accounting(meeting)}
    assert acc["A"] == forms.CategoryAccounting("A", "A类测评人", 4, 0, 3, 4, 4, 0)
    assert acc["A"].over_returned
    assert acc["B"] == forms.CategoryAccounting("B", "B类测评人", 4, 1, 10, 3, 1, 1)
    assert not acc["B"].over_returned
