"""录入机 in the main window: the banner of a station copy, the status-line piece of a main meeting
(per station what was merged and when), and 文件 → 制作录入机…."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QSizePolicy, QToolBar

from models.meeting import SUFFIX
from models.stations import make_station, merge_history, station_info

#: more stations than this show as one summary on the status line
SHOWN_STATIONS = 3


def tr(text: str) -> str:
    return QCoreApplication.translate("stations", text)


def _when(stamp: str | None, today: str) -> str:
    if not stamp:
        return tr("未合并")
    return stamp[11:16] if stamp[:10] == today else stamp[5:16]


def station_status(meeting, today: str) -> tuple[str, str]:
    """(text, tooltip) for the status line: “录入机：一号机 20 张 15:30 · 二号机 未合并”; ('', '') without stations.

    On a station copy: “本机为录入机：二号机”.  ``today`` is ``YYYY-MM-DD`` (times of today show as HH:MM).
    """
    if meeting.station_name is not None:
        return tr("本机为录入机：{0}").format(meeting.station_name), tr("只能录入或扫描选票；录完后并入主会议。")
    records = merge_history(meeting)
    if not records:
        return "", ""
    if len(records) > SHOWN_STATIONS:  # keep the status line short: the tooltip has each station
        done = [r for r in records if r.merges]
        last = max((r.last_at for r in done), default=None)
        parts = [
            tr("{0} 台，已合并 {1} 台共 {2} 张").format(len(records), len(done), sum(r.merged for r in done))
            + (tr("（最近 {0}）").format(_when(last, today)) if last else "")
        ]
    else:
        parts = [
            f"{r.name} {tr('{0} 张').format(r.merged)} {_when(r.last_at, today)}"
            if r.merges
            else f"{r.name} {tr('未合并')}"
            for r in records
        ]
    tips = [
        tr("{0}：合并 {1} 次，共并入 {2} 张，最近一次 {3}").format(r.name, r.merges, r.merged, r.last_at)
        if r.merges
        else tr("{0}：已制作，尚未合并").format(r.name)
        for r in records
    ]
    return tr("录入机：") + " · ".join(parts), "\n".join(tips)


class StationBanner(QToolBar):
    """A yellow line across the top of a station copy: what it is and what it may do."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("stationBanner")
        self.setMovable(False)
        self.setFloatable(False)
        self.label = QLabel(self)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label.setStyleSheet(
            "QLabel { background: #fff3c4; color: #5c4400; padding: 6px 10px; font-weight: bold; }"
        )
        self.addWidget(self.label)
        self.toggleViewAction().setVisible(False)
        self.hide()

    def show_for(self, meeting) -> None:
        """Visible with its text when ``meeting`` is a station copy, hidden otherwise."""
        info = station_info(meeting) if meeting is not None and meeting.station_name is not None else None
        if info is None:
            self.hide()
            return
        self.label.setText(
            tr(
                "录入机“{0}”（{1} 制作）：本文件只能录入或扫描选票，不能修改设置、测评表、议程或定档。"
                "录完后把本文件拷回主会议电脑，用“文件 → 合并录入机…”并入。"
            ).format(info.name, info.made_at)
        )
        self.show()


def ask_station(parent, meeting) -> tuple[str, str] | None:
    """(name, file) for a new station, or None when cancelled (tests patch this)."""
    name, ok = QInputDialog.getText(parent, tr("制作录入机"), tr("录入机名称（例如“二号机”）："))
    if not ok or not name.strip():
        return None
    proposed = str(meeting.path.with_name(f"{meeting.path.stem}-{name.strip()}{SUFFIX}"))
    target, _ = QFileDialog.getSaveFileName(parent, tr("保存录入机文件"), proposed, tr("Pingyi 录入机文件 (*.pingyi)"))
    if not target:
        return None
    return name, target if target.lower().endswith(SUFFIX) else target + SUFFIX


def make_station_here(parent, meeting) -> str | None:
    """Ask for a name and a file, make the station; returns a message for the status line (or raises PingyiError)."""
    answer = ask_station(parent, meeting)
    if answer is None:
        return None
    info = make_station(meeting, answer[1], answer[0])
    return tr("已制作录入机“{0}”：{1}。在那台电脑上打开它录入选票。").format(info.name, Path(answer[1]).name)
