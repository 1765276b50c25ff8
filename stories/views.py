from django.views.generic import DetailView, ListView

from aasr_site.pagination import ElidedPaginationMixin

from .models import Story


class StoryListView(ElidedPaginationMixin, ListView):
    paginate_by = 10

    def get_queryset(self):
        return Story.objects.published().for_listing()


class StoryDetailView(DetailView):
    def get_queryset(self):
        return Story.objects.published().prefetch_related("tags")
