"""Plain-text reader: charset detection, paragraphs, markdown tables, PDF-layout text.

Three shapes of .txt reach us:

* one paragraph per line or per blank-line-separated block (copied from Word or a web
  page), sometimes with markdown tables ("| a | b |") and emphasis;
* text laid out like the printed page (`pdftotext -layout`, copy from a PDF viewer):
  short hard-wrapped lines, indented first lines, two-column header and signing block,
  form feeds and page numbers between pages;
* either of the above cut by page ends in the middle of a sentence.
"""

from __future__ import annotations

import re

from .legacy_encodings import decode_text_bytes
from .normalize import (
    Item,
    build_source,
    ends_sentence,
    is_page_number,
    rejoin_broken_paragraphs,
    starts_continuation,
    starts_new_item,
)
from .source import Source

__all__ = ["read_text_bytes", "read_text", "text_to_items", "join_wrapped_lines", "Line"]

_TABLE_SEPARATOR = re.compile(r"\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?")
# Two columns of a laid-out page are separated by a wide run of spaces; words of a
# justified line never are.
_COLUMN_GAP = re.compile(r" {8,}")
_NOT_SPACE = re.compile(r"\S")


def read_text_bytes(data: bytes) -> Source:
    text, encoding = decode_text_bytes(data)
    warnings = []
    if encoding not in ("utf-8", "utf-8-sig", "utf-16"):
        name = encoding.rpartition("+")[2]
        warnings.append(f"Đã chuyển bảng mã {name.upper()} sang Unicode.")
    return read_text(text, warnings=warnings)


def read_text(text: str, fmt: str = "txt", warnings: list[str] | None = None) -> Source:
    return build_source(text_to_items(text), fmt, warnings)


def _split_cells(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [c.strip() for c in inner.replace("\\|", "\u2502").split("|")]


def _is_layout(lines: list[str]) -> bool:
    """Hard-wrapped page layout: many lines, most of them shorter than a page width."""
    lengths = sorted(len(s.rstrip()) for s in lines if s.strip())
    if len(lengths) < 8:
        return False
    p90 = lengths[int(len(lengths) * 0.9)]
    median = lengths[len(lengths) // 2]
    if not (40 <= p90 <= 130 and median >= 25):
        return False
    # Wrapped text cuts sentences: many lines go on with a lowercase word. A file with
    # one short paragraph per line does not.
    texts = [s.strip() for s in lines if s.strip()]
    cut = sum(
        1 for a, b in zip(texts, texts[1:], strict=False) if not ends_sentence(a) and starts_continuation(b)
    )
    return cut >= 0.15 * len(texts)


class Line:
    """One physical line of laid-out text (also used by the PDF and OCR readers).

    `indented`: starts right of the text's left margin; `short`: ends well before the
    right margin; `blank_before`: a blank line or a paragraph spacing above it;
    `new_block`: it is not below the previous line (another column or text box);
    `x0`/`x1`: its horizontal extent when known (PDF); `full`: it reaches the right
    margin (a justified line inside a paragraph).
    """

    __slots__ = ("text", "indented", "short", "blank_before", "new_block", "x0", "x1", "full")

    def __init__(
        self,
        text: str,
        indented: bool = False,
        short: bool = False,
        blank_before: bool = False,
        new_block: bool = False,
        x0: float | None = None,
        x1: float | None = None,
        full: bool = False,
    ):
        self.text = text
        self.indented = indented
        self.short = short
        self.blank_before = blank_before
        self.new_block = new_block
        self.x0 = x0
        self.x1 = x1
        self.full = full


def _same_column(a: Line, b: Line) -> bool:
    if a.x0 is None or b.x0 is None or a.x1 is None or b.x1 is None:
        return False
    overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
    return overlap > 0.5 * min(a.x1 - a.x0, b.x1 - b.x0)


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _should_join(prev: Line, line: Line, para_start: str) -> bool:
    if line.new_block or starts_new_item(line.text):
        return False
    if ends_sentence(prev.text):
        if prev.full and not (line.indented or line.blank_before):
            # A justified line reaching the right margin never ends a paragraph: the
            # paragraph's last line is left short, and the next paragraph is indented.
            return True
        # A wrapped line may end on a semicolon mid-paragraph ("...trên địa bàn tỉnh;" /
        # "tham mưu cho ..."): a full-width line followed by an unindented lowercase one.
        return (
            prev.text.rstrip().endswith((";", ","))
            and not (prev.short or line.indented or line.blank_before)
            and starts_continuation(line.text)
        )
    if starts_continuation(line.text):
        return True
    if line.blank_before:
        return False
    if para_start.startswith("V/v") and not line.indented:
        return True  # the subject block is a narrow column of short lines
    if prev.short or line.indented:
        # A heading in capitals wrapped in a narrow column ("ỦY BAN NHÂN" / "DÂN") goes
        # on in the same column.
        return _is_upper(prev.text) and _is_upper(line.text) and _same_column(prev, line)
    # A title in capitals is not continued by a sentence, nor a sentence by a title.
    return _is_upper(prev.text) == _is_upper(line.text)


def join_wrapped_lines(lines: list[Line]) -> list[str]:
    """Rebuild paragraphs from wrapped lines (laid-out text, PDF text layer)."""
    paragraphs: list[str] = []
    prev: Line | None = None
    for line in lines:
        if prev is not None and paragraphs and _should_join(prev, line, paragraphs[-1]):
            tail = paragraphs[-1]
            # A word hyphenated at the line end ("các-" / "bon") keeps its hyphen.
            paragraphs[-1] = (
                tail + ("" if tail.endswith("-") and line.text[:1].islower() else " ") + line.text
            )
        else:
            paragraphs.append(line.text)
        prev = line
    return paragraphs


_FOOTNOTE_START = re.compile(r" {0,12}\d{1,2} {1,3}\S")


def _move_footnotes(raw_lines: list[str]) -> list[str]:
    """Footnotes sit at the foot of a page, after a blank line, each starting with its
    number ("   1 Các quy định ..."), and cut the paragraph that runs over the page.
    Move them to the end of the document so that the paragraph can be joined again."""
    out: list[str] = []
    notes: list[str] = []
    page: list[str] = []

    def end_page(final: bool) -> None:
        cut = None
        if not final:
            # Walk up from the page end, group by group (blank lines between), over at
            # most a few short groups: the topmost group opening on a note number
            # starts the footnotes.
            i = len(page) - 1
            groups = 0
            while i >= 0 and groups < 5 and len(page) - i <= 24:
                while i >= 0 and (not page[i].strip() or is_page_number(page[i])):
                    i -= 1
                j = i
                while j >= 0 and page[j].strip():
                    j -= 1
                if i < 0 or j < 0:
                    break
                if _FOOTNOTE_START.match(page[j + 1]):
                    cut = j + 1
                groups += 1
                i = j
        if cut is not None:
            notes.extend(s for s in page[cut:] if s.strip() and not is_page_number(s))
            out.extend(page[:cut])
            out.extend(s for s in page[cut:] if not s.strip() or is_page_number(s))
        else:
            out.extend(page)
        page.clear()

    for raw in raw_lines:
        if "\f" in raw:
            before, _, after = raw.partition("\f")
            page.append(before)
            end_page(False)
            page.append("\f" + after)
            continue
        page.append(raw)
    end_page(True)
    if notes:
        out.append("")
        out.extend(notes)
    return out


def _layout_items(raw_lines: list[str]) -> list[Item]:
    raw_lines = _move_footnotes(raw_lines)
    items: list[Item] = []
    widths = sorted(len(s.rstrip()) for s in raw_lines if s.strip())
    width = widths[int(len(widths) * 0.9)] if widths else 80
    indents = sorted(len(s) - len(s.lstrip(" ")) for s in raw_lines if s.strip())
    base_indent = indents[len(indents) // 10] if indents else 0
    pending: list[Line] = []
    table = -1
    row = 0
    in_table = False
    blank = False

    def flush() -> None:
        for paragraph in join_wrapped_lines(pending):
            items.append(Item(paragraph))
        pending.clear()

    for raw in raw_lines:
        raw = raw.replace("\f", " ").replace("\t", "    ").rstrip()
        stripped = raw.strip()
        if not stripped or is_page_number(stripped):
            # Page numbers stand alone on their line in laid-out text; a blank line may
            # be a paragraph end or just a page end (decided by the next line).
            blank = True
            in_table = False if not stripped else in_table
            continue
        m = _NOT_SPACE.search(raw)
        indent = m.start() if m else 0
        body = raw[indent:]
        if _COLUMN_GAP.search(body):
            flush()
            if not in_table:
                table += 1
                row = 0
                in_table = True
            items.append(Item("", kind="row", cells=_COLUMN_GAP.split(body), table=table, row=row))
            row += 1
            blank = False
            continue
        in_table = False
        pending.append(
            Line(
                body,
                indented=indent > base_indent + 1,
                short=len(raw) < 0.7 * width,
                blank_before=blank,
            )
        )
        blank = False
    flush()
    return items


def text_to_items(text: str) -> list[Item]:
    """Cut text into paragraphs and table rows."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    table_count = 0
    if _is_layout(raw_lines) and not any(s.lstrip().startswith("|") for s in raw_lines[:200]):
        items = _layout_items(raw_lines)
        return rejoin_broken_paragraphs(items)
    items: list[Item] = []
    in_table = False
    row = 0
    for raw in raw_lines:
        stripped = raw.strip()
        if not stripped:
            in_table = False
            continue
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            if _TABLE_SEPARATOR.fullmatch(stripped):
                continue
            if not in_table:
                in_table = True
                row = 0
                table_count += 1
            items.append(Item("", kind="row", cells=_split_cells(stripped), table=table_count - 1, row=row))
            row += 1
            continue
        in_table = False
        if "\f" in raw and is_page_number(stripped.replace("\f", "")):
            continue
        items.append(Item(stripped))
    return rejoin_broken_paragraphs(items)
