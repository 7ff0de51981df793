from django.contrib import admin

from .models import Extension, Field, Task, TaskEvent


class TaskEventInline(admin.TabularInline):
    model = TaskEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "at", "actor", "changes", "note")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    """Read-mostly: changes go through the application's workflow so that each one is an event."""

    list_display = ("id", "__str__", "lead_unit", "due_date", "state", "deleted_at")
    list_filter = ("state", "urgent")
    search_fields = ("content_folded", "lead_unit__name")
    inlines = [TaskEventInline]
    readonly_fields = [f.name for f in Task._meta.concrete_fields] + ["coordinating_units"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Extension)
class ExtensionAdmin(admin.ModelAdmin):
    list_display = ("task", "requested_at", "proposed_date", "status", "granted_date")
    list_filter = ("status",)
    readonly_fields = [f.name for f in Extension._meta.concrete_fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    """The fields (lĩnh vực) tasks are counted by: data, edited here."""

    list_display = ("name", "code", "order", "active")
    list_editable = ("order", "active")
    search_fields = ("name", "code")
