"""Files in, page records out: what the command line, the window and the bench run.

``read_files`` yields one ``models.scans.PageRecord`` per scanned page (a file that cannot be
read at all yields one refused record), with the file's bytes for the evidence folder.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from models.scans import REFUSED, PageRecord, RowRecord

from .images import ImageRefused, ScanFile
from .read import FormShape, PageReading, read_page


def record_of(reading: PageReading, scan: ScanFile, index: int, shape: FormShape) -> PageRecord:
    """The meeting file's record of one page reading."""
    rows = tuple(
        RowRecord(
            r.reporter,
            r.item,
            None if r.mark is None else int(r.mark),
            r.reason,
            tuple((b.inner, b.solid, b.trace, b.outside, b.state) for b in r.boxes),
        )
        for r in reading.rows
    )
    to_page = (
        None if reading.to_page is None else tuple(round(float(v), 6) for v in np.asarray(reading.to_page).ravel())
    )
    status = REFUSED if reading.status == "refused" else reading.status
    return PageRecord(
        scan.path.name,
        scan.path.suffix.lower(),
        index,
        scan.sha256,
        status,
        reading.code,
        reading.reason,
        reading.serial,
        reading.page,
        shape.page_count,
        reading.orientation,
        reading.residual_mm,
        to_page,
        rows,
    )


def read_file(path: str | Path, shape: FormShape) -> Iterator[tuple[PageRecord, bytes | None]]:
    """Each page of one file, read; (record, the file's bytes to keep — given with its first page only)."""
    try:
        scan = ScanFile.read(path)
        pages = scan.pages()
        for index, gray in enumerate(pages):
            yield record_of(read_page(gray, shape), scan, index, shape), scan.data if index == 0 else None
    except ImageRefused as exc:
        name = Path(path).name
        sha = scan.sha256 if "scan" in locals() else ""
        yield (
            PageRecord(name, Path(path).suffix.lower(), 0, sha or f"unreadable:{name}", REFUSED, "bad_file", str(exc)),
            None,
        )


def reread(data: bytes, name: str, index: int, shape: FormShape, serial: str, page: int | None) -> PageRecord:
    """One page of a kept file read again with the serial (and page) the clerk typed."""
    scan = ScanFile(Path(name), data, hashlib.sha256(data).hexdigest())
    for n, gray in enumerate(scan.pages()):
        if n == index:
            return record_of(read_page(gray, shape, serial=serial, page=page), scan, index, shape)
    raise ImageRefused(f"文件 {name} 没有第 {index + 1} 页。")


def _read_whole(args: tuple[Path, FormShape]) -> list[tuple[PageRecord, bytes | None]]:
    return list(read_file(*args))


def _quiet_worker() -> None:
    import cv2

    cv2.setNumThreads(1)  # one page per core: OpenCV's own threads would only compete


def read_paths(
    paths: list[Path], shape: FormShape, workers: int | None = None
) -> Iterator[tuple[PageRecord, bytes | None]]:
    """Every page of every file, in file order; ``workers`` processes read files side by side (default: one per core).

    Storing stays with the caller (one writer for the meeting file); reading is what takes the time.
    """
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(paths) < 4:
        for path in paths:
            yield from read_file(path, shape)
        return
    context = multiprocessing.get_context("spawn")  # safe beside Qt's threads, same on Windows
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_quiet_worker)
    try:
        for pages in pool.map(_read_whole, [(Path(p), shape) for p in paths], chunksize=1):
            yield from pages
    finally:  # also when the caller stops early (cancel): files not yet read are dropped
        pool.shutdown(wait=False, cancel_futures=True)
