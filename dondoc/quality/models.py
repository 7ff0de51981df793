"""Quality in use: what each review changed against the extractor's proposal, and the
unit names clerks taught the extractor (tên gọi khác, `dondoc.org.models.UnitAlias`,
stored and checked by `dondoc.quality.aliases`).

A `ReviewRecord` is written when a document's tasks are registered, in the same
transaction (`dondoc.quality.record`): one `TaskOutcome` per proposed task (kept as
proposed, edited, merged into another, dropped) and per task the clerk added, and one
`Correction` per field that review changed (a task's or the document's), with the value
proposed and the value registered, as shown to people.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Outcome(models.TextChoices):
    KEPT = "kept", "Giữ nguyên"
    EDITED = "edited", "Có sửa"
    MERGED = "merged", "Gộp vào nhiệm vụ khác"
    DROPPED = "dropped", "Bỏ"
    ADDED = "added", "Văn thư thêm"


# The fields a review may change, with their Vietnamese labels (the order shown).
TASK_FIELDS = {
    "text": "Nội dung",
    "lead_unit": "Đơn vị chủ trì",
    "coordinating_units": "Đơn vị phối hợp",
    "products": "Sản phẩm",
    "deadline": "Thời hạn",
    "recurrence": "Thường xuyên, định kỳ",
    "urgent": "Khẩn",
    "assigned_by": "Lãnh đạo giao",
}
DOCUMENT_FIELDS = {
    "kind": "Loại văn bản",
    "number": "Số",
    "symbol": "Ký hiệu",
    "issued_on": "Ngày ban hành",
    "subject": "Trích yếu",
    "signer_name": "Người ký",
    "signer_title": "Chức vụ người ký",
    "signing_authority": "Thẩm quyền ký",
}


class ReviewRecord(models.Model):
    """What the review of one document changed, written when its tasks were registered."""

    document = models.OneToOneField(
        "documents.Document", verbose_name="văn bản", on_delete=models.CASCADE, related_name="review_record"
    )
    registered_at = models.DateTimeField("thời điểm đăng ký", db_index=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người đăng ký",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    extractor_version = models.CharField("phiên bản bộ trích xuất", max_length=60, blank=True)
    proposed = models.PositiveIntegerField("số nhiệm vụ đề xuất", default=0)
    kept = models.PositiveIntegerField("giữ nguyên", default=0)
    edited = models.PositiveIntegerField("có sửa", default=0)
    merged = models.PositiveIntegerField("gộp", default=0)
    dropped = models.PositiveIntegerField("bỏ", default=0)
    added = models.PositiveIntegerField("thêm", default=0)
    document_fields_edited = models.JSONField("thông tin văn bản đã sửa", default=list, blank=True)

    class Meta:
        ordering = ["-registered_at", "-id"]
        verbose_name = "kết quả rà soát"
        verbose_name_plural = "kết quả rà soát"

    def __str__(self) -> str:
        return f"Rà soát {self.document}"

    @property
    def matched(self) -> int:
        """Proposed tasks that became registered tasks (kept or edited)."""
        return self.kept + self.edited

    @property
    def registered(self) -> int:
        return self.kept + self.edited + self.added

    @property
    def precision(self) -> float | None:
        """Proposals that were real tasks (kept, edited or merged) / proposals."""
        return (self.kept + self.edited + self.merged) / self.proposed if self.proposed else None

    @property
    def recall(self) -> float | None:
        """Registered tasks the extractor had proposed / registered tasks."""
        return self.matched / self.registered if self.registered else None


class TaskOutcome(models.Model):
    """One proposed task and what review did with it, or one task the clerk added."""

    record = models.ForeignKey(ReviewRecord, on_delete=models.CASCADE, related_name="outcomes")
    index = models.PositiveIntegerField("thứ tự đề xuất", null=True, blank=True)
    outcome = models.CharField("kết quả", max_length=10, choices=Outcome.choices, db_index=True)
    fields = models.JSONField("trường đã sửa", default=list, blank=True)
    text = models.TextField("nội dung", blank=True)
    task = models.ForeignKey(
        "tasks.Task",
        verbose_name="nhiệm vụ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["record", "index", "id"]
        verbose_name = "nhiệm vụ rà soát"
        verbose_name_plural = "nhiệm vụ rà soát"

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.text[:60]}"


class Correction(models.Model):
    """One field a review changed: of a task (`outcome` set) or of the document."""

    record = models.ForeignKey(ReviewRecord, on_delete=models.CASCADE, related_name="corrections")
    outcome = models.ForeignKey(
        TaskOutcome, null=True, blank=True, on_delete=models.CASCADE, related_name="corrections"
    )
    field = models.CharField("trường", max_length=30, db_index=True)
    before = models.TextField("đề xuất")
    after = models.TextField("sau rà soát")

    class Meta:
        ordering = ["record", "id"]
        verbose_name = "chỉnh sửa"
        verbose_name_plural = "chỉnh sửa"

    def __str__(self) -> str:
        return f"{self.field}: {self.before[:40]} → {self.after[:40]}"
