"""Build the one-folder program: ``python scripts/build_app.py`` → ``dist/pingyi/pingyi`` (``pingyi.exe``).

The same command on every OS, run with the Python of the environment the tests ran in (it needs
``pip install -e ".[build]"``).  It runs PyInstaller on ``packaging/pingyi.spec``, writes
``dist/pingyi/BUILD-INFO.txt`` (versions, commit, and on Linux the newest glibc any bundled file
needs, with the files that need it), and with ``--check`` runs ``dist/pingyi/pingyi --self-test``
in a clean environment (no virtual environment, no PYTHONPATH) before saying it is done.
Exit 0 when the build (and the check) succeeded.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import struct
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "pingyi.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build"
PROGRAM = DIST / "pingyi" / ("pingyi.exe" if sys.platform == "win32" else "pingyi")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python scripts/build_app.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="run the built program's --self-test afterwards")
    parser.add_argument(
        "--pack",
        action="store_true",
        help="also pack dist/pingyi into one file: pingyi-VERSION-OS-ARCH.tar.gz on Linux (keeps its symlinks), .zip on Windows",
    )
    parser.add_argument("--max-glibc", metavar="2.28", help="Linux: fail when any bundled file needs a newer glibc")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    missing = [m for m in ("PyInstaller", "PySide6") if not _importable(m)]
    if missing:
        print(
            f'缺少 {", ".join(missing)}：请先运行  {Path(sys.executable).name} -m pip install -e ".[build]"',
            file=sys.stderr,
        )
        return 2
    wrong = version_mismatches(project_dependencies())
    if wrong:
        print(
            "The build is made from the versions the tests ran with (pyproject.toml); this environment has:",
            *wrong,
            sep="\n  ",
            file=sys.stderr,
        )
        print('Install them with  pip install -e ".[build]"  and build again.', file=sys.stderr)
        return 2
    started = time.perf_counter()
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(SPEC),
        "--noconfirm",
        "--clean",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
        "--log-level",
        "WARN",
    ]
    print("$ " + " ".join(command), flush=True)
    if subprocess.run(command, cwd=ROOT).returncode != 0:
        print("PyInstaller failed (see above).", file=sys.stderr)
        return 1
    info = build_info(PROGRAM.parent)
    (PROGRAM.parent / "BUILD-INFO.txt").write_text(info, encoding="utf-8")
    print(info, end="")
    print(f"built {PROGRAM} in {time.perf_counter() - started:.0f} s")
    if args.max_glibc and sys.platform.startswith("linux"):
        needed = glibc_floor(PROGRAM.parent)[0]
        if check_ceiling(args.max_glibc, needed, files_above(PROGRAM.parent, args.max_glibc)):
            return 1
    if args.check and run_self_test(PROGRAM) != 0:
        return 1
    if args.pack:
        print(f"packed {pack(PROGRAM.parent)}")
    return 0


def project_dependencies() -> list[str]:
    """The program's requirements as pyproject.toml states them (the versions the tests ran with)."""
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]


def version_mismatches(requirements: list[str], installed=None) -> list[str]:
    """One line per requirement the environment does not meet: missing, or a version outside the range."""
    from importlib import metadata

    from packaging.requirements import Requirement

    def lookup(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    installed = installed or lookup
    wrong = []
    for text in requirements:
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        version = installed(requirement.name)
        if version is None:
            wrong.append(f"{requirement.name}: not installed (needs {requirement.specifier or 'any version'})")
        elif not requirement.specifier.contains(version, prereleases=True):
            wrong.append(f"{requirement.name} {version} (needs {requirement.specifier})")
    return wrong


def pack(folder: Path, into: Path | None = None) -> Path:
    """``folder`` as one file (what goes on the USB stick), named by version, OS and machine.

    Linux: .tar.gz, which keeps the ~60 symlinks PyInstaller puts in ``_internal`` (a zip would store
    each target twice, ~90 MiB more); Windows builds have no symlinks: .zip.
    """
    import shutil
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    name = f"pingyi-{version}-{platform.system().lower()}-{platform.machine().lower()}"
    kind = "zip" if sys.platform == "win32" else "gztar"
    return Path(shutil.make_archive(str((into or folder.parent) / name), kind, folder.parent, folder.name))


def run_self_test(program: Path) -> int:
    """The built program's ``--self-test`` with no virtual environment or Python path around it."""
    result = subprocess.run([str(program), "--self-test"], env=clean_env(), cwd=program.parent)
    return result.returncode


def clean_env() -> dict[str, str]:
    """The environment minus anything that would let the build lean on a Python installation."""
    drop = (
        "VIRTUAL_ENV",
        "PYTHONPATH",
        "PYTHONHOME",
        "PYTHONSTARTUP",
        "CONDA_PREFIX",
        "QT_PLUGIN_PATH",
        "QML2_IMPORT_PATH",
        "LD_LIBRARY_PATH",
        "PINGYI_BUNDLED_FONTS_ONLY",
    )
    env = {k: v for k, v in os.environ.items() if k not in drop}
    keep = [
        p
        for p in env.get("PATH", "").split(os.pathsep)
        if p
        and not (Path(p) / "python").exists()
        and not (Path(p) / "python.exe").exists()
        and ".venv" not in p
        and "pyenv" not in p
    ]
    env["PATH"] = os.pathsep.join(keep or [os.defpath])
    return env


def build_info(folder: Path) -> str:
    """What went into the build, for support: versions, commit, size and the glibc it needs."""
    import PyInstaller
    import PySide6

    lines = [
        f"Pingyi build {time.strftime('%Y-%m-%d %H:%M')}",
        f"commit: {_git('rev-parse', '--short', 'HEAD')}{' (with uncommitted changes)' if _git('status', '--porcelain', '-uno') else ''}",
        f"system: {platform.system()} {platform.release()} {platform.machine()}",
        f"python: {platform.python_version()}  PySide6: {PySide6.__version__}  PyInstaller: {PyInstaller.__version__}",
        f"folder: {folder_size(folder) / 2**20:.0f} MiB",
    ]
    if sys.platform.startswith("linux"):
        needed, files = glibc_floor(folder)
        lines.append(f"glibc needed: {needed or 'none found'}")
        lines += [f"  needs {needed}: {name}" for name in files[:12]]
    return "\n".join(lines) + "\n"


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


# -- the glibc a Linux build needs ---------------------------------------------------------------
SHT_GNU_VERNEED = 0x6FFFFFFE


def glibc_versions(path: Path) -> set[str]:
    """The GLIBC_x.y symbol versions an ELF file asks for (its .gnu.version_r); empty if not ELF64 LE."""
    data = path.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return set()
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    found = set()
    for _name, kind, _flags, _addr, offset, _size, link, info, _align, _entsize in sections:
        if kind != SHT_GNU_VERNEED:
            continue
        strings = sections[link][4]
        entry = offset
        for _ in range(info):  # sh_info = number of Verneed entries
            _version, count, _file, aux, next_entry = struct.unpack_from("<HHIII", data, entry)
            at = entry + aux
            for _ in range(count):
                _hash, _flags2, _other, name, next_aux = struct.unpack_from("<IHHII", data, at)
                end = data.index(b"\0", strings + name)
                found.add(data[strings + name : end].decode("ascii", "replace"))
                at += next_aux
            entry += next_entry
    return {v for v in found if v.startswith("GLIBC_") and re.fullmatch(r"GLIBC_\d+(\.\d+)*", v)}


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in version.removeprefix("GLIBC_").split("."))


def glibc_needs(folder: Path) -> dict[str, str]:
    """Each ELF file of ``folder`` (relative path) → the newest glibc version it asks for."""
    needs = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.suffix not in (".py", ".pyc", ".qm", ".ttf", ".ttc"):
            try:
                versions = glibc_versions(path)
            except (struct.error, ValueError, IndexError):
                continue
            if versions:
                needs[str(path.relative_to(folder))] = max(versions, key=version_key).removeprefix("GLIBC_")
    return needs


def glibc_floor(folder: Path) -> tuple[str | None, list[str]]:
    """The newest glibc version any file of ``folder`` needs, and the files that need it."""
    needs = glibc_needs(folder)
    if not needs:
        return None, []
    newest = max(needs.values(), key=version_key)
    return newest, sorted(name for name, version in needs.items() if version == newest)


def files_above(folder: Path, ceiling: str) -> list[str]:
    """The files that need a newer glibc than ``ceiling``, the newest need first."""
    needs = glibc_needs(folder)
    over = [name for name, version in needs.items() if version_key(version) > version_key(ceiling)]
    return sorted(over, key=lambda name: (version_key(needs[name]), name), reverse=True)


def check_ceiling(ceiling: str | None, needed: str | None, files: list[str]) -> int:
    """1 (with the files to blame on stderr) when the build needs a newer glibc than ``ceiling``."""

    if ceiling is None or needed is None or version_key(needed) <= version_key(ceiling):
        return 0
    print(
        f"This build needs glibc {needed}, newer than the {ceiling} asked for: {len(files)} files need more "
        f"than {ceiling}, e.g. {', '.join(files[:8])}.  Build on a system whose glibc is {ceiling} or older "
        "(see README, platform table).",
        file=sys.stderr,
    )
    return 1


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def _importable(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


if __name__ == "__main__":
    sys.exit(main())
