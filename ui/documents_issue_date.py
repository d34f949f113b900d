"""成文日期 on the 打印与归档 screen: which date the feedback's seal block prints, and a dialog to set it.

The date is kept in the meeting file (``models.documents.issue_date``), so the preview, ``print`` and
the filing package agree; setting it is one audited write, allowed after 定稿 too.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.documents.formatting import chinese_date_text
from models.documents.issue_date import finalized_day, issue_date, printed_issue_date, set_issue_date
from models.errors import PingyiError
from models.ledger import today as ledger_today
from models.setup import get_facts

#: the topic emitted on the bus after the date changed
TOPIC = "documents"


class IssueDateDialog(QDialog):
    """按定稿日期, or a date picked by keys or from the calendar."""

    def __init__(self, current: str | None, suggested: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("反馈意见的成文日期"))
        self.final = QCheckBox(self.tr("按定稿日期(&F)（默认）"))
        self.final.setChecked(current is None)
        self.date = QDateEdit(QDate.fromString(current or suggested, "yyyy-MM-dd"))
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setCalendarPopup(True)
        self.date.setEnabled(current is not None)
        self.final.toggled.connect(lambda on: self.date.setEnabled(not on))
        note = QLabel(self.tr("GB/T 9704：成文日期为负责人签发的日期，用汉字数字印在发文机关署名下。"
                              "反馈意见在会后印发时，可改为印发当天；记入会议文件，以后打印和备案材料都用此日期。"),
                      wordWrap=True)
        note.setStyleSheet("color: #555;")
        form = QFormLayout()
        form.addRow(self.final)
        form.addRow(self.tr("成文日期(&D)："), self.date)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def chosen(self) -> str | None:
        """The date picked (YYYY-MM-DD), or None for 按定稿日期."""
        return None if self.final.isChecked() else self.date.date().toString("yyyy-MM-dd")


def ask_issue_date(parent: QWidget, current: str | None, suggested: str) -> tuple[bool, str | None]:
    """(accepted, date or None for the 定稿 date); tests patch this function."""
    dialog = IssueDateDialog(current, suggested, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return accepted, dialog.chosen()


class IssueDateRow(QWidget):
    """“成文日期：二〇二六年十二月八日 [更改…]”; ``changed`` after a new date was stored, ``said`` for messages."""

    changed = Signal()
    said = Signal(str, bool)

    def __init__(self, meeting, parent=None):
        super().__init__(parent)
        self.meeting = meeting
        self.value = QLabel()
        self.button = QPushButton(self.tr("更改(&W)…"))
        self.button.setToolTip(self.tr("反馈意见落款的成文日期：默认定稿日期，会后印发时可改为印发当天（Alt+W）"))
        self.button.clicked.connect(self.change)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("成文日期：")))
        layout.addWidget(self.value, 1)
        layout.addWidget(self.button)
        self.refresh()

    def refresh(self) -> None:
        """The date as the clerk types it (one short line); the tooltip shows it as printed."""
        chosen, printed = issue_date(self.meeting), printed_issue_date(self.meeting)
        if chosen:
            self.value.setText(chosen)
        elif printed:
            self.value.setText(self.tr("{date}（定稿日）").format(date=finalized_day(self.meeting)))
        else:
            self.value.setText(self.tr("定稿日（草稿留空）"))
        self.value.setToolTip(self.tr("反馈意见落款印作：{date}").format(date=printed or self.tr("（空白，手写）")))

    def change(self) -> None:
        current = issue_date(self.meeting)
        accepted, chosen = ask_issue_date(self, current, self._suggested())
        if not accepted:
            return
        try:
            stored = set_issue_date(self.meeting, chosen)
        except PingyiError as err:
            self.said.emit(str(err), False)
            return
        self.refresh()
        if stored == current:
            return
        self.said.emit(self.tr("成文日期已改为{date}，已记入会议文件。").format(
            date=chinese_date_text(stored) if stored else self.tr("定稿日期")), True)
        self.changed.emit()

    def _suggested(self) -> str:
        """Today, or the meeting day when that is later (a 成文日期 never precedes the meeting)."""
        today = ledger_today().isoformat()
        day = get_facts(self.meeting).date
        return max(today, day) if len(day) == 10 else today
