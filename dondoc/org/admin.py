from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Person, Unit, User, UserRole


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "code", "kind", "parent", "active")
    list_filter = ("kind", "active")
    search_fields = ("name", "short_name", "code", "name_folded")
    autocomplete_fields = ("parent",)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("full_name", "title", "unit", "email", "active")
    list_filter = ("active", "unit__kind")
    search_fields = ("full_name", "email", "unit__name")
    autocomplete_fields = ("unit",)


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 1


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [UserRoleInline]
    list_display = ("username", "person", "email", "is_active", "is_staff")
    autocomplete_fields = ("person",)
    fieldsets = (*BaseUserAdmin.fieldsets, ("Cán bộ", {"fields": ("person",)}))
