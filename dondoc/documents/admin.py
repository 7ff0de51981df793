from django.contrib import admin

from .models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "subject", "status", "created_at", "uploaded_by")
    list_filter = ("status", "kind")
    search_fields = ("subject", "symbol", "original_name", "sha256")
    readonly_fields = ("sha256", "size", "content_type", "source_format", "created_at", "extraction")
