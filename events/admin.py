from django.contrib import admin, messages
from django.core.files.base import ContentFile
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from aasr_site.admin import PublishableAdmin
from aasr_site.publishing import Status

from .forms import EventAdminForm
from .models import Event
from .templatetags.events_tags import event_when


class WhenFilter(admin.SimpleListFilter):
    title = "when"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", "Upcoming (not ended)"), ("past", "Past (ended)")]

    def queryset(self, request, queryset):
        if self.value() == "upcoming":
            return queryset.not_ended().order_by("starts_at", "pk")
        if self.value() == "past":
            return queryset.ended()
        return queryset


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    form = EventAdminForm
    list_display = ["title", "when", "format", "is_featured", "visibility"]
    list_filter = [WhenFilter, *PublishableAdmin.list_filter, "format", "is_featured"]
    search_fields = ["title", "summary", "description", "venue_name"]
    date_hierarchy = "starts_at"
    ordering = ["-starts_at", "-pk"]
    actions = [*PublishableAdmin.actions, "duplicate"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "tags"]}),
        ("When", {"fields": ["time_zone", "starts_at", "ends_at"]}),
        ("Where", {"fields": ["format", "venue_name", "venue_address"]}),
        (
            "Taking part",
            {"fields": ["registration_url", "join_url", "join_url_shown", "cost"]},
        ),
        ("Image", {"fields": ["image", "image_alt"]}),
        ("After the event", {"fields": ["recording_url"]}),
        ("Publishing", {"fields": ["is_featured", "status", "published_at"]}),
    ]

    @admin.display(description="When (event's time zone)", ordering="starts_at")
    def when(self, event):
        return event_when(event)

    @admin.action(description="Duplicate selected (as drafts, e.g. for a series)")
    def duplicate(self, request, queryset):
        copies = []
        for event in queryset.prefetch_related("tags"):
            tags = list(event.tags.all())
            event.pk = event.id = None
            event._state.adding = True
            if event.image:
                # A copy of its own, under a new name: deleting or changing either
                # event's photo then leaves the other's alone.
                with event.image.open("rb") as original:
                    event.image = ContentFile(original.read(), name=event.image.name)
            room = Event._meta.get_field("title").max_length - len(" (copy)")
            event.title = f"{Truncator(event.title).chars(room)} (copy)"
            event.slug = ""
            event.status, event.published_at = Status.DRAFT, None
            event.is_featured = False
            event.recording_url = ""
            event.created_at = event.updated_at = timezone.now()
            event.save()
            event.tags.set(tags)
            copies.append(event)
        self.message_user(
            request,
            f"Made {len(copies)} draft {'copy' if len(copies) == 1 else 'copies'}. "
            "Change the dates, then publish.",
            messages.SUCCESS,
        )
        if len(copies) == 1:
            return redirect(reverse("admin:events_event_change", args=[copies[0].pk]))
        return None
