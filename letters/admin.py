from django.contrib import admin

from aasr_site.admin import PublishableAdmin

from .models import Letter


@admin.register(Letter)
class LetterAdmin(PublishableAdmin):
    list_display = ["title", "kind", "audience", "status", "published_at",
                    "is_published"]  # fmt: skip
    list_filter = [*PublishableAdmin.list_filter, "kind", "audience"]
    search_fields = ["title", "summary", "body"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "audience", "summary"]}),
        ("Letter", {"fields": ["body", "tags"]}),
        ("Publishing", {"fields": ["status", "published_at"]}),
    ]
