"""Deadline phrases -> dates (SCHEMA.md conventions; Bộ luật Dân sự 2015, Điều 146-148)."""

from __future__ import annotations

from datetime import date

import pytest

from dondoc.extraction.deadlines import (
    _COMPILED,
    DEADLINE_PHRASINGS,
    QUALIFIERS,
    RECURRENCE_PHRASINGS,
    choose_deadline,
    find_deadlines,
    find_recurrence,
    parse_deadline,
    report_back,
    reports_back,
)
from dondoc.extraction.textutil import ffold
from dondoc.lib.workdays import WorkingCalendar

CASES = [
    # (phrase, expected due, expected kind)
    ("trong tháng 5/2026", "2026-05-31", "month"),
    ("trong tháng 5 năm 2026", "2026-05-31", "month"),
    ("trong tháng 02/2028", "2028-02-29", "month"),
    ("hoàn thành trong tháng 11", "2026-11-30", "month"),
    ("xong trong tháng 6/2026", "2026-06-30", "month"),
    ("cuối tháng 5", "2026-05-31", "month"),
    ("chậm nhất cuối tháng 9/2026", "2026-09-30", "month"),
    ("trước tháng 7/2026", "2026-06-30", "before_month"),
    ("trước ngày 06/5/2026", "2026-05-05", "before_date"),
    ("trước ngày 6-5-2026", "2026-05-05", "before_date"),
    ("trước ngày 01/01/2030", "2029-12-31", "before_date"),
    ("trước ngày 30 tháng 7 năm 2024", "2024-07-29", "before_date"),
    ("trước 17 giờ ngày 20/3/2026", "2026-03-20", "date"),
    ("trước ngày 10/12", "2026-12-09", "before_date"),
    ("chậm nhất ngày 06/5/2026", "2026-05-06", "date"),
    ("chậm nhất là ngày 15/4/2026", "2026-04-15", "date"),
    ("chậm nhất vào ngày 15/4/2026", "2026-04-15", "date"),
    ("trước hoặc trong ngày 06/5/2026", "2026-05-06", "date"),
    ("hoàn thành ngày 06/5", "2026-05-06", "date"),
    ("trong ngày 06/5/2026", "2026-05-06", "date"),
    ("hạn chót ngày 20/6/2026", "2026-06-20", "date"),
    ("thời hạn hoàn thành: 30/9/2026", "2026-09-30", "date"),
    ("xong trước ngày 31 tháng 10 năm 2024", "2024-10-30", "before_date"),
    ("trong quý II/2026", "2026-06-30", "quarter"),
    ("hoàn thành trong Quý III năm 2024", "2024-09-30", "quarter"),
    ("trong quý 4 năm 2026", "2026-12-31", "quarter"),
    ("trong quý I", "2026-03-31", "quarter"),
    ("Xong trong Quý II/2026", "2026-06-30", "quarter"),
    ("trong năm 2026", "2026-12-31", "year"),
    ("cuối năm 2026", "2026-12-31", "year"),
    ("cuối năm", "2026-12-31", "year"),
    ("6 tháng đầu năm 2026", "2026-06-30", "half_year"),
    ("sáu tháng cuối năm 2026", "2026-12-31", "half_year"),
    ("giữa năm", "2026-06-30", "half_year"),
    ("giữa năm 2027", "2027-06-30", "half_year"),
    ("trước năm 2027", "2026-12-31", "before_year"),
    ("Tháng 5/2026", "2026-05-31", "month"),
    ("Quý II/2026", "2026-06-30", "quarter"),
    ("Năm 2026", "2026-12-31", "year"),
    ("30/6/2026", "2026-06-30", "date"),
    ("trong 15 ngày kể từ ngày 05/5/2026", "2026-05-20", "relative_days"),
    ("trong vòng 2 tuần kể từ ngày 01/6/2026", "2026-06-15", "relative_weeks"),
    ("trong thời hạn 03 tháng kể từ ngày 15/01/2026", "2026-04-15", "relative_months"),
    ("trong 10 ngày làm việc kể từ ngày nhận được văn bản", None, "relative_working_days"),
    ("không quá ngày 30/6/2026", "2026-06-30", "date"),
    ("muộn nhất ngày 15/6/2026", "2026-06-15", "date"),
    ("muộn nhất là ngày 15/6/2026", "2026-06-15", "date"),
    ("không muộn hơn ngày 15/6/2026", "2026-06-15", "date"),
    ("thời hạn hoàn thành: tháng 9/2026", "2026-09-30", "month"),
    ("thời hạn: Quý III/2026", "2026-09-30", "quarter"),
    ("Thời gian hoàn thành: Quý IV năm 2026", "2026-12-31", "quarter"),
    ("thời hạn thực hiện: năm 2026", "2026-12-31", "year"),
    ("trước 10 giờ 00, ngày 17/8", "2026-08-17", "date"),
    ("chậm nhất 16h00 ngày 20/5/2026", "2026-05-20", "date"),
    ("gửi về Sở trước 16 giờ 30 phút ngày 20/5/2026", "2026-05-20", "date"),
    ("trước ngày 15/01 năm liền kề", "2027-01-14", "before_date"),
    ("trước 17h 22/5", "2026-05-22", "date"),
    ("trước 17:00 ngày 22/5/2026", "2026-05-22", "date"),
    ("trước 17 giờ thứ Sáu, ngày 22/5/2026", "2026-05-22", "date"),
    ("trước thứ Sáu, ngày 22/5/2026", "2026-05-21", "before_date"),
    ("chậm nhất thứ Hai 25/5/2026", "2026-05-25", "date"),
    ("số liệu tính đến hết ngày 31/5/2026", None, "none"),
    ("Hội nghị tổ chức vào lúc 8 giờ 00 ngày 20/5/2026", None, "none"),
    ("trong tháng 01 năm liền kề", "2027-01-31", "month"),
    ("trước ngày 15/01 của năm liền kề sau", "2027-01-14", "before_date"),
    ("Hạn cuối nộp hồ sơ: 17h00 ngày 12/6/2026", "2026-06-12", "date"),
    ("Thời hạn gửi báo cáo về Sở: 15/6/2026", "2026-06-15", "date"),
    ("Thời gian thực hiện: Năm 2026", "2026-12-31", "year"),
    ("Hội nghị tổ chức trong 02 ngày", None, "none"),
    ("trong 07 ngày kể từ ngày nhận được Thông báo này", None, "relative_days"),
    ("trong tuần đầu tháng 5/2026", "2026-05-07", "week"),
    ("trong tuần thứ hai của tháng 6", "2026-06-14", "week"),
    ("hoàn thành trong tuần này", None, "week"),
    ("thường xuyên", None, "continuous"),
    ("liên tục", None, "continuous"),
    ("khẩn trương thực hiện", None, "none"),
    ("kịp thời báo cáo", None, "none"),
    ("Hàng năm", None, "recurring"),
    ("trong thời gian tới", None, "none"),
    ("đến năm 2030, tầm nhìn đến năm 2045", None, "none"),
    ("Kế hoạch số 06-KH/TU, ngày 28/11/2025 của Ban Thường vụ", None, "none"),
    ("trước 16 giờ 00 ngày thứ Sáu hằng tuần", None, "recurring"),
]


@pytest.mark.parametrize(("phrase", "due", "kind"), CASES)
def test_phrase(phrase, due, kind):
    d = parse_deadline(phrase, context_year=2026)
    assert (d.due.isoformat() if d.due else None) == due, phrase
    assert d.kind == kind, phrase


def test_enough_phrasings():
    assert len(CASES) >= 40


def test_before_is_a_setting():
    d = parse_deadline("trước ngày 06/5/2026", context_year=2026, before_is_previous_day=False)
    assert d.due == date(2026, 5, 6)


def test_relative_working_days_keeps_amount():
    d = parse_deadline("trong 10 ngày làm việc kể từ ngày 05/5/2026", context_year=2026)
    assert d.due == date(2026, 5, 19) and d.amount == 10 and d.unit == "working_day"
    assert d.as_dict()["amount"] == 10


def test_past_dates_are_not_deadlines():
    text = (
        "Thực hiện Kế hoạch số 12/KH-UBND, trước ngày 05/01/2026 đã ban hành; hoàn thành trong tháng 5/2026."
    )
    found = find_deadlines(text, context_year=2026, not_before=date(2026, 2, 1))
    dated = [d for d in found if d.due]
    assert [d.due for d in dated] == [date(2026, 5, 31)]


def test_document_dates_are_not_deadlines():
    text = "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ; Quyết định số 5/QĐ-UBND ngày 06/5/2026."
    assert [d for d in find_deadlines(text, context_year=2026) if d.due] == []


def test_choose_the_submission_deadline():
    text = "Rà soát trong tháng 4/2026; hoàn thiện hồ sơ, báo cáo UBND tỉnh trước ngày 15/5/2026."
    f = ffold(text)
    d = choose_deadline(find_deadlines(text, context_year=2026, folded=f), f)
    assert d is not None and d.due == date(2026, 5, 14)


def test_year_from_context_only():
    assert parse_deadline("trước ngày 10/12", context_year=None).due is None


@pytest.mark.parametrize(
    ("text", "rec"),
    [
        ("định kỳ hằng tháng báo cáo", "monthly"),
        ("trước ngày 20 hằng tháng", "monthly"),
        ("báo cáo hàng quý", "quarterly"),
        ("định kỳ 6 tháng báo cáo", "half-yearly"),
        ("hằng năm tổng hợp", "yearly"),
        ("định kỳ hằng tuần gửi báo cáo", "weekly"),
        ("thường xuyên kiểm tra", None),
        ("mỗi sáu tháng tổng hợp, báo cáo", "half-yearly"),
        ("báo cáo trước ngày 05 hằng tháng", "monthly"),
        ("báo cáo kết quả hằng quý", "quarterly"),
        ("thực hiện theo quy định hằng năm", "yearly"),
        ("theo quy định của pháp luật", None),
        ("trong quý II", None),
    ],
)
def test_recurrence(text, rec):
    assert find_recurrence(text) == rec


def test_offsets_point_into_text():
    text = "Sở Y tế báo cáo UBND tỉnh trước ngày 06/5/2026."
    (d,) = [x for x in find_deadlines(text, context_year=2026) if x.due]
    assert text[d.start : d.end] == "trước ngày 06/5/2026"


# ------------------------------------------------------------------------------------
# The tables: every row's own example gives the row's date (a new phrasing is one row
# and this test runs it), then the cases the rows must tell apart.
# ------------------------------------------------------------------------------------

ISSUED = date(2026, 4, 15)  # the document date the table examples assume


@pytest.mark.parametrize("row", DEADLINE_PHRASINGS, ids=lambda r: r.name)
def test_each_deadline_row_reads_its_example(row):
    d = parse_deadline(row.example, context_year=ISSUED.year, not_before=ISSUED, issued_on=ISSUED)
    assert d.rule == row.name, (row.example, d)
    assert (d.due.isoformat() if d.due else None) == row.due
    assert d.kind == row.kind


@pytest.mark.parametrize("row", RECURRENCE_PHRASINGS, ids=lambda r: r.example)
def test_each_recurrence_row_reads_its_example(row):
    assert find_recurrence(row.example) == row.period


@pytest.mark.parametrize("row", QUALIFIERS, ids=lambda r: r[2])
def test_each_qualifier_example_is_no_deadline(row):
    found = find_deadlines(row[2], context_year=2026, not_before=date(2025, 1, 1))
    assert [d for d in found if d.due] == []


def test_the_table_names_are_unique():
    names = [r.name for r in DEADLINE_PHRASINGS]
    assert len(names) == len(set(names))


def test_the_fast_path_comes_from_the_table():
    # Each row's prefilter words are the first words of its own triggers: a row added to
    # the table is found without touching anything else.
    compiled = {c.row.name: c.words for c in _COMPILED}
    assert {"muon", "khong", "cham", "truoc"} <= set(compiled["no_later_than_date"])
    assert [c.row for c in _COMPILED] == list(DEADLINE_PHRASINGS)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Gửi báo cáo trước 17 giờ ngày 20/8/2026.", "2026-08-20"),
        ("Hoàn thành trước 17h00 ngày 20/8/2026.", "2026-08-20"),
        ("Nộp hồ sơ chậm nhất 17 giờ 00 ngày 20/8/2026.", "2026-08-20"),
        ("Đăng ký tham dự trước 10 giờ 00, ngày 17/8.", "2026-08-17"),
    ],
)
def test_a_time_of_day_on_a_date_is_due_that_date_whatever_the_verb(text, due):
    f = ffold(text)
    d = choose_deadline(find_deadlines(text, context_year=2026, not_before=ISSUED, folded=f), f)
    assert d is not None and d.due.isoformat() == due


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("trong 15 ngày kể từ ngày ký", "2026-04-30"),
        ("trong thời hạn 15 ngày, kể từ ngày ký ban hành", "2026-04-30"),
        ("trong 15 ngày kể từ ngày Thông báo này được ký", "2026-04-30"),
        ("trong 15 ngày kể từ ngày văn bản này có hiệu lực", "2026-04-30"),
        ("trong vòng 15 ngày", "2026-04-30"),
        ("trong 02 tháng kể từ ngày ban hành", "2026-06-15"),
        ("trong 07 ngày kể từ ngày nhận được văn bản", None),
        ("trong 03 ngày kể từ khi kết thúc đợt kiểm tra", None),
    ],
)
def test_periods_count_from_the_issue_date(phrase, due):
    d = parse_deadline(phrase, context_year=2026, not_before=ISSUED, issued_on=ISSUED)
    assert (d.due.isoformat() if d.due else None) == due


def test_a_period_needs_the_issue_date():
    assert parse_deadline("trong 15 ngày kể từ ngày ký", context_year=2026).due is None


def test_working_days_skip_weekends_and_holidays():
    # Friday 24/4/2026; 27/4 (Giỗ Tổ, moved), 30/4 and 1/5 are holidays in the bundled calendar.
    issued = date(2026, 4, 24)
    d = parse_deadline("trong 10 ngày làm việc", context_year=2026, not_before=issued, issued_on=issued)
    assert d.due == date(2026, 5, 13) and d.kind == "relative_working_days"


def test_working_days_use_the_calendar_given():
    issued = date(2026, 4, 24)
    cal = WorkingCalendar(holidays=frozenset(), workdays=frozenset({date(2026, 4, 25)}))
    d = parse_deadline(
        "trong 02 ngày làm việc kể từ ngày ký", context_year=2026, issued_on=issued, working_days=cal
    )
    assert d.due == date(2026, 4, 27)  # Saturday 25/4 is a make-up working day


@pytest.mark.parametrize(
    ("issued", "due"),
    [
        (date(2026, 4, 15), "2026-09-14"),  # later in the year of the document
        (date(2026, 10, 1), "2027-09-14"),  # already past: next year
        (date(2026, 9, 14), "2026-09-14"),
    ],
)
def test_a_date_without_year_is_the_next_one(issued, due):
    d = parse_deadline("trước ngày 15/9", context_year=issued.year, not_before=issued, issued_on=issued)
    assert d.due.isoformat() == due


def test_a_month_without_year_is_the_next_one():
    issued = date(2026, 11, 20)
    d = parse_deadline("trong tháng 3", context_year=2026, not_before=issued)
    assert d.due == date(2027, 3, 31)


@pytest.mark.parametrize(
    "text",
    [
        "Tổ chức các hoạt động dự kiến thực hiện trong năm 2026 theo Kế hoạch.",
        "Triển khai Kế hoạch phát triển kinh tế - xã hội năm 2026.",
        "Thực hiện mục tiêu giai đoạn 2026-2030, tầm nhìn đến năm 2045.",
        "Thực hiện Chương trình trong giai đoạn 2026 - 2030.",
        "Lập tiến độ chi tiết theo tuần, tháng đến hết năm 2026.",
        "Rà soát các nội dung dự kiến tổ chức trong tháng 9/2026.",
    ],
)
def test_a_date_that_qualifies_other_work_is_not_a_deadline(text):
    assert [d for d in find_deadlines(text, context_year=2026, not_before=ISSUED) if d.due] == []


def test_a_closing_sentence_sets_the_deadline():
    text = (
        "Công ty khẩn trương rà soát. Trường hợp đảm bảo điều kiện thì đề xuất phương án cổ phần hóa "
        "trong quý III/2026. Hoàn thành và báo cáo UBND tỉnh (thông qua Sở Tài chính, Sở Kế hoạch và "
        "Đầu tư) trước ngày 08/6/2026."
    )
    f = ffold(text)
    d = choose_deadline(find_deadlines(text, context_year=2026, not_before=ISSUED, folded=f), f)
    assert d.due == date(2026, 6, 7)


def test_thuong_xuyen_sets_no_date_and_no_period():
    d = parse_deadline("Thường xuyên kiểm tra, giám sát", context_year=2026)
    assert d.due is None and d.kind == "continuous" and d.recurrence is None


def test_report_back_clause():
    text = "Các cơ quan, đơn vị báo cáo kết quả thực hiện về UBND tỉnh (qua Sở Nội vụ) trước ngày 30/6/2026."
    d = report_back(text, context_year=2026, not_before=ISSUED)
    assert d is not None and d.due == date(2026, 6, 29) and "report_back" in d.flags
    assert report_back("Rà soát hồ sơ trước ngày 30/6/2026.", context_year=2026) is None
    assert report_back("Báo cáo kết quả về UBND tỉnh.", context_year=2026) is None


@pytest.mark.parametrize(
    ("text", "reports"),
    [
        ("Rà soát hạ tầng, báo cáo kết quả về UBND tỉnh.", True),
        ("Tổng hợp kết quả, gửi kết quả về Sở Nội vụ.", True),
        ("Kiểm tra việc chấp hành quy định về an toàn.", False),
    ],
)
def test_reports_back(text, reports):
    assert reports_back(text) is reports


@pytest.mark.parametrize(
    "text",
    [
        "Sở Tài chính tổng hợp, tham mưu UBND tỉnh trước ngày 10/6/2026 để UBND tỉnh báo cáo Bộ Tài chính "
        "trước ngày 15/6/2026.",
        "Các sở báo cáo kết quả về Sở Nội vụ trước ngày 10/6/2026 để tổng hợp, báo cáo UBND tỉnh trước ngày "
        "20/6/2026.",
    ],
)
def test_a_limit_in_a_purpose_clause_is_another_bodys(text):
    f = ffold(text)
    d = choose_deadline(find_deadlines(text, context_year=2026, folded=f), f)
    assert d.due == date(2026, 6, 9)


def test_a_purpose_clause_limit_alone_still_counts():
    text = "Rà soát hồ sơ để báo cáo UBND tỉnh trước ngày 10/6/2026."
    f = ffold(text)
    assert choose_deadline(find_deadlines(text, context_year=2026, folded=f), f).due == date(2026, 6, 9)


@pytest.mark.parametrize(
    ("cell", "due"),
    [
        ("Tháng 5 - 6/2026", "2026-06-30"),
        ("Tháng 6, 7/2026", "2026-07-31"),
        ("Quý II - III/2026", "2026-09-30"),
        ("06/2026", "2026-06-30"),
        ("2026", "2026-12-31"),
        ("Năm 2026 - 2027", None),
        ("2026-2030", None),
        ("Từ tháng 5 đến tháng 9/2026", "2026-09-30"),
    ],
)
def test_deadline_cells(cell, due):
    d = parse_deadline(cell, context_year=2026, not_before=ISSUED)
    assert (d.due.isoformat() if d.due else None) == due


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Xây dựng kế hoạch và tổ chức thực hiện trong năm 2026.", "2026-12-31"),
        ("Xây dựng kế hoạch, hoàn thành trong năm 2026.", "2026-12-31"),
        ("Đề xuất kế hoạch thực hiện cổ phần hóa trong năm 2026.", None),
    ],
)
def test_a_plan_year_is_no_limit_unless_the_work_is_bound_to_it(text, due):
    f = ffold(text)
    d = choose_deadline(find_deadlines(text, context_year=2026, not_before=ISSUED, folded=f), f)
    assert (d.due.isoformat() if d and d.due else None) == due


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Sở Công Thương định kỳ trước ngày 25 hằng tháng báo cáo UBND tỉnh", "monthly"),
        ("trước 16 giờ 00 ngày thứ Sáu hằng tuần", "weekly"),
        ("chậm nhất ngày 20 hằng tháng", "monthly"),
    ],
)
def test_a_day_that_comes_back_is_a_recurring_limit(text, period):
    d = parse_deadline(text, context_year=2026)
    assert d.due is None and d.kind == "recurring" and d.recurrence == period and d.text


def test_the_year_before_is_not_a_limit():
    d = parse_deadline("chậm nhất ngày 15/12 năm liền kề trước", context_year=2026, not_before=ISSUED)
    assert d.due is None
