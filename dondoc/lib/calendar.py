"""The working-day calendar: weekends, public holidays and make-up working days.

Bộ luật Dân sự 2015, Điều 148: a period that ends on a weekend or a public holiday ends
on the next working day. Holidays and swaps are rows of `CalendarDay`, loaded once per
process and reloaded whenever a row changes (see signals below).
"""

from __future__ import annotations

import threading

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import CalendarDay, DayKind
from .workdays import WorkingCalendar

__all__ = ["WorkingCalendar", "get_calendar", "reset_calendar_cache"]


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
