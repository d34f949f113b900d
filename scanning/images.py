"""Scanned files in: PNG, JPEG, TIFF (multi-page) and PDF (multi-page) as grayscale pages.

A file is read once into memory: its bytes give the sha256 kept as evidence, and each of its
pages becomes one 8-bit grayscale ``numpy`` array.  PDF pages are rendered at ``PDF_DPI``.
A file that is not an image (or is damaged) is refused with a reason, never half read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from models.errors import PingyiError

#: file name endings read as scans (lower case)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".pdf")
#: PDF scans are rendered at this resolution (what the reader is tuned for)
PDF_DPI = 200
#: a page larger than this (pixels) is refused: no scanner or phone makes one
MAX_PIXELS = 60_000_000


class ImageRefused(PingyiError):
    """A file that cannot be read as a scan (not an image, damaged, empty)."""


@dataclass(frozen=True)
class ScanFile:
    """One file of scans: its path, bytes and their sha256."""

    path: Path
    data: bytes = field(repr=False)
    sha256: str

    @classmethod
    def read(cls, path: str | Path) -> ScanFile:
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ImageRefused(f"无法读取文件 {path}：{exc.strerror or exc}。请检查文件是否存在、是否有权限。") from exc
        return cls(path, data, hashlib.sha256(data).hexdigest())

    @property
    def is_pdf(self) -> bool:
        return self.data[:5] == b"%PDF-"

    def pages(self) -> Iterator[np.ndarray]:
        """Each page as a grayscale array, in file order."""
        if not self.data:
            raise ImageRefused(f"文件 {self.path.name} 是空文件（0 字节）。请重新扫描。")
        if self.is_pdf:
            yield from _pdf_pages(self)
        else:
            yield from _image_pages(self)


def find_files(paths: list[str | Path]) -> list[Path]:
    """The scan files named or inside the named folders (not recursing further), sorted by name."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
        else:
            out.append(path)
    return out


def _image_pages(scan: ScanFile) -> Iterator[np.ndarray]:
    buf = np.frombuffer(scan.data, np.uint8)
    ok, images = cv2.imdecodemulti(buf, cv2.IMREAD_GRAYSCALE) if _is_tiff(scan.data) else (True, None)
    if images is None:
        image = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)
        images = [] if image is None else [image]
        ok = image is not None
    if not ok or not images:
        raise ImageRefused(
            f"文件 {scan.path.name} 不是可读的图像（支持 PNG、JPEG、TIFF、PDF），或文件已损坏。请重新扫描或换一种格式保存。"
        )
    for image in images:
        if image.size > MAX_PIXELS:
            raise ImageRefused(
                f"文件 {scan.path.name} 的图像过大（{image.shape[1]}×{image.shape[0]} 像素）。请用 150–300 dpi 扫描。"
            )
        yield image if image.dtype == np.uint8 else cv2.convertScaleAbs(image, alpha=255.0 / max(1, int(image.max())))


def _is_tiff(data: bytes) -> bool:
    return data[:4] in (b"II*\x00", b"MM\x00*")


def _pdf_pages(scan: ScanFile) -> Iterator[np.ndarray]:
    import pypdfium2 as pdfium  # only PDF scans pay for it

    try:
        pdf = pdfium.PdfDocument(scan.data)
    except pdfium.PdfiumError as exc:
        raise ImageRefused(f"文件 {scan.path.name} 是损坏的 PDF，无法读取（{exc}）。请重新扫描。") from exc
    try:
        for page in pdf:
            bitmap = page.render(scale=PDF_DPI / 72, grayscale=True)
            array = bitmap.to_numpy()
            yield np.ascontiguousarray(array if array.ndim == 2 else array[..., 0])
    finally:
        pdf.close()
