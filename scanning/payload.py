"""The text of a form's QR code: ``PINGYI:A-7KQ4M-W`` (one page) or ``PINGYI:A-7KQ4M-W/2`` (page 2)."""

from __future__ import annotations

from models.ballots.serials import QR_PAGE_SEP, QR_PREFIX, SerialError, normalize_serial


class PayloadError(ValueError):
    """A QR code that is not a Pingyi form's; ``code`` names why."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def parse_payload(text: str) -> tuple[str, int | None]:
    """(serial, 0-based page or None when the code names no page) from a QR text."""
    text = (text or "").strip()
    if not text.upper().startswith(QR_PREFIX):
        raise PayloadError(
            "not_form", f"这页的二维码（{text[:40]}）不是 Pingyi 测评表的二维码：这页不是本系统打印的测评表。"
        )
    body, sep, page = text[len(QR_PREFIX) :].partition(QR_PAGE_SEP)
    try:
        serial = normalize_serial(body)
    except SerialError as exc:
        raise PayloadError("bad_serial", f"二维码中的编号有误：{exc}") from None
    if not sep:
        return serial, None
    if not page.isdigit() or int(page) < 1:
        raise PayloadError("bad_serial", f"二维码中的页码“{page}”有误（编号 {serial}）。")
    return serial, int(page) - 1
