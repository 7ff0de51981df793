"""The extractor's gazetteer built from the Unit table, and name-to-unit resolution."""

from __future__ import annotations

from dondoc.lib.text import fold

from .models import Unit, UnitAlias


def active_aliases() -> dict[int, list[str]]:
    """Unit id -> the aliases clerks kept in review (`UnitAlias`, active ones only)."""
    out: dict[int, list[str]] = {}
    for unit_id, name in UnitAlias.objects.filter(removed_at__isnull=True).values_list("unit_id", "name"):
        out.setdefault(unit_id, []).append(name)
    return out


def gazetteer_entries() -> list[dict]:
    """Every active unit with its short name and aliases, and the aliases clerks kept in
    review (`UnitAlias`), as the extractor's Gazetteer takes them (plain data: it also
    crosses into the extraction subprocess)."""
    learned = active_aliases()
    entries = []
    for unit in Unit.objects.filter(active=True).only("pk", "name", "short_name", "aliases", "kind"):
        aliases = [a for a in [unit.short_name, *(unit.aliases or []), *learned.get(unit.pk, [])] if a]
        entries.append({"id": unit.pk, "name": unit.name, "aliases": aliases, "kind": unit.kind})
    return entries


def build_gazetteer():
    """The extractor's Gazetteer of every active unit; entry ids are Unit primary keys."""
    from dondoc.extraction.units import Gazetteer

    return Gazetteer(gazetteer_entries())


def resolve_unit(name: str | None, unit_id=None) -> Unit | None:
    """The Unit the extractor matched (`unit_id`), else one whose name or alias (the
    unit's or one kept in review) equals `name` without diacritics and case."""
    if unit_id is not None:
        unit = Unit.objects.filter(pk=unit_id, active=True).first()
        if unit is not None:
            return unit
    key = fold(name)
    if not key:
        return None
    unit = Unit.objects.filter(name_folded=key, active=True).first()
    if unit is not None:
        return unit
    for candidate in Unit.objects.filter(active=True).exclude(aliases=[]).only("pk", "aliases"):
        if any(fold(alias) == key for alias in candidate.aliases):
            return candidate
    learned = UnitAlias.objects.filter(name_folded=key, removed_at__isnull=True, unit__active=True)
    return Unit.objects.filter(pk__in=learned.values("unit_id")).first()
