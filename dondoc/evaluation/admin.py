"""Sở Nội vụ's admin for evaluation: the product catalogue (kinds, how products are
written, coefficients per job position), criteria sets (a published version is read-only:
a change is a new version, made on the screen or here as a draft), agency settings.
Evaluations and objective causes are read-only here: they change through the flow,
each step audited."""

from django.contrib import admin

from .models import (
    AgencySettings,
    CriteriaSet,
    Criterion,
    Evaluation,
    EvaluationEvent,
    ObjectiveCause,
    ProductAlias,
    ProductCoefficient,
    ProductKind,
)


@admin.register(ProductKind)
class ProductKindAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "default_coefficient", "is_fallback", "order")
    list_editable = ("default_coefficient", "order")
    search_fields = ("name", "code")


@admin.register(ProductAlias)
class ProductAliasAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "automatic")
    list_filter = ("automatic", "kind")
    search_fields = ("name",)

    def save_model(self, request, obj, form, change):
        obj.automatic = False  # corrected by a person: keep it
        super().save_model(request, obj, form, change)


@admin.register(ProductCoefficient)
class ProductCoefficientAdmin(admin.ModelAdmin):
    list_display = ("job_position", "kind", "coefficient")
    list_filter = ("kind",)
    autocomplete_fields = ("job_position",)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.is_published

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ("name", "group", "version", "status", "effective_from")
    list_filter = ("group", "status")
    inlines = [CriterionInline]
    readonly_fields = ("created_by", "created_at", "published_by", "published_at")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            return [f.name for f in CriteriaSet._meta.concrete_fields]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return obj is None or (not obj.is_published and not obj.evaluations.exists())


@admin.register(AgencySettings)
class AgencySettingsAdmin(admin.ModelAdmin):
    list_display = ("unit", "period_kind", "excellent_cap_percent")
    autocomplete_fields = ("unit",)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EvaluationEventInline(admin.TabularInline):
    model = EvaluationEvent
    extra = 0
    can_delete = False
    readonly_fields = ("version", "kind", "actor", "at", "changes", "reason")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnly):
    list_display = (
        "person",
        "period",
        "state",
        "total_self",
        "total_head",
        "total_final",
        "rating",
        "version",
    )
    list_filter = ("state", "rating", "period")
    search_fields = ("person__full_name",)
    inlines = [EvaluationEventInline]


@admin.register(ObjectiveCause)
class ObjectiveCauseAdmin(ReadOnly):
    list_display = (
        "task",
        "product",
        "covers_quality",
        "covers_timeliness",
        "recorded_by",
        "recorded_at",
        "revoked_at",
    )
