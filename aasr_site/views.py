"""Pages that belong to the whole site rather than to one app."""

from django.conf import settings
from django.shortcuts import render
from django.views import static
from django.views.generic import TemplateView

from events.models import Event
from letters.models import Letter
from stories.models import Story
from subscribers.forms import SubscribeForm

HOME_STORY_COUNT = 5
HOME_LETTER_COUNT = 4


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            hero_event=Event.objects.hero(),
            latest_stories=Story.objects.published().newest_first()[:HOME_STORY_COUNT],
            latest_letters=Letter.objects.published().newest_first()[
                :HOME_LETTER_COUNT
            ],
            home_subscribe_form=SubscribeForm(initial={"source": "home"}),
        )
        return context


class ExplainerView(TemplateView):
    template_name = "explainer.html"


def rate_limited(request, exception):
    """Shown when one address sends too many forms in a short time."""
    return render(request, "429.html", status=429)


def media(request, path):
    """Uploaded files, for a site run by gunicorn alone (else nginx serves them)."""
    response = static.serve(request, path, document_root=settings.MEDIA_ROOT)
    # Never let a browser guess a type or run an upload as a page.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=86400"
    return response
