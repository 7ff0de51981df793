"""How many pages a document has, told at upload before anything is stored.

A PDF says it exactly; a .docx says it in its properties (docProps/app.xml, written by
Word and LibreOffice) and otherwise by its text; plain text by its length. A page of a
notice (A4, Times New Roman 13-14) holds about `CHARS_PER_PAGE` characters. A legacy
.doc is not counted here (it must be converted first): the length of its text is
checked once read (`estimate_pages`).

A PDF or .docx is opened in a child process with the sandbox's limits on memory and
time (`dondoc.extraction.sandbox`): the upload is untrusted input to PDFium and XML.

Pure Python, no Django.
"""

from __future__ import annotations

import io
import math
import re
import subprocess
import sys
import zipfile

CHARS_PER_PAGE = 3000
COUNT_TIMEOUT = 30  # seconds for a child to count; after that the upload is not refused here
_APP_PAGES = re.compile(rb"<(?:\w+:)?Pages>\s*(\d+)\s*</(?:\w+:)?Pages>")


def estimate_pages(text: str) -> int:
    """Pages of a text by its length (at least 1)."""
    return max(1, math.ceil(len(text.strip()) / CHARS_PER_PAGE))


def _text_length(data: bytes) -> int:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return len(data) // 2
    try:
        return len(data.decode("utf-8"))
    except UnicodeDecodeError:
        return len(data)  # a one-byte legacy charset (TCVN3, VNI, Windows-1258)


def _docx_pages(data: bytes) -> tuple[int, bool] | None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            info = archive.getinfo("docProps/app.xml")
        except KeyError:
            info = None
        if info is not None and info.file_size < 1024 * 1024:
            found = _APP_PAGES.search(archive.read(info))
            if found and int(found.group(1)) > 0:
                return int(found.group(1)), True
    from .readers import read_bytes

    return estimate_pages(read_bytes(data, "van-ban.docx").text), False


def count_pages(data: bytes) -> tuple[int, bool] | None:
    """(pages, exact) of a document, or None when it cannot be told before reading."""
    from .readers import detect_format

    kind = detect_format(data)
    if kind == "pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        try:
            return len(pdf), True
        finally:
            pdf.close()
    if kind == "docx":
        return _docx_pages(data)
    if kind == "text":
        return max(1, math.ceil(_text_length(data) / CHARS_PER_PAGE)), False
    return None


def count_pages_isolated(data: bytes, *, timeout: float = COUNT_TIMEOUT) -> tuple[int, bool] | None:
    """`count_pages` in a child process with the sandbox's memory limit; None when it
    fails or takes too long (the document is then checked once read)."""
    from .readers import detect_format
    from .sandbox import _kill_group, _limit, default_memory_mb, isolated

    kind = detect_format(data)
    if kind not in ("pdf", "docx") or not isolated():
        try:
            return count_pages(data)
        except Exception:  # noqa: BLE001 - a file we cannot count is read (and judged) later
            return None
    process = subprocess.Popen(
        [sys.executable, "-m", "dondoc.extraction.pages"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        preexec_fn=_limit(default_memory_mb()),
    )
    try:
        out, _err = process.communicate(data, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        return None
    parts = out.decode().split()
    if process.returncode != 0 or len(parts) != 2 or not parts[0].isdigit():
        return None
    return int(parts[0]), parts[1] == "exact"


def _child() -> int:
    try:
        found = count_pages(sys.stdin.buffer.read())
    except Exception:  # noqa: BLE001 - the parent treats any failure as "not known"
        return 1
    if found is None:
        return 1
    pages, exact = found
    print(pages, "exact" if exact else "estimated")
    return 0


if __name__ == "__main__":
    sys.exit(_child())
