"""Which kind of product a task's product text is, and the coefficient it counts for.

Tasks carry their products as free text ("báo cáo", "Kế hoạch", "dự thảo Quyết định").
Each distinct text gets one `ProductAlias` row, found by the kinds' keywords the first
time it is seen (the longest keyword the text starts with, else the longest one it
contains as words, else the fallback kind); Sở Nội vụ corrects a row in the admin and the
correction sticks. The computation joins tasks to these rows in the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import connection

from dondoc.lib.text import fold

from .models import ProductAlias, ProductKind


def classify(text: str, kinds: Iterable[ProductKind]) -> ProductKind | None:
    """The kind `text` belongs to by the kinds' keywords (see the module docstring);
    None when nothing matches and there is no fallback kind (an empty catalogue)."""
    kinds = list(kinds)
    folded = " ".join(fold(text or "").split())
    fallback = next((k for k in kinds if k.is_fallback), None)
    best_prefix: tuple[int, ProductKind] | None = None
    best_inside: tuple[int, ProductKind] | None = None
    for kind in kinds:
        for keyword in kind.keywords or ():
            key = " ".join(fold(keyword).split())
            if not key:
                continue
            if folded == key or folded.startswith(key + " "):
                if best_prefix is None or len(key) > best_prefix[0]:
                    best_prefix = (len(key), kind)
            elif re.search(rf"(?<!\w){re.escape(key)}(?!\w)", folded):
                if best_inside is None or len(key) > best_inside[0]:
                    best_inside = (len(key), kind)
    for best in (best_prefix, best_inside):
        if best is not None:
            return best[1]
    return fallback


def _distinct_product_names() -> set[str]:
    """Every product text on a task, in one query (the JSON lists expanded by the database)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT p.name FROM tasks_task t "
                "CROSS JOIN LATERAL jsonb_array_elements_text(t.products) AS p(name)"
            )
        else:
            cursor.execute("SELECT DISTINCT p.value FROM tasks_task t, json_each(t.products) AS p")
        return {row[0] for row in cursor.fetchall() if isinstance(row[0], str)}


def ensure_aliases(names: Iterable[str] | None = None) -> int:
    """Add a `ProductAlias` for every product text not yet classified (all texts on
    tasks when `names` is None). Returns how many were added."""
    wanted = set(names) if names is not None else _distinct_product_names()
    wanted = {n for n in wanted if n and len(n) <= 255}
    if not wanted:
        return 0
    known = set(ProductAlias.objects.filter(name__in=wanted).values_list("name", flat=True))
    missing = wanted - known
    if not missing:
        return 0
    kinds = list(ProductKind.objects.all())
    # A text no kind matches, with no fallback kind in the catalogue, waits for one: a
    # task's change never fails because of the evaluation's catalogue.
    found = [(name, classify(name, kinds)) for name in sorted(missing)]
    aliases = [ProductAlias(name=name, kind=kind) for name, kind in found if kind is not None]
    ProductAlias.objects.bulk_create(aliases, ignore_conflicts=True)  # two runs may classify the same text
    return len(aliases)
