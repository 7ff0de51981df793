"""The official follow-up report: its files open and show the statistics core's figures;
closing a period freezes them, whatever happens to the tasks afterwards."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import unquote

import pytest
import time_machine
from django.urls import reverse
from docx import Document
from official_world import END_OF_MAY, MAY, TODAY, at, build_may, core
from openpyxl import load_workbook

from dondoc.reports import official, stats
from dondoc.reports.models import ReportClosure, ReportSnapshot
from dondoc.tasks.choices import Status
from dondoc.tasks.models import Task
from dondoc.tasks.services import accept, decide_extension, request_extension, update_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def may(cast):
    return build_may(cast)


@pytest.fixture
def today():
    with time_machine.travel(at(TODAY), tick=False) as traveller:
        yield traveller


def xlsx(response):
    return load_workbook(io.BytesIO(response.content))


def summary_rows(book) -> dict[str, list]:
    sheet = book["Tổng hợp"]
    rows = {}
    for row in sheet.iter_rows(min_row=6, values_only=True):
        rows[row[1]] = list(row[2:12])
        if row[1] == "Tổng cộng":
            return rows
    raise AssertionError("no total row")


def figures(summary: dict | stats.Summary) -> list:
    """[total, done, on time, late, open on time, open overdue, recurring, no deadline, rate]."""
    if isinstance(summary, stats.Summary):
        c = summary.counts
        rate = summary.rate_on_time
        return [summary.total, summary.done, c[Status.DONE_ON_TIME], c[Status.DONE_LATE], c[Status.OPEN_ON_TIME],
                c[Status.OPEN_OVERDUE], c[Status.RECURRING], c[Status.NO_DEADLINE], rate]  # fmt: skip
    return summary[:9]


def docx_text(response) -> str:
    doc = Document(io.BytesIO(response.content))
    parts = [p.text for p in doc.paragraphs]
    parts += [p.text for t in doc.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    return "\n".join(parts)


def get_file(client, fmt, **params):
    return client.get(reverse("official-report-file"), {"period": MAY.key, "format": fmt, **params})


def test_the_xlsx_shows_the_cores_figures_per_unit_and_in_total(client, cast, may, today):
    client.force_login(cast.leader)
    response = get_file(client, "xlsx")
    assert response.status_code == 200
    name = unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1])
    assert name == "Báo cáo kết quả thực hiện nhiệm vụ tháng 5 năm 2026 - UBND tỉnh Lạng Sơn.xlsx"
    book = xlsx(response)
    sheet = book["Tổng hợp"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"D4:F4", "G4:H4"} <= merged  # "Đã hoàn thành" and "Chưa hoàn thành" over their columns
    assert sheet["D4"].value == "Đã hoàn thành" and sheet["G4"].value == "Chưa hoàn thành"
    rows = summary_rows(book)
    expected = core(cast.leader)
    assert figures(rows["Tổng cộng"]) == figures(expected)
    assert figures(rows["Tổng cộng"]) == [5, 1, 1, 0, 1, 2, 1, 0, 33.3]
    # a row per unit (the units below rolled up: P. CCVC's task counts for Sở Nội vụ)
    units = {label: values for label, values in rows.items() if label != "Tổng cộng"}
    assert set(units) == {"SNV", "Sở Tài chính", "UBND xã Chi Lăng"}
    assert units["SNV"][:9] == [3, 1, 1, 0, 0, 1, 1, 0, 50.0]
    for column in range(8):
        assert sum(values[column] for values in units.values()) == rows["Tổng cộng"][column]
    # the overdue tasks, most late first, with days late and the unit's latest word
    late = list(book["Nhiệm vụ quá hạn"].iter_rows(min_row=5, values_only=True))
    assert [(r[1], r[2], r[6], r[7]) for r in late] == [
        ("Rà soát vị trí việc làm", "Sở Nội vụ", 11, "Chậm do chờ ý kiến các sở"),
        ("Lập dự toán bổ sung", "Sở Tài chính", 6, official.NO_REASON),
    ]


def test_the_docx_is_a_report_laid_out_by_decree_30_with_the_same_figures(client, cast, may, today):
    client.force_login(cast.leader)
    response = get_file(client, "docx")
    assert response.status_code == 200
    text = docx_text(response)
    for part in (
        "UBND TỈNH LẠNG SƠN",
        "VĂN PHÒNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-VP",
        "Lạng Sơn, ngày \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0 tháng 6 năm 2026",
        "BÁO CÁO",
        "Kết quả thực hiện nhiệm vụ do Chủ tịch, các Phó Chủ tịch UBND tỉnh giao tháng 5 năm 2026",
        "KT. CHÁNH VĂN PHÒNG",
        "Nơi nhận:",
        "- Lưu: VT, TH.",
    ):
        assert part in text, part
    s = core(cast.leader)
    assert f"được giao {s.total} nhiệm vụ" in text
    assert "Đã hoàn thành 1 nhiệm vụ, trong đó đúng hạn 1, quá hạn 0" in text
    assert "Chưa hoàn thành 3 nhiệm vụ, trong đó trong hạn 1, quá hạn 2" in text
    assert "Tỷ lệ hoàn thành đúng hạn: 33,3%" in text
    doc = Document(io.BytesIO(response.content))
    units = next(t for t in doc.tables if t.rows[0].cells[1].text == "Đơn vị chủ trì")
    total = [cell.text for cell in units.rows[-1].cells]
    assert total == ["", "Tổng cộng", "5", "1", "0", "1", "2", "33,3"]


def test_the_screen_shows_the_figures_each_a_link_to_its_list(client, cast, may, today):
    client.force_login(cast.leader)
    page = client.get(reverse("official-report"), {"period": MAY.key}).content.decode()
    assert "Kết quả thực hiện nhiệm vụ tháng 5 năm 2026" in page
    assert "được giao 5 nhiệm vụ" in page
    assert f"{reverse('official-report-file')}?period={MAY.key}&amp;format=docx" in page
    # the overdue count of the total row opens the task list with the same criteria
    query = stats.Criteria(on=END_OF_MAY, start=MAY.start, end=END_OF_MAY, status=Status.OPEN_OVERDUE).query()
    assert all(f"{key}={value}".replace("/", "%2F") in page for key, value in query.items())


def test_a_unit_head_gets_the_report_of_their_unit_only(client, cast, may, today):
    client.force_login(cast.snv_director)
    response = get_file(client, "xlsx", unit=cast.snv.pk)
    rows = summary_rows(xlsx(response))
    assert figures(rows["Tổng cộng"])[:8] == [3, 1, 1, 0, 0, 1, 1, 0]
    # the province or another unit is refused, with a message
    response = get_file(client, "xlsx", unit=cast.stc.pk)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Đơn vị này không thuộc phạm vi anh/chị được xem." in page
    response = get_file(client, "xlsx", unit="")
    assert response.status_code == 302


def test_closing_a_period_freezes_its_report(client, cast, may, today):
    client.force_login(cast.followup)
    before_xlsx = summary_rows(xlsx(get_file(client, "xlsx")))
    before_docx = docx_text(get_file(client, "docx"))
    response = client.post(
        reverse("official-report-close"), {"period": MAY.key, "note": "Chốt báo cáo tháng 5"}
    )
    assert response.status_code == 302
    closure = ReportClosure.objects.get(period=MAY.key)
    assert closure.closed_by == cast.followup and closure.note == "Chốt báo cáo tháng 5"
    # the province and each unit of the level below are frozen
    frozen = set(ReportSnapshot.objects.filter(closure=closure).values_list("unit__code", flat=True))
    assert {None, "snv", "stc", "xa-1", "vp"} <= frozen
    snv_before = summary_rows(xlsx(get_file(client, "xlsx", unit=cast.snv.pk)))

    # Afterwards: the late result is accepted (complete on its submission day, in May),
    # Sở Tài chính's deadline is corrected to 30/06, the commune gets an extension.
    accept(may["late"], by=cast.leader)
    update_task(Task.objects.get(pk=may["stc"].pk), by=cast.followup, due_date=dt.date(2026, 6, 30))
    extension = request_extension(
        may["xa"], by=make_head(cast), proposed_date=dt.date(2026, 7, 31), reason="Chờ kinh phí"
    )
    decide_extension(extension, by=cast.leader, grant=True, granted_date=dt.date(2026, 7, 31))

    # the statistics core now says otherwise for May…
    assert figures(core(cast.followup)) != figures(before_xlsx["Tổng cộng"])
    # …but the closed period's report is the same, in every format and scope frozen
    assert summary_rows(xlsx(get_file(client, "xlsx"))) == before_xlsx
    assert docx_text(get_file(client, "docx")) == before_docx
    assert summary_rows(xlsx(get_file(client, "xlsx", unit=cast.snv.pk))) == snv_before
    page = client.get(reverse("official-report"), {"period": MAY.key}).content.decode()
    assert "Kỳ báo cáo đã khóa lúc" in page
    # a scoped user reading a frozen unit gets the frozen figures too
    client.force_login(cast.snv_director)
    assert summary_rows(xlsx(get_file(client, "xlsx", unit=cast.snv.pk))) == snv_before


def make_head(cast):
    """The commune's head, who asks for its extensions."""
    from dondoc.org.choices import Role
    from dondoc.org.models import Person, User, UserRole

    person = Person.objects.create(full_name="Hoàng Văn Xã", title="Chủ tịch UBND xã", unit=cast.commune)
    user = User.objects.create(username="ct.xa", person=person)
    UserRole.objects.create(user=user, role=Role.HEAD)
    return user


def test_closing_is_refused_with_a_message_when_it_may_not_be_done(client, cast, may, today):
    client.force_login(cast.snv_director)
    assert client.post(reverse("official-report-close"), {"period": MAY.key}).status_code == 403
    client.force_login(cast.followup)
    june = official.ReportPeriod("month", 2026, 6)
    response = client.post(reverse("official-report-close"), {"period": june.key}, follow=True)
    assert "chưa kết thúc" in response.content.decode()
    assert not ReportClosure.objects.exists()
    client.post(reverse("official-report-close"), {"period": MAY.key})
    response = client.post(reverse("official-report-close"), {"period": MAY.key}, follow=True)
    assert "đã được khóa trước đó" in response.content.decode()
    assert ReportClosure.objects.count() == 1


def test_pdf_through_libreoffice_or_a_clear_message(client, cast, may, today, monkeypatch):
    client.force_login(cast.leader)
    monkeypatch.setattr("dondoc.extraction.doc_reader.soffice_binary", lambda: None)
    response = get_file(client, "pdf")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF" in page
    monkeypatch.undo()
    from dondoc.extraction.doc_reader import soffice_binary

    if soffice_binary() is None:
        pytest.skip("LibreOffice is not installed here (CI has it)")
    response = get_file(client, "pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "BÁO CÁO" in text and "Tổng cộng" in text


def test_periods_parse_and_name_themselves():
    assert official.ReportPeriod.from_key("2026-Q2").label == "quý II năm 2026"
    assert official.ReportPeriod.from_key("2026-H1").label == "6 tháng đầu năm 2026"
    assert official.ReportPeriod.from_key("2026-H2").end == dt.date(2026, 12, 31)
    assert official.ReportPeriod.from_key("2026-02").end == dt.date(2026, 2, 28)
    assert official.ReportPeriod.from_key("2026").label == "năm 2026"
    for bad in ("2026-13", "2026-Q5", "26", "", "2026-H3"):
        assert official.ReportPeriod.from_key(bad) is None


def test_the_urgings_of_the_period_are_counted_per_unit(client, cast, may):
    from dondoc.notifications.urging import urge_unit

    with time_machine.travel(at(dt.date(2026, 5, 26)), tick=False):
        urge_unit(cast.stc, by=cast.followup, text="Đề nghị khẩn trương.")
    with time_machine.travel(at(dt.date(2026, 6, 2)), tick=False):  # June: not in May's report
        urge_unit(cast.stc, by=cast.followup, text="Lần hai.")
    with time_machine.travel(at(TODAY), tick=False):
        client.force_login(cast.leader)
        rows = summary_rows(xlsx(get_file(client, "xlsx")))
    assert rows["Sở Tài chính"][9] == 1 and rows["SNV"][9] == 0
    assert rows["Tổng cộng"][9] == 1
