"""Incoming documents: the stored file, its text and its metadata (Nghị định 30/2020/NĐ-CP)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models


class DocumentStatus(models.TextChoices):
    PENDING = "pending", "Chờ xử lý"
    PROCESSING = "processing", "Đang đọc và trích xuất"
    READY = "ready", "Chờ rà soát"
    FAILED = "failed", "Không đọc được"
    REGISTERED = "registered", "Đã đăng ký nhiệm vụ"


def document_upload_to(instance: Document, filename: str) -> str:
    # The stored name is the content hash: no user-chosen path reaches the disk.
    return f"documents/{instance.sha256[:2]}/{instance.sha256}"


class Document(models.Model):
    """A notice, letter, plan or directive that assigns tasks."""

    file = models.FileField("tệp", upload_to=document_upload_to, max_length=255)
    original_name = models.CharField("tên tệp", max_length=255)
    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField("dung lượng (byte)")
    content_type = models.CharField("loại nội dung", max_length=120)
    source_format = models.CharField("định dạng đọc", max_length=10, blank=True)

    status = models.CharField(
        "trạng thái",
        max_length=12,
        choices=DocumentStatus.choices,
        default=DocumentStatus.PENDING,
        db_index=True,
    )
    progress = models.PositiveSmallIntegerField("tiến độ xử lý (%)", default=0)
    processing_started_at = models.DateTimeField("bắt đầu đọc lúc", null=True, blank=True)
    error = models.TextField("lỗi", blank=True)
    text = models.TextField("nội dung văn bản", blank=True)
    extraction = models.JSONField("kết quả trích xuất", null=True, blank=True)
    proposed_count = models.PositiveIntegerField("số nhiệm vụ đề xuất", default=0)
    # The clerk's review in progress (rows, metadata, assigning leader), saved on every
    # submit so that nothing typed is lost on a validation error or a reload.
    review = models.JSONField("bản nháp rà soát", null=True, blank=True)

    # Metadata by Nghị định 30/2020/NĐ-CP.
    kind = models.CharField("loại văn bản", max_length=10, blank=True)
    number = models.CharField("số", max_length=20, blank=True)
    symbol = models.CharField("ký hiệu", max_length=60, blank=True)
    place = models.CharField("địa danh", max_length=120, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    issued_text = models.CharField(
        "ngày ban hành như ghi",
        max_length=120,
        blank=True,
        help_text="Có thể thiếu ngày hoặc tháng (bản dự thảo).",
    )
    issued_year = models.PositiveSmallIntegerField("năm ban hành", null=True, blank=True)
    subject = models.TextField("trích yếu", blank=True)
    issuing_body = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    issuing_unit = models.ForeignKey(
        "org.Unit",
        verbose_name="đơn vị ban hành",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signer_name = models.CharField("người ký", max_length=120, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=160, blank=True)
    signing_authority = models.CharField("thẩm quyền ký", max_length=160, blank=True)
    recipients = models.JSONField("nơi nhận", default=list, blank=True)
    meeting_on = models.DateField("ngày họp", null=True, blank=True)
    chaired_by = models.CharField("người chủ trì cuộc họp", max_length=255, blank=True)

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tải lên",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("thời điểm tải lên", auto_now_add=True)
    registered_at = models.DateTimeField("thời điểm đăng ký", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"

    def __str__(self) -> str:
        return self.reference or self.original_name

    def is_stuck(self, now=None) -> bool:
        """Still "processing" long after its worker should have finished: the worker died
        (killed, machine restarted). Such a document may be queued again."""
        from django.conf import settings
        from django.utils import timezone

        if self.status != DocumentStatus.PROCESSING or self.processing_started_at is None:
            return False
        limit = dt.timedelta(minutes=settings.DONDOC.get("PROCESSING_STUCK_MINUTES", 30))
        return (now or timezone.now()) - self.processing_started_at > limit

    @property
    def reference(self) -> str:
        """ "Số 443/TB-UBND" as cited; a draft without number shows "Số: .../TB-VP"."""
        if not self.symbol:
            return ""
        return f"{self.number or '...'}/{self.symbol}"
