"""``pingyi --self-test``: proves that a build (or a checkout) works, without touching the clerk's files.

In a temporary folder: every module of the program imports, a demo meeting is made, forms are
printed and read back as scans (in worker processes, as ``scan`` does), the ballots are counted and
the meeting finalised (定稿), every document is printed to PDF, the results workbook is
exported, and the meeting, each PDF and the workbook are verified; then the GUI checks passed in
by ``main.py`` (``ui/self_test.py``: the main window on the demo meeting, Qt's Chinese
translation, PDF preview, printing, charts, image formats).  One Chinese line per step; exit 0
when every step passed, 1 naming the step that failed.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: the program's own packages; every module of these must import in a build
PACKAGES = ("models", "printing", "scanning", "cli")
#: forms printed and read back; 4 files is where scanning starts worker processes
SCANNED_FORMS = 4


@dataclass
class SelfTest:
    """What the steps hand each other: the temporary folder, the demo meeting, the files made."""

    folder: Path
    meeting_path: Path | None = None
    pdfs: list[Path] = field(default_factory=list)
    workbook: Path | None = None
    extra: dict = field(default_factory=dict)


#: a step: its Chinese title and the function doing it (returns the Chinese detail line)
Step = tuple[str, Callable[[SelfTest], str]]


def program_modules(packages=PACKAGES) -> list[str]:
    """Every module of ``packages`` as the running program sees them (a build lists what it bundled)."""
    names = []
    for package in packages:
        try:
            root = importlib.import_module(package)
        except ModuleNotFoundError:
            continue  # e.g. no scanning/ in this checkout
        names.append(package)
        names += [m.name for m in pkgutil.walk_packages(root.__path__, package + ".")]
    return names


def step_environment(test: SelfTest) -> str:
    frozen = "独立程序" if getattr(sys, "frozen", False) else "Python 环境"
    system = f"{platform.system()} {platform.machine()}" + (f"，{_running_libc()}" if _running_libc() else "")
    return f"{frozen}，Python {platform.python_version()}，{system}"


def _running_libc() -> str:
    """The C library this process runs on, e.g. "glibc 2.28" (not the one the executable was linked against)."""
    try:
        return os.confstr("CS_GNU_LIBC_VERSION") or ""
    except (AttributeError, ValueError, OSError):
        return ""  # Windows, or not glibc


def step_modules(test: SelfTest) -> str:
    names = program_modules()
    for name in names:
        importlib.import_module(name)
    extras = [
        f"{label} {_version(module)}"
        for module, label in (("cv2", "OpenCV"), ("zxingcpp", "zxing-cpp"), ("numpy", "numpy"), ("docx", "python-docx"))
        if _has(module)
    ]
    return f"{len(names)} 个模块可以导入" + (f"；{'，'.join(extras)}" if extras else "")


def step_demo(test: SelfTest) -> str:
    from models.demo import create_demo
    from models.meeting import Meeting
    from models.setup import list_reporters

    test.meeting_path = create_demo(test.folder / "自检示例会议.pingyi")
    with Meeting.open(test.meeting_path) as meeting:
        reporters = len(list_reporters(meeting))
    return f"{test.meeting_path.name}，{reporters} 位述职人"


def step_forms(test: SelfTest) -> str:
    from models.ballots import forms
    from models.ballots.form_data import form_batch
    from models.meeting import Meeting
    from models.setup import list_categories
    from printing.form import render_forms

    with Meeting.open(test.meeting_path) as meeting:
        code = list_categories(meeting)[0].code
        serials = forms.create_forms(meeting, code, SCANNED_FORMS)
        batch = form_batch(meeting, serials)
        singles = [render_forms(form_batch(meeting, [serial])) for serial in serials]
    test.pdfs.append(_write(test.folder / "测评表.pdf", render_forms(batch)))
    (test.folder / "扫描件").mkdir()
    for serial, pdf in zip(serials, singles, strict=True):  # each form as if scanned to its own file
        _write(test.folder / "扫描件" / f"{serial}.pdf", pdf)
    test.extra["serials"] = serials
    return f"{code} 类 {len(serials)} 份新表，{test.pdfs[-1].stat().st_size // 1024} KB"


def step_scan(test: SelfTest) -> str:
    from models.meeting import Meeting
    from models.scans import form_shape
    from scanning.batch import read_paths
    from scanning.read import FormShape

    with Meeting.open(test.meeting_path) as meeting:
        shape = FormShape(*form_shape(meeting))
    files = sorted((test.folder / "扫描件").glob("*.pdf"))
    records = [record for record, _ in read_paths(files, shape, workers=2)]  # as `scan` does: worker processes
    found = sorted(r.serial for r in records if r.serial and r.status != "refused")
    if found != sorted(test.extra["serials"]):
        reasons = "；".join(f"{r.file_name}：{r.reason}" for r in records if r.status == "refused")
        raise AssertionError(f"读出的编号 {found}，应为 {sorted(test.extra['serials'])}。{reasons}")
    return f"{len(files)} 个文件、{len(records)} 页由 2 个进程读出，编号全部正确（OpenCV、zxing-cpp、PDFium）"


def step_count(test: SelfTest) -> str:
    from models.counting import compute_tally
    from models.meeting import Meeting

    with Meeting.open(test.meeting_path) as meeting:
        tally = compute_tally(meeting)
    return f"{tally.counted_ballots} 张选票，{len(tally.reporters)} 位述职人有结果"


def step_finalize(test: SelfTest) -> str:
    from models.counting import finalize
    from models.meeting import Meeting

    # the demo keeps two ballots whose two keyings differ (to show 核对); a waiver counts them by 一录
    with Meeting.open(test.meeting_path) as meeting:
        digest = finalize(meeting, waive_reason="自检：示例会议中两遍录入不一致的选票按一录计入。")
    return f"数据指纹 {digest[:16]}…；此后打印的是正式文书"


def step_documents(test: SelfTest) -> str:
    from models.documents import DOCUMENT_NAMES, document_data
    from models.meeting import Meeting
    from printing.documents import render_document

    with Meeting.open(test.meeting_path) as meeting:
        data = {kind: document_data(meeting, kind) for kind in DOCUMENT_NAMES}
    for kind, name in DOCUMENT_NAMES.items():
        test.pdfs.append(_write(test.folder / f"{name}.pdf", render_document(data[kind])))
    return f"{len(DOCUMENT_NAMES)} 种文书：{'、'.join(DOCUMENT_NAMES.values())}"


def step_workbook(test: SelfTest) -> str:
    from models.documents.workbook import export_workbook
    from models.meeting import Meeting

    with Meeting.open(test.meeting_path) as meeting:
        test.workbook = Path(export_workbook(meeting, test.folder / "测评结果.xlsx"))
    return f"{test.workbook.name}，{test.workbook.stat().st_size // 1024} KB"


def step_verify(test: SelfTest) -> str:
    from models.counting import verify_meeting
    from models.documents.check import workbook_checks, workbook_digest
    from models.meeting import Meeting

    from .verify import pdf_checks

    with Meeting.open(test.meeting_path) as meeting:
        report = verify_meeting(meeting)
        for pdf in test.pdfs[1:]:  # the forms carry no document keywords; the documents do
            for name, ok, detail in pdf_checks(meeting, pdf, pdf.name):
                report.add(name, ok, detail)
        for name, ok, detail in workbook_checks(meeting, workbook_digest(test.workbook), test.workbook.name):
            report.add(name, ok, detail)
    failed = [f"{name}（{detail}）" if detail else name for name, ok, detail in report.checks if not ok]
    if failed:
        raise AssertionError("；".join(failed[:5]))
    return f"{len(report.checks)} 项检查全部通过（会议文件、{len(test.pdfs) - 1} 份正式文书与重新生成的逐字节相同、工作簿）"


HEADLESS_STEPS: list[Step] = [
    ("运行环境", step_environment),
    ("程序模块", step_modules),
    ("示例会议", step_demo),
    ("打印测评表", step_forms),
    ("读取扫描件", step_scan),
    ("计票", step_count),
    ("定稿", step_finalize),
    ("打印全部文书", step_documents),
    ("导出工作簿", step_workbook),
    ("核对", step_verify),
]


def run_self_test(gui_steps: list[Step] | None = None, *, out=None) -> int:
    """Run every step in a temporary folder; 0 when all passed, 1 at the first failure."""
    out = out or sys.stdout
    steps = HEADLESS_STEPS + list(gui_steps or [])
    started = time.perf_counter()
    print("Pingyi 自检：在临时文件夹中生成示例会议，计票、打印、导出、核对，再启动界面。", file=out, flush=True)
    # ignore_cleanup_errors: on Windows a file a virus scanner still holds must not fail a passed self-test
    with tempfile.TemporaryDirectory(prefix="pingyi-selftest-", ignore_cleanup_errors=True) as tmp:
        test = SelfTest(Path(tmp))
        for number, (title, step) in enumerate(steps, 1):
            begin = time.perf_counter()
            try:
                detail = step(test)
            except Exception as err:  # the point of a self-test: say which step broke, and how
                print(f"[{number}/{len(steps)}] {title}：失败 —— {type(err).__name__}: {err}", file=out, flush=True)
                print("".join(traceback.format_exception(err)).rstrip(), file=sys.stderr, flush=True)
                print(f"自检未通过：第 {number} 步「{title}」失败。请把以上内容发给技术支持。", file=out, flush=True)
                return 1
            print(
                f"[{number}/{len(steps)}] {title}：通过 —— {detail}（{time.perf_counter() - begin:.1f} 秒）",
                file=out,
                flush=True,
            )
    print(f"自检通过：全部 {len(steps)} 步，用时 {time.perf_counter() - started:.1f} 秒。", file=out, flush=True)
    return 0


def _write(path: Path, data: bytes) -> Path:
    if not data.startswith(b"%PDF") or b"/FontFile2" not in data:
        raise AssertionError(f"{path.name} 不是嵌入了字体的 PDF")
    path.write_bytes(data)
    return path


def _has(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def _version(module: str) -> str:
    found = str(getattr(sys.modules[module], "__version__", "")).strip()
    if not found:
        from importlib import metadata

        try:
            found = metadata.version({"zxingcpp": "zxing-cpp", "docx": "python-docx"}.get(module, module))
        except metadata.PackageNotFoundError:
            found = "?"
    return found
