from django.contrib import admin

from .models import ReportClosure


@admin.register(ReportClosure)
class ReportClosureAdmin(admin.ModelAdmin):
    """Closed reporting periods, read only: who closed each and when (the audit record)."""

    list_display = ["period", "closed_by", "closed_at", "note"]
    readonly_fields = ["period", "closed_by", "closed_at", "note"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
