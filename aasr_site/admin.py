"""Admin behaviour shared by every kind of published content."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from taggit.forms import TagField
from taggit.managers import TaggableManager
from taggit.models import Tag

from . import page_cache
from .publishing import Status


class TagNamesField(TagField):
    """Tags as taggit reads them, each no longer than its table can hold."""

    def clean(self, value):
        names = super().clean(value)
        longest = Tag._meta.get_field("name").max_length
        too_long = [name for name in names if len(name) > longest]
        if too_long:
            raise forms.ValidationError(
                f"A tag can be {longest} characters at most; shorten "
                + ", ".join(f"“{name[:30].rstrip()}…”" for name in too_long)
                + "."
            )
        return names


def local_time(obj) -> str:
    """When an item is published, in the site's time zone: "Jan 10, 2031, 9:00 AM"."""
    return date_format(timezone.localtime(obj.published_at), "M j, Y, g:i A")


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

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, TaggableManager):
            return db_field.formfield(form_class=TagNamesField, **kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

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
        published = queryset.filter(status=Status.PUBLISHED)
        count = published.update(status=Status.DRAFT, updated_at=timezone.now())
        # update() sends no signal: the cached pages must hear of it here.
        page_cache.content_changed()
        self.message_user(request, f"Unpublished {count}.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        if obj.status == Status.PUBLISHED and obj.published_at is None:
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)
        if obj.status == Status.PUBLISHED and obj.published_at > timezone.now():
            messages.info(request, f"Visitors see “{obj}” from {local_time(obj)}.")

    @admin.display(description="Visitors see it", ordering="published_at")
    def visibility(self, obj):
        """ "Public", "Scheduled for Dec 5, 9:00 AM", or the status: a scheduled item
        no longer looks like a published one that failed."""
        if obj.status != Status.PUBLISHED or obj.published_at is None:
            return obj.get_status_display()
        if obj.published_at > timezone.now():
            return f"Scheduled for {local_time(obj)}"
        return "Public"
