"""OCR of scanned documents with Tesseract (`tesseract` binary, Vietnamese data `vie`).

Many notices reach the office as scans. We call the binary through subprocess (no
Python binding to install, a hard timeout per page) and rebuild paragraphs from the
lines Tesseract prints, blank lines marking its paragraph ends. The pages of a document
are OCRed side by side (`PagePool`): one Tesseract process per core, within the
reader's memory limit.

Settings (environment): DONDOC_OCR_TIMEOUT (s per page, 120), DONDOC_OCR_TOTAL_TIMEOUT
(s per document, 900), DONDOC_OCR_WORKERS (pages at once; default: the cores).
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
import tempfile
import time

from .normalize import Item, build_source, rejoin_broken_paragraphs
from .source import ReadError, Source

__all__ = [
    "ocr_available",
    "ocr_image",
    "ocr_lines_to_items",
    "ocr_page_lines",
    "ocr_workers",
    "page_items",
    "PagePool",
    "read_image_bytes",
    "MISSING_MESSAGE",
]

MISSING_MESSAGE = "Chưa cài Tesseract OCR với dữ liệu tiếng Việt: cài gói tesseract-ocr và tesseract-ocr-vie."
# Seconds for one page; a 300 dpi A4 page takes 2-10 s on one core.
PAGE_TIMEOUT = float(os.environ.get("DONDOC_OCR_TIMEOUT", 120))
# Seconds for a whole document: past it the remaining pages are skipped with a warning
# rather than keeping a worker busy for hours on a 300-page scan.
TOTAL_TIMEOUT = float(os.environ.get("DONDOC_OCR_TOTAL_TIMEOUT", 900))
BUDGET_MESSAGE = "Hết thời gian nhận dạng chữ (OCR): bỏ qua {n} trang cuối."
# Pixels: a phone photo of 50 megapixels is scaled down to a 300 dpi A4 page or so.
_MAX_PIXELS = 40_000_000


def _binary() -> str | None:
    return os.environ.get("DONDOC_TESSERACT") or shutil.which("tesseract")


@functools.lru_cache(maxsize=4)
def _languages(binary: str) -> frozenset[str]:
    try:
        out = subprocess.run([binary, "--list-langs"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    lines = (out.stdout or b"").decode("utf-8", "replace").splitlines()
    return frozenset(line.strip() for line in lines[1:] if line.strip())


def ocr_available() -> bool:
    binary = _binary()
    return bool(binary) and "vie" in _languages(binary)


def _require() -> str:
    binary = _binary()
    if not binary or "vie" not in _languages(binary):
        raise ReadError(MISSING_MESSAGE)
    return binary


def ocr_image(image, timeout: float | None = None, tsv: bool = False, threads: int | None = None) -> str:
    """OCR one PIL image; returns Tesseract's text (lines, blank lines between blocks),
    or its TSV table of words with their boxes when `tsv`. `threads`: Tesseract's own
    threads (OMP_THREAD_LIMIT), 1 when pages are OCRed side by side."""
    binary = _require()
    image = _prepare(image)
    with tempfile.TemporaryDirectory(prefix="dondoc-ocr-") as tmp:
        path = os.path.join(tmp, "page.png")
        image.save(path, format="PNG")
        cmd = [binary, path, "stdout", "-l", "vie", "--psm", "3"] + (["tsv"] if tsv else [])
        try:
            proc = subprocess.run(
                cmd,
                capture_output=True,
                timeout=timeout or PAGE_TIMEOUT,
                check=False,
                env={
                    **os.environ,
                    "OMP_THREAD_LIMIT": str(threads or os.environ.get("OMP_THREAD_LIMIT", "2")),
                },
            )
        except subprocess.TimeoutExpired as exc:
            raise ReadError("Nhận dạng chữ (OCR) quá thời gian cho phép, không đọc được.") from exc
        except OSError as exc:
            raise ReadError(MISSING_MESSAGE) from exc
    if proc.returncode != 0:
        raise ReadError("Nhận dạng chữ (OCR) không thành công, không đọc được ảnh.")
    return proc.stdout.decode("utf-8", errors="replace")


def ocr_page_lines(image, dpi: float, threads: int | None = None) -> list[tuple] | str:
    """OCR one page: its lines with their geometry (see `tsv_lines`) or, when
    Tesseract's TSV output cannot be read, its plain text. Safe to run in a thread
    (the work is done by the Tesseract process)."""
    image = _prepare(image)
    raw = ocr_image(image, tsv=True, threads=threads)
    try:
        lines = tsv_lines(raw, 72.0 / (dpi or 300.0))
    except (ValueError, IndexError):
        lines = None
    if not lines:
        return ocr_image(image, threads=threads)
    return lines


def page_items(result: list[tuple] | str, state: dict) -> list[Item]:
    """The paragraphs and borderless table rows of an OCRed page (`ocr_page_lines`),
    rebuilt with the same geometry rules as a PDF text layer; `state` carries tables
    from page to page, so pages are given in order."""
    if isinstance(result, str):
        return ocr_lines_to_items(result)
    from .pdf_reader import _RawLine, _to_items

    return _to_items([_RawLine(parts, top, bottom, size) for parts, top, bottom, size in result], state)


def ocr_page_items(image, dpi: float, state: dict) -> list[Item]:
    """OCR one page and rebuild its paragraphs and borderless table rows from the word
    boxes. Falls back on Tesseract's own text when its TSV output cannot be read."""
    return page_items(ocr_page_lines(image, dpi), state)


# Address space one Tesseract process may take on a 300 dpi page (MB): the pages OCRed
# at once share the reader's memory limit (DONDOC_EXTRACT_MEMORY_MB).
PAGE_MEMORY_MB = 512


def ocr_workers(pages: int) -> int:
    """How many pages are OCRed at once: one Tesseract process per core the process
    may use, no more than the pages, no more than the reader's memory limit allows at
    PAGE_MEMORY_MB a page, and no more than DONDOC_OCR_WORKERS when set."""
    from .sandbox import default_memory_mb

    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    n = min(cpus, pages, default_memory_mb() // PAGE_MEMORY_MB)
    configured = os.environ.get("DONDOC_OCR_WORKERS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        n = min(n, int(configured))
    return max(1, n)


class PagePool:
    """OCR of a document's pages, several at a time: each page is one Tesseract
    process, started from a thread of a pool of `ocr_workers` threads (the threads
    only wait on their process, so the pages run in parallel on as many cores). Pages
    given after the document's OCR budget (TOTAL_TIMEOUT from the start) are skipped:
    their result is None. Results are taken in page order by the caller."""

    def __init__(self, pages: int, deadline: float | None = None):
        from concurrent.futures import ThreadPoolExecutor

        self.workers = ocr_workers(pages)
        self.deadline = deadline if deadline is not None else time.monotonic() + TOTAL_TIMEOUT
        # Tesseract's own threads would only fight over the cores the pages use.
        self.threads = 1 if self.workers > 1 else None
        self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="dondoc-ocr")
        self._pending: list = []

    def _run(self, image, dpi: float):
        if time.monotonic() > self.deadline:
            return None
        return ocr_page_lines(image, dpi, threads=self.threads)

    def submit(self, image, dpi: float):
        """Queue one page (a PIL image); returns a future of `ocr_page_lines`'s result,
        None when the budget ran out first. At most two pages a worker wait in memory."""
        from concurrent.futures import FIRST_COMPLETED, wait

        self._pending = [f for f in self._pending if not f.done()]
        while len(self._pending) >= 2 * self.workers:
            wait(self._pending, return_when=FIRST_COMPLETED)
            self._pending = [f for f in self._pending if not f.done()]
        future = self._executor.submit(self._run, image, dpi)
        self._pending.append(future)
        return future

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def tsv_lines(
    tsv: str, points_per_pixel: float
) -> list[tuple[list[tuple[str, float, float]], float, float, float]]:
    """Tesseract TSV -> lines as (pieces, top, bottom, height), in points, y upwards.
    A line's words are cut into pieces where a gap is wider than 1.6 word heights (two
    cells of a borderless table on one line)."""
    from .pdf_reader import _merge_parts

    rows = tsv.splitlines()
    if not rows or not rows[0].startswith("level"):
        raise ValueError("not a Tesseract TSV")
    words: dict[tuple[str, str, str, str], list[tuple[int, int, int, int, str]]] = {}
    for row in rows[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        if not text or float(cols[10]) < 0:
            continue
        left, top, width, height = (int(c) for c in cols[6:10])
        words.setdefault((cols[1], cols[2], cols[3], cols[4]), []).append((left, top, width, height, text))
    out = []
    for line in words.values():
        line.sort()
        heights = sorted(w[3] for w in line)
        height = heights[len(heights) // 2]
        pieces: list[tuple[str, float, float]] = []
        current: list[str] = []
        x0 = x1 = 0
        for left, _top, width, _height, text in line:
            if current and left - x1 > max(1.6 * height, 12):
                pieces.append((" ".join(current), x0 * points_per_pixel, x1 * points_per_pixel))
                current = []
            if not current:
                x0 = left
            current.append(text)
            x1 = left + width
        pieces.append((" ".join(current), x0 * points_per_pixel, x1 * points_per_pixel))
        # Specks read as ":" or "'" far from the text would open a phantom cell.
        pieces = [p for p in pieces if any(c.isalnum() for c in p[0])] or pieces
        top = min(w[1] for w in line)
        bottom = max(w[1] + w[3] for w in line)
        out.append(
            (
                _merge_parts(pieces),
                -top * points_per_pixel,
                -bottom * points_per_pixel,
                height * points_per_pixel,
            )
        )
    return out


def _prepare(image):
    from PIL import Image

    if image.mode not in ("L", "RGB", "1"):
        image = image.convert("RGB")
    w, h = image.size
    if w * h > _MAX_PIXELS:
        scale = (_MAX_PIXELS / (w * h)) ** 0.5
        image = image.resize((max(1, int(w * scale)), max(1, int(h * scale))), Image.LANCZOS)
    return image


def ocr_lines_to_items(text: str) -> list[Item]:
    """Tesseract separates its blocks by a blank line; lines inside a block are wrapped
    lines of one paragraph unless a line opens a new item ("1.", "a)", "-")."""
    from .txt_reader import Line, join_wrapped_lines

    lines: list[Line] = []
    blank = False
    for raw in text.replace("\f", "\n").splitlines():
        stripped = raw.strip()
        if not stripped:
            blank = True
            continue
        lines.append(Line(stripped, blank_before=blank))
        blank = False
    return [Item(p) for p in join_wrapped_lines(lines)]


def _dpi(image) -> float:
    """The scan resolution: from the file when plausible, else from the width of an A4
    page (8.27 in), which most scanned notices are."""
    try:
        dpi = float((image.info.get("dpi") or (0, 0))[0])
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    if 100 <= dpi <= 1200:
        return dpi
    return min(600.0, max(100.0, image.size[0] / 8.27))


def read_image_bytes(data: bytes) -> Source:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    _require()
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ReadError("Tệp ảnh bị hỏng, không đọc được.") from exc
    items: list[Item] = []
    warnings = ["Văn bản được nhận dạng từ ảnh (OCR), cần kiểm tra lại."]
    frames = getattr(image, "n_frames", 1)
    state: dict = {"count": 0, "open": None}
    # A multi-page TIFF is a scanned document of several pages, OCRed side by side.
    futures = []
    with PagePool(min(frames, 200)) as pool:
        for n, frame in enumerate(ImageSequence.Iterator(image)):
            if n >= 200 or time.monotonic() > pool.deadline:
                break
            futures.append(pool.submit(frame.copy(), _dpi(frame)))
        skipped = frames - len(futures)
        for future in futures:
            result = future.result()
            if result is None:
                skipped += 1
                continue
            items.extend(page_items(result, state))
    if skipped:
        warnings.append(BUDGET_MESSAGE.format(n=skipped))
    return build_source(rejoin_broken_paragraphs(items), "ocr", warnings)
