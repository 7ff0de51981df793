"""Read-only views of the outbox for administrators: what was sent, what failed and why.
Changes go through the services (a hand-edited dispatch could be sent twice)."""

from django.contrib import admin

from .models import Dispatch, Message, Notification, ReminderRun, Urging


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DispatchInline(admin.TabularInline):
    model = Dispatch
    extra = 0
    can_delete = False
    fields = ("channel", "status", "attempts", "claimed_by", "claimed_at", "sent_at", "last_error")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ("subject", "person", "email", "kind", "day", "created_at")
    list_filter = ("kind", "day")
    search_fields = ("subject", "person__full_name", "email")
    inlines = [DispatchInline]


@admin.register(Dispatch)
class DispatchAdmin(ReadOnlyAdmin):
    list_display = ("message", "channel", "status", "attempts", "sent_at", "last_error")
    list_filter = ("status", "channel")
    list_select_related = ("message",)


@admin.register(ReminderRun)
class ReminderRunAdmin(ReadOnlyAdmin):
    list_display = ("day", "started_at", "planned_at", "messages")


@admin.register(Urging)
class UrgingAdmin(ReadOnlyAdmin):
    list_display = ("label", "unit", "by", "at")
    list_filter = ("year",)
    search_fields = ("text", "unit__name")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("title", "recipient", "kind", "created_at", "read_at")
    list_filter = ("kind",)
    search_fields = ("title", "recipient__username")
