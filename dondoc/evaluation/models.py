"""Evaluation of civil servants and agencies by their results (Nghị định 335/2025/NĐ-CP).

- `CriteriaSet` (bộ tiêu chí) with its `Criterion` rows: versioned data, one line of
  versions per group, each effective from a date; an evaluation keeps the version it was
  made with.
- `ProductKind`, `ProductAlias`, `ProductCoefficient`: the product catalogue that converts
  a task's products (free text on the task) to a common unit, per job position.
- `ObjectiveCause`: an authority's record that a product's defect or delay had an
  objective cause, which lifts its deductions.
- `Period`, `AgencySettings`: months, quarters and years; each agency's period and cap.
- `Evaluation` (one row per person and period, the working copy through the flow),
  `EvaluationSnapshot` (what was approved, frozen, one per version) and
  `EvaluationEvent` (the audit trail). `UnitEvaluation`: a unit's score from its tasks.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .choices import (
    Averaging,
    CriteriaSetStatus,
    EvaluationEventKind,
    EvaluationGroup,
    EvaluationState,
    PeriodKind,
    Rating,
    Regime,
    Rounding,
)
from .formula import points

POINTS = {"max_digits": 6, "decimal_places": 2}
PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


# ---------------------------------------------------------------------------
# The product catalogue


class ProductKind(models.Model):
    """A kind of product (sản phẩm) a task asks for: the type codes of Nghị định
    30/2020/NĐ-CP (KH Kế hoạch, BC Báo cáo, TTr Tờ trình, …) and a few more. Its default
    coefficient converts it to the common unit unless the job position's catalogue says
    otherwise. Exactly one kind is the fallback for products no alias matches (and for
    tasks that name no product)."""

    code = models.CharField("mã", max_length=20, unique=True)
    name = models.CharField("tên loại sản phẩm", max_length=120)
    default_coefficient = models.DecimalField(
        "hệ số quy đổi mặc định",
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    keywords = models.JSONField(
        "từ khóa nhận dạng",
        default=list,
        blank=True,
        help_text="Cách viết sản phẩm trên nhiệm vụ bắt đầu bằng một trong các từ này thì thuộc loại này.",
    )
    is_fallback = models.BooleanField("loại mặc định (sản phẩm khác)", default=False)
    order = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "loại sản phẩm"
        verbose_name_plural = "danh mục loại sản phẩm"
        constraints = [
            models.UniqueConstraint(
                fields=["is_fallback"], condition=models.Q(is_fallback=True), name="productkind_one_fallback"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class ProductAlias(models.Model):
    """A product as written on tasks ("báo cáo", "Kế hoạch", "dự thảo Quyết định") and the
    kind it counts as. Rows are added automatically by the keywords of the kinds the first
    time a text is seen; Sở Nội vụ corrects them in the admin (`automatic` then off)."""

    name = models.CharField("sản phẩm như ghi trên nhiệm vụ", max_length=255, unique=True)
    kind = models.ForeignKey(
        ProductKind, verbose_name="loại sản phẩm", on_delete=models.PROTECT, related_name="aliases"
    )
    automatic = models.BooleanField("nhận dạng tự động", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "cách ghi sản phẩm"
        verbose_name_plural = "cách ghi sản phẩm"

    def __str__(self) -> str:
        return f"{self.name} → {self.kind.name}"


class ProductCoefficient(models.Model):
    """The coefficient of a kind of product for a job position (hệ số quy đổi theo vị trí
    việc làm)."""

    job_position = models.ForeignKey(
        "org.JobPosition",
        verbose_name="vị trí việc làm",
        on_delete=models.CASCADE,
        related_name="coefficients",
    )
    kind = models.ForeignKey(
        ProductKind, verbose_name="loại sản phẩm", on_delete=models.CASCADE, related_name="+"
    )
    coefficient = models.DecimalField(
        "hệ số quy đổi", max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )

    class Meta:
        verbose_name = "hệ số quy đổi theo vị trí việc làm"
        verbose_name_plural = "hệ số quy đổi theo vị trí việc làm"
        constraints = [
            models.UniqueConstraint(fields=["job_position", "kind"], name="productcoefficient_unique")
        ]

    def __str__(self) -> str:
        return f"{self.job_position} – {self.kind.name}: {self.coefficient}"


# ---------------------------------------------------------------------------
# Criteria sets


class CriteriaSet(models.Model):
    """A versioned set of evaluation rules for one group. A published version never
    changes (the editing screen copies it into a new draft); the version in force for a
    period is the latest published one effective on the period's first day."""

    group = models.CharField("áp dụng cho", max_length=20, choices=EvaluationGroup.choices)
    version = models.PositiveIntegerField("phiên bản")
    name = models.CharField("tên bộ tiêu chí", max_length=255)
    status = models.CharField(
        "tình trạng", max_length=10, choices=CriteriaSetStatus.choices, default=CriteriaSetStatus.DRAFT
    )
    effective_from = models.DateField("áp dụng từ ngày")
    regime = models.CharField("cách đánh giá", max_length=10, choices=Regime.choices, default=Regime.POINTS)
    legal_basis = models.CharField("căn cứ", max_length=255, blank=True)

    general_max = models.DecimalField("điểm tối đa tiêu chí chung", default=Decimal(30), **POINTS)
    results_max = models.DecimalField("điểm tối đa kết quả thực hiện nhiệm vụ", default=Decimal(70), **POINTS)
    averaging = models.CharField(
        "cách kết hợp ba thành phần",
        max_length=20,
        choices=Averaging.choices,
        default=Averaging.WEIGHTED_MEAN,
    )
    weight_quantity = models.DecimalField("trọng số số lượng", default=Decimal(1), **POINTS)
    weight_quality = models.DecimalField("trọng số chất lượng", default=Decimal(1), **POINTS)
    weight_timeliness = models.DecimalField("trọng số tiến độ", default=Decimal(1), **POINTS)
    quality_deduction_percent = models.DecimalField(
        "trừ điểm chất lượng mỗi lần sản phẩm bị trả lại (%)",
        default=Decimal(25),
        validators=PERCENT,
        **POINTS,
    )
    timeliness_deduction_percent = models.DecimalField(
        "trừ điểm tiến độ mỗi lần chậm (%)", default=Decimal(25), validators=PERCENT, **POINTS
    )
    delay_unit_days = models.PositiveIntegerField(
        "số ngày tính một lần chậm",
        default=0,
        help_text="0: mỗi sản phẩm hoàn thành quá hạn tính một lần chậm; N: mỗi N ngày quá hạn (chưa đủ N tính tròn) là một lần chậm.",
    )
    unit_results_percent = models.DecimalField(
        "tỷ trọng kết quả của đơn vị được giao phụ trách (%)",
        default=Decimal(50),
        validators=PERCENT,
        help_text="Chỉ áp dụng cho người đứng đầu đơn vị: phần kết quả thực hiện nhiệm vụ lấy từ kết quả của đơn vị.",
        **POINTS,
    )
    score_decimals = models.PositiveSmallIntegerField(
        "số chữ số thập phân", default=2, validators=[MaxValueValidator(4)]
    )
    rounding = models.CharField(
        "cách làm tròn", max_length=10, choices=Rounding.choices, default=Rounding.HALF_UP
    )
    excellent_min = models.DecimalField("điểm tối thiểu hoàn thành xuất sắc", default=Decimal(90), **POINTS)
    good_min = models.DecimalField("điểm tối thiểu hoàn thành tốt", default=Decimal(70), **POINTS)
    pass_min = models.DecimalField("điểm tối thiểu hoàn thành", default=Decimal(50), **POINTS)
    excellent_requires_on_time = models.BooleanField(
        "hoàn thành xuất sắc phải hoàn thành đúng hạn mọi sản phẩm", default=True
    )
    discipline_fails = models.BooleanField("bị kỷ luật trong kỳ: không hoàn thành nhiệm vụ", default=True)
    min_worked_percent = models.DecimalField(
        "thời gian công tác tối thiểu để được xếp loại (% ngày làm việc của kỳ)",
        default=Decimal(50),
        validators=PERCENT,
        **POINTS,
    )
    note = models.TextField("ghi chú", blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người lập",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("thời điểm lập", auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ban hành",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField("thời điểm ban hành", null=True, blank=True)

    class Meta:
        ordering = ["group", "-version"]
        verbose_name = "bộ tiêu chí đánh giá"
        verbose_name_plural = "bộ tiêu chí đánh giá"
        constraints = [models.UniqueConstraint(fields=["group", "version"], name="criteriaset_group_version")]

    def __str__(self) -> str:
        return f"{self.name} – phiên bản {self.version} (từ {self.effective_from:%d/%m/%Y})"

    @property
    def label(self) -> str:
        return f"{self.get_group_display()} – phiên bản {self.version}, áp dụng từ {self.effective_from:%d/%m/%Y}"

    @property
    def is_published(self) -> bool:
        return self.status == CriteriaSetStatus.PUBLISHED

    @property
    def has_general(self) -> bool:
        return self.regime == Regime.POINTS and self.general_max > 0

    def problems(self, criteria_max: list[Decimal] | None = None) -> list[str]:
        """What makes the set inconsistent, in Vietnamese; empty when it may be published."""
        errors = []
        if self.regime == Regime.POINTS:
            if self.general_max + self.results_max != 100:
                errors.append("Tổng điểm tiêu chí chung và kết quả thực hiện nhiệm vụ phải bằng 100.")
            if not (100 >= self.excellent_min > self.good_min > self.pass_min >= 0):
                errors.append("Ngưỡng điểm phải giảm dần: xuất sắc > tốt > hoàn thành ≥ 0, và không quá 100.")
        if self.group == EvaluationGroup.AGENCY and self.general_max != 0:
            errors.append(
                "Bộ tiêu chí của cơ quan, đơn vị chỉ chấm theo kết quả thực hiện nhiệm vụ (tiêu chí chung = 0)."
            )
        if min(self.weight_quantity, self.weight_quality, self.weight_timeliness) < 0 or (
            self.weight_quantity + self.weight_quality + self.weight_timeliness <= 0
        ):
            errors.append("Trọng số không được âm và phải có tổng lớn hơn 0.")
        if criteria_max is not None and self.regime == Regime.POINTS:
            if sum(criteria_max, Decimal(0)) != self.general_max:
                errors.append(
                    f"Tổng điểm tối đa các tiêu chí chung ({points(sum(criteria_max, Decimal(0)))}) phải bằng "
                    f"{points(self.general_max)} điểm."
                )
        return errors


class Criterion(models.Model):
    """A general criterion (tiêu chí chung) scored by people, with its maximum."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    code = models.SlugField("mã", max_length=40)
    name = models.CharField("tiêu chí", max_length=255)
    description = models.TextField("nội dung", blank=True)
    max_points = models.DecimalField("điểm tối đa", **POINTS)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "tiêu chí chung"
        verbose_name_plural = "tiêu chí chung"
        constraints = [models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_code_in_set")]

    def __str__(self) -> str:
        return f"{self.name} ({points(self.max_points)} điểm)"


# ---------------------------------------------------------------------------
# Periods and agencies


PERIOD_KEY = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|Q(?P<quarter>[1-4])))?$")


class Period(models.Model):
    """A month, a quarter or a year; created on first use."""

    kind = models.CharField("loại kỳ", max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField("năm")
    number = models.PositiveSmallIntegerField("số", help_text="Tháng 1-12, quý 1-4; 1 cho năm.")
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày")

    class Meta:
        ordering = ["-start", "kind"]
        verbose_name = "kỳ đánh giá"
        verbose_name_plural = "kỳ đánh giá"
        constraints = [models.UniqueConstraint(fields=["kind", "year", "number"], name="period_unique")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return f"Tháng {self.number:02d}/{self.year}"
        if self.kind == PeriodKind.QUARTER:
            return f"Quý {'I II III IV'.split()[self.number - 1]} năm {self.year}"
        return f"Năm {self.year}"

    @property
    def key(self) -> str:
        return period_key(self.kind, self.year, self.number)

    @classmethod
    def bounds(cls, kind: str, year: int, number: int) -> tuple[dt.date, dt.date]:
        if kind == PeriodKind.MONTH:
            return dt.date(year, number, 1), dt.date(year, number, pycalendar.monthrange(year, number)[1])
        if kind == PeriodKind.QUARTER:
            first = 3 * (number - 1) + 1
            return dt.date(year, first, 1), dt.date(
                year, first + 2, pycalendar.monthrange(year, first + 2)[1]
            )
        return dt.date(year, 1, 1), dt.date(year, 12, 31)

    @classmethod
    def get(cls, kind: str, year: int, number: int = 1) -> Period:
        start, end = cls.bounds(kind, year, number)
        period, _ = cls.objects.get_or_create(
            kind=kind, year=year, number=number, defaults={"start": start, "end": end}
        )
        return period

    @classmethod
    def from_key(cls, key: str) -> Period | None:
        """ "2026-04" (a month), "2026-Q2" (a quarter), "2026" (a year); None if malformed."""
        match = PERIOD_KEY.match(key or "")
        if not match:
            return None
        year = int(match["year"])
        if not 2000 <= year <= 2100:
            return None
        if match["month"]:
            month = int(match["month"])
            return cls.get(PeriodKind.MONTH, year, month) if 1 <= month <= 12 else None
        if match["quarter"]:
            return cls.get(PeriodKind.QUARTER, year, int(match["quarter"]))
        return cls.get(PeriodKind.YEAR, year, 1)

    @classmethod
    def containing(cls, kind: str, day: dt.date, *, saved: bool = True) -> Period:
        """The period of `kind` containing `day` (an unsaved instance if not `saved`:
        enough for a picker's key and label, without a query)."""
        if kind == PeriodKind.MONTH:
            number = day.month
        elif kind == PeriodKind.QUARTER:
            number = (day.month - 1) // 3 + 1
        else:
            number = 1
        if saved:
            return cls.get(kind, day.year, number)
        start, end = cls.bounds(kind, day.year, number)
        return cls(kind=kind, year=day.year, number=number, start=start, end=end)


def period_key(kind: str, year: int, number: int) -> str:
    if kind == PeriodKind.MONTH:
        return f"{year}-{number:02d}"
    if kind == PeriodKind.QUARTER:
        return f"{year}-Q{number}"
    return f"{year}"


class AgencySettings(models.Model):
    """An agency's choices: monthly or quarterly evaluation, and the cap on the share
    rated xuất sắc. Absent: the defaults of settings.DONDOC (EVAL_PERIOD, EVAL_EXCELLENT_CAP_PERCENT)."""

    unit = models.OneToOneField(
        "org.Unit", verbose_name="cơ quan", on_delete=models.CASCADE, related_name="evaluation_settings"
    )
    period_kind = models.CharField(
        "kỳ đánh giá",
        max_length=10,
        choices=[(PeriodKind.MONTH, "Hằng tháng"), (PeriodKind.QUARTER, "Hằng quý")],
        default=PeriodKind.MONTH,
    )
    excellent_cap_percent = models.DecimalField(
        "tỷ lệ tối đa hoàn thành xuất sắc (%)", default=Decimal(20), validators=PERCENT, **POINTS
    )

    class Meta:
        verbose_name = "thiết lập đánh giá của cơ quan"
        verbose_name_plural = "thiết lập đánh giá của cơ quan"

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_period_kind_display().lower()}, xuất sắc tối đa {points(self.excellent_cap_percent)}%"


# ---------------------------------------------------------------------------
# Objective causes


class ObjectiveCause(models.Model):
    """An authority's record (the leader who judges the task's result) that a product was
    late or found deficient for an objective cause: its deductions are lifted. Never
    deleted: a cause recorded by mistake is revoked, with who and why."""

    task = models.ForeignKey(
        "tasks.Task", verbose_name="nhiệm vụ", on_delete=models.PROTECT, related_name="+"
    )
    product = models.CharField(
        "sản phẩm", max_length=255, blank=True, help_text="Để trống: áp dụng cho mọi sản phẩm của nhiệm vụ."
    )
    covers_quality = models.BooleanField("miễn trừ điểm chất lượng", default=False)
    covers_timeliness = models.BooleanField("miễn trừ điểm tiến độ", default=True)
    reason = models.TextField("nguyên nhân khách quan")
    reference = models.CharField("văn bản xác nhận", max_length=120, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người xác nhận", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("thời điểm xác nhận")
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người hủy",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField("thời điểm hủy", null=True, blank=True)
    revoke_reason = models.TextField("lý do hủy", blank=True)

    class Meta:
        ordering = ["-recorded_at", "id"]
        verbose_name = "nguyên nhân khách quan"
        verbose_name_plural = "nguyên nhân khách quan"
        indexes = [models.Index(fields=["task"], name="objcause_task")]

    def __str__(self) -> str:
        return f"#{self.task_id} {self.product or 'mọi sản phẩm'}: {self.reason[:60]}"

    @property
    def covers_label(self) -> str:
        parts = [
            label
            for on, label in ((self.covers_quality, "chất lượng"), (self.covers_timeliness, "tiến độ"))
            if on
        ]
        return ", ".join(parts)


# ---------------------------------------------------------------------------
# Evaluations


class Evaluation(models.Model):
    """One person's evaluation for one period: the computed task-results part and each
    step of the flow (tự đánh giá → trưởng phòng → lãnh đạo phê duyệt). Approved, it is
    locked; an amendment raises `version` and is approved again (each approved version
    is an `EvaluationSnapshot`)."""

    person = models.ForeignKey(
        "org.Person", verbose_name="cán bộ", on_delete=models.PROTECT, related_name="evaluations"
    )
    period = models.ForeignKey(
        Period, verbose_name="kỳ đánh giá", on_delete=models.PROTECT, related_name="evaluations"
    )
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name="bộ tiêu chí", on_delete=models.PROTECT, related_name="evaluations"
    )
    version = models.PositiveIntegerField("phiên bản", default=1)
    state = models.CharField(
        "tình trạng", max_length=16, choices=EvaluationState.choices, default=EvaluationState.COMPUTED
    )

    # Computed from tasks (refreshed while not approved).
    facts = models.JSONField("số liệu nhiệm vụ của cá nhân", default=dict, blank=True)
    unit_facts = models.JSONField("số liệu nhiệm vụ của đơn vị phụ trách", default=dict, blank=True)
    led_unit = models.ForeignKey(
        "org.Unit",
        verbose_name="đơn vị phụ trách",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    results_computed = models.DecimalField(
        "điểm kết quả thực hiện nhiệm vụ (tính từ nhiệm vụ)", null=True, blank=True, **POINTS
    )
    worked_percent = models.DecimalField("thời gian công tác trong kỳ (%)", default=Decimal(100), **POINTS)
    disciplined = models.BooleanField("bị kỷ luật trong kỳ", default=False)
    computed_at = models.DateTimeField("thời điểm tính", null=True, blank=True)
    stale = models.BooleanField("cần tính lại", default=False, db_index=True)
    marked_at = models.DateTimeField("thời điểm dữ liệu thay đổi", null=True, blank=True)

    # Self-assessment.
    self_scores = models.JSONField("điểm tự chấm", default=dict, blank=True)
    self_general = models.DecimalField("tiêu chí chung tự chấm", null=True, blank=True, **POINTS)
    self_level = models.CharField("mức tự xếp loại", max_length=12, choices=Rating.choices, blank=True)
    self_comment = models.TextField("ý kiến về phần tính từ nhiệm vụ", blank=True)
    self_at = models.DateTimeField("thời điểm tự đánh giá", null=True, blank=True)

    # The head of division's review.
    head_scores = models.JSONField("điểm trưởng phòng chấm", default=dict, blank=True)
    head_general = models.DecimalField("tiêu chí chung trưởng phòng chấm", null=True, blank=True, **POINTS)
    head_results = models.DecimalField(
        "điểm kết quả do trưởng phòng điều chỉnh", null=True, blank=True, **POINTS
    )
    head_level = models.CharField(
        "mức trưởng phòng đề xuất", max_length=12, choices=Rating.choices, blank=True
    )
    head_comment = models.TextField("nhận xét của trưởng phòng", blank=True)
    head_reason = models.TextField("lý do thay đổi của trưởng phòng", blank=True)
    head_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    head_at = models.DateTimeField("thời điểm trưởng phòng đánh giá", null=True, blank=True)

    # The unit leader's approval.
    final_scores = models.JSONField("điểm lãnh đạo phê duyệt", default=dict, blank=True)
    final_general = models.DecimalField("tiêu chí chung lãnh đạo phê duyệt", null=True, blank=True, **POINTS)
    final_results = models.DecimalField(
        "điểm kết quả do lãnh đạo điều chỉnh", null=True, blank=True, **POINTS
    )
    final_level = models.CharField(
        "mức lãnh đạo quyết định", max_length=12, choices=Rating.choices, blank=True
    )
    leader_comment = models.TextField("ý kiến của lãnh đạo", blank=True)
    leader_reason = models.TextField("lý do thay đổi của lãnh đạo", blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField("thời điểm phê duyệt", null=True, blank=True)

    # Derived at every change (kept as columns for the tables and rankings).
    total_self = models.DecimalField("tổng điểm tự chấm", null=True, blank=True, **POINTS)
    total_head = models.DecimalField("tổng điểm trưởng phòng", null=True, blank=True, **POINTS)
    total_final = models.DecimalField("tổng điểm phê duyệt", null=True, blank=True, **POINTS)
    rating = models.CharField("xếp loại", max_length=12, choices=Rating.choices, blank=True)
    rating_notes = models.JSONField("căn cứ xếp loại", default=list, blank=True)

    class Meta:
        ordering = ["period", "person__unit__order", "person__full_name"]
        verbose_name = "phiếu đánh giá"
        verbose_name_plural = "phiếu đánh giá"
        constraints = [models.UniqueConstraint(fields=["person", "period"], name="evaluation_person_period")]
        indexes = [models.Index(fields=["period", "state"], name="evaluation_period_state")]

    def __str__(self) -> str:
        return f"{self.person.full_name} – {self.period.label}"

    @property
    def locked(self) -> bool:
        return self.state == EvaluationState.APPROVED

    @property
    def current_total(self) -> Decimal | None:
        """The latest step's total: approved, else the head's, else the person's own."""
        for value in (self.total_final, self.total_head, self.total_self):
            if value is not None:
                return value
        return None


class EvaluationSnapshot(models.Model):
    """What was approved, frozen: the totals and the full explanation as the screen and
    the exports showed it. One per approved version; never changed."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="snapshots")
    version = models.PositiveIntegerField("phiên bản")
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField("tổng điểm", null=True, blank=True, **POINTS)
    rating = models.CharField("xếp loại", max_length=12, choices=Rating.choices)
    explanation = models.JSONField("diễn giải")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField("thời điểm phê duyệt")

    class Meta:
        ordering = ["evaluation", "version"]
        verbose_name = "phiếu đánh giá đã phê duyệt"
        verbose_name_plural = "phiếu đánh giá đã phê duyệt"
        constraints = [models.UniqueConstraint(fields=["evaluation", "version"], name="snapshot_version")]

    def __str__(self) -> str:
        return f"{self.evaluation} – phiên bản {self.version}"


class EvaluationEvent(models.Model):
    """The audit trail of an evaluation: every step and change, who, when and why."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="events")
    version = models.PositiveIntegerField("phiên bản")
    kind = models.CharField("loại", max_length=16, choices=EvaluationEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("thời điểm")
    changes = models.JSONField("thay đổi", default=dict, blank=True)
    reason = models.TextField("lý do", blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "lịch sử đánh giá"
        verbose_name_plural = "lịch sử đánh giá"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.at:%d/%m/%Y %H:%M}"


class UnitEvaluation(models.Model):
    """A unit's (agency's, division's) score for a period, from the tasks it leads."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="evaluations"
    )
    period = models.ForeignKey(
        Period, verbose_name="kỳ đánh giá", on_delete=models.PROTECT, related_name="unit_evaluations"
    )
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name="bộ tiêu chí", on_delete=models.PROTECT, related_name="+"
    )
    facts = models.JSONField("số liệu nhiệm vụ", default=dict, blank=True)
    score = models.DecimalField("điểm", null=True, blank=True, **POINTS)
    rating = models.CharField("xếp loại", max_length=12, choices=Rating.choices, blank=True)
    rating_notes = models.JSONField("căn cứ xếp loại", default=list, blank=True)
    computed_at = models.DateTimeField("thời điểm tính", null=True, blank=True)
    stale = models.BooleanField("cần tính lại", default=False)
    marked_at = models.DateTimeField("thời điểm dữ liệu thay đổi", null=True, blank=True)

    class Meta:
        ordering = ["period", "-score"]
        verbose_name = "kết quả đánh giá đơn vị"
        verbose_name_plural = "kết quả đánh giá đơn vị"
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="unitevaluation_unit_period")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.period.label}"


def validate_score(value: Decimal, maximum: Decimal, decimals: int, label: str) -> None:
    if value < 0 or value > maximum:
        raise ValidationError(f"Điểm “{label}” phải từ 0 đến {points(maximum)}.")
    if value != value.quantize(Decimal(1).scaleb(-decimals)):
        raise ValidationError(f"Điểm “{label}” có nhiều nhất {decimals} chữ số thập phân.")
