"""File downloads with Vietnamese names: one place builds the response of every export.

Browsers read `filename*` (RFC 6266 / RFC 5987, UTF-8, percent-encoded) and show the
Vietnamese name; older clients and some mail gateways read only `filename`, which gets a
safe ASCII fallback without diacritics ("Báo cáo quý 2" -> "Bao-cao-quy-2").
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def ascii_fallback(filename: str) -> str:
    """`filename` without diacritics, spaces as "-", only [A-Za-z0-9._-] kept."""
    text = unicodedata.normalize("NFD", filename).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"\s+", "-", text.strip())
    text = re.sub(r"[^A-Za-z0-9._-]", "", text)
    text = re.sub(r"-{2,}", "-", text)
    return text or "tep"


def content_disposition(filename: str) -> str:
    """The `Content-Disposition` of an attachment named `filename` (any Unicode)."""
    return f"attachment; filename=\"{ascii_fallback(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"


def attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    """An attachment response: never shown inline, never sniffed, not cached by proxies."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
