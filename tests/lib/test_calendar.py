import datetime as dt

from dondoc.lib.calendar import WorkingCalendar, get_calendar
from dondoc.lib.models import CalendarDay, DayKind

D = dt.date


def test_it_loads_vietnams_calendar_with_the_migrations(db):
    calendar = get_calendar()
    assert not calendar.is_working_day(D(2026, 2, 17))  # Tết Bính Ngọ
    assert not calendar.is_working_day(D(2026, 9, 2))  # Quốc khánh
    assert calendar.is_working_day(D(2026, 1, 10))  # Saturday made a working day
    assert calendar.is_working_day(D(2026, 5, 4))


def test_it_moves_a_deadline_on_a_weekend_or_holiday_to_the_next_working_day():
    calendar = WorkingCalendar(holidays=frozenset({D(2026, 4, 30), D(2026, 5, 1)}), workdays=frozenset())
    assert calendar.effective_deadline(D(2026, 4, 30)) == D(2026, 5, 4)  # Thu holiday, Fri holiday, weekend
    assert calendar.effective_deadline(D(2026, 5, 9)) == D(2026, 5, 11)  # Saturday -> Monday
    assert calendar.effective_deadline(D(2026, 5, 6)) == D(2026, 5, 6)
    assert calendar.effective_deadline(None) is None


def test_it_counts_working_days_across_holidays_and_make_up_days():
    calendar = WorkingCalendar(
        holidays=frozenset({D(2026, 1, 1), D(2026, 1, 2)}), workdays=frozenset({D(2026, 1, 10)})
    )
    assert calendar.add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 5)
    assert calendar.add_working_days(D(2026, 1, 9), 1) == D(2026, 1, 10)
    assert calendar.add_working_days(D(2026, 1, 12), -1) == D(2026, 1, 10)
    assert calendar.working_days_between(D(2026, 1, 5), D(2026, 1, 12)) == 6
    assert calendar.working_days_between(D(2026, 1, 12), D(2026, 1, 5)) == -6


def test_it_reloads_the_calendar_when_an_administrator_edits_a_day(db):
    assert get_calendar().is_working_day(D(2026, 6, 15))
    CalendarDay.objects.create(date=D(2026, 6, 15), kind=DayKind.HOLIDAY, name="Nghỉ đột xuất")
    assert not get_calendar().is_working_day(D(2026, 6, 15))
