from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView, View
from django.views.generic.detail import SingleObjectMixin

from aasr_site.pagination import ElidedPaginationMixin

from .calendar import absolute_url, build_calendar, google_calendar_url
from .models import CARD_FIELDS, Event
from .structured_data import event_data

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


class EventListView(ElidedPaginationMixin, ListView):
    """Upcoming events soonest first, then past events newest first, paginated."""

    paginate_by = 12
    template_name = "events/event_list.html"

    def get_queryset(self):
        return Event.objects.upcoming_then_past().only(*CARD_FIELDS)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = context["event_list"]
        context.update(
            upcoming_events=[event for event in events if not event.is_past],
            past_events=[event for event in events if event.is_past],
            calendar_feed_url=absolute_url(reverse("events:calendar")),
            # webcal:// opens the visitor's calendar app ready to subscribe.
            calendar_subscribe_url=absolute_url(reverse("events:calendar"))
            .replace("https://", "webcal://", 1)
            .replace("http://", "webcal://", 1),
        )
        return context


class EventDetailView(DetailView):
    def can_preview(self) -> bool:
        return self.request.user.has_perm("events.change_event")

    def get_queryset(self):
        # Editors may look at drafts and scheduled events before they go public.
        if self.can_preview():
            return Event.objects.all()
        return Event.objects.published()

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.can_preview():
            add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            google_calendar_url=google_calendar_url(self.object),
            structured_data=event_data(self.object),
            is_preview=not self.object.is_published(),
        )
        return context


class EventCalendarView(SingleObjectMixin, View):
    """One event as an .ics file to open in any calendar app."""

    def get_queryset(self):
        return Event.objects.published()

    def get(self, request, *args, **kwargs):
        event = self.get_object()
        response = HttpResponse(
            build_calendar([event]), content_type=CALENDAR_CONTENT_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
        return response


class CalendarFeedView(View):
    """Upcoming and recent events as a calendar people can subscribe to."""

    def get(self, request, *args, **kwargs):
        calendar = build_calendar(
            Event.objects.for_calendar_feed(),
            name=f"{settings.ORGANIZATION_NAME} events",
        )
        response = HttpResponse(calendar, content_type=CALENDAR_CONTENT_TYPE)
        response["Content-Disposition"] = 'inline; filename="aasr-events.ics"'
        return response
