"""The one-folder build (scripts/build_app.py, packaging/pingyi.spec) and what it reports.

The fast tests check the pieces (the glibc reader on real ELF files, the clean environment, the
icon); the slow test builds the folder — or uses ``PINGYI_BUILT=/path/to/pingyi`` — and runs the
built ``pingyi --self-test`` with no virtual environment, PYTHONPATH or pyenv on the path.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _build_app():
    spec = importlib.util.spec_from_file_location("build_app", ROOT / "scripts" / "build_app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_app = _build_app()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF files: Linux only")
def test_glibc_reader_reads_the_versions_a_real_library_asks_for(tmp_path):
    libpython = Path(sysconfig.get_config_var("LIBDIR")) / sysconfig.get_config_var("LDLIBRARY")
    target = libpython if libpython.is_file() else Path(sys.executable).resolve()
    versions = build_app.glibc_versions(target)
    assert versions and all(v.startswith("GLIBC_2.") for v in versions)
    # the same answer as binutils gives, where binutils is installed
    if shutil.which("objdump"):
        dump = subprocess.run(["objdump", "-p", str(target)], capture_output=True, text=True).stdout
        expected = {word for word in dump.split() if word.startswith("GLIBC_2.")}
        assert versions == expected


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF files: Linux only")
def test_glibc_floor_names_the_newest_version_and_its_files(tmp_path):
    (tmp_path / "lib").mkdir()
    shutil.copy(Path(sys.executable).resolve(), tmp_path / "lib" / "a.so")
    (tmp_path / "notes.txt").write_text("GLIBC_9.99 is only text here", encoding="utf-8")
    (tmp_path / "broken.so").write_bytes(b"\x7fELF\x02\x01" + b"\0" * 20)  # a truncated ELF is skipped
    newest, files = build_app.glibc_floor(tmp_path)
    wanted = max(
        build_app.glibc_versions(tmp_path / "lib" / "a.so"), key=lambda v: tuple(int(n) for n in v[6:].split("."))
    )
    assert newest == wanted.removeprefix("GLIBC_")
    assert files == [str(Path("lib") / "a.so")]
    older = ".".join(str(n) for n in build_app.version_key(newest)[:-1] + (build_app.version_key(newest)[-1] - 1,))
    assert build_app.files_above(tmp_path, older) == [str(Path("lib") / "a.so")]
    assert build_app.files_above(tmp_path, newest) == []


def test_glibc_ceiling_refuses_a_build_that_needs_more(tmp_path, capsys):
    assert build_app.check_ceiling("2.28", "2.34", ["_internal/libQt6Core.so.6"]) == 1
    message = capsys.readouterr().err
    assert "needs glibc 2.34" in message and "1 files need more than 2.28" in message and "libQt6Core" in message
    assert build_app.check_ceiling("2.28", "2.28", []) == 0
    assert build_app.check_ceiling("2.28", "2.17", []) == 0
    assert build_app.check_ceiling(None, "2.36", []) == 0


def test_clean_environment_leaves_no_python_installation_to_lean_on(monkeypatch, tmp_path):
    venv_bin = tmp_path / "venv" / "bin"
    venv_bin.mkdir(parents=True)
    (venv_bin / "python").write_text("", encoding="utf-8")
    monkeypatch.setenv("PATH", os.pathsep.join([str(venv_bin), "/usr/bin", "/root/.pyenv/shims"]))
    monkeypatch.setenv("VIRTUAL_ENV", str(tmp_path / "venv"))
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    env = build_app.clean_env()
    assert "VIRTUAL_ENV" not in env and "PYTHONPATH" not in env
    assert env["PATH"].split(os.pathsep) == ["/usr/bin"]


def test_the_windows_icon_is_an_icon_file():
    data = (ROOT / "packaging" / "pingyi.ico").read_bytes()
    assert data[:4] == b"\0\0\1\0" and int.from_bytes(data[4:6], "little") >= 1


def _program() -> Path:
    """The built program: ``PINGYI_BUILT`` when given, else a fresh ``python scripts/build_app.py``."""
    given = os.environ.get("PINGYI_BUILT")
    if given:
        return Path(given)
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_app.py")], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return build_app.PROGRAM


@pytest.mark.slow
@pytest.mark.timeout(1500)
def test_the_built_program_passes_its_self_test_without_python(tmp_path):
    program = _program()
    assert program.is_file()
    env = build_app.clean_env()
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)  # no screen: the self-test draws offscreen by itself
    env["HOME"] = str(tmp_path)  # nothing of the developer's settings or fonts
    done = subprocess.run(
        [str(program), "--self-test"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[-1].startswith("自检通过")
    for step in (
        "独立程序",
        "示例会议",
        "读取扫描件",
        "打印全部文书",
        "导出工作簿",
        "核对",
        "启动主窗口",
        "Cancel → 取消",
        "PDF 预览",
        "打印",
        "图表",
        "图片格式",
    ):
        assert any(step in line and "通过" in line for line in lines), step
    info = (program.parent / "BUILD-INFO.txt").read_text(encoding="utf-8")
    assert "PySide6:" in info and ("glibc needed:" in info or not sys.platform.startswith("linux"))


def test_pack_makes_one_file_of_the_folder_that_keeps_its_symlinks(tmp_path):
    import platform
    import tarfile
    import zipfile

    folder = tmp_path / "pingyi"
    (folder / "_internal" / "lib").mkdir(parents=True)
    (folder / "pingyi").write_bytes(b"program")
    (folder / "_internal" / "lib" / "libQt6Core.so.6").write_bytes(b"qt" * 1000)
    if sys.platform != "win32":
        (folder / "_internal" / "libQt6Core.so.6").symlink_to(Path("lib") / "libQt6Core.so.6")
    packed = build_app.pack(folder, tmp_path / "out")
    assert (
        packed.name.startswith("pingyi-")
        and f"-{platform.system().lower()}-{platform.machine().lower()}." in packed.name
    )
    if sys.platform == "win32":
        with zipfile.ZipFile(packed) as archive:
            assert archive.read("pingyi/pingyi") == b"program"
        return
    assert packed.name.endswith(".tar.gz")
    with tarfile.open(packed) as archive:
        assert archive.extractfile("pingyi/pingyi").read() == b"program"
        link = archive.getmember("pingyi/_internal/libQt6Core.so.6")
        assert link.issym() and link.linkname == "lib/libQt6Core.so.6"


def test_a_build_environment_with_other_versions_than_the_tests_is_named():
    installed = {"PySide6": "6.12.0", "reportlab": "5.1.0", "openpyxl": "3.1.5"}.get
    wrong = build_app.version_mismatches(
        ["PySide6==6.9.3", "reportlab>=5.1", "openpyxl>=3.1.5", "numpy>=2.4"], installed
    )
    assert wrong == ["PySide6 6.12.0 (needs ==6.9.3)", "numpy: not installed (needs >=2.4)"]
    assert build_app.version_mismatches(['pywin32>=300; sys_platform == "nonexistent"'], installed) == []


def test_this_environment_has_the_versions_the_tests_run_with():
    assert build_app.version_mismatches(build_app.project_dependencies()) == []
