from django import template

from ..charts import percent

register = template.Library()


@register.filter
def pct(value) -> str:
    """0.875 -> "88%"; None (nothing to divide by) -> "–"."""
    return percent(value)


@register.simple_tag
def q(filters, **extra) -> str:
    """The query string of `filters` with `extra` parameters ("?thang=2026-05&ket_qua=kept")."""
    return filters.query(**extra)


@register.filter
def count(fig, group: str) -> int:
    return fig.count(group)


@register.filter
def field_label(name: str) -> str:
    from ..stats import field_label as label

    return label(name)
