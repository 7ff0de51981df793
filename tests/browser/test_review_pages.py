"""A long document's review in the browser: the pickers of each row get the page's one
list of units, moving between pages (the pager, a highlighted span of another page)
keeps what was typed, and registration registers the rows of every page."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from util import assert_fits

from dondoc.tasks.models import Field, Task

_spec = importlib.util.spec_from_file_location(
    "conftest_intake", Path(__file__).resolve().parents[1] / "web" / "conftest_intake.py"
)
_helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_helpers)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_a_long_document_is_reviewed_page_by_page(page, log_in, cast):
    text, extraction = _helpers.long_notice(30)
    extraction["tasks"][27]["lead"] = "Ban Chỉ đạo chưa có trong danh mục"  # not resolved
    document = _helpers.make_ready_document(cast, text, extraction)
    # The seeded fields (a transactional test's flush empties the table for the next one).
    for code, name in (("giao-duc", "Giáo dục và đào tạo"), ("y-te", "Y tế")):
        Field.objects.get_or_create(code=code, defaults={"name": name})
    url = f"/van-ban/{document.pk}/ra-soat/"
    log_in(cast.clerk.username, cast.password)
    page.goto(url)
    assert_fits(page)
    expect(page.locator("fieldset.task-row")).to_have_count(25)
    expect(page.locator("p.count")).to_contain_text("trang 1/2 (nhiệm vụ 1–25)")

    # Row 1's pickers hold every unit, copied from the page's one list.
    first = page.locator("#task-0")
    first.locator("select[name='form-0-lead_unit']").select_option(value=str(cast.stc.pk))
    first.locator(".picker-multiple input[type=search]").fill("cong chuc")
    first.locator(".picker-list label", has_text="Phòng Công chức, viên chức").locator("input").check()
    expect(first.locator(".picker-chosen")).to_contain_text("Phòng Công chức, viên chức")
    first.get_by_label("Lĩnh vực").select_option(label="Giáo dục và đào tạo")
    assert_fits(page)

    # The pager saves the page, then opens the next one.
    # page 2 is marked: it has a point to check
    page.locator(".review-pager").first.get_by_role("button", name="Trang 2, có điểm cần kiểm tra").click()
    expect(page).to_have_url(re.compile(r"\?page=2$"))
    expect(page.locator("fieldset.task-row")).to_have_count(5)
    row = page.locator("#task-27")
    expect(row.locator(".row-warnings")).to_contain_text("Chưa xác định được đơn vị chủ trì")
    row.locator("select[name$='-lead_unit']").select_option(value=str(cast.snv.pk))
    row.get_by_label("Lĩnh vực").select_option(value="y-te")
    assert_fits(page)

    # A highlighted span of a task on page 1 saves this page and opens that task.
    page.locator("mark#span-3").click()
    expect(page).to_have_url(re.compile(r"/ra-soat/#task-3$"))
    expect(page.locator("fieldset.task-row")).to_have_count(25)
    expect(page.locator("select[name='form-0-lead_unit']")).to_have_value(str(cast.stc.pk))
    expect(page.locator("select[name='form-0-field']")).to_have_value("giao-duc")
    assert_fits(page)

    page.get_by_role("button", name="Đăng ký cả 30 nhiệm vụ").click()
    expect(page.locator(".messages li.success")).to_contain_text("Đã đăng ký 30 nhiệm vụ")
    assert_fits(page)
    tasks = list(Task.objects.filter(document=document).order_by("number"))
    assert len(tasks) == 30
    assert tasks[0].lead_unit == cast.stc and list(tasks[0].coordinating_units.all()) == [cast.snv_ccvc]
    assert tasks[27].lead_unit == cast.snv
    assert (tasks[0].field.code, tasks[27].field.code, tasks[1].field) == ("giao-duc", "y-te", None)
