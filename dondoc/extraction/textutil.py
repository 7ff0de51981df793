"""Small text helpers shared by the structure and task rules.

The central trick is `ffold`: a *length-preserving* fold (lower case, no diacritics,
"đ" -> "d"). Rules are written as plain-ASCII regular expressions over the folded text,
and every match offset is valid in the original text too, so the output can quote the
document exactly as written (Vietnamese spelling varies: "uỷ"/"ủy", "hoà"/"hòa",
decomposed Unicode; folding makes all of them equal).
"""

from __future__ import annotations

import codecs
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
    "word_alt",
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


def _build_charmap() -> tuple[object, str]:
    """A one-byte code page of the characters Vietnamese documents are written in, and
    the fold of each of its bytes.

    str.translate with a dict looks every non-ASCII character up in Python objects
    (~100 ns a character); charmap_encode with an EncodingMap and charmap_decode with a
    256-character table are plain C loops, an order of magnitude faster. Encoding then
    decoding maps each character c to _TABLE.get(ord(c), c), exactly as translate does.
    """
    chars = ["\x00", "\t", "\n", "\r"] + [chr(i) for i in range(0x20, 0x7F)]
    for base in "aăâeêioôơuưy":
        for mark in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
            c = unicodedata.normalize("NFC", base + mark)
            if ord(c) > 0x7F:
                chars += [c, c.upper()]
    chars += ["đ", "Đ"]
    chars += list("\u2013\u2014\u2018\u2019\u201c\u201d\u00a0\u2022\u2026\u00b7\u00b0\u00d7")
    # Unused private-use characters fill the page (they fold to themselves).
    chars += [chr(0xE000 + i) for i in range(256 - len(chars))]
    assert len(chars) == 256 and len(set(chars)) == 256 and chars[0] == "\x00"
    enc = codecs.charmap_build("".join(chars))
    folded = "".join(_TABLE.get(ord(c), c) for c in chars)
    assert len(folded) == 256
    return enc, folded


_CHARMAP_ENC, _CHARMAP_FOLD = _build_charmap()
_charmap_encode = codecs.charmap_encode
_charmap_decode = codecs.charmap_decode


def _fold(text: str) -> str:
    try:
        data = _charmap_encode(text, "strict", _CHARMAP_ENC)[0]
    except UnicodeEncodeError:
        # A character outside the code page (rare symbols, decomposed marks).
        return text.translate(_TABLE)
    return _charmap_decode(data, "strict", _CHARMAP_FOLD)[0]


def ffold(text: str) -> str:
    """Lowercase, strip diacritics, keep the length (offsets stay valid)."""
    if len(text) < 4096:
        return _ffold_cached(text)
    return _fold(text)


@functools.lru_cache(maxsize=8192)
def _ffold_cached(text: str) -> str:
    # The rules fold the same paragraph several times; a bounded cache keeps that cheap.
    return _fold(text)


def word_alt(*alts: str) -> str:
    r"""The pattern `\b(?:a|b|...)` for alternatives that each open with a letter (or a
    fixed-width lookbehind, then a letter), written so that every alternative starts
    with its letter.

    sre then scans only for those first letters instead of trying the pattern at every
    position (a leading `\b` or lookahead hides them from its optimiser): several times
    faster on long paragraphs, same matches. `\b` before a letter means "no word
    character before it", checked once the letter is matched: `(?<!\w.)`; a leading
    lookbehind moves past the letter the same way (one more `.` at its end).
    """
    # Alternatives are grouped by first letter, keeping their order within a group:
    # two alternatives with different first letters never match at the same position,
    # so the one that wins is unchanged, and at a candidate position sre tries one
    # group instead of failing through every alternative.
    groups: dict[str, list[str]] = {}
    for a in alts:
        look = ""
        if a.startswith("(?<"):
            close = a.index(")")
            look, a = a[:close] + ".)", a[close + 1 :]
        assert a[0].isalpha() and a[1].isalpha(), a
        groups.setdefault(a[0], []).append(look + a[1:])
    out = [
        c + r"(?<!\w.)" + (rest[0] if len(rest) == 1 else "(?:" + "|".join(rest) + ")")
        for c, rest in groups.items()
    ]
    return "(?:" + "|".join(out) + ")"


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
