"""Small text helpers shared by the structure and task rules.

The central trick is `ffold`: a *length-preserving* fold (lower case, no diacritics,
"đ" -> "d"). Rules are written as plain-ASCII regular expressions over the folded text,
and every match offset is valid in the original text too, so the output can quote the
document exactly as written (Vietnamese spelling varies: "uỷ"/"ủy", "hoà"/"hòa",
decomposed Unicode; folding makes all of them equal).
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = [
    "ffold",
    "fold_key",
    "collapse",
    "is_upper_text",
    "first_alpha_is_lower",
    "strip_marker",
    "MARKER_RE",
]


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    # Latin, Latin-1, Latin Extended-A/B and Latin Extended Additional (Vietnamese
    # precomposed letters live in U+1EA0..U+1EF9).
    ranges = [(0x00C0, 0x0250), (0x1E00, 0x1F00)]
    for lo, hi in ranges:
        for cp in range(lo, hi):
            ch = chr(cp)
            base = unicodedata.normalize("NFD", ch)[0]
            low = base.lower()
            low = low[0] if low else base
            if low != ch:
                table[cp] = low
    for cp in range(ord("A"), ord("Z") + 1):
        table[cp] = chr(cp + 32)
    table[ord("đ")] = "d"
    table[ord("Đ")] = "d"
    table[ord("Ð")] = "d"
    # Typographic variants that documents mix freely.
    for ch in "\u2013\u2014\u2212":
        table[ord(ch)] = "-"
    for ch in "\u2018\u2019\u201c\u201d":
        table[ord(ch)] = "'" if ch in "\u2018\u2019" else '"'
    table[0x00A0] = " "
    table[0x0009] = " "
    # Stray combining marks (decomposed input that escaped NFC) become a harmless
    # character of the same length so offsets stay aligned.
    for cp in range(0x0300, 0x0370):
        table[cp] = "\u00b7"
    return table


_TABLE = _build_table()


def ffold(text: str) -> str:
    """Lowercase, strip diacritics, keep the length (offsets stay valid)."""
    if len(text) < 4096:
        return _ffold_cached(text)
    return text.translate(_TABLE)


@functools.lru_cache(maxsize=8192)
def _ffold_cached(text: str) -> str:
    # The rules fold the same paragraph several times; a bounded cache keeps that cheap.
    return text.translate(_TABLE)


_WS = re.compile(r"\s+")


def collapse(text: str) -> str:
    """Collapse runs of whitespace into one space and strip."""
    return " ".join(text.split())


def fold_key(text: str | None) -> str:
    """Comparable key: folded, punctuation trimmed, whitespace collapsed."""
    if not text:
        return ""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return collapse(ffold(text).replace("\u00b7", ""))


def is_upper_text(text: str) -> bool:
    """True when the letters of `text` are (almost) all capitals: a title line."""
    if len(text) > 400:
        text = text[:400]  # a title is short; a long paragraph is judged by its start
    if sum(map(str.islower, text[:40])) > 6:
        return False  # quick answer for ordinary sentences
    upper = sum(map(str.isupper, text))
    lower = sum(map(str.islower, text))
    return upper + lower >= 2 and upper >= 0.85 * (upper + lower)


def first_alpha_is_lower(text: str) -> bool:
    for c in text:
        if c.isalpha():
            return c.islower()
        if c.isdigit():
            return False
    return False


# List labels of Vietnamese administrative documents (Nghị định 30/2020 appendix:
# Phần/Mục roman numerals, then 1., 1.1., a), then "-" and "+").
MARKER_RE = re.compile(
    r"^\s*(?:"
    r"(?P<roman>(?:X{0,3})(?:IX|IV|V?I{0,3})[.)])(?=\s)"
    r"|(?P<part>[A-HĐ]\.)(?=\s+[A-ZĐÀ-Ỹ]{2})"
    r"|(?P<num2>\d{1,2}\.\d{1,2}(?:\.\d{1,2})?\.?)(?=\s)"
    r"|(?P<num>\d{1,2}[.)])(?=\s)"
    r"|(?P<alpha>[a-zđ][)])(?=\s)"
    r"|(?P<alpha2>[a-zđ]\.)(?=\s)"
    r"|(?P<dash>[-\u2013\u2014])(?=\s)"
    r"|(?P<plus>[+])(?=\s)"
    r"|(?P<bullet>[\u2022\u25cf\u25aa\u25e6\u2023\uf0b7\uf0a7*])(?=\s)"
    r")\s*"
)


def strip_marker(text: str) -> tuple[str | None, str, int]:
    """Split a leading list label. Returns (kind, rest, offset of rest in text)."""
    m = MARKER_RE.match(text)
    if not m or m.end() == 0:
        return None, text, 0
    kind = m.lastgroup
    if kind == "roman" and m.group("roman")[:-1] == "":
        return None, text, 0
    if kind == "alpha2":
        kind = "alpha"
    return kind, text[m.end() :], m.end()
