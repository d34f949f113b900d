"""The few questions the entry and reconciliation screens ask (tests patch these functions)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

#: reasons offered for a void ballot (废票); the clerk may type another
VOID_REASONS = ("整张表未填写", "无法辨认", "不是本次会议的测评表", "表格被涂改、撕毁")


def ask_void_reason(parent: QWidget) -> str | None:
    """The reason this ballot is void, or None when the clerk cancels."""
    text, ok = QInputDialog.getItem(
        parent, parent.tr("标为废票"), parent.tr("废票原因（可选择，也可直接输入）："),
        list(VOID_REASONS), 0, True)
    return text.strip() if ok and text.strip() else None


def ask_delete_reason(parent: QWidget, serial: str) -> str | None:
    """Why the clerk deletes the ballot ``serial``, or None when cancelled."""
    text, ok = QInputDialog.getText(
        parent, parent.tr("删除选票"),
        parent.tr("删除 {serial} 这张票的原因（记入日志）：").format(serial=serial))
    return text.strip() if ok and text.strip() else None


def confirm_clear(parent: QWidget, what: str) -> bool:
    """Whether the clerk really wants to drop ``what`` (the marks keyed so far)."""
    answer = QMessageBox.question(
        parent, parent.tr("清空本票"),
        parent.tr("清空{what}？已按的键不会保存。").format(what=what),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def confirm_over_cap(parent: QWidget, warning: str) -> bool:
    """Whether to save a keying over 每票好等次上限 as keyed (it counts as 废票); No goes back to the grid."""
    answer = QMessageBox.question(
        parent, parent.tr("“好”超过每票上限"),
        parent.tr("{warning}。\n\n请先核对纸质票：录错了请选“否”回到表格改正；"
                  "纸质票确实如此请选“是”，按所录原样保存（计为废票）。").format(warning=warning),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
