"""Vietnamese text helpers shared by the applications."""

from __future__ import annotations

import unicodedata


def fold(text: str | None) -> str:
    """Lower case without diacritics ("Nội vụ" -> "noi vu"; "đ" -> "d"), spaces collapsed.

    Used for search keys that must behave the same on SQLite and PostgreSQL: both
    compare the stored folded column with the folded query.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().split())
