"""The working-day calendar: weekends, public holidays and make-up working days.

Bộ luật Dân sự 2015, Điều 148: a period that ends on a weekend or a public holiday ends
on the next working day. Holidays and swaps are rows of `CalendarDay`, loaded once per
process and reloaded whenever a row changes (see signals below).
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import CalendarDay, DayKind


@dataclass(frozen=True, slots=True)
class WorkingCalendar:
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` itself when it is a working day, else the first working day after it."""
        for _ in range(400):
            if self.is_working_day(day):
                return day
            day += dt.timedelta(days=1)
        return day

    def effective_deadline(self, due: dt.date | None) -> dt.date | None:
        """The day a deadline really ends (Bộ luật Dân sự 2015, Điều 148)."""
        return None if due is None else self.next_working_day(due)

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """The working day `count` working days after (count > 0) or before (< 0) `day`."""
        step = 1 if count >= 0 else -1
        remaining = abs(count)
        while remaining:
            day += dt.timedelta(days=step)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            count += self.is_working_day(day)
        return count


_lock = threading.Lock()
_cached: WorkingCalendar | None = None


def get_calendar() -> WorkingCalendar:
    global _cached
    calendar = _cached
    if calendar is None:
        with _lock:
            rows = list(CalendarDay.objects.values_list("date", "kind"))
            calendar = WorkingCalendar(
                holidays=frozenset(d for d, k in rows if k == DayKind.HOLIDAY),
                workdays=frozenset(d for d, k in rows if k == DayKind.WORKDAY),
            )
            _cached = calendar
    return calendar


def reset_calendar_cache() -> None:
    global _cached
    _cached = None


@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
def _calendar_changed(**kwargs) -> None:
    from .calendar_data import refresh_shifts

    reset_calendar_cache()
    refresh_shifts()
