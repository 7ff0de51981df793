"""The Python-rendered select (`widgets.FastRender`) shows what Django's own select
shows: the same options, groups, labels (escaped) and selection."""

from __future__ import annotations

import re

import pytest
from django import forms

from dondoc.web.widgets import FastSelect, FastSelectMultiple

CHOICES = [
    ("", "Tất cả"),
    ("Sở, ban, ngành", [(1, "Sở Nội vụ"), (2, "\u00a0\u00a0Phòng <Công chức> & viên chức")]),
    ("UBND xã, phường", [(3, "Xã Hoàng Văn Thụ"), (4, "Phường Đông Kinh")]),
    (5, "Cơ quan khác"),
]


def _parsed(html: str):
    select = re.search(r"<select([^>]*)>", html).group(1)
    attrs = sorted(re.findall(r'\s([a-z-]+)(?:="([^"]*)")?', select))
    groups = re.findall(r'<optgroup label="([^"]*)">', html)
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html)
    return attrs, groups, options


@pytest.mark.parametrize(
    ("fast", "django_widget", "value"),
    [
        (FastSelect, forms.Select, None),
        (FastSelect, forms.Select, 2),
        (FastSelect, forms.Select, "5"),
        (FastSelect, forms.Select, ""),
        (FastSelectMultiple, forms.SelectMultiple, [1, 3]),
        (FastSelectMultiple, forms.SelectMultiple, None),
    ],
)
def test_it_renders_what_djangos_select_renders(fast, django_widget, value):
    attrs = {"id": "id_unit", "class": "unit-picker", "data-unit-picker": "single"}
    ours = fast(attrs=attrs, choices=CHOICES).render("unit", value)
    theirs = django_widget(attrs=attrs, choices=CHOICES).render("unit", value)
    assert _parsed(ours) == _parsed(theirs)
    assert _parsed(ours)[2], "options were found"
    assert "&lt;Công chức&gt; &amp; viên chức" in ours
