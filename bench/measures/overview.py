"""The overview pages (dondoc/reports): the province's (the Chairman), a department's
(its director), and the province's as of a past day."""

from __future__ import annotations

from bench.registry import page


@page("overview_province", target_ms=150, title="Tổng quan toàn tỉnh — Chủ tịch")
def overview_province(ctx):
    ctx.get("leader", "/tong-quan/", expect="Tổng quan toàn tỉnh")


@page("overview_province_as_of", target_ms=150, title="Tổng quan toàn tỉnh, tính đến một ngày đã qua")
def overview_province_as_of(ctx):
    day = ctx.past_day
    params = {"start": f"01/01/{day.year}", "end": f"{day:%d/%m/%Y}", "as_of": f"{day:%d/%m/%Y}"}
    ctx.get("leader", "/tong-quan/", params, expect=f"{day:%d/%m/%Y}")


@page("overview_unit", target_ms=300, title="Tổng quan đơn vị — Giám đốc sở")
def overview_unit(ctx):
    ctx.get("head", "/tong-quan/", expect="Tổng quan")


# The overview's figures are remembered until a task changes (dondoc/tasks/counts.py):
# what the first request after a change pays, with nothing remembered.


@page(
    "overview_province_cold",
    target_ms=150,
    title="Tổng quan toàn tỉnh — lần đầu sau một thay đổi (không cache)",
)
def overview_province_cold(ctx):
    from django.core.cache import cache

    cache.clear()
    ctx.get("leader", "/tong-quan/", expect="Tổng quan toàn tỉnh")


@page("overview_unit_cold", target_ms=300, title="Tổng quan đơn vị — lần đầu sau một thay đổi (không cache)")
def overview_unit_cold(ctx):
    from django.core.cache import cache

    cache.clear()
    ctx.get("head", "/tong-quan/", expect="Tổng quan")
