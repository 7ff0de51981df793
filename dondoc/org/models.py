"""The organisation: units in a tree, the people in them, and their accounts."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr

from dondoc.lib.text import fold

from .choices import AbsenceKind, DisciplineForm, Role, StaffGroup, UnitKind


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def subtree(self, unit: Unit):
        """`unit` and every unit below it (one indexed prefix query on `path`)."""
        return self.filter(path__startswith=unit.path)


class Unit(models.Model):
    """A body of the provincial organisation: the Committee, its Office, departments,
    their divisions, public service units, communes and wards.

    `path` is the materialised chain of ids from the root ("/1/7/23/"): "this unit and
    those below" is one prefix query, which the visibility rules use on every list.
    """

    name = models.CharField("tên", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=60, blank=True)
    code = models.SlugField("mã", max_length=60, unique=True)
    kind = models.CharField("loại", max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    aliases = models.JSONField(
        "tên gọi khác",
        default=list,
        blank=True,
        help_text="Các cách viết tên trong văn bản, ví dụ “SNV”, “Sở NV”, “Sở Nội vụ tỉnh Lạng Sơn”.",
    )
    active = models.BooleanField("đang hoạt động", default=True)
    order = models.PositiveIntegerField("thứ tự", default=0)
    path = models.CharField(max_length=255, editable=False, default="")
    name_folded = models.CharField(max_length=255, db_index=True, editable=False, default="")

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        indexes = [
            # Subtree queries are `path LIKE '/1/7/%'`; on PostgreSQL a prefix LIKE uses a
            # btree only with the pattern operator class (the database collation isn't C).
            models.Index(fields=["path"], name="org_unit_path", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.clean()
        self.name_folded = fold(self.name)
        with transaction.atomic():
            super().save(*args, **kwargs)
            new_path = (self.parent.path if self.parent_id else "/") + f"{self.pk}/"
            if new_path != self.path:
                old_path = self.path
                Unit.objects.filter(pk=self.pk).update(path=new_path)
                if old_path:
                    # Moving a unit moves its subtree: rewrite the descendants' prefixes.
                    Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                        path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
                    )
                self.path = new_path

    def clean(self):
        if self.pk and self.parent_id and f"/{self.pk}/" in self.parent.path:
            raise ValidationError({"parent": "Không thể đặt một đơn vị làm cấp dưới của chính nó."})

    def ancestors(self) -> list[Unit]:
        ids = [int(part) for part in self.path.strip("/").split("/") if part][:-1]
        by_id = Unit.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def head_people(self):
        """People of this unit whose account holds the head or leader role."""
        return Person.objects.filter(
            unit=self, active=True, user__roles__role__in=[Role.HEAD, Role.LEADER]
        ).distinct()


class JobPosition(models.Model):
    """A vị trí việc làm (job position). The evaluation's product catalogue converts a
    position's products to a common unit by coefficients per position."""

    code = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("tên vị trí việc làm", max_length=255)
    active = models.BooleanField("đang sử dụng", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "vị trí việc làm"
        verbose_name_plural = "vị trí việc làm"

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A civil servant. Tasks are assigned to people; an account may or may not exist."""

    full_name = models.CharField("họ và tên", max_length=120)
    title = models.CharField("chức vụ", max_length=160, blank=True)
    unit = models.ForeignKey(Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="people")
    staff_group = models.CharField(
        "nhóm đối tượng đánh giá",
        max_length=20,
        choices=StaffGroup.choices,
        default=StaffGroup.CIVIL_SERVANT,
        # Also a database default: rows written outside the ORM (bulk loads) get it too.
        db_default=StaffGroup.CIVIL_SERVANT,
        help_text="Quyết định bộ tiêu chí đánh giá áp dụng.",
    )
    job_position = models.ForeignKey(
        JobPosition,
        verbose_name="vị trí việc làm",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    email = models.EmailField("thư điện tử", blank=True)
    phone = models.CharField("điện thoại", max_length=30, blank=True)
    active = models.BooleanField("đang công tác", default=True)

    class Meta:
        ordering = ["unit__order", "full_name"]
        verbose_name = "cán bộ, công chức"
        verbose_name_plural = "cán bộ, công chức"

    def __str__(self) -> str:
        return f"{self.full_name} ({self.title})" if self.title else self.full_name

    @classmethod
    def leaders(cls):
        """The people who may assign tasks (lãnh đạo giao): active, with an account holding
        the leader role."""
        return cls.objects.filter(active=True, user__roles__role=Role.LEADER).distinct()


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class User(AbstractUser):
    """A login. Its `person` carries the unit and title; its roles say what it may do."""

    person = models.OneToOneField(
        Person, verbose_name="cán bộ", null=True, blank=True, on_delete=models.PROTECT, related_name="user"
    )
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token, editable=False)

    class Meta:
        verbose_name = "tài khoản"
        verbose_name_plural = "tài khoản"

    @property
    def unit(self) -> Unit | None:
        return self.person.unit if self.person_id else None

    def role_set(self) -> frozenset[str]:
        cached = getattr(self, "_role_cache", None)
        if cached is None:
            cached = frozenset(self.roles.values_list("role", flat=True)) if self.pk else frozenset()
            self._role_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set().intersection(roles))

    def sees_everything(self) -> bool:
        """Office follow-up staff, administrators, the province's leaders and the Office's
        clerks (who register every notice's tasks) see every task."""
        if self.is_superuser or self.has_role(Role.FOLLOWUP, Role.ADMIN):
            return True
        unit = self.unit
        return (
            self.has_role(Role.LEADER, Role.CLERK)
            and unit is not None
            and unit.kind in (UnitKind.COMMITTEE, UnitKind.OFFICE)
        )

    def reset_calendar_token(self) -> None:
        self.calendar_token = new_calendar_token()
        self.save(update_fields=["calendar_token"])


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="org_userrole_unique")]
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"

    def __str__(self) -> str:
        return self.get_role_display()


class Discipline(models.Model):
    """A disciplinary decision. Anyone disciplined in a period is rated "không hoàn thành
    nhiệm vụ" for it (Nghị định 90/2020/NĐ-CP; Nghị định 335/2025/NĐ-CP)."""

    person = models.ForeignKey(
        Person, verbose_name="cán bộ", on_delete=models.PROTECT, related_name="disciplines"
    )
    form = models.CharField("hình thức kỷ luật", max_length=20, choices=DisciplineForm.choices)
    decided_on = models.DateField("ngày quyết định")
    decision_number = models.CharField("số quyết định", max_length=60)
    reason = models.TextField("lý do", blank=True)
    created_at = models.DateTimeField("thời điểm nhập", auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "id"]
        verbose_name = "quyết định kỷ luật"
        verbose_name_plural = "quyết định kỷ luật"

    def __str__(self) -> str:
        return f"{self.get_form_display()} – {self.decision_number} ({self.decided_on:%d/%m/%Y})"


class Absence(models.Model):
    """A stretch of days a person did not work (leave, study, not yet or no longer in
    service): it shortens the time worked in an evaluation period."""

    person = models.ForeignKey(
        Person, verbose_name="cán bộ", on_delete=models.PROTECT, related_name="absences"
    )
    kind = models.CharField("loại", max_length=20, choices=AbsenceKind.choices)
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày")
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        ordering = ["-start", "id"]
        verbose_name = "thời gian không công tác"
        verbose_name_plural = "thời gian không công tác (nghỉ phép, học tập…)"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "Ngày kết thúc không được trước ngày bắt đầu."})


class UnitAlias(models.Model):
    """A name a clerk mapped to a unit in review and kept as its alias (tên gọi khác):
    the extractor's gazetteer (`dondoc.org.gazetteer.gazetteer_entries`) resolves it from
    then on. Stored and checked by `dondoc.quality.aliases`; removal is soft and
    audited; an active alias names one unit only."""

    unit = models.ForeignKey(Unit, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="+")
    name = models.CharField("tên gọi khác", max_length=255)
    name_folded = models.CharField(max_length=255, editable=False)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name="văn bản",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        "org.User",
        verbose_name="người lưu",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("thời điểm lưu")
    removed_by = models.ForeignKey(
        "org.User",
        verbose_name="người gỡ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    removed_at = models.DateTimeField("thời điểm gỡ", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "tên gọi khác của đơn vị"
        verbose_name_plural = "tên gọi khác của đơn vị"
        constraints = [
            models.UniqueConstraint(
                fields=["name_folded"],
                condition=Q(removed_at__isnull=True),
                name="org_unit_alias_active_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.unit}"
