"""The task list's .xlsx: the same rows, filters, scope and statuses as the list, in a
spreadsheet a user opens; a constant number of queries whatever the number of rows."""

import datetime as dt
import io
from urllib.parse import unquote

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from dondoc.tasks.choices import Status
from dondoc.tasks.services import accept, submit

pytestmark = pytest.mark.django_db

VN = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=VN)  # Monday 1 June 2026


def sheet_rows(response):
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Nhiệm vụ"]
    rows = list(sheet.iter_rows(values_only=True))
    top = next(i for i, row in enumerate(rows) if row[0] == "STT")
    header = rows[top]
    return rows[:top], [dict(zip(header, row, strict=True)) for row in rows[top + 1 :] if row[0] is not None]


@pytest.fixture
def tasks(cast, make_task):
    with time_machine.travel(dt.datetime(2026, 5, 10, 9, 0, tzinfo=VN), tick=False):
        done = make_task(
            "Báo cáo biên chế",
            lead_unit=cast.snv_ccvc,
            due=dt.date(2026, 5, 20),
            assigned_by=cast.leader.person,
        )
        submit(done, by=cast.ccvc_head, text="Đã xong")
        accept(done, by=cast.leader)
    late = make_task("Rà soát vị trí việc làm", lead_unit=cast.snv, due=dt.date(2026, 5, 15))
    open_ = make_task("Lập dự toán ngân sách", lead_unit=cast.stc, due=dt.date(2026, 6, 30))
    recurring = make_task("Theo dõi tình hình", lead_unit=cast.snv, recurrence="monthly")
    return {"done": done, "late": late, "open": open_, "recurring": recurring}


@time_machine.travel(NOW, tick=False)
def test_the_export_has_the_lists_rows_and_statuses(client, cast, tasks):
    client.force_login(cast.followup)
    response = client.get(reverse("task-list-xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    disposition = response["Content-Disposition"]
    assert 'filename="Danh-sach-nhiem-vu-01-06-2026.xlsx"' in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "Danh sách nhiệm vụ - 01-06-2026.xlsx"
    heading, rows = sheet_rows(response)
    assert ("Tình trạng tính đến hết ngày 01/06/2026",) in [row[:1] for row in heading]
    by_id = {row["Mã nhiệm vụ"]: row for row in rows}
    assert set(by_id) == {t.pk for t in tasks.values()}
    assert by_id[tasks["late"].pk]["Tình trạng"] == Status.OPEN_OVERDUE.label
    assert by_id[tasks["late"].pk]["Số ngày quá hạn"] == 17
    assert by_id[tasks["late"].pk]["Thời hạn"] == dt.datetime(2026, 5, 15)
    assert by_id[tasks["done"].pk]["Tình trạng"] == Status.DONE_ON_TIME.label
    assert by_id[tasks["done"].pk]["Ngày hoàn thành"] == dt.datetime(2026, 5, 10)
    assert by_id[tasks["open"].pk]["Tình trạng"] == Status.OPEN_ON_TIME.label
    assert by_id[tasks["recurring"].pk]["Tình trạng"] == Status.RECURRING.label
    assert by_id[tasks["recurring"].pk]["Thời hạn (như ghi)"] == "Hằng tháng"
    # the list's order: dated tasks first, soonest first
    assert [row["Mã nhiệm vụ"] for row in rows] == [
        tasks["late"].pk,
        tasks["done"].pk,
        tasks["open"].pk,
        tasks["recurring"].pk,
    ]
    # the counts the list shows for the same filters are the rows of the file
    page = client.get(reverse("task-list")).content.decode()
    assert f"{len(rows)} nhiệm vụ theo văn bản" in page
    assert reverse("task-list-xlsx") in page


@time_machine.travel(NOW, tick=False)
def test_the_export_keeps_the_filters_and_the_scope(client, cast, tasks):
    client.force_login(cast.followup)
    response = client.get(reverse("task-list-xlsx"), {"status": "open_overdue", "unit": cast.snv.pk})
    heading, rows = sheet_rows(response)
    assert [row["Mã nhiệm vụ"] for row in rows] == [tasks["late"].pk]
    assert any("Đơn vị chủ trì: Sở Nội vụ" in (line[0] or "") for line in heading)
    assert any("Chưa hoàn thành, quá hạn" in (line[0] or "") for line in heading)
    # the list's link carries the filters to the export
    page = client.get(reverse("task-list"), {"status": "open_overdue", "unit": cast.snv.pk}).content.decode()
    assert f"{reverse('task-list-xlsx')}?status=open_overdue&amp;unit={cast.snv.pk}" in page
    # Sở Tài chính's specialist sees only Sở Tài chính's task, whatever he asks for
    client.force_login(cast.outsider)
    _heading, rows = sheet_rows(client.get(reverse("task-list-xlsx")))
    assert [row["Mã nhiệm vụ"] for row in rows] == [tasks["open"].pk]
    _heading, rows = sheet_rows(client.get(reverse("task-list-xlsx"), {"q": "ra soat"}))
    assert rows == []


@time_machine.travel(NOW, tick=False)
def test_the_export_as_of_a_past_day_replays_the_status(client, cast, tasks):
    client.force_login(cast.followup)
    _heading, rows = sheet_rows(client.get(reverse("task-list-xlsx"), {"as_of": "16/05/2026"}))
    by_id = {row["Mã nhiệm vụ"]: row for row in rows}
    assert by_id[tasks["late"].pk]["Tình trạng"] == Status.OPEN_OVERDUE.label
    assert by_id[tasks["late"].pk]["Số ngày quá hạn"] == 1
    # tasks registered after that day are left out, as in the list
    assert set(by_id) == {tasks["late"].pk, tasks["done"].pk, tasks["open"].pk, tasks["recurring"].pk} - {
        t.pk for t in tasks.values() if t.assigned_on > dt.date(2026, 5, 16)
    }


@time_machine.travel(NOW, tick=False)
def test_bad_filters_are_refused_with_a_message(client, cast, tasks):
    client.force_login(cast.followup)
    response = client.get(reverse("task-list-xlsx"), {"due_from": "31/12/2026", "due_to": "01/01/2026"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Không xuất được danh sách: điều kiện lọc chưa hợp lệ" in page


@time_machine.travel(NOW, tick=False)
def test_the_export_reads_a_constant_number_of_queries(client, cast, make_task):
    client.force_login(cast.followup)
    client.get(reverse("task-list-xlsx"))  # sessions, roles and the calendar are warm
    make_task("Một", lead_unit=cast.snv, due=dt.date(2026, 5, 1), assignee=cast.specialist.person)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("task-list-xlsx"))
    for i in range(20):
        make_task(f"Nhiệm vụ {i}", lead_unit=cast.stc, due=dt.date(2026, 7, 1), assignee=cast.outsider.person)
    with CaptureQueriesContext(connection) as many:
        _heading, rows = sheet_rows(client.get(reverse("task-list-xlsx")))
    assert len(rows) == 21
    assert len(many.captured_queries) == len(few.captured_queries)
