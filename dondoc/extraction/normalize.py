"""Text normalisation shared by every reader.

Documents reach us through Word, PDF text layers, OCR and copy-paste from web pages, so
the same word may be spelt with decomposed Unicode, old-style tone placement ("hoà")
or markdown emphasis. The task rules match words, so every reader funnels its text
through `normalize_inline` and builds its `Source` with `build_source`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from .legacy_encodings import LEGACY_CONVERTERS, detect_legacy
from .source import Block, ReadError, Source

__all__ = [
    "normalize_inline",
    "fix_tone_placement",
    "ends_sentence",
    "starts_continuation",
    "starts_new_item",
    "is_page_number",
    "Item",
    "build_source",
    "rejoin_broken_paragraphs",
    "EMPTY_MESSAGE",
]

EMPTY_MESSAGE = "Tài liệu không có nội dung."

# Characters that are invisible or only hint at a line-break opportunity: they break
# word matching ("Ủy\u00adban") and never carry meaning in these documents.
_DROP = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e"), None)
# Spaces of every width become a plain space; control characters too, so that a block
# never contains a newline (blocks are separated by "\n" in `Source.text`).
_SPACE_CHARS = "\t\n\r\x0b\x0c\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\x85"
_TRANSLATE = {**_DROP, **dict.fromkeys(map(ord, _SPACE_CHARS), " ")}
for _c in range(0x20):
    _TRANSLATE.setdefault(_c, " ")
_TRANSLATE[0x7F] = " "

_NEEDS_TRANSLATE = re.compile("[" + re.escape("".join(chr(c) for c in _TRANSLATE if c != 0x20)) + "]")
_SPACES = re.compile(r" {2,}")
# Markdown emphasis left by converters ("**trong tháng 5/2026**", "__x__").
_DOUBLE_MARKS = re.compile(r"\*\*+|__+")
# Single-star emphasis ("*Hà Nội, ngày 02 tháng*"): a star touching a word on its inner
# side. Bounded by [^*] so the match is linear.
_SINGLE_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*]{0,2000}?[^\s*])\*(?![\w*])")
_HEADING_HASHES = re.compile(r"^#{1,6} +")

# --- tone placement -------------------------------------------------------------------
# Nghị định 30/2020 spells "hòa", "thủy", "khỏe", "Ủy ban": in an open syllable ending in
# oa / oe / uy the tone goes on the first vowel. Old texts write "hoà", "thuỷ", "khoẻ".
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_TONED = {
    "a": "àáảãạ",
    "e": "èéẻẽẹ",
    "y": "ỳýỷỹỵ",
    "A": "ÀÁẢÃẠ",
    "E": "ÈÉẺẼẸ",
    "Y": "ỲÝỶỸỴ",
}
_SECOND = "".join(_TONED.values())
_OLD_TONE = re.compile(r"(\w?)([oOuU])([" + _SECOND + r"])(?!\w)")
_OLD_TONE_HINT = re.compile("[oOuU][" + _SECOND + "]")
_VOWELS = set("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")
_PAIRS = {("o", "a"), ("o", "e"), ("u", "y")}


def _strip_tone(ch: str) -> tuple[str, str]:
    decomposed = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in decomposed if c in _TONE_MARKS)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return base, tone


def _retone(match: re.Match[str]) -> str:
    prefix, first, second = match.groups()
    if prefix:
        base_prefix = _strip_tone(prefix)[0]
        # "quý", "quỳnh": the u belongs to the initial "qu"; with a vowel before ("uoà")
        # the pair is not the two-vowel nucleus this rule is about.
        if (
            base_prefix in _VOWELS
            or prefix.isdigit()
            or prefix == "_"
            or (first in "uU" and base_prefix in "qQ")
        ):
            return match.group(0)
    base, tone = _strip_tone(second)
    if (first.lower(), base.lower()) not in _PAIRS or not tone:
        return match.group(0)
    return prefix + unicodedata.normalize("NFC", first + tone) + base


def fix_tone_placement(text: str) -> str:
    """Move the tone of old-style "hoà", "thuỷ", "khoẻ" to "hòa", "thủy", "khỏe"."""
    # Same result as _OLD_TONE.sub(_retone, text), but the pattern is tried only where
    # its vowel pair occurs: sub would try it at every position of the block, which
    # dominated reading a document. A match holds a pair (h, h+1) and starts at h-1
    # (with a prefix) or h; pairs never overlap, so the leftmost-first order of sub is
    # kept by trying h-1 before h, after the end of the previous match.
    out: list[str] = []
    last = 0
    for hint in _OLD_TONE_HINT.finditer(text):
        h = hint.start()
        m = _OLD_TONE.match(text, h - 1) if h - 1 >= last else None
        if m is None:
            m = _OLD_TONE.match(text, h)
            if m is None:
                continue
        out.append(text[last : m.start()])
        out.append(_retone(m))
        last = m.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def normalize_inline(text: str) -> str:
    """Normalise one block: NFC, spaces, invisible characters, markdown, tone placement."""
    if not text:
        return ""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _NEEDS_TRANSLATE.search(text):
        text = text.translate(_TRANSLATE)
    if "*" in text or "_" in text:
        text = _DOUBLE_MARKS.sub("", text)
        if "*" in text:
            text = _SINGLE_STAR.sub(r"\1", text)
    if "  " in text:  # the substring test is far cheaper than a sub that finds nothing
        text = _SPACES.sub(" ", text)
    text = text.strip()
    if text.startswith("#"):
        text = _HEADING_HASHES.sub("", text)
    return fix_tone_placement(text) if _OLD_TONE_HINT.search(text) else text


# --- paragraph boundaries -------------------------------------------------------------

_CLOSERS = "\"'”’»)]*_ "
_TERMINAL = ".:;!?…"


def ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence or introduces a list (". : ; ! ?", "./.")."""
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL


# A new list item or heading: "1.", "1.2.", "a)", "đ)", "I.", "II.", "-", "+", "•",
# "Điều 5", "Chương II", "Mục 1", and the fixed parts of an administrative document.
_NEW_ITEM = re.compile(
    r"(?:\d{1,3}(?:\.\d{1,3}){0,4}[.)](?=\s|$)"
    r"|[a-zđ][.)](?=\s)"
    r"|[IVXLC]{1,7}[.)](?=\s|$)"
    r"|[ivx]{1,5}[.)](?=\s)"
    r"|\(\d{1,3}\)|\([a-zđ]\)|\([ivx]{1,5}\)"
    r"|[-+•–—*▪●○◦·➢✓](?=\s|$)"
    r"|(?:Điều|Chương|Mục|Phần|Phụ lục|PHỤ LỤC|CHƯƠNG|PHẦN)\s"
    r"|(?:Số|Kính gửi|Nơi nhận|V/v|Căn cứ|Ghi chú)\b)"
)


def starts_new_item(text: str) -> bool:
    return bool(_NEW_ITEM.match(text))


def starts_continuation(text: str) -> bool:
    """A line that can only continue the previous sentence: it opens on a lowercase
    letter that is not a list label ("a)", "đ)", "i.")."""
    return bool(text) and text[0].islower() and not starts_new_item(text)


_PAGE_NUMBER = re.compile(r"[-–—]?\s*(?:(?:Trang|trang|Page)\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?\s*[-–—]?")


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.fullmatch(text.strip()))


def _is_upper_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


# --- building the Source ----------------------------------------------------------------


@dataclass(slots=True)
class Item:
    """A block before offsets are known. `text` is normalised by `build_source`."""

    text: str
    kind: str = "para"
    numbering: str | None = None
    cells: list[str] | None = None
    table: int | None = None
    row: int | None = None
    bold: bool = False
    extra: dict = field(default_factory=dict)


def rejoin_broken_paragraphs(items: list[Item]) -> list[Item]:
    """Join a paragraph cut by a page end: one that does not end a sentence followed by
    one that opens on a lowercase letter (blank lines between them already dropped)."""
    out: list[Item] = []
    for item in items:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "para"
            and item.kind == "para"
            and item.numbering is None
            and not ends_sentence(prev.text)
            and starts_continuation(item.text)
        ):
            prev.text = prev.text + " " + item.text
            prev.bold = prev.bold and item.bold
            continue
        out.append(item)
    return out


def build_source(items: Iterable[Item], fmt: str, warnings: list[str] | None = None) -> Source:
    """Normalise the items, drop the empty ones, lay them out with "\\n" between them.

    Text that still holds TCVN3 or VNI look-alikes (a PDF made from a .VnTime document,
    a .docx whose font information was lost) is converted here, whatever the format."""
    items = list(items)
    warnings = list(warnings or [])
    sample: list[str] = []
    size = 0
    for item in items:
        for piece in item.cells if item.cells is not None else (item.text,):
            sample.append(piece)
            size += len(piece)
        if size > 65536:
            break
    legacy = detect_legacy("\n".join(sample))
    if legacy != "unicode":
        convert = LEGACY_CONVERTERS[legacy]
        for item in items:
            item.text = convert(item.text)
            if item.cells is not None:
                item.cells = [convert(c) for c in item.cells]
        warnings.append(f"Đã chuyển bảng mã {legacy.upper()} sang Unicode.")
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for item in items:
        if item.cells is not None:
            cells = [normalize_inline(c) for c in item.cells]
            if not any(cells):
                continue
            text = " | ".join(cells)
        else:
            cells = None
            text = normalize_inline(item.text)
            if not text:
                continue
            if item.numbering:
                label = normalize_inline(item.numbering)
                text = f"{label} {text}" if label else text
        if parts:
            pos += 1
        blocks.append(
            Block(
                text=text,
                start=pos,
                end=pos + len(text),
                kind=item.kind,
                numbering=normalize_inline(item.numbering) or None if item.numbering else None,
                cells=cells,
                table=item.table,
                row=item.row,
                bold=item.bold,
            )
        )
        parts.append(text)
        pos += len(text)
    if not blocks:
        raise ReadError(EMPTY_MESSAGE)
    return Source(text="\n".join(parts), blocks=blocks, format=fmt, warnings=warnings)
