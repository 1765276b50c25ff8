from django.views.generic import DetailView, ListView

from aasr_site.pagination import ElidedPaginationMixin

from .models import Event


class EventListView(ElidedPaginationMixin, ListView):
    """Upcoming events in full, then past events a page at a time."""

    paginate_by = 10
    template_name = "events/event_list.html"

    def get_queryset(self):
        return Event.objects.past()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["upcoming_events"] = Event.objects.upcoming()
        return context


class EventDetailView(DetailView):
    def get_queryset(self):
        return Event.objects.published()
