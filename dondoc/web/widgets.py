"""Form widgets shared by the screens: dates typed dd/mm/yyyy, unit-tree pickers, person pickers.

Each works as plain HTML; `static/web/dondoc.js` enhances the pickers (type to filter,
without diacritics) when JavaScript runs.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from dondoc.org.models import Person, Unit
from dondoc.org.tree import tree_choices, unit_tree

DATE_PLACEHOLDER = "dd/mm/yyyy"
BAD_DATE = "Ngày không hợp lệ (nhập theo dạng ngày/tháng/năm, ví dụ 31/05/2026)."


class DateInput(forms.DateInput):
    """A date typed and shown dd/mm/yyyy whatever the browser's locale.

    A `type="date"` input shows the browser's own order (mm/dd/yyyy in an English
    browser), which a civil servant misreads. The server reads day first and also takes
    ISO and eight digits (dondoc/formats/vi/formats.py).
    """

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": DATE_PLACEHOLDER,
            "class": "date",
            "inputmode": "numeric",
            "autocomplete": "off",
            "maxlength": "10",
            "size": "10",
            "pattern": r"\s*(\d{1,2}[\/.\-]\d{1,2}[\/.\-]\d{2,4}|\d{8}|\d{4}-\d{1,2}-\d{1,2})\s*",
            "title": "Ngày theo dạng ngày/tháng/năm, ví dụ 31/05/2026",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


def date_field(label: str, *, required: bool = False, **kwargs) -> forms.DateField:
    messages = {"invalid": BAD_DATE}
    messages.update(kwargs.pop("error_messages", {}))
    return forms.DateField(
        label=label, required=required, widget=DateInput, error_messages=messages, **kwargs
    )


class FastRender:
    """Render a select's options in Python instead of a template per option: the same
    HTML as Django's `select.html`, but a picker of 2,000 units costs milliseconds, not
    most of a second."""

    def render(self, name, value, attrs=None, renderer=None):
        # What Select.get_context/optgroups/create_option do, without a dict per option.
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        wanted = set(self.format_value(value))
        has_selected = False
        parts = [format_html('<select name="{}"{}>', name, flatatt(final_attrs))]
        for option_value, option_label in self.choices:
            if isinstance(option_label, list | tuple):
                group, options = option_value, option_label
            else:
                group, options = None, [(option_value, option_label)]
            if group:
                parts.append(format_html('<optgroup label="{}">', group))
            for sub_value, sub_label in options:
                shown = "" if sub_value is None else str(sub_value)
                selected = (not has_selected or self.allow_multiple_selected) and shown in wanted
                has_selected |= selected
                parts.append(
                    f'<option value="{conditional_escape(shown)}"{" selected" if selected else ""}>'
                    f"{conditional_escape(sub_label)}</option>"
                )
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))


class FastSelect(FastRender, forms.Select):
    pass


class FastSelectMultiple(FastRender, forms.SelectMultiple):
    pass


def use_fast_select(field: forms.ChoiceField) -> None:
    """Give `field` the Python-rendered select (`FastRender`), keeping its attributes."""
    old = field.widget
    if isinstance(old, FastRender):
        return
    new = (FastSelectMultiple if old.allow_multiple_selected else FastSelect)(attrs=old.attrs)
    new.is_required = old.is_required
    new.choices = old.choices
    field.widget = new


def use_unit_tree(field: forms.Field, units: Iterable[Unit], *, empty_label: str | None = None) -> None:
    """Give a unit (multiple) choice field the grouped, indented tree of `units` and mark
    its widget for the picker script. `units` is evaluated once, here."""
    use_fast_select(field)
    choices = tree_choices(units)
    if empty_label is not None:
        choices = [("", empty_label), *choices]
    field.choices = choices
    field.widget.attrs["data-unit-picker"] = "multiple" if field.widget.allow_multiple_selected else "single"
    field.widget.attrs.setdefault("class", "unit-picker")


def people_choices(people: Iterable[Person]) -> list[tuple[str, list[tuple[int, str]]]]:
    """People grouped by their unit, the units in tree order: [(unit name, [(pk, name), …]), …]."""
    people = list(people)
    by_unit: dict[int, list[Person]] = {}
    units = {}
    for person in people:
        by_unit.setdefault(person.unit_id, []).append(person)
        units[person.unit_id] = person.unit
    groups = []
    for _label, nodes in unit_tree(units.values()):
        for node in nodes:
            members = sorted(by_unit[node.unit.pk], key=lambda p: (p.full_name, p.pk))
            groups.append((node.unit.name, [(p.pk, p.full_name) for p in members]))
    return groups


def use_people(field: forms.Field, people: Iterable[Person], *, empty_label: str = "Tất cả") -> None:
    """A person picker grouped by unit (same filter-by-typing script as the unit picker)."""
    use_fast_select(field)
    field.choices = [("", empty_label), *people_choices(people)]
    field.widget.attrs["data-unit-picker"] = "single"
    field.widget.attrs.setdefault("class", "unit-picker")


# --- One list of units for a page of many pickers (the review of a long document) --------


class SharedChoices:
    """Grouped choices shared by the many rows of one page (2,000 units, 25 rows, two
    pickers each), prepared once: Django would normalise and copy the whole list for
    every field of every row, which takes seconds. Rows validate against `keys`, render
    only their chosen options (`labels`), and the page sends the full list once
    (`html`, in a `<template>`; dondoc.js copies it into each picker)."""

    def __init__(self, choices):
        self.choices = choices
        self.labels: dict[str, str] = {}
        for value, label in choices:
            if isinstance(label, (list, tuple)):
                self.labels.update((str(v), lab) for v, lab in label)
            else:
                self.labels[str(value)] = label
        self.keys = frozenset(self.labels)

    @property
    def html(self) -> str:
        """`<optgroup>`/`<option>` markup of the choices, built directly (a few
        milliseconds; Django's per-option templates take a second for 2,000)."""
        from django.utils.html import escape

        parts = []
        for value, label in self.choices:
            if isinstance(label, (list, tuple)):
                parts.append(f'<optgroup label="{escape(value)}">')
                parts.extend(f'<option value="{escape(v)}">{escape(lab)}</option>' for v, lab in label)
                parts.append("</optgroup>")
            else:
                parts.append(f'<option value="{escape(value)}">{escape(label)}</option>')
        return "".join(parts)


class SharedOptionsMixin:
    """A select of `SharedChoices`: renders its empty choice (`empty_label`) and the
    chosen values only, and names the page's `<template>` in `data-options`."""

    shared: SharedChoices | None = None
    empty_label: str | None = None

    def optgroups(self, name, value, attrs=None):
        labels = self.shared.labels if self.shared else {}
        chosen = [str(v) for v in value if v not in (None, "") and str(v) in labels]
        choices = [("", self.empty_label)] if self.empty_label is not None else []
        self.choices = choices + [(v, labels[v]) for v in chosen]
        return super().optgroups(name, value, attrs)


class SharedSelect(SharedOptionsMixin, forms.Select):
    pass


class SharedSelectMultiple(SharedOptionsMixin, forms.SelectMultiple):
    pass


def use_shared(field: forms.ChoiceField, shared: SharedChoices, *, empty_label: str | None = None) -> None:
    """Make `field` (its widget a SharedSelect/SharedSelectMultiple) take `shared`: no
    per-field copy of the choices; a value is valid when it is one of `shared.keys`."""
    field.valid_value = lambda value: str(value) in shared.keys
    field.widget.shared = shared
    field.widget.empty_label = empty_label
