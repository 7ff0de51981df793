"""The reader's output: a normalised text cut into blocks, offsets kept.

Every reader (txt, docx, pdf, OCR, doc) produces a `Source`; the structure and task
rules only ever see a `Source`, never a file format.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class ReadError(Exception):
    """Input that cannot be read. `str(exc)` is a one-line Vietnamese reason for the user."""


@dataclass(slots=True)
class Block:
    """One paragraph, list item, heading-like line or table row of the document.

    `text` is the normalised text of the block (for a table row: its cells joined with
    " | "); `start`/`end` are offsets of that text in `Source.text`, so that
    `source.text[block.start:block.end] == block.text`. `numbering` is the list label a
    word processor shows but does not store in the text ("1.", "a)", "-"), already
    prepended to `text` when present. `cells` is set for table rows only; `table` is the
    index of the table (0, 1, ...) and `row` the row index within it.
    """

    text: str
    start: int
    end: int
    kind: str = "para"  # "para" | "row"
    numbering: str | None = None
    cells: list[str] | None = None
    table: int | None = None
    row: int | None = None
    bold: bool = False


@dataclass(slots=True)
class Source:
    """A read document: `text` is the whole normalised text, blocks separated by "\n"."""

    text: str
    blocks: list[Block] = field(default_factory=list)
    format: str = "txt"  # txt | docx | pdf | ocr | doc
    warnings: list[str] = field(default_factory=list)
