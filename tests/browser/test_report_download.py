"""The Chairman downloads the official report of May as .xlsx and .docx from the
"Báo cáo" screen (desktop and phone); both files open and show the statistics core's
figures, and the screen's overdue figure opens the list of the same tasks."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
import time_machine
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))
from official_world import MAY, TODAY, at, build_may, core  # noqa: E402
from util import assert_fits, nav  # noqa: E402

from dondoc.tasks.choices import Status  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_the_chairman_downloads_the_report_of_may(page, log_in, cast, viewport):
    build_may(cast)
    expected = core(cast.leader)
    with time_machine.travel(at(TODAY), tick=True):
        log_in("lanhdao", cast.password)
        nav(page, "Báo cáo")
        page.get_by_label("Kỳ báo cáo").select_option(MAY.key)
        page.get_by_role("button", name="Xem báo cáo").click()
        page.wait_for_load_state()
        expect(
            page.get_by_role("heading", name="Kết quả thực hiện nhiệm vụ tháng 5 năm 2026")
        ).to_be_visible()
        assert_fits(page)

        with page.expect_download() as download:
            page.get_by_role("link", name="Bảng tính Excel (.xlsx)").click()
        assert download.value.suggested_filename.endswith(".xlsx")
        book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
        total = next(row for row in book["Tổng hợp"].iter_rows(values_only=True) if row[1] == "Tổng cộng")
        c = expected.counts
        assert list(total[2:8]) == [
            expected.total,
            expected.done,
            c[Status.DONE_ON_TIME],
            c[Status.DONE_LATE],
            c[Status.OPEN_ON_TIME],
            c[Status.OPEN_OVERDUE],
        ]

        with page.expect_download() as download:
            page.get_by_role("link", name="Văn bản Word (.docx)").click()
        assert download.value.suggested_filename.endswith(".docx")
        doc = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
        text = "\n".join(p.text for p in doc.paragraphs)
        assert f"được giao {expected.total} nhiệm vụ" in text
        assert f"trong hạn {c[Status.OPEN_ON_TIME]}, quá hạn {c[Status.OPEN_OVERDUE]}" in text

        # the total row's overdue figure opens the task list of the same tasks
        total_row = page.locator(".report-table tr.total")
        total_row.get_by_role("link", name=str(c[Status.OPEN_OVERDUE]), exact=True).click()
        page.wait_for_load_state()
        expect(page.locator("p.count")).to_contain_text(f"{c[Status.OPEN_OVERDUE]} nhiệm vụ theo văn bản")
        assert_fits(page)
