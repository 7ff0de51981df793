"""Helpers shared by the browser tests (one copy: import from here)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


def assert_fits(page: Page) -> None:
    """The page does not scroll sideways: every screen must work at 390 px wide."""
    page.wait_for_load_state("load")
    scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{page.url} is {scroll}px wide in a {inner}px window"


def is_phone(page: Page) -> bool:
    return page.viewport_size is not None and page.viewport_size["width"] < 700


def nav(page: Page, name: str) -> None:
    """Follow a link of the top menu, opening the menu first on a phone."""
    button = page.locator(".menu-button")
    if button.is_visible():
        button.click()
        expect(page.locator("#menu")).to_be_visible()
    page.locator("#menu nav").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()
    assert_fits(page)
