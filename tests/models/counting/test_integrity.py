"""Tampering behind the app's back is caught by verify and stops official output (issue 17)."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from models.counting import decisions, verify_meeting
from models.counting.fingerprint import legacy_fingerprint, results_fingerprint, setup_fingerprint
from models.counting.verify import results_faults
from models.demo import create_demo
from models.documents.filing import filing_bundle
from models.documents.formatting import masthead
from models.errors import FileRefused, PingyiError
from models.meeting import Meeting, audit, backup, state


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A small demo meeting, one copy finalised and one not (built once)."""
    folder = tmp_path_factory.mktemp("integrity")
    draft = create_demo(folder / "draft.pingyi", reporters=4)
    final = folder / "final.pingyi"
    shutil.copy(draft, final)
    with Meeting.open(final) as m:
        decisions.finalize(m, waive_reason="测试：不核对")
    return draft, final


@pytest.fixture
def final(built, tmp_path):
    path = tmp_path / "定稿.pingyi"
    shutil.copy(built[1], path)
    return path


@pytest.fixture
def draft(built, tmp_path):
    path = tmp_path / "草稿.pingyi"
    shutil.copy(built[0], path)
    return path


def tamper(path, *statements):
    conn = sqlite3.connect(path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def failing(path) -> dict[str, str]:
    with Meeting.open(path, check_schema=False) as m:
        return {name: detail for name, ok, detail in verify_meeting(m).checks if not ok}


def test_untouched_files_pass(final, draft):
    assert failing(final) == {} and failing(draft) == {}


_TAMPERS = {
    "marks": "UPDATE marks SET mark = CASE mark WHEN 1 THEN 4 ELSE 1 END "
    "WHERE ballot_id = (SELECT min(ballot_id) FROM official_ballots)",
    "rules": "UPDATE rules SET min_good = '95'",
    "decisions": "INSERT OR REPLACE INTO decisions VALUES ((SELECT min(id) FROM reporters), 1, 'x', '2026')",
    "name": "UPDATE reporters SET name = '李四' WHERE seq = 1",
    "weight": "UPDATE categories SET weight = '0' WHERE code = 'A'",
    "score": "UPDATE component_scores SET score = '1' WHERE rowid = (SELECT min(rowid) FROM component_scores)",
}


@pytest.mark.parametrize("what", sorted(_TAMPERS))
def test_tampering_after_finalize_is_reported(final, what):
    tamper(final, _TAMPERS[what])
    faults = failing(final)
    assert any(name.startswith("定稿数据指纹") for name in faults), faults
    assert "被改动过" in faults["审计日志与数据一致（每项改动都有审计记录）"]
    with Meeting.open(final) as m:
        assert results_faults(m)
        head = masthead(m)
        assert not head.official and "数据校验未通过" in head.watermark and "草稿" in head.watermark
        with pytest.raises(PingyiError, match="数据校验未通过"):
            filing_bundle(m)


def test_marks_changed_before_finalize_do_not_seal(draft):
    tamper(draft, _TAMPERS["marks"])
    with Meeting.open(draft) as m:
        decisions.finalize(m, waive_reason="测试")
        assert results_faults(m)  # the replay still sees a change without its audit row
    assert "审计日志与数据一致（每项改动都有审计记录）" in failing(draft)


def test_ballot_and_its_audit_row_removed_is_caught_against_the_backup(draft):
    with Meeting.open(draft) as m:
        backup.backup_now(m)
    tamper(
        draft,
        "DROP TRIGGER audit_no_delete",
        "DELETE FROM ballots WHERE id = (SELECT max(id) FROM ballots)",
        "DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)",
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit\n"
        "BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能删除'); END",
    )
    faults = failing(draft)
    assert "与最近的备份对照审计日志" in faults
    assert "审计日志与数据一致（每项改动都有审计记录）" in faults  # the last recorded state has the ballot


def test_dropped_view_refuses_to_open_and_verify_names_it(draft):
    tamper(draft, "DROP VIEW official_ballots")
    with pytest.raises(FileRefused, match="文件结构与本程序建立的不一致.*official_ballots"):
        Meeting.open(draft)
    assert "缺少视图 official_ballots" in failing(draft)["文件结构（数据表、视图、索引、触发器）"]


def test_dropped_trigger_is_reported(draft):
    tamper(draft, "DROP TRIGGER audit_no_update")
    assert "缺少触发器 audit_no_update" in failing(draft)["文件结构（数据表、视图、索引、触发器）"]


def test_unfinalizing_behind_the_back_is_reported(final):
    tamper(final, "UPDATE meeting SET finalized = 0")
    assert "定稿数据指纹" in failing(final)


def test_setup_fingerprint_covers_every_column_generically(draft):
    """Whatever fields the setup tables have (other issues add rule fields), changing any one changes it."""
    with Meeting.open(draft) as m:
        before = setup_fingerprint(m)
        m.db.execute("PRAGMA ignore_check_constraints = ON")
        m.db.execute("PRAGMA foreign_keys = OFF")
        changed = 0
        for table in state.SETUP_TABLES:
            for column in state.table_columns(m.db, table):
                m.db.execute("SAVEPOINT probe")
                m.db.execute(f'UPDATE "{table}" SET "{column}" = coalesce("{column}", 0) || \'9\'')
                if m.db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]:
                    assert setup_fingerprint(m) != before, (table, column)
                    changed += 1
                m.db.execute("ROLLBACK TO probe")
                m.db.execute("RELEASE probe")
        assert setup_fingerprint(m) == before and changed > 40
        for column in ("finalized", "fingerprint", "chain_head", "finalized_at"):  # 定稿's own bookkeeping
            assert column not in state.table_columns(m.db, "meeting")


def test_method_one_seal_with_fingerprint_in_detail_passes_with_a_note(draft):
    with Meeting.open(draft) as m:
        head = audit.chain_head(m.db)
        with m.write("定稿", {"chain_head": head, "reconciliation_waiver": "旧版"}) as db:
            db["meeting"].update(1, {"reconciliation_waiver": "旧版"})
        digest = legacy_fingerprint(m)
    # an old build wrote the fingerprint into the 定稿 row; rebuild that row as it would have been
    conn = sqlite3.connect(draft)
    row_id, at, detail_text, prev, state_text = conn.execute(
        "SELECT id, at, detail, prev_hash, state FROM audit ORDER BY id DESC LIMIT 1"
    ).fetchone()
    detail = json.loads(detail_text) | {"fingerprint": digest}
    text = audit.canonical(detail)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute(
        "UPDATE audit SET detail = ?, hash = ? WHERE id = ?",
        [text, audit._row_hash(prev, row_id, at, "定稿", text, state_text), row_id],
    )
    conn.execute(
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\n"
        "BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能修改'); END"
    )
    conn.execute("UPDATE meeting SET finalized = 1, fingerprint = ?, chain_head = ?", [digest, head])
    conn.commit()
    conn.close()
    with Meeting.open(draft) as m:
        report = verify_meeting(m)
        assert report.ok, report.lines()
        assert any("旧版本中定稿" in detail for _, _, detail in report.checks)
        assert results_fingerprint(m) != digest


def test_replay_tolerates_unknown_actions(draft):
    """Actions this module does not know (ledger, materials, scans, stations) never count as faults."""
    with Meeting.open(draft) as m:
        with m.write("整改台账：新增进展", {"problem": 1}):
            pass
        with m.write("扫描：读取页面", {"page": 3}):
            pass
        assert verify_meeting(m).ok


def test_a_change_by_another_program_while_open_is_not_laundered_by_the_next_save(draft):
    with Meeting.open(draft) as m:
        decisions.flag(m, m.db.execute("SELECT min(id) FROM reporters").fetchone()[0], "第一次保存")
        tamper(draft, "UPDATE rules SET min_good = '95'")  # another program, while the file is open
        decisions.unflag(m, m.db.execute("SELECT min(id) FROM reporters").fetchone()[0])
        faults = {name: detail for name, ok, detail in verify_meeting(m).checks if not ok}
    assert "保存前" in faults["审计日志与数据一致（每项改动都有审计记录）"]


def test_cli_refuses_official_output_of_a_tampered_meeting(final, tmp_path, capsys):
    from cli import run_command

    tamper(final, _TAMPERS["decisions"])
    assert run_command(["tally", str(final)]) == 1
    out, err = capsys.readouterr()
    assert "数据校验未通过" in err and "不能作为正式结果" in err and "Traceback" not in err
    assert run_command(["archive", str(final), "-o", str(tmp_path)]) == 1
    assert "数据校验未通过" in capsys.readouterr().err
    assert run_command(["verify", str(final)]) == 1
    assert "结论：发现问题" in capsys.readouterr().out


def test_verify_of_a_finalised_file_with_a_dropped_view_lists_the_faults(final, capsys):
    from cli import run_command

    tamper(final, "DROP VIEW official_ballots")
    assert run_command(["verify", str(final)]) == 1
    out, err = capsys.readouterr()
    assert "缺少视图 official_ballots" in out and "无法核对" in out and err == ""
