from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Absence, Discipline, JobPosition, Person, Unit, User, UserRole


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "code", "kind", "parent", "active")
    list_filter = ("kind", "active")
    search_fields = ("name", "short_name", "code", "name_folded")
    autocomplete_fields = ("parent",)


class DisciplineInline(admin.TabularInline):
    model = Discipline
    extra = 0


class AbsenceInline(admin.TabularInline):
    model = Absence
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("full_name", "title", "unit", "staff_group", "job_position", "active")
    list_filter = ("active", "staff_group", "unit__kind")
    search_fields = ("full_name", "email", "unit__name")
    autocomplete_fields = ("unit", "job_position")
    inlines = [DisciplineInline, AbsenceInline]


@admin.register(JobPosition)
class JobPositionAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "active")
    search_fields = ("name", "code")


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 1


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [UserRoleInline]
    list_display = ("username", "person", "email", "is_active", "is_staff")
    autocomplete_fields = ("person",)
    fieldsets = (*BaseUserAdmin.fieldsets, ("Cán bộ", {"fields": ("person",)}))
