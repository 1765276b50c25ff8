from django.contrib import admin

from aasr_site.admin import PublishableAdmin

from .models import Story


@admin.register(Story)
class StoryAdmin(PublishableAdmin):
    list_display = ["title", "author_name", "perspective", "status", "published_at",
                    "is_published"]  # fmt: skip
    list_filter = [*PublishableAdmin.list_filter, "perspective", "tags"]
    search_fields = ["title", "byline", "body"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "byline", "perspective", "content_note"]}),
        ("Story", {"fields": ["body", "excerpt", "tags"]}),
        ("Image", {"fields": ["image", "image_alt"]}),
        ("Publishing", {"fields": ["status", "published_at"]}),
    ]

    @admin.display(description="Byline", ordering="byline")
    def author_name(self, obj):
        return obj.author_name
