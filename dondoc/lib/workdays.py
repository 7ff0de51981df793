"""The working-day arithmetic, pure Python: weekends, public holidays, make-up days.

Kept apart from `calendar.py` (which loads the days from the database) so that the
extractor, which imports nothing from Django, counts "trong 10 ngày làm việc" with the
same rules: `bundled()` builds the calendar from the data file the migration loads.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

__all__ = ["WorkingCalendar", "bundled"]


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


@functools.cache
def bundled() -> WorkingCalendar:
    """The calendar of the bundled data file (holidays and make-up days as shipped);
    the web application passes the edited one from the database instead."""
    from .calendar_data import bundled_days

    rows = bundled_days()
    return WorkingCalendar(
        holidays=frozenset(d for d, kind, _ in rows if kind == "holiday"),
        workdays=frozenset(d for d, kind, _ in rows if kind == "workday"),
    )
