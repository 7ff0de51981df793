"""Helpers shared by the browser tests."""

from __future__ import annotations

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def assert_fits(page) -> None:
    """The page does not scroll sideways: its content is no wider than the viewport."""
    scroll_width, inner_width = page.evaluate(
        "() => [document.scrollingElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width, f"{page.url}: {scroll_width}px wide in a {inner_width}px window"
