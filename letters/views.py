from django.views.generic import DetailView, ListView

from .models import Letter


class LetterListView(ListView):
    def get_queryset(self):
        return Letter.objects.published().order_by("kind", "audience", "title")


class LetterDetailView(DetailView):
    def get_queryset(self):
        return Letter.objects.published()
