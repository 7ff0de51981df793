"""A new user's first hour, in headless Chromium at desktop size and at 390×844: the work
queues, a refused form coming back after a redirect, the unit picker filtered by typing
without diacritics, dates typed dd/mm/yyyy in an English browser, the collapsing menu.
Every screen is checked not to scroll sideways (`assert_fits`)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from playwright.sync_api import expect
from util import assert_fits, nav

from dondoc.tasks import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VN = dt.timezone(dt.timedelta(hours=7))
START = dt.datetime(2026, 5, 4, 9, 0, tzinfo=VN)  # a Monday
BOTH = pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)


@pytest.fixture
def frozen():
    with time_machine.travel(START, tick=True):
        yield


@pytest.fixture
def waiting(cast, make_task, frozen):
    """A result and an extension request waiting for the Chairman, and a task nobody
    has received yet."""
    result = make_task(
        "Xây dựng bộ tiêu chí đánh giá cán bộ, công chức",
        due=dt.date(2026, 5, 8),
        assigned_by=cast.leader.person,
    )
    services.receive(result, by=cast.snv_director)
    services.submit(result, by=cast.snv_director, text="Đã hoàn thành bộ tiêu chí.")
    extension = make_task(
        "Kiểm tra công tác cải cách hành chính năm 2026",
        due=dt.date(2026, 6, 30),
        assigned_by=cast.leader.person,
    )
    services.request_extension(
        extension, by=cast.snv_director, proposed_date=dt.date(2026, 7, 15), reason="Chờ hướng dẫn của Bộ."
    )
    fresh = make_task("Rà soát vị trí việc làm", lead_unit=cast.stc, assigned_by=cast.leader.person)
    return {"result": result, "extension": extension, "fresh": fresh}


@BOTH
def test_the_queues_show_the_waiting_result_and_extension_to_the_right_people(page, log_in, cast, waiting):
    # The Chairman: both wait for him in "Việc của tôi", each saying why.
    log_in("lanhdao", cast.password)
    nav(page, "Việc của tôi")
    rows = page.locator("table.my-tasks tbody tr:not(.group-row)")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="bộ tiêu chí")).to_contain_text("Chờ anh/chị đánh giá kết quả")
    expect(rows.filter(has_text="cải cách hành chính")).to_contain_text("Chờ anh/chị quyết định gia hạn")
    # Overdue first, then due soon, then later: the result is due 08/05, the extension 30/06.
    expect(page.locator("table.my-tasks tr.group-row").first).to_contain_text("Sắp đến hạn")

    # The Office's follow-up staff: the queues per assigning leader, each count a list.
    log_in("theodoi", cast.password)
    nav(page, "Hàng chờ")
    row = page.locator("table.queues tbody tr", has_text="Nguyễn Văn Lãnh")
    expect(row).to_be_visible()
    row.get_by_role("link", name="1").first.click()
    assert_fits(page)
    expect(page.locator("p.count")).to_contain_text("1 nhiệm vụ")
    expect(page.locator("table.tasks")).to_contain_text("Xây dựng bộ tiêu chí")
    nav(page, "Hàng chờ")
    page.locator("table.queues tfoot").get_by_role("link").nth(2).click()  # not yet received
    expect(page.locator("table.tasks")).to_contain_text("Rà soát vị trí việc làm")
    assert_fits(page)

    # The director asked for the extension: it does not wait for him; the specialist and
    # another department see neither, and have no Office queues.
    log_in("gd.snv", cast.password)
    nav(page, "Việc của tôi")
    expect(page.locator("body")).not_to_contain_text("Chờ anh/chị quyết định gia hạn")
    expect(page.locator("body")).not_to_contain_text("Chờ anh/chị đánh giá kết quả")
    for username in ("cv.ccvc", "stc.cv"):
        log_in(username, cast.password)
        nav(page, "Việc của tôi")
        expect(page.locator("p.empty")).to_have_text("Không có việc nào đang chờ anh/chị xử lý.")
        expect(page.locator("#menu nav")).not_to_contain_text("Hàng chờ")
        page.goto("/hang-cho/")
        expect(page.get_by_role("heading", name="Bạn không có quyền thực hiện thao tác này")).to_be_visible()
        assert_fits(page)


@BOTH
def test_a_refused_form_comes_back_with_what_was_typed_and_reloads_without_a_405(page, log_in, cast, waiting):
    task = waiting["result"]
    services.return_task(task, by=cast.leader, reason="Bổ sung phụ lục.")
    log_in("gd.snv", cast.password)
    page.goto(f"/nhiem-vu/{task.pk}/")
    assert_fits(page)
    panel = page.locator("#act-request-extension")
    panel.locator("summary").click()
    date = panel.get_by_label("Thời hạn đề nghị")
    expect(date).to_have_attribute("placeholder", "dd/mm/yyyy")
    date.fill("31/02/2026")  # no such day
    panel.get_by_label("Lý do đề nghị gia hạn").fill("Chờ ý kiến thẩm định của Sở Tư pháp.")
    panel.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/nhiem-vu/{task.pk}/#act-request-extension$"))
    expect(page.locator(".messages li.error")).to_contain_text("Chưa thực hiện")
    panel = page.locator("#act-request-extension")
    expect(panel).to_have_attribute("open", "")
    expect(panel.locator(".error")).to_contain_text("Ngày không hợp lệ")
    expect(panel.get_by_label("Thời hạn đề nghị")).to_have_value("31/02/2026")
    expect(panel.get_by_label("Lý do đề nghị gia hạn")).to_have_value("Chờ ý kiến thẩm định của Sở Tư pháp.")
    assert_fits(page)

    response = page.reload()
    assert response.status == 200
    expect(page.get_by_role("heading", name=f"Nhiệm vụ #{task.pk}")).to_be_visible()
    # The action's own address, opened by hand, leads to the task page too.
    response = page.goto(f"/nhiem-vu/{task.pk}/de-nghi-gia-han/")
    assert response.status == 200 and page.url.endswith(f"/nhiem-vu/{task.pk}/#act-request-extension")

    # Typed day first in an English browser: 15/07/2026 is the 15th of July.
    panel = page.locator("#act-request-extension")
    panel.locator("summary").click()
    panel.get_by_label("Thời hạn đề nghị").fill("15/07/2026")
    panel.get_by_label("Lý do đề nghị gia hạn").fill("Chờ ý kiến thẩm định của Sở Tư pháp.")
    panel.locator("button[type=submit]").click()
    expect(page.locator(".messages li.success")).to_contain_text("Đã gửi đề nghị gia hạn")
    expect(page.locator(".pending")).to_contain_text("Đề nghị gia hạn đến ngày 15/07/2026")
    assert_fits(page)


@BOTH
def test_the_unit_picker_filters_by_typing_without_diacritics(page, log_in, cast, make_task, frozen):
    task = make_task(
        "Tổng kết công tác thi đua năm 2026", due=dt.date(2026, 12, 15), assigned_by=cast.leader.person
    )
    make_task("Quyết toán ngân sách năm 2025", lead_unit=cast.stc)
    log_in("theodoi", cast.password)

    # The task list's unit filter: typing picks the first unit that matches.
    nav(page, "Nhiệm vụ")
    box = page.locator("details.more-filters")
    if not box.evaluate("el => el.open"):
        box.locator("summary").click()
    search = page.get_by_role("searchbox", name="Tìm đơn vị chủ trì")
    search.fill("so tai chinh")
    expect(page.locator("select[name=unit]")).to_have_value(str(cast.stc.pk))
    expect(page.locator("select[name=unit] option")).not_to_contain_text(["Sở Nội vụ"])
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("table.tasks")).to_contain_text("Quyết toán ngân sách")
    expect(page.locator("table.tasks")).not_to_contain_text("Tổng kết công tác thi đua")
    assert_fits(page)

    # "Sửa thông tin": the coordinating units, a tree searched without diacritics.
    page.goto(f"/nhiem-vu/{task.pk}/sua/")
    assert_fits(page)
    picker = page.locator(".picker-multiple")
    picker.locator("input[type=search]").fill("so noi vu")
    items = picker.locator(".picker-list label:visible")
    expect(items.first).to_have_text("Sở Nội vụ")
    expect(items).to_contain_text(["Sở Nội vụ", "Phòng Công chức, viên chức", "Phòng Tổ chức, biên chế"])
    expect(picker.locator(".picker-list label", has_text="Sở Tài chính")).to_be_hidden()
    assert_fits(page)
    picker.locator(".picker-list label", has_text="Phòng Công chức, viên chức").locator("input").check()
    picker.locator("input[type=search]").fill("chi lang")
    picker.locator(".picker-list label", has_text="UBND xã Chi Lăng").locator("input").check()
    expect(picker.locator(".picker-chosen li")).to_have_count(2)
    page.get_by_role("button", name="Lưu thay đổi").click()
    expect(page.locator(".messages li.success")).to_contain_text("Đã cập nhật thông tin nhiệm vụ.")
    expect(page.locator(".facts")).to_contain_text("Phòng Công chức, viên chức; UBND xã Chi Lăng")


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_menu_collapses_and_opens_on_a_phone(page, log_in, cast, browser, live_server):
    log_in("theodoi", cast.password)
    menu = page.locator("#menu nav")
    button = page.locator(".menu-button")
    expect(menu).to_be_hidden()
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    assert_fits(page)
    button.click()
    expect(menu).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu).to_contain_text("Đôn đốc")
    expect(menu).to_contain_text("Lịch")
    box = menu.get_by_role("link", name="Việc của tôi").bounding_box()
    assert box["height"] >= 44  # a thumb's target
    assert_fits(page)
    menu.get_by_role("link", name="Việc của tôi").click()
    expect(page.get_by_role("heading", name="Việc của tôi")).to_be_visible()
    expect(menu).to_be_hidden()

    # Without JavaScript the button is a link to #menu, which opens it through :target.
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    plain = context.new_page()
    try:
        plain.goto("/dang-nhap/")
        plain.get_by_label("Tên đăng nhập").fill("theodoi")
        plain.get_by_label("Mật khẩu").fill(cast.password)
        plain.get_by_role("button", name="Đăng nhập").click()
        expect(plain.locator("#menu nav")).to_be_hidden()
        plain.locator(".menu-button").click()
        expect(plain.locator("#menu nav")).to_be_visible()
        plain.locator("#menu nav").get_by_role("link", name="Đôn đốc").click()
        expect(plain.get_by_role("heading", name="Văn bản đôn đốc")).to_be_visible()
        assert_fits(plain)
    finally:
        context.close()


def test_the_menu_shows_each_user_what_they_may_use(page, log_in, cast):
    log_in("theodoi", cast.password)
    menu = page.locator("#menu nav")
    expect(page.locator(".menu-button")).to_be_hidden()
    for name in ("Nhiệm vụ", "Việc của tôi", "Hàng chờ", "Văn bản", "Đôn đốc", "Thông báo", "Lịch"):
        expect(menu.get_by_role("link", name=name, exact=True)).to_be_visible()
    log_in("cv.ccvc", cast.password)
    expect(menu.get_by_role("link", name="Việc của tôi", exact=True)).to_be_visible()
    expect(menu.get_by_role("link", name="Lịch", exact=True)).to_be_visible()
    expect(menu.get_by_role("link", name="Đôn đốc", exact=True)).to_have_count(0)
    expect(menu.get_by_role("link", name="Hàng chờ", exact=True)).to_have_count(0)
