"""Helpers for browser tests."""

from __future__ import annotations


def assert_fits(page) -> None:
    """The page does not scroll horizontally (every screen works at 390 px wide)."""
    width = page.evaluate("document.scrollingElement.scrollWidth")
    inner = page.evaluate("innerWidth")
    assert width <= inner, f"{page.url} scrolls horizontally: {width} px wide in a {inner} px window"
