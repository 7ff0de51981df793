"""Quality in use in headless Chromium at 390×844: the clerk reviews a document (one task
edited, one dropped, an unresolved lead mapped to a unit and kept as its alias) and
registers it; the administrator sees the accuracy and the correction."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from util import assert_fits, nav

from dondoc.org.choices import Role, UnitKind
from dondoc.org.models import Unit, UnitAlias, User, UserRole

_spec = importlib.util.spec_from_file_location(
    "conftest_intake", Path(__file__).resolve().parents[1] / "web" / "conftest_intake.py"
)
_helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_helpers)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Ban QLDA tỉnh"


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_review_is_recorded_and_shown_to_the_administrator(page, log_in, cast):
    from playwright.sync_api import expect

    bqlda = Unit.objects.create(
        code="bqlda",
        name="Ban QLDA ĐTXD các công trình dân dụng",
        kind=UnitKind.SERVICE_UNIT,
        parent=cast.province,
    )
    admin = User(username="quantri")
    admin.set_password(cast.password)
    admin.save()
    UserRole.objects.create(user=admin, role=Role.ADMIN)
    extraction = _helpers.extraction_for(_helpers.NOTICE, leads=(NAME, "Sở Tài chính", "Sở Nội vụ"))
    document = _helpers.make_ready_document(cast, extraction=extraction)

    log_in("vanthu", cast.password)
    page.goto(f"/van-ban/{document.pk}/ra-soat/")
    assert_fits(page)
    first = page.locator("#task-0")
    first.locator("select[name='form-0-lead_unit']").select_option(str(bqlda.pk))
    first.get_by_label(f"Lưu “{NAME}” làm tên gọi khác của đơn vị chủ trì đã chọn").check()
    page.locator("textarea[name='form-1-text']").fill(
        "Sở Tài chính bố trí kinh phí thực hiện kế hoạch trong tháng 6/2026."
    )
    page.locator("#task-2").get_by_label("Bỏ, không đăng ký").check()
    assert_fits(page)
    page.get_by_role("button", name="Đăng ký nhiệm vụ").click()
    page.wait_for_load_state()
    messages = page.locator(".messages")
    expect(messages).to_contain_text("Đã đăng ký 2 nhiệm vụ")
    expect(messages).to_contain_text(f"Đã lưu “{NAME}” làm tên gọi khác của {bqlda.name}.")
    assert UnitAlias.objects.get().unit == bqlda

    log_in("quantri", cast.password)
    nav(page, "Chất lượng trích xuất")
    expect(page.locator("#so-van-ban")).to_have_text("1")
    expect(page.locator("#so-de-xuat")).to_have_text("3")
    expect(page.locator("#so-kept")).to_have_text("0")
    expect(page.locator("#so-edited")).to_have_text("2")
    expect(page.locator("#so-dropped")).to_have_text("1")
    expect(page.locator("#ty-le-chinh-xac")).to_have_text("67%")
    expect(page.locator("#ty-le-bao-phu")).to_have_text("100%")
    row = page.locator("#bang-chinh-sua tbody tr", has_text=f"“{NAME}” (chưa xác định được đơn vị)")
    expect(row).to_contain_text(bqlda.name)
    expect(page.locator("svg.chart")).to_be_visible()
    assert_fits(page)
    row.get_by_role("link", name="1").click()
    page.wait_for_load_state()
    expect(page.locator("#so-dong")).to_contain_text("1 lần sửa")
    expect(page.locator("#danh-sach")).to_contain_text(bqlda.name)
    assert_fits(page)

    page.goto("/chat-luong/")
    page.locator("#so-dropped").click()
    page.wait_for_load_state()
    expect(page.locator("#danh-sach")).to_contain_text("3. Sở Nội vụ tổng hợp")
    assert_fits(page)

    page.goto("/chat-luong/ten-goi-khac/")
    expect(page.locator("#bang-ten-goi-khac")).to_contain_text(NAME)
    expect(page.locator("#bang-ten-goi-khac")).to_contain_text("Hoàng Thị Lan")
    assert_fits(page)
