"""Unit names taught by clerks in review (tên gọi khác), and their use by the extractor.

`learn` stores one (`dondoc.org.models.UnitAlias`, audited: who, when, from which
document); `dondoc.org.gazetteer` passes the active ones to the next extraction, in its
child process, with the unit's own aliases; `remove` is an administrator's soft
deletion.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from dondoc.lib.text import fold
from dondoc.org.models import UnitAlias


class AliasError(Exception):
    """A refused alias; `str(exc)` is the Vietnamese message. Nothing was stored."""


class AliasExists(AliasError):
    """The name already names this very unit: nothing to store."""


def _names_unit(name: str, folded: str):
    """The active unit `name` already names, by its name, short name or an alias (the
    Unit table's or a learned one), or as the extractor's gazetteer resolves it."""
    from dondoc.org.gazetteer import build_gazetteer
    from dondoc.org.models import Unit

    unit = Unit.objects.filter(name_folded=folded, active=True).first()
    if unit is not None:
        return unit
    for candidate in Unit.objects.filter(active=True).only("pk", "name", "short_name", "aliases"):
        if any(
            fold(alias) == folded for alias in [candidate.short_name, *(candidate.aliases or [])] if alias
        ):
            return candidate
    learned = (
        UnitAlias.objects.filter(name_folded=folded, removed_at__isnull=True).select_related("unit").first()
    )
    if learned is not None:
        return learned.unit
    entry = build_gazetteer().resolve(name)
    if entry is not None:
        return Unit.objects.filter(pk=entry.id).first()
    return None


def check(name: str, unit) -> str:
    """The name as it will be stored; raises AliasExists when it already names `unit`,
    AliasError when it is empty, too long or names another unit."""
    name = " ".join((name or "").split())
    folded = fold(name)
    if not folded:
        raise AliasError("Tên gọi khác trống: không có gì để lưu.")
    if len(name) > 255:
        raise AliasError("Tên gọi khác dài quá 255 ký tự.")
    if len(folded) < 2:
        raise AliasError(f"“{name}” quá ngắn để làm tên gọi khác của một đơn vị.")
    existing = _names_unit(name, folded)
    if existing is not None and existing.pk == unit.pk:
        raise AliasExists(f"“{name}” đã là tên (hoặc tên gọi khác) của {unit.name}; không cần lưu thêm.")
    if existing is not None:
        raise AliasError(
            f"“{name}” đã là tên (hoặc tên gọi khác) của {existing.name}, không thể đồng thời là tên gọi "
            f"khác của {unit.name}. Bỏ chọn ô “Lưu làm tên gọi khác”, hoặc nhờ quản trị viên gỡ tên gọi cũ."
        )
    return name


def learn(name: str, unit, *, by=None, document=None, now=None) -> UnitAlias:
    """Store `name` as an alias of `unit` (see `check` for what is refused)."""
    name = check(name, unit)
    try:
        with transaction.atomic():
            return UnitAlias.objects.create(
                unit=unit,
                name=name,
                name_folded=fold(name),
                document=document,
                created_by=by,
                created_at=now or timezone.now(),
            )
    except IntegrityError as exc:  # the same name stored by someone else meanwhile
        raise AliasError(f"“{name}” vừa được lưu làm tên gọi khác của một đơn vị khác.") from exc


def remove(alias: UnitAlias, *, by=None, now=None) -> bool:
    """Soft-delete an alias (kept for the audit); False if it was already removed."""
    changed = UnitAlias.objects.filter(pk=alias.pk, removed_at__isnull=True).update(
        removed_at=now or timezone.now(), removed_by=by
    )
    return bool(changed)


# --- from the review form ---------------------------------------------------------------


class Request:
    """An alias a reviewer asked for: row `position`'s form field `box` ("alias_lead" or
    "alias_coordinator"), the name as written, and the unit chosen for it."""

    def __init__(self, position: int, box: str, name: str, unit):
        self.position, self.box, self.name, self.unit = position, box, name, unit


def from_review(kept: list[tuple[int, dict, dict]], proposal: dict):
    """The aliases the reviewer ticked, from (form position, draft row, item) of every
    kept row. Returns (requests to store, notes on names that need nothing stored,
    errors as (position, box, message)): a non-empty error list refuses registration."""
    proposed = proposal.get("rows") or {}
    wanted, notes, errors = [], [], []
    for position, row, item in kept:
        base = proposed.get(row.get("key")) or {}
        if row.get("alias_lead"):
            name, unit = (row.get("lead") or "").strip(), item.get("lead_unit")
            if not name:
                errors.append(
                    (position, "alias_lead", "Văn bản không ghi tên đơn vị chủ trì: không có tên để lưu.")
                )
            elif unit is not None:
                wanted.append(Request(position, "alias_lead", name, unit))
        if row.get("alias_coordinator"):
            names = row.get("unresolved_coordinators") or []
            before = {str(u) for u in base.get("coordinating_units") or []}
            new = [u for u in item.get("coordinating_units") or [] if str(u.pk) not in before]
            if len(names) != 1:
                errors.append(
                    (
                        position,
                        "alias_coordinator",
                        "Chỉ lưu được khi đúng một đơn vị phối hợp chưa xác định được.",
                    )
                )
            elif len(new) != 1:
                errors.append(
                    (
                        position,
                        "alias_coordinator",
                        f"Để lưu “{names[0]}” làm tên gọi khác, hãy thêm đúng một đơn vị phối hợp cho tên này "
                        f"(đang thêm {len(new)}).",
                    )
                )
            else:
                wanted.append(Request(position, "alias_coordinator", names[0], new[0]))
    requests, seen = [], {}
    for request in wanted:
        folded = fold(request.name)
        if folded in seen:
            if seen[folded].unit.pk != request.unit.pk:
                errors.append(
                    (
                        request.position,
                        request.box,
                        f"“{request.name}” được chọn là tên gọi khác của hai đơn vị khác nhau "
                        f"({seen[folded].unit.name} và {request.unit.name}) trong văn bản này.",
                    )
                )
            continue
        seen[folded] = request
        try:
            request.name = check(request.name, request.unit)
        except AliasExists as exc:
            notes.append(str(exc))
            continue
        except AliasError as exc:
            errors.append((request.position, request.box, str(exc)))
            continue
        requests.append(request)
    return requests, notes, errors
