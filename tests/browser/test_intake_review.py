"""Intake in headless Chromium: moving between spans and rows on the review screen,
splitting a task at the caret, and the progress page reloading itself when reading ends."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from dondoc.documents.models import Document, DocumentStatus

# The document builder the intake tests share (tests/ is not a package).
_spec = importlib.util.spec_from_file_location(
    "conftest_intake", Path(__file__).resolve().parents[1] / "web" / "conftest_intake.py"
)
_helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_helpers)
make_ready_document = _helpers.make_ready_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clerk_page(page, log_in, cast):
    return log_in(cast.clerk.username, cast.password)


def _in_view(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector,
        """el => { const r = el.getBoundingClientRect();
                   return r.top < window.innerHeight && r.bottom > 0; }""",
    )


def test_it_moves_between_spans_and_rows_and_splits_at_the_caret(clerk_page, cast):
    from playwright.sync_api import expect

    document = make_ready_document(cast)
    page = clerk_page
    page.set_viewport_size({"width": 1300, "height": 700})
    page.goto(f"/van-ban/{document.pk}/ra-soat/")
    page.locator("#span-2").click()
    expect(page.locator("#task-2")).to_have_class(re.compile("flash"))
    page.wait_for_timeout(600)
    assert _in_view(page, "#task-2")
    page.locator("#task-2 a.to-source").click()
    expect(page.locator("#span-2")).to_have_class(re.compile("flash"))

    area = page.locator("textarea[name='form-0-text']")
    text = area.input_value()
    cut = text.index("trình UBND tỉnh")
    area.click()
    page.evaluate(
        """([n]) => { const a = document.querySelector("textarea[name='form-0-text']");
                       a.focus(); a.setSelectionRange(n, n);
                       a.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true})); }""",
        [cut],
    )
    page.locator("#task-0 button.split").click()
    page.wait_for_load_state()
    expect(page.locator(".messages li.success")).to_contain_text("Đã tách nhiệm vụ 1 thành 2 nhiệm vụ")
    assert page.locator("fieldset.task-row").count() == 4
    assert page.locator("textarea[name='form-1-text']").input_value().startswith("trình UBND tỉnh")
    row = Document.objects.get(pk=document.pk).review["rows"][1]
    assert document.text[row["span"]["start"] : row["span"]["end"]].startswith("trình UBND tỉnh")

    page.locator("input[name='form-3-drop']").check()
    expect(page.locator("#task-3")).to_have_class(re.compile("dropped"))


def test_the_progress_page_reloads_itself_when_reading_ends(clerk_page, cast):
    from playwright.sync_api import expect

    document = make_ready_document(cast)
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.PROCESSING, progress=10)
    page = clerk_page
    page.goto(f"/van-ban/{document.pk}/")
    expect(page.locator("[data-status-label]")).to_have_text("Đang đọc và trích xuất")
    Document.objects.filter(pk=document.pk).update(progress=60)
    expect(page.locator("[data-progress-text]")).to_have_text("60%")
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.READY, progress=100)
    expect(page.locator("[data-status-label]")).to_have_text("Chờ rà soát")
    expect(page.get_by_role("link", name="Rà soát và đăng ký nhiệm vụ")).to_be_visible()
