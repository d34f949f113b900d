"""Chinese fonts for PDFs: installed official fonts first, else the bundled free ones.

Two roles: ``BODY`` (仿宋 / 宋体 for text) and ``HEADING`` (小标宋 / 黑体 for titles and
table heads).  Both are TrueType outlines so reportlab embeds them as subsets.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

BODY = "PingyiBody"
HEADING = "PingyiHeading"
FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
BUNDLED = {BODY: FONT_DIR / "LXGWWenKai-Regular.ttf", HEADING: FONT_DIR / "wqy-microhei.ttc"}

# (file name, subfont index) in order of preference, per role
_OFFICIAL = {
    BODY: [("simfang.ttf", 0), ("FangSong.ttf", 0), ("simsun.ttc", 0), ("simsun.ttf", 0)],
    HEADING: [("FZXBSJW.TTF", 0), ("方正小标宋简体.ttf", 0), ("simhei.ttf", 0), ("SimHei.ttf", 0)],
}


def _system_font_dirs() -> list[Path]:
    dirs = [Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts", Path.home() / ".fonts",
            Path.home() / ".local/share/fonts", Path("/usr/share/fonts"), Path("/Library/Fonts")]
    return [d for d in dirs if d.is_dir()]


def _find_official(role: str) -> tuple[Path, int] | None:
    if os.environ.get("PINGYI_BUNDLED_FONTS_ONLY"):
        return None
    folders = _system_font_dirs()
    for name, index in _OFFICIAL[role]:
        for folder in folders:
            direct = folder / name
            if direct.is_file():
                return direct, index
            if not folder.name.lower() == "fonts" or folder.parent.name == "share":
                hit = next(iter(folder.rglob(name)), None)
                if hit:
                    return hit, index
    return None


@cache
def register() -> dict[str, Path]:
    """Register BODY and HEADING with reportlab (once); returns role → font file used."""
    used = {}
    for role, bundled in BUNDLED.items():
        found = _find_official(role)
        path, index = found if found else (bundled, 0)
        try:
            pdfmetrics.registerFont(TTFont(role, str(path), subfontIndex=index))
        except Exception:  # an unusable installed font (e.g. CFF outlines): fall back
            path = bundled
            pdfmetrics.registerFont(TTFont(role, str(path)))
        used[role] = path
    return used


def bundled_font_files() -> list[Path]:
    """The fonts shipped in resources/fonts (also registered with Qt by the GUI)."""
    return list(BUNDLED.values())


#: font file → the name a clerk knows it by
FONT_NAMES = {"simfang.ttf": "仿宋", "fangsong.ttf": "仿宋", "simsun.ttc": "宋体", "simsun.ttf": "宋体",
              "fzxbsjw.ttf": "方正小标宋", "方正小标宋简体.ttf": "方正小标宋", "simhei.ttf": "黑体",
              "lxgwwenkai-regular.ttf": "霞鹜文楷", "wqy-microhei.ttc": "文泉驿微米黑"}
#: what GB/T 9704 asks for, per role
STANDARD = {BODY: "仿宋", HEADING: "方正小标宋"}


def font_label(role: str, path: Path) -> str:
    """“仿宋（simfang.ttf）”, or “霞鹜文楷（随程序附带）” for a bundled font."""
    name = FONT_NAMES.get(path.name.lower(), path.stem)
    return f"{name}（随程序附带）" if path == BUNDLED[role] else f"{name}（{path.name}）"


def font_summary() -> str:
    """Which fonts the papers use, and, when the official ones are missing, which to install and why."""
    used = register()
    text = f"文档字体：正文 {font_label(BODY, used[BODY])}，标题 {font_label(HEADING, used[HEADING])}。"
    bundled = [role for role, path in used.items() if path == BUNDLED[role]]
    if bundled:
        missing = "、".join(f"{STANDARD[r]}（{_OFFICIAL[r][0][0]}）" for r in bundled)
        text += (f"GB/T 9704 要求正文用仿宋、标题用小标宋，本机没有{missing}，暂用随程序附带的免费字体；"
                 "安装公文字体后重新打开本程序即可使用。")
    return text
