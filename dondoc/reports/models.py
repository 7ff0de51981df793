"""Closed reporting periods and the reports frozen when they were closed
(`dondoc.reports.official`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ReportClosure(models.Model):
    """Khóa kỳ báo cáo: the Office closed a reporting period; its reports are frozen
    (`ReportSnapshot`). Never deleted or edited: the audit record of who closed it, when."""

    period = models.CharField(
        "kỳ báo cáo", max_length=10, unique=True, help_text="2026, 2026-H1, 2026-Q2, 2026-05"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người khóa", on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField("thời điểm khóa")
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        ordering = ["-closed_at", "-id"]
        verbose_name = "kỳ báo cáo đã khóa"
        verbose_name_plural = "kỳ báo cáo đã khóa"

    def __str__(self) -> str:
        return f"Kỳ {self.period}, khóa lúc {self.closed_at:%d/%m/%Y %H:%M}"


class ReportSnapshot(models.Model):
    """The data of one scope's report (None: the whole province) as it was when its
    period was closed: what every format of that report renders afterwards."""

    closure = models.ForeignKey(ReportClosure, on_delete=models.PROTECT, related_name="snapshots")
    unit = models.ForeignKey(
        "org.Unit", verbose_name="đơn vị", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField("số liệu")

    class Meta:
        verbose_name = "số liệu báo cáo đã chốt"
        verbose_name_plural = "số liệu báo cáo đã chốt"
        constraints = [
            models.UniqueConstraint(fields=["closure", "unit"], name="report_snapshot_scope"),
            models.UniqueConstraint(
                fields=["closure"], condition=Q(unit__isnull=True), name="report_snapshot_province"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.closure.period} – {self.unit or 'toàn tỉnh'}"
