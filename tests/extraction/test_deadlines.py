"""Deadline phrases -> dates (SCHEMA.md conventions; Bộ luật Dân sự 2015, Điều 146-148)."""

from __future__ import annotations

from datetime import date

import pytest

from dondoc.extraction.deadlines import choose_deadline, find_deadlines, find_recurrence, parse_deadline
from dondoc.extraction.textutil import ffold

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
    ("trước 17 giờ ngày 20/3/2026", "2026-03-19", "before_date"),
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
    ("trong 07 ngày kể từ ngày nhận được Thông báo này", None, "relative_days"),
    ("trong tuần đầu tháng 5/2026", "2026-05-07", "week"),
    ("trong tuần thứ hai của tháng 6", "2026-06-14", "week"),
    ("hoàn thành trong tuần này", None, "week"),
    ("thường xuyên", None, "none"),
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
    assert d.due is None and d.amount == 10 and d.unit == "working_day"
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
