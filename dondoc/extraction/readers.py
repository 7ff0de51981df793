"""Readers: turn a file into a `Source`, whatever its format.

    from dondoc.extraction.readers import read_file, read_bytes
    source = read_file("thong-bao.docx")

The format is told from the content, never from the file name (users rename files,
browsers send "blob"): PDF (text layer, OCR for scanned pages), DOCX, legacy DOC, RTF
and ODT (converted by LibreOffice), images (Tesseract OCR), otherwise plain text in any
charset Vietnamese offices have used (UTF-8/16, Windows-1258, TCVN3, VNI). Only
`ReadError` escapes, with a one-line Vietnamese message for the user.

Settings (environment): DONDOC_READ_MAX_BYTES (50 MB), DONDOC_PDF_MAX_PAGES (300),
DONDOC_OCR_TIMEOUT (s per page, 120), DONDOC_OCR_TOTAL_TIMEOUT (s per document, 900),
DONDOC_SOFFICE_TIMEOUT (120), DONDOC_TESSERACT and DONDOC_SOFFICE (binary paths),
DONDOC_OCR_WORKERS (pages OCRed at once; default the cores, within the memory limit).
"""

from __future__ import annotations

import io
import logging
import os
import re
import zipfile

from .normalize import EMPTY_MESSAGE
from .source import Block, ReadError, Source

__all__ = ["read_file", "read_bytes", "detect_format", "ReadError", "Source", "Block", "MAX_BYTES"]

log = logging.getLogger(__name__)

# Larger inputs are refused rather than read: a 50 MB notice is a scan of a whole
# register, and OCR on it would take hours. Override with DONDOC_READ_MAX_BYTES.
MAX_BYTES = int(os.environ.get("DONDOC_READ_MAX_BYTES", 50 * 1024 * 1024))

_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"II*\x00",
    b"MM\x00*",
    b"BM",
    b"GIF87a",
    b"GIF89a",
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _too_large_message(limit: int) -> str:
    return f"Tệp quá lớn (giới hạn {limit // (1024 * 1024)} MB), không đọc được."


def detect_format(data: bytes) -> str:
    """ "pdf" | "docx" | "doc" | "image" | "zip" | "binary" | "text", from the content."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(_OLE2):
        return "doc"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except Exception:
            return "zip"
        if "word/document.xml" in names or (
            "[Content_Types].xml" in names and any(n.startswith("word/") for n in names)
        ):
            return "docx"
        if "content.xml" in names and b"opendocument.text" in data[:200]:
            return "odt"
        return "zip"
    if data[:64].lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if data.startswith(_IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        return "image"
    if _looks_binary(data):
        return "binary"
    return "text"


_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")


def _looks_binary(data: bytes) -> bool:
    """Control bytes other than whitespace mean a binary file; UTF-16 text is full of
    zero bytes but in a regular pattern, which the text decoder recognises."""
    sample = data[:8192]
    if not sample:
        return False
    if sample.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return False
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    half = max(1, len(sample) // 2)
    if (zeros_odd > 0.25 * half and zeros_even < 0.05 * half) or (
        zeros_even > 0.25 * half and zeros_odd < 0.05 * half
    ):
        return False
    control = len(_CONTROL_BYTES.findall(sample))
    return control > max(2, len(sample) // 100)


def read_bytes(data: bytes, filename: str | None = None, *, max_bytes: int | None = None) -> Source:
    """Read a document given as bytes. `filename` only names it in messages and logs:
    the format is detected from the content."""
    limit = MAX_BYTES if max_bytes is None else max_bytes
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ReadError("Dữ liệu đầu vào không hợp lệ.")
    data = bytes(data)
    if len(data) > limit:
        raise ReadError(_too_large_message(limit))
    if not data.strip():
        raise ReadError(EMPTY_MESSAGE)
    kind = detect_format(data)
    try:
        return _dispatch(kind, data)
    except ReadError:
        raise
    except RecursionError as exc:
        raise ReadError("Tệp có cấu trúc quá phức tạp, không đọc được.") from exc
    except MemoryError as exc:
        raise ReadError("Tệp quá lớn, không đủ bộ nhớ để đọc.") from exc
    except Exception as exc:  # a reader bug or a library choking on a broken file
        log.warning("reading %s (%s) failed", filename or "<bytes>", kind, exc_info=True)
        raise ReadError(_broken_message(kind)) from exc


def _broken_message(kind: str) -> str:
    return {
        "pdf": "Tệp PDF bị hỏng, không đọc được.",
        "docx": "Tệp Word (.docx) bị hỏng, không đọc được.",
        "doc": "Tệp Word (.doc) bị hỏng, không đọc được.",
        "image": "Tệp ảnh bị hỏng, không đọc được.",
    }.get(kind, "Tệp bị hỏng, không đọc được.")


def _dispatch(kind: str, data: bytes) -> Source:
    if kind == "text":
        from .txt_reader import read_text_bytes

        return read_text_bytes(data)
    if kind == "docx":
        from .docx_reader import read_docx_bytes

        return read_docx_bytes(data)
    if kind == "pdf":
        from .pdf_reader import read_pdf_bytes

        return read_pdf_bytes(data)
    if kind == "image":
        from .ocr import read_image_bytes

        return read_image_bytes(data)
    if kind == "doc":
        from .doc_reader import read_doc_bytes

        return read_doc_bytes(data)
    if kind in ("rtf", "odt"):
        # Word's "Rich Text" saves (often named .doc) and OpenDocument: LibreOffice
        # converts them like a .doc.
        from .doc_reader import convert_with_soffice
        from .docx_reader import read_docx_bytes

        return read_docx_bytes(convert_with_soffice(data, "." + kind), fmt="doc")
    if kind == "zip":
        raise ReadError("Định dạng tệp không được hỗ trợ: tệp nén không phải tài liệu Word (.docx).")
    raise ReadError("Định dạng tệp không được hỗ trợ: không phải văn bản, Word, PDF hay ảnh.")


def read_file(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Source:
    """Read a document from disk."""
    limit = MAX_BYTES if max_bytes is None else max_bytes
    name = os.fspath(path)
    if os.path.exists(name) and not os.path.isdir(name) and not os.path.isfile(name):
        # A pipe or a device would block or never end.
        raise ReadError(f"Không mở được tệp: {name} không phải một tệp thông thường.")
    try:
        with open(name, "rb") as fh:
            data = fh.read(limit + 1)
    except IsADirectoryError as exc:
        raise ReadError(f"Không mở được tệp: {name} là một thư mục.") from exc
    except FileNotFoundError as exc:
        raise ReadError(f"Không tìm thấy tệp: {name}") from exc
    except OSError as exc:
        raise ReadError(f"Không mở được tệp: {name}") from exc
    if len(data) > limit:
        raise ReadError(_too_large_message(limit))
    return read_bytes(data, os.path.basename(name), max_bytes=limit)
