"""Extraction of metadata and tasks from Vietnamese administrative documents.

A pure Python package: it imports nothing from Django, and from the rest of dondoc only
the pure working-day arithmetic `dondoc.lib.workdays` (to count "ngày làm việc"), so the
web application, the command line and other programs can all use it.

    from dondoc.extraction import extract_file
    source, result = extract_file("notice.docx")   # result: dict by schema dondoc.extraction/1
"""

from __future__ import annotations

from .extract import SCHEMA, Options, extract, extract_file
from .source import Block, ReadError, Source
from .units import Entry, Gazetteer

__all__ = [
    "SCHEMA",
    "Block",
    "Entry",
    "Gazetteer",
    "Options",
    "ReadError",
    "Source",
    "extract",
    "extract_file",
    "read_file",
    "read_bytes",
]


def __getattr__(name: str):
    # The readers are imported lazily: extraction works on hand-built Sources even
    # where a reader's optional dependency is missing.
    if name in ("read_file", "read_bytes"):
        from . import readers

        return getattr(readers, name)
    raise AttributeError(name)
