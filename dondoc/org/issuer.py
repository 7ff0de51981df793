"""Who issues the Office's documents, read from the organisation data: the province's
committee (the root unit of kind "committee") and its Office.

"UBND tỉnh Lạng Sơn" gives the header line "UBND TỈNH LẠNG SƠN" and the place name
"Lạng Sơn" of "Lạng Sơn, ngày … tháng … năm …" (Nghị định 30/2020/NĐ-CP, Phụ lục I: the
place is the province's name). `DONDOC_PLACE_NAME` overrides the place when the
committee's name does not end with it.
"""

from __future__ import annotations

import re

from django.conf import settings

from .choices import UnitKind
from .models import Unit


def committee() -> Unit | None:
    return Unit.objects.filter(kind=UnitKind.COMMITTEE, parent__isnull=True).order_by("pk").first()


def place_name(unit: Unit | None = None) -> str:
    configured = settings.DONDOC.get("PLACE_NAME", "")
    if configured:
        return configured
    unit = unit or committee()
    if unit is None:
        return ""
    found = re.search(r"\b(?:tỉnh|thành phố)\s+(.+)$", unit.name, re.IGNORECASE)
    return found.group(1).strip() if found else unit.name


def committee_line(unit: Unit | None = None) -> str:
    """ "UBND TỈNH LẠNG SƠN": the parent line above the Office in its documents' header."""
    unit = unit or committee()
    if unit is None:
        return "ỦY BAN NHÂN DÂN"
    name = re.sub(r"^(ủy|uỷ) ban nhân dân", "UBND", unit.name, flags=re.IGNORECASE)
    return name.upper()
