"""Files dondoc ships for its demo and its tests (package data: an installed dondoc finds
them without any folder beside the project). No Django import, so pure-Python code and
tests may use them too."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

# A public administrative document: the conclusion notice of Lạng Sơn's People's
# Committee after the Chairman's working session with Sở Nội vụ (April 2026, a draft
# with its number and day blank, as published).
SAMPLE_NOTICE = DATA / "langson-tb-vp-2026-04-sonoivu.txt"
