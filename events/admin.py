from django.contrib import admin

from aasr_site.admin import PublishableAdmin

from .models import Event


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    list_display = ["title", "starts_at", "format", "is_featured", "status",
                    "is_published"]  # fmt: skip
    list_filter = [*PublishableAdmin.list_filter, "format", "is_featured"]
    search_fields = ["title", "summary", "description", "venue_name"]
    date_hierarchy = "starts_at"
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "tags"]}),
        ("When", {"fields": ["starts_at", "ends_at", "time_zone"]}),
        ("Where", {"fields": ["format", "venue_name", "venue_address"]}),
        ("Taking part", {"fields": ["registration_url", "cost"]}),
        ("Publishing", {"fields": ["is_featured", "status", "published_at"]}),
    ]
