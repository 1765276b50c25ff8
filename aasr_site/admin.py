"""Admin behaviour shared by every kind of published content."""

from django.contrib import admin, messages
from django.db import models
from django.utils import timezone

from .publishing import Status


class PublishedFilter(admin.SimpleListFilter):
    title = "visibility"
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [("public", "Public now"), ("scheduled", "Scheduled")]

    def queryset(self, request, queryset):
        if self.value() == "public":
            return queryset.published()
        if self.value() == "scheduled":
            return queryset.filter(
                status=Status.PUBLISHED, published_at__gt=timezone.now()
            )
        return queryset


class PublishableAdmin(admin.ModelAdmin):
    """List columns, filters and publish/unpublish actions for published content."""

    list_filter = ["status", PublishedFilter, "published_at"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    actions = ["publish", "unpublish"]
    list_per_page = 50
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    show_full_result_count = False

    @admin.action(description="Publish selected (now, or at their scheduled time)")
    def publish(self, request, queryset):
        count = 0
        for item in queryset:
            item.publish()
            item.save()
            count += 1
        self.message_user(request, f"Published {count}.", messages.SUCCESS)

    @admin.action(description="Unpublish selected (back to draft)")
    def unpublish(self, request, queryset):
        count = queryset.update(status=Status.DRAFT, updated_at=timezone.now())
        self.message_user(request, f"Unpublished {count}.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        if obj.status == Status.PUBLISHED and obj.published_at is None:
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)
