from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView, ListView
from django_ratelimit.decorators import ratelimit
from taggit.models import Tag

from aasr_site.pagination import ElidedPaginationMixin

from . import services
from .forms import ChangeRequestForm, ShareStoryForm
from .models import Perspective, Story
from .tokens import read_author_token

RELATED_COUNT = 3


class StoryListView(ElidedPaginationMixin, ListView):
    """Published stories, newest first; optionally one perspective or one tag."""

    paginate_by = 10

    def get_queryset(self):
        stories = Story.objects.published().for_listing()
        self.tag = None
        if "tag" in self.kwargs:
            self.tag = get_object_or_404(Tag, slug=self.kwargs["tag"])
            stories = stories.tagged(self.tag)
        self.perspective = self.request.GET.get("perspective", "")
        if self.perspective in Perspective.values:
            stories = stories.filter(perspective=self.perspective)
        else:
            self.perspective = ""
        return stories

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            tag=self.tag,
            perspective=self.perspective,
            perspective_label=Perspective(self.perspective).label
            if self.perspective
            else "",
            perspectives=Perspective.choices,
            query_string=f"perspective={self.perspective}" if self.perspective else "",
        )
        return context


class StoryDetailView(DetailView):
    """A published story; editors also see drafts and submissions, as a preview."""

    def get_queryset(self):
        stories = Story.objects.defer("search_document")
        if self.request.user.has_perm("stories.change_story"):
            return stories
        return stories.published()

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.object.is_published():
            # A preview must never be cached where a visitor could be served it.
            add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        story = self.object
        published = Story.objects.published()
        is_preview = not story.is_published()
        if is_preview:
            newer = older = None
        else:
            newer = published.next_after(story)
            older = published.previous_before(story)
        tags = story.tag_list()
        context.update(
            is_preview=is_preview,
            story_tags=tags,
            newer_story=newer,
            older_story=older,
            # Not the stories the page already links to as next and previous.
            related_stories=self.related(
                story, tags, published, shown=[s for s in (newer, older) if s]
            ),
            share_url=f"{settings.SITE_URL}{story.get_absolute_url()}",
            structured_data=self.structured_data(story),
        )
        return context

    def structured_data(self, story):
        """schema.org Article, with the author exactly as the byline names them."""
        url = f"{settings.SITE_URL}{story.get_absolute_url()}"
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": story.title,
            "description": story.summary,
            "url": url,
            "mainEntityOfPage": url,
            "author": {"@type": "Person", "name": story.author_name},
            "publisher": {
                "@type": "Organization",
                "name": settings.ORGANIZATION_NAME,
                "url": settings.SITE_URL,
            },
            "dateModified": story.updated_at.isoformat(),
        }
        if story.published_at:
            data["datePublished"] = story.published_at.isoformat()
        if story.renditions:
            data["image"] = story.renditions[-1]["absolute_url"]
        return data

    def related(self, story, tags, published, shown=()):
        """Up to three stories: most shared tags first, then the newest."""
        columns = ("title", "slug", "byline", "perspective", "published_at")
        left_out = [story.pk, *(other.pk for other in shown)]
        others = published.exclude(pk__in=left_out).only(*columns)
        related = list(
            others.sharing_tags_with(
                story, [tag.pk for tag in tags], limit=RELATED_COUNT
            )
        )
        if len(related) < RELATED_COUNT:
            newest = others.exclude(pk__in=[s.pk for s in related]).newest_first()
            related += list(newest[: RELATED_COUNT - len(related)])
        return related


@never_cache
@ratelimit(key="ip", rate=settings.STORY_SHARE_RATE_LIMIT, method="POST", block=True)
@require_http_methods(["GET", "HEAD", "POST"])
def share_story(request):
    if request.method == "POST":
        form = ShareStoryForm(request.POST, request.FILES)
        if form.is_bot():
            return redirect("stories:share-thanks")
        if form.is_valid():
            services.submit_story(
                data=form.cleaned_data, image=form.cleaned_data.get("image")
            )
            return redirect("stories:share-thanks")
        status = 400
    else:
        form = ShareStoryForm()
        status = 200
    return render(request, "stories/share.html", {"form": form}, status=status)


def share_thanks(request):
    return render(request, "stories/share_thanks.html")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def author_request(request, token):
    story_id = read_author_token(token)
    story = Story.objects.filter(pk=story_id).first() if story_id else None
    if story is None:
        return render(request, "stories/author_link_invalid.html", status=400)
    if request.method == "POST":
        form = ChangeRequestForm(request.POST)
        if form.is_valid():
            change = services.request_change(story=story, data=form.cleaned_data)
            context = {"story": story, "change": change}
            return render(request, "stories/author_request_sent.html", context)
        status = 400
    else:
        form = ChangeRequestForm()
        status = 200
    return render(
        request,
        "stories/author_request.html",
        {"form": form, "story": story},
        status=status,
    )
