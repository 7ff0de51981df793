"""Reminders, urgings and the in-app inbox (built on top of tasks; tasks never import this).

The outbox: what one person is to be told is a `Message` (one reminder digest of a day,
or one urging notice), planned once; each way of telling it (e-mail, inbox) is a
`Dispatch` row that a worker claims with a conditional UPDATE before sending, so a run
that crashes and runs again, or two workers running at once, send nothing twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class MessageKind(models.TextChoices):
    REMINDER = "reminder", "Nhắc việc"
    URGING = "urging", "Đôn đốc"


class Channel(models.TextChoices):
    EMAIL = "email", "Thư điện tử"
    INBOX = "inbox", "Hộp thông báo"


class DispatchStatus(models.TextChoices):
    PENDING = "pending", "Chờ gửi"
    SENDING = "sending", "Đang gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Gửi không thành công"


class ReminderRun(models.Model):
    """The reminder run of one local day: the scheduler's record that the day was planned."""

    day = models.DateField("ngày", unique=True)
    started_at = models.DateTimeField("bắt đầu")
    planned_at = models.DateTimeField("đã lập danh sách", null=True, blank=True)
    messages = models.PositiveIntegerField("số bản tin", default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = "lượt nhắc việc"
        verbose_name_plural = "lượt nhắc việc"

    def __str__(self) -> str:
        return f"Nhắc việc ngày {self.day:%d/%m/%Y}"


class Message(models.Model):
    """What one person is told once: a day's reminder digest or an urging notice.

    `key` names the occasion ("reminder:2026-05-05", "urging:12"); (person, key) is unique,
    so planning the same day twice, or by two workers at once, plans one message.
    The content is frozen when planned: a re-sent message is the same message.
    """

    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="messages")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField("địa chỉ thư", blank=True)
    kind = models.CharField("loại", max_length=10, choices=MessageKind.choices)
    key = models.CharField(max_length=40)
    day = models.DateField("ngày")
    subject = models.CharField("tiêu đề", max_length=255)
    body_text = models.TextField("nội dung")
    body_html = models.TextField("nội dung HTML", blank=True)
    url = models.CharField("liên kết", max_length=500, blank=True)
    task_ids = models.JSONField("nhiệm vụ", default=list, blank=True)
    # Set once, by a conditional UPDATE, when the first channel is delivered: the
    # REMINDED events are then written exactly once whatever the number of channels.
    events_recorded = models.BooleanField(default=False)
    created_at = models.DateTimeField("thời điểm lập")

    class Meta:
        ordering = ["-day", "person_id"]
        verbose_name = "bản tin"
        verbose_name_plural = "bản tin"
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="notif_message_person_key")]

    def __str__(self) -> str:
        return self.subject


class Dispatch(models.Model):
    """One message through one channel: the row a sender claims before sending."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="dispatches")
    channel = models.CharField("kênh", max_length=8, choices=Channel.choices)
    status = models.CharField(
        "trạng thái", max_length=8, choices=DispatchStatus.choices, default=DispatchStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("số lần thử", default=0)
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField("thời điểm gửi", null=True, blank=True)
    last_error = models.TextField("lỗi gần nhất", blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "lượt gửi"
        verbose_name_plural = "lượt gửi"
        constraints = [
            models.UniqueConstraint(fields=["message", "channel"], name="notif_dispatch_message_channel")
        ]
        indexes = [models.Index(fields=["status", "claimed_at"], name="notif_dispatch_status")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.message} ({self.get_status_display()})"


class Notification(models.Model):
    """An entry of a user's in-app inbox."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("loại", max_length=10, choices=MessageKind.choices)
    title = models.CharField("tiêu đề", max_length=255)
    body = models.TextField("nội dung", blank=True)
    url = models.CharField("liên kết", max_length=500, blank=True)
    created_at = models.DateTimeField("thời điểm", db_index=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        indexes = [models.Index(fields=["recipient", "read_at"], name="notif_recipient_read")]

    def __str__(self) -> str:
        return self.title


class Urging(models.Model):
    """A formal urging (đôn đốc) by the Office to a unit about one task or all its overdue tasks.

    Numbered within the year ("Đôn đốc số 12/2026"); (year, number) is unique, so two
    people urging at the same moment cannot take the same number.
    """

    year = models.PositiveSmallIntegerField("năm")
    number = models.PositiveIntegerField("số")
    unit = models.ForeignKey(
        "org.Unit", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="urgings"
    )
    tasks = models.ManyToManyField("tasks.Task", verbose_name="nhiệm vụ", related_name="urgings")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người đôn đốc", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("thời điểm", db_index=True)
    text = models.TextField("nội dung")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "đôn đốc"
        verbose_name_plural = "đôn đốc"
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="notif_urging_year_number")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"Đôn đốc số {self.number}/{self.year}"
