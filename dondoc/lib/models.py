from __future__ import annotations

from django.db import models


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "Ngày nghỉ lễ, Tết"
    WORKDAY = "workday", "Ngày làm việc bù"


class CalendarDay(models.Model):
    """An exception to the Monday-Friday working week.

    A holiday (including a weekday given off in a swap) is not a working day; a make-up
    working day ("ngày làm bù", usually a Saturday) is. Every other Monday-Friday is a
    working day and every Saturday and Sunday is not. The rows are data: each year the
    Government publishes its holiday schedule and an administrator edits these rows.
    """

    date = models.DateField("ngày", unique=True)
    kind = models.CharField("loại", max_length=10, choices=DayKind.choices)
    name = models.CharField("tên", max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = "ngày đặc biệt trong lịch làm việc"
        verbose_name_plural = "lịch ngày nghỉ, ngày làm bù"

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} – {self.name}"


class DeadlineShift(models.Model):
    """A non-working day and the working day a deadline falling on it really ends
    (Bộ luật Dân sự 2015, Điều 148): the working-day calendar in a form SQL can join.

    Derived data, rebuilt from `CalendarDay` and the Monday-Friday week whenever a
    calendar row changes (`dondoc.lib.calendar_data.refresh_shifts`), for the years
    `SHIFT_FIRST_YEAR`-`SHIFT_LAST_YEAR`. The database computes a task's deadline on a
    past day with it (`dondoc.tasks.status.status_case`): a day without a row is a
    working day.
    """

    day = models.DateField("ngày nghỉ", primary_key=True)
    effective = models.DateField("ngày làm việc kế tiếp")

    class Meta:
        ordering = ["day"]
        verbose_name = "ngày dời thời hạn"
        verbose_name_plural = "ngày dời thời hạn"

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} → {self.effective:%d/%m/%Y}"
