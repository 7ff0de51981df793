"""The unit tree as pickers show it: grouped by branch, each unit under its parent.

A province has a hundred bodies or more (sở, ban, ngành and their divisions, 65 xã and
phường in Lạng Sơn): a flat list of names in creation order is unusable. `unit_tree`
orders any set of units (all of them, or the subtree a user may see) depth first, each
sibling list by `order` then name, and groups them by the kind of their branch: the
province's own bodies, departments with their divisions, communes and wards, groups.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from .choices import UnitKind
from .models import Unit

# (group label, kinds of the unit heading a branch), in the order pickers show them.
# A branch is headed by a unit directly under the province committee (or by the top
# unit of the set, when the set is one department's subtree).
BRANCHES: list[tuple[str, frozenset[str]]] = [
    ("UBND tỉnh, Văn phòng UBND tỉnh", frozenset({UnitKind.COMMITTEE, UnitKind.OFFICE})),
    (
        "Sở, ban, ngành",
        frozenset({UnitKind.DEPARTMENT, UnitKind.SERVICE_UNIT, UnitKind.DIVISION}),
    ),
    ("UBND xã, phường", frozenset({UnitKind.COMMUNE, UnitKind.WARD})),
    ("Nhóm cơ quan", frozenset({UnitKind.GROUP})),
    ("Cơ quan ngoài tỉnh", frozenset({UnitKind.EXTERNAL})),
]
OTHER_GROUP = "Khác"


@dataclass(frozen=True)
class TreeUnit:
    unit: Unit
    depth: int  # 0 for the head of a branch, 1 for a unit under it, …


def _ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


def _group_of(kind: str) -> str:
    for label, kinds in BRANCHES:
        if kind in kinds:
            return label
    return OTHER_GROUP


def unit_tree(units: Iterable[Unit]) -> list[tuple[str, list[TreeUnit]]]:
    """[(group label, [TreeUnit, …]), …] for `units`, no query of its own.

    A unit's parent in the picker is its nearest ancestor present in `units` (so the
    subtree of a department is a tree of its own); the province committee heads its own
    group and does not indent the whole province below it. Empty groups are left out.
    """
    units = list(units)
    by_id = {unit.pk: unit for unit in units}
    committees = {unit.pk for unit in units if unit.kind == UnitKind.COMMITTEE}
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        ancestors = [pk for pk in _ids(unit.path)[:-1] if pk in by_id and pk not in committees]
        parent = ancestors[-1] if ancestors else None
        children.setdefault(parent, []).append(unit)
    for siblings in children.values():
        siblings.sort(key=lambda u: (u.order, u.name_folded or u.name, u.pk))

    groups: dict[str, list[TreeUnit]] = {}

    def walk(unit: Unit, depth: int, group: str) -> None:
        groups.setdefault(group, []).append(TreeUnit(unit, depth))
        for child in children.get(unit.pk, []):
            walk(child, depth + 1, group)

    for root in children.get(None, []):
        walk(root, 0, _group_of(root.kind))
    order = [label for label, _kinds in BRANCHES] + [OTHER_GROUP]
    return [(label, groups[label]) for label in order if label in groups]


INDENT = "\u00a0\u00a0\u00a0\u00a0"  # shown in a plain <select>, where CSS cannot indent


def tree_label(node: TreeUnit) -> str:
    """The unit's name indented by its depth, for an <option> (works without CSS or JS)."""
    return INDENT * node.depth + node.unit.name


def tree_choices(units: Iterable[Unit]) -> list[tuple[str, list[tuple[int, str]]]]:
    """Grouped, indented choices for a ChoiceField: [(group, [(pk, label), …]), …].

    Remembered in the process for the same units (keyed by every field the tree reads,
    so a renamed or moved unit is a new key): a province's 2,000-unit picker is built
    on most pages, and building it cost more than the page's queries."""
    if isinstance(units, QuerySet):  # read as tuples: no model instance unless needed
        key = tuple(units.values_list(*_TREE_FIELDS))
    else:
        key = tuple(tuple(getattr(u, f) for f in _TREE_FIELDS) for u in units)
    found = _CHOICES.get(key)
    if found is None:
        built = unit_tree(Unit(**dict(zip(_TREE_FIELDS, row, strict=True))) for row in key)
        found = [(group, [(node.unit.pk, tree_label(node)) for node in nodes]) for group, nodes in built]
        if len(_CHOICES) >= _CHOICES_KEPT:
            _CHOICES.pop(next(iter(_CHOICES)))
        _CHOICES[key] = found
    # A copy of the lists: a caller may prepend an empty choice.
    return [(group, list(options)) for group, options in found]


_TREE_FIELDS = ("pk", "path", "kind", "order", "name", "name_folded")
_CHOICES: dict[tuple, list] = {}
_CHOICES_KEPT = 64  # distinct unit sets (the whole province, each department's subtree…)
