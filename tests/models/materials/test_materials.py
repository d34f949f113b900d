"""Attaching 述职材料 by file and by folder: real .docx/.txt/.pdf, counts and flags, bad files refused
with nothing stored, history in the audit chain, allowed after 定稿 and outside the fingerprint."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from models.counting import fingerprint
from models.errors import PingyiError
from models.materials import (
    attach_file,
    attach_folder,
    booklet_data,
    get_material,
    match_folder,
    material_content,
    materials_status,
    remove_material,
    set_remarks_text,
)
from models.meeting import Meeting
from models.setup import add_reporter, list_reporters

from .samples import (
    chinese_text,
    make_damaged_docx,
    make_docx,
    make_encrypted_docx,
    make_pdf,
    make_renamed_zip,
    make_report_docx,
    make_scanned_pdf,
    make_self_eval_docx,
)

NAMES = ("张三", "李四", "王五", "张三丰")


@pytest.fixture
def roster(meeting):
    for name in NAMES:
        add_reporter(meeting, name, unit=f"{name[0]}家村党支部", title="书记")
    return meeting


def _put(path, data: bytes):
    path.write_bytes(data)
    return path


def _audit(meeting, action):
    return [json.loads(d) for (d,) in meeting.db.execute("SELECT detail FROM audit WHERE action = ?", [action])]


def _rows(meeting):
    return meeting.db.execute("SELECT count(*) FROM materials").fetchone()[0]


def test_reports_and_self_evaluations_by_file_are_counted_and_flagged(roster, tmp_path):
    attach_file(roster, "report", make_report_docx(tmp_path / "a.docx", "张三", 2400), seq=1)
    attach_file(roster, "report", make_report_docx(tmp_path / "b.docx", "李四", 2700), seq=2)
    attach_file(roster, "self_eval", make_self_eval_docx(tmp_path / "c.docx", "张三", 150), seq=1)
    attach_file(roster, "self_eval", make_self_eval_docx(tmp_path / "d.docx", "李四", 400), seq=2)
    rows = {r.seq: r.as_json() for r in materials_status(roster).reporters}
    assert rows[1] == {
        "seq": 1,
        "name": "张三",
        "report_chars": 2400,
        "report_over": False,
        "self_eval_chars": 150,
        "self_eval_off": False,
        "missing": [],
    }
    assert rows[2] == {
        "seq": 2,
        "name": "李四",
        "report_chars": 2700,
        "report_over": True,
        "self_eval_chars": 400,
        "self_eval_off": True,
        "missing": [],
    }
    assert rows[3]["missing"] == ["report", "self_eval"] and rows[3]["report_chars"] is None


def test_original_bytes_hash_and_text_are_kept(roster, tmp_path):
    path = make_report_docx(tmp_path / "张三.docx", "张三", 2400)
    material = attach_file(roster, "report", path, seq=1).material
    assert material_content(roster, material.id) == path.read_bytes()
    assert material.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert material.file_name == "张三.docx" and material.file_type == "docx"
    assert material.text.startswith("2026年度抓基层党建工作述职报告\n青山镇党委书记　张三\n一年来")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_text_files_in_every_encoding_a_clerk_meets(roster, tmp_path, encoding):
    text = "自我评价\n" + chinese_text(146)
    path = tmp_path / "自评.txt"
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    material = attach_file(roster, "self_eval", path, seq=3).material
    assert material.chars == 150 and material.text == text and material.file_type == "txt"


def test_pdf_with_a_text_layer(roster, tmp_path):
    body = chinese_text(2400 - 8)
    path = make_pdf(tmp_path / "报告.pdf", "王五同志述职报告\n" + body)
    material = attach_file(roster, "report", path, seq=3).material
    assert material.file_type == "pdf" and material.chars == 2400
    assert material.text.split("\n")[1] == body.split("\n")[0], "wrapped lines joined back into the paragraph"


def test_word_tables_are_counted(roster, tmp_path):
    path = make_docx(tmp_path / "t.docx", ["述职报告", "正文。"], table=[["项目", "完成"], ["发展党员", "5名"]])
    material = attach_file(roster, "report", path, seq=1).material
    assert material.chars == 4 + 3 + 4 + 4 + 2  # 述职报告, 正文。, 项目完成, 发展党员, 5 名


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p, good: make_renamed_zip(p.with_suffix(".docx")), "是一个压缩包"),
        (lambda p, good: make_encrypted_docx(p.with_suffix(".docx")), "密码"),
        (lambda p, good: make_damaged_docx(p.with_suffix(".docx"), good), "已损坏"),
        (lambda p, good: make_scanned_pdf(p.with_suffix(".pdf")), "没有文字层"),
        (lambda p, good: _put(p.with_suffix(".pdf"), good.read_bytes()), "不是 PDF"),
        (lambda p, good: _put(p.with_suffix(".txt"), good.read_bytes()), "不是纯文本"),
        (lambda p, good: _put(p.with_suffix(".txt"), b""), "空的"),
        (lambda p, good: _put(p.with_suffix(".txt"), b"\xff\xfe\x00\xd8"), "损坏的字符"),
        (lambda p, good: _put(p.with_suffix(".doc"), b"x"), "另存为” .docx"),
        (lambda p, good: _put(p.with_suffix(".jpg"), b"x"), "不支持"),
        (lambda p, good: _put(p.with_suffix(".txt"), b"   \n\n "), "没有文字"),
    ],
)
def test_bad_files_are_refused_in_chinese_and_nothing_is_stored(roster, tmp_path, make, words):
    good = make_report_docx(tmp_path / "good.docx", "张三", 2400)
    attach_file(roster, "report", good, seq=1)
    bad = make(tmp_path / "坏文件", good)
    audit_rows = roster.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    with pytest.raises(PingyiError) as err:
        attach_file(roster, "report", bad, seq=1)
    assert words in str(err.value) and bad.name in str(err.value)
    assert get_material(roster, "report", list_reporters(roster)[0].id).file_name == "good.docx"
    assert roster.db.execute("SELECT count(*) FROM audit").fetchone()[0] == audit_rows and _rows(roster) == 1


def test_replacing_keeps_the_history_in_the_audit_chain(roster, tmp_path):
    first = make_report_docx(tmp_path / "第一稿.docx", "张三", 2700)
    second = make_report_docx(tmp_path / "第二稿.docx", "张三", 2400)
    attach_file(roster, "report", first, seq=1)
    again = attach_file(roster, "report", first, seq=1)
    assert not again.changed and len(_audit(roster, "添加述职材料")) == 1, "the same file twice changes nothing"
    done = attach_file(roster, "report", second, seq=1)
    assert done.changed and done.previous.file_name == "第一稿.docx"
    (entry,) = _audit(roster, "添加述职材料")[1]["files"]
    assert entry["replaced"] == {
        "file": "第一稿.docx",
        "sha256": hashlib.sha256(first.read_bytes()).hexdigest(),
        "chars": 2700,
    }
    assert entry["chars"] == 2400 and _rows(roster) == 1
    removed = remove_material(roster, "report", seq=1)
    assert removed.file_name == "第二稿.docx" and _rows(roster) == 0
    assert _audit(roster, "移除述职材料")[0]["sha256"] == done.material.sha256


def test_the_same_file_for_two_reporters_is_a_wrong_pick(roster, tmp_path):
    path = make_report_docx(tmp_path / "r.docx", "张三", 2400)
    attach_file(roster, "report", path, seq=1)
    with pytest.raises(PingyiError, match="1 号 张三的述职报告内容完全相同"):
        attach_file(roster, "report", path, seq=2)


def test_a_reporter_kind_needs_a_seq_and_an_unknown_seq_is_refused(roster, tmp_path):
    path = make_report_docx(tmp_path / "r.docx", "张三", 2400)
    with pytest.raises(PingyiError, match="--seq"):
        attach_file(roster, "report", path)
    with pytest.raises(PingyiError, match="没有序号为 9 的述职人"):
        attach_file(roster, "report", path, seq=9)


def _folder(tmp_path):
    folder = tmp_path / "材料"
    make_report_docx(folder / "张三-述职报告.docx", "张三", 2400)
    make_report_docx(folder / "李四述职报告.docx", "李四", 2700)
    make_self_eval_docx(folder / "张三-自我评价.docx", "张三", 150)
    make_self_eval_docx(folder / "李四-自评.docx", "李四", 400)
    make_report_docx(folder / "张三丰-述职报告.docx", "张三丰", 2000)
    make_docx(folder / "书记讲话.docx", ["在述职评议会上的讲话", chinese_text(1800)])
    (folder / "赵六-述职报告.txt").write_text(chinese_text(300), encoding="utf-8")
    (folder / "王五.docx").write_bytes((folder / "张三-述职报告.docx").read_bytes())
    (folder / "照片.jpg").write_bytes(b"\xff\xd8")
    (folder / "~$张三-述职报告.docx").write_bytes(b"lock")
    return folder


def test_a_folder_is_matched_by_name_and_the_rest_listed(roster, tmp_path):
    folder = _folder(tmp_path)
    result = attach_folder(roster, folder)
    assert {(m.reason.split("，")[0]) for m in result.unmatched} == {
        "文件名中没有名单上的述职人姓名",
        "文件名中没有“述职报告”或“自我评价”",
        "不是 .docx、.txt 或 .pdf 文件",
    }
    assert {m.file_name for m in result.unmatched} == {"王五.docx", "照片.jpg", "赵六-述职报告.txt"}
    rows = {r.name: r.as_json() for r in materials_status(roster).reporters}
    assert (rows["张三"]["report_chars"], rows["张三"]["self_eval_chars"]) == (2400, 150)
    assert (rows["李四"]["report_over"], rows["李四"]["self_eval_off"]) == (True, True)
    assert rows["张三丰"]["report_chars"] == 2000, "张三丰's file is not taken for 张三"
    assert rows["王五"]["missing"] == ["report", "self_eval"]
    assert materials_status(roster).speech.file_name == "书记讲话.docx"
    (row,) = _audit(roster, "按文件夹添加述职材料")
    assert len(row["files"]) == 6


def test_a_folder_with_one_bad_file_stores_nothing(roster, tmp_path):
    folder = _folder(tmp_path)
    make_renamed_zip(folder / "王五-自我评价.docx")
    with pytest.raises(PingyiError) as err:
        attach_folder(roster, folder)
    assert "王五-自我评价.docx" in str(err.value) and "未保存任何材料" in str(err.value)
    assert _rows(roster) == 0


def test_two_files_for_one_slot_are_not_guessed(roster, tmp_path):
    folder = _folder(tmp_path)
    shutil.copy(folder / "张三-自我评价.docx", folder / "张三自评（修改稿）.docx")
    reasons = {m.file_name: m.reason for m in match_folder(roster, folder) if not m.kind}
    assert "有 2 个文件" in reasons["张三-自我评价.docx"] and "有 2 个文件" in reasons["张三自评（修改稿）.docx"]


def test_materials_may_be_attached_after_finalizing_and_leave_the_fingerprint(final_path, tmp_path):
    path = tmp_path / "m.pingyi"
    shutil.copy(final_path, path)
    with Meeting.open(path) as meeting:
        before = fingerprint(meeting)
        attach_file(meeting, "report", make_report_docx(tmp_path / "r.docx", "x", 2400), seq=1)
        set_remarks_text(meeting, "会议总体点评：述职报告质量较高。")
        assert meeting.finalized and fingerprint(meeting) == before
        from models.counting.verify import verify_meeting

        report = verify_meeting(meeting)
        assert report.ok, report.lines()


def test_booklet_takes_the_heading_and_drops_the_name_line(roster, tmp_path):
    attach_file(roster, "report", make_report_docx(tmp_path / "r.docx", "张三", 2400), seq=1)
    attach_file(roster, "self_eval", make_self_eval_docx(tmp_path / "s.docx", "张三", 150), seq=1)
    part = booklet_data(roster).parts[0]
    assert part.heading == "2026年度抓基层党建工作述职报告" and part.report[0].startswith("一年来")
    assert part.self_eval[0].startswith("一年来") and part.who == "张家村党支部书记　张三"
    assert [p.submitted for p in booklet_data(roster).parts] == [True, False, False, False]
