from django.contrib import admin

from dondoc.org.models import UnitAlias

from .models import ReviewRecord


@admin.register(ReviewRecord)
class ReviewRecordAdmin(admin.ModelAdmin):
    list_display = (
        "document",
        "registered_at",
        "registered_by",
        "proposed",
        "kept",
        "edited",
        "dropped",
        "added",
    )
    list_filter = ("extractor_version",)
    readonly_fields = [f.name for f in ReviewRecord._meta.fields]


@admin.register(UnitAlias)
class UnitAliasAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "created_by", "created_at", "document", "removed_at")
    list_filter = ("removed_at",)
    search_fields = ("name",)
    readonly_fields = [f.name for f in UnitAlias._meta.fields]
