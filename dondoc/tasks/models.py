"""Tasks, their events, progress reports, products and extensions.

The event table is the spine: every change writes one `TaskEvent` (who, when, what,
before/after) in the same transaction. It is the audit trail, the outbox for
notifications and the source from which period statistics are recomputed.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from dondoc.lib.text import fold

from .choices import Acceptance, EventKind, ExtensionStatus, Recurrence, ReportKind, TaskState


class Field(models.Model):
    """A field of state management (lĩnh vực) a task belongs to: nội vụ, tài chính, y tế…
    Data, editable by administrators; the common ones are seeded (migration 0004). The
    overview and the official reports count tasks per field."""

    code = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("tên lĩnh vực", max_length=160)
    order = models.PositiveIntegerField("thứ tự", default=0)
    active = models.BooleanField("đang sử dụng", default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"

    def __str__(self) -> str:
        return self.name


class Task(models.Model):
    # Where it comes from.
    document = models.ForeignKey(
        "documents.Document",
        verbose_name="văn bản giao",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    source_start = models.PositiveIntegerField("vị trí đầu trong văn bản", null=True, blank=True)
    source_end = models.PositiveIntegerField("vị trí cuối trong văn bản", null=True, blank=True)
    section = models.JSONField("mục", default=list, blank=True)
    number = models.PositiveIntegerField("số thứ tự trong văn bản", null=True, blank=True)

    # What and who.
    content = models.TextField("nội dung nhiệm vụ")
    content_folded = models.TextField(editable=False, default="")
    assigned_by = models.ForeignKey(
        "org.Person",
        verbose_name="lãnh đạo giao",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_unit = models.ForeignKey(
        "org.Unit", verbose_name="đơn vị chủ trì", on_delete=models.PROTECT, related_name="led_tasks"
    )
    lead_text = models.CharField("chủ trì (như ghi trong văn bản)", max_length=255, blank=True)
    coordinating_units = models.ManyToManyField(
        "org.Unit", verbose_name="đơn vị phối hợp", blank=True, related_name="coordinated_tasks"
    )
    coordinators_text = models.JSONField("phối hợp (như ghi trong văn bản)", default=list, blank=True)
    products = models.JSONField("sản phẩm", default=list, blank=True)
    field = models.ForeignKey(
        Field,
        verbose_name="lĩnh vực",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="nhiệm vụ cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    assignee = models.ForeignKey(
        "org.Person",
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_tasks",
    )

    # When.
    assigned_on = models.DateField("ngày giao")
    deadline_text = models.CharField("thời hạn (như ghi)", max_length=255, blank=True)
    original_due_date = models.DateField("thời hạn ban đầu", null=True, blank=True)
    due_date = models.DateField("thời hạn", null=True, blank=True, help_text="Sau các lần gia hạn.")
    effective_due_date = models.DateField(
        "hạn thực tế",
        null=True,
        blank=True,
        db_index=True,
        help_text="Thời hạn dời sang ngày làm việc kế tiếp nếu trùng ngày nghỉ (BLDS 2015, Điều 148).",
    )
    urgent = models.BooleanField("khẩn", default=False)
    recurrence = models.CharField("định kỳ", max_length=12, choices=Recurrence.choices, blank=True)

    # Where it stands.
    state = models.CharField("trạng thái", max_length=12, choices=TaskState.choices, default=TaskState.NEW)
    progress = models.PositiveSmallIntegerField(
        "tiến độ (%)", default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    submitted_on = models.DateField("ngày báo cáo kết quả", null=True, blank=True)
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    acceptance = models.CharField("kết quả đánh giá", max_length=10, choices=Acceptance.choices, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người đánh giá",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    extension_count = models.PositiveSmallIntegerField("số lần gia hạn", default=0)
    # The local day a task was recalled or cancelled: before it the task still counts as
    # open, so a report for an earlier date is the same whenever it is run.
    closed_on = models.DateField("ngày thu hồi, hủy", null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("thời điểm tạo", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lần cuối", auto_now=True)

    # Soft delete: a deleted task keeps its rows and its history.
    deleted_at = models.DateTimeField("thời điểm xóa", null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người xóa",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deletion_reason = models.TextField("lý do xóa", blank=True)

    objects = models.Manager()

    class Meta:
        ordering = ["effective_due_date", "id"]
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        indexes = [
            models.Index(fields=["lead_unit", "state"], name="task_lead_state"),
            models.Index(fields=["state", "effective_due_date"], name="task_state_due"),
            models.Index(fields=["assignee", "state"], name="task_assignee_state"),
            # Speed at full scale (README): the official counts read this index alone
            # (PostgreSQL's index-only scan), the lists walk the next two in their order,
            # the Office's queues the last. Search has a trigram index (PostgreSQL).
            models.Index(
                fields=[
                    "effective_due_date",
                    "completed_on",
                    "assigned_on",
                    "state",
                    "closed_on",
                    "extension_count",
                    "recurrence",
                    "lead_unit",
                ],
                condition=models.Q(parent__isnull=True, deleted_at__isnull=True),
                include=["id", "original_due_date", "due_date"],
                name="task_top_status",
            ),
            models.Index(
                fields=["effective_due_date", "id"],
                condition=models.Q(parent__isnull=True, deleted_at__isnull=True),
                name="task_top_order",
            ),
            models.Index(
                fields=["effective_due_date", "id"],
                condition=models.Q(parent__isnull=True, deleted_at__isnull=True, completed_on__isnull=True),
                name="task_top_open_order",
            ),
            models.Index(fields=["assigned_by", "state"], name="task_assigned_by_state"),
            # Visibility's UNION reads the ids of a unit's and a person's tasks from these.
            models.Index(fields=["lead_unit", "id"], name="task_lead_id"),
            models.Index(fields=["assignee", "id"], name="task_assignee_id"),
            # Breakdown parts whose parent is out of scope, from the index alone.
            models.Index(
                fields=["parent", "id"], condition=models.Q(deleted_at__isnull=True), name="task_live_child"
            ),
            models.Index(fields=["id"], condition=models.Q(deleted_at__isnull=True), name="task_live_id"),
        ]

    def __str__(self) -> str:
        text = self.content if len(self.content) <= 80 else self.content[:77] + "…"
        return f"#{self.pk} {text}"

    def save(self, *args, **kwargs):
        self.content_folded = fold(self.content)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "content" in update_fields:
            kwargs["update_fields"] = {*update_fields, "content_folded"}
        super().save(*args, **kwargs)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def descendant_ids(self) -> list[int]:
        """The ids of the task's breakdown at every depth (children, their children…),
        soft-deleted ones left out: one query per level."""
        found: list[int] = []
        level = [self.pk]
        while level:
            level = list(
                Task.objects.filter(parent_id__in=level, deleted_at__isnull=True)
                .order_by()  # unordered: the parent's index, not a walk of the deadline order
                .values_list("pk", flat=True)
            )
            found += level
        return found

    def source_excerpt(self) -> str:
        """The paragraph of the source document the task came from, as stored."""
        if self.document_id is None or self.source_start is None or self.source_end is None:
            return ""
        return self.document.text[self.source_start : self.source_end]


class TaskEvent(models.Model):
    """One change to a task: the audit trail, the notification outbox and the statistics' source.

    `changes` maps a field name to [before, after]. `lead_unit_id` and `due_date` are
    snapshots at the time of the event so that period statistics can be recomputed
    from events alone even after the task has moved on.
    """

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("loại", max_length=24, choices=EventKind.choices)
    at = models.DateTimeField("thời điểm", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changes = models.JSONField("thay đổi", default=dict, blank=True)
    note = models.TextField("ghi chú", blank=True)
    lead_unit = models.ForeignKey("org.Unit", null=True, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=12, choices=TaskState.choices, blank=True)
    due_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "lịch sử nhiệm vụ"
        verbose_name_plural = "lịch sử nhiệm vụ"
        indexes = [models.Index(fields=["task", "at"], name="taskevent_task_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.at:%d/%m/%Y %H:%M}"


def product_upload_to(instance: Attachment, filename: str) -> str:
    return f"products/{instance.sha256[:2]}/{instance.sha256}"


class Report(models.Model):
    """A progress report, a coordinating unit's contribution, or the lead's result."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField("loại", max_length=14, choices=ReportKind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("org.Unit", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("thời điểm")
    percent = models.PositiveSmallIntegerField(
        "tiến độ (%)", null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    text = models.TextField("nội dung")

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "báo cáo"
        verbose_name_plural = "báo cáo"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.at:%d/%m/%Y}"


class Attachment(models.Model):
    """A product (sản phẩm) file attached to a report; evidence for evaluation."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=product_upload_to, max_length=255)
    original_name = models.CharField("tên tệp", max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=120)

    class Meta:
        verbose_name = "tệp sản phẩm"
        verbose_name_plural = "tệp sản phẩm"

    def __str__(self) -> str:
        return self.original_name


class Extension(models.Model):
    """A request to move a deadline (gia hạn) and the assigning leader's decision."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="extensions")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("thời điểm đề nghị")
    reason = models.TextField("lý do")
    current_due_date = models.DateField("thời hạn khi đề nghị")
    proposed_date = models.DateField("thời hạn đề nghị")
    status = models.CharField(
        "trạng thái", max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("thời điểm quyết định", null=True, blank=True)
    granted_date = models.DateField("thời hạn được gia hạn", null=True, blank=True)
    decision_note = models.TextField("ý kiến", blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            # One pending request per task, even when two heads press the button at once.
            models.UniqueConstraint(
                fields=["task"],
                condition=models.Q(status=ExtensionStatus.PENDING),
                name="extension_one_pending_per_task",
            )
        ]
        indexes = [
            # The status of a past day replays the tasks extended after it (status
            # `_replayed`): found from this index, not by reading every extension.
            models.Index(
                fields=["decided_at"],
                condition=models.Q(status=ExtensionStatus.GRANTED),
                name="extension_granted_decided",
            ),
        ]
        verbose_name = "gia hạn"
        verbose_name_plural = "gia hạn"

    def __str__(self) -> str:
        return f"Gia hạn đến {self.proposed_date:%d/%m/%Y} ({self.get_status_display()})"


def due_as_of(original: dt.date | None, extensions, as_of: dt.datetime) -> dt.date | None:
    """The nominal deadline in force at `as_of`: the last extension granted by then, else the original."""
    due = original
    for ext in sorted(extensions, key=lambda e: (e.decided_at or as_of, e.pk or 0)):
        if ext.status == ExtensionStatus.GRANTED and ext.decided_at and ext.decided_at <= as_of:
            due = ext.granted_date
    return due
