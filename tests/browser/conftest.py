"""Browser tests: headless Chromium (Debian's, never a downloaded one) driven by
Playwright against pytest-django's live server, which runs in a thread of this process
(so frozen time and overridden settings apply to it too)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would then refuse
# ORM calls made from that thread (SynchronousOnlyOperation). They are synchronous here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("missing tool: chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def viewport(request):
    """ "desktop" unless a test asks for "phone" (parametrize with indirect=True)."""
    return getattr(request, "param", "desktop")


@pytest.fixture
def page(browser, live_server, viewport):
    from util import VIEWPORTS

    # An English browser: dates must still read and be typed dd/mm/yyyy.
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", accept_downloads=True, viewport=VIEWPORTS[viewport]
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def log_in(page):
    """Log in through the login form (and out first, if someone is logged in)."""

    def as_(username: str, password: str):
        page.context.clear_cookies()
        page.goto("/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        return page

    return as_
