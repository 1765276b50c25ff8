from django.contrib import admin, messages
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from taggit.models import Tag

from aasr_site.admin import PublishableAdmin

from . import services
from .models import ChangeRequest, Story, StoryConsent, StoryStatus

TAG_SUGGESTIONS = 10


class ModerationFilter(admin.SimpleListFilter):
    title = "moderation"
    parameter_name = "moderation"

    def lookups(self, request, model_admin):
        return [
            ("waiting", "Waiting for review"),
            ("requests", "Open author requests"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.waiting_for_review()
        if self.value() == "requests":
            return queryset.filter(change_requests__is_resolved=False).distinct()
        return queryset


class StoryConsentInline(admin.StackedInline):
    model = StoryConsent
    can_delete = False
    extra = 0
    max_num = 0
    verbose_name_plural = "Consent record (from the share form)"
    fields = readonly_fields = [
        "author_name", "email", "naming", "use_on_website", "share_with_journalists",
        "share_with_lawmakers", "may_edit", "has_right_to_share",
        "no_other_child_named", "is_about_a_child", "parent_permission",
        "child_agreement", "wording_version", "wording", "agreed_at",
        "published_notice_sent_at",
    ]  # fmt: skip


class ChangeRequestInline(admin.TabularInline):
    model = ChangeRequest
    extra = 0
    can_delete = False
    verbose_name_plural = "Author requests (take down, name change)"
    fields = ["created_at", "kind", "naming", "new_name", "message", "is_resolved"]
    readonly_fields = ["created_at", "kind", "naming", "new_name", "message"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Story)
class StoryAdmin(PublishableAdmin):
    list_display = ["title", "author_name", "perspective", "visibility",
                    "published_at", "review_state"]  # fmt: skip
    list_filter = [ModerationFilter, *PublishableAdmin.list_filter, "perspective",
                   ("tags", admin.RelatedOnlyFieldListFilter)]  # fmt: skip
    search_fields = ["title", "byline", "body"]
    actions = ["publish", "unpublish", "mark_reviewed"]
    readonly_fields = ["preview", "review_record"]
    inlines = [StoryConsentInline, ChangeRequestInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "byline", "perspective", "content_note"]}),
        ("Story", {"fields": ["body", "preview", "excerpt", "tags"]}),
        ("Image", {"fields": ["image", "image_alt"]}),
        (
            "Review and publishing",
            {"fields": ["is_reviewed", "review_record", "status", "published_at"]},
        ),
    ]

    class Media:
        js = ["stories/admin_tags.js"]
        css = {"all": ["stories/admin_preview.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("consent")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # An author's request is the last thing on a long page: say it at the top.
        if request.method == "GET" and str(object_id).isdigit():
            waiting = ChangeRequest.objects.filter(story_id=object_id)
            for change in waiting.filter(is_resolved=False):
                messages.warning(
                    request,
                    f"Its author asks: {change}. Their request is under “Author "
                    "requests” at the end of this page.",
                )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="Byline", ordering="byline")
    def author_name(self, obj):
        return obj.author_name

    @admin.display(description="Review")
    def review_state(self, obj):
        if obj.needs_review:
            return "Needs review"
        return "Reviewed" if obj.is_reviewed else "—"

    @admin.display(description="Preview (as saved)")
    def preview(self, obj):
        if not obj.pk:
            return "Save to see the story as it will look."
        return format_html(
            '<div class="story-preview">{}</div><p><a href="{}">Open the full page '
            "preview</a></p>",
            mark_safe(obj.body_html),  # sanitized when saved
            obj.get_absolute_url(),
        )

    @admin.display(description="Reviewed")
    def review_record(self, obj):
        if obj.reviewed_at:
            who = obj.reviewed_by.get_username() if obj.reviewed_by else "an editor"
            when = timezone.localtime(obj.reviewed_at)
            return f"{when:%Y-%m-%d %H:%M} by {who}"
        return "Not yet"

    def save_model(self, request, obj, form, change):
        if obj.is_reviewed and not obj.reviewed_at:
            obj.mark_reviewed(request.user)
        super().save_model(request, obj, form, change)
        services.notify_author_published(obj)

    @admin.action(description="Publish selected (now, or at their scheduled time)")
    def publish(self, request, queryset):
        published, refused, taken_down = 0, [], []
        for story in queryset.select_related("consent"):
            if story.needs_review:
                refused.append(story.title)
                continue
            if story.has_open_take_down:
                taken_down.append(story.title)
                continue
            story.publish()
            story.save()
            services.notify_author_published(story)
            published += 1
        if published:
            self.message_user(request, f"Published {published}.", messages.SUCCESS)
        if refused:
            self.message_user(
                request,
                "Not published, because they must first be reviewed for identifying "
                f"details: {', '.join(refused)}.",
                messages.ERROR,
            )
        if taken_down:
            self.message_user(
                request,
                "Not published, because their authors asked for them to be taken "
                f"down: {', '.join(taken_down)}.",
                messages.ERROR,
            )

    @admin.action(description="Mark reviewed for identifying details")
    def mark_reviewed(self, request, queryset):
        count = queryset.filter(is_reviewed=False).update(
            is_reviewed=True,
            reviewed_at=timezone.now(),
            reviewed_by=request.user,
            updated_at=timezone.now(),
        )
        self.message_user(request, f"Marked {count} reviewed.", messages.SUCCESS)

    def get_urls(self):
        return [
            path(
                "tag-suggestions/",
                self.admin_site.admin_view(self.tag_suggestions),
                name="stories_story_tag_suggestions",
            ),
            *super().get_urls(),
        ]

    def tag_suggestions(self, request):
        """Existing tag names starting with what the editor is typing."""
        typed = request.GET.get("q", "").strip()
        names = (
            Tag.objects.filter(name__istartswith=typed).order_by("name")
            .values_list("name", flat=True)[:TAG_SUGGESTIONS]
            if typed
            else []
        )  # fmt: skip
        return JsonResponse({"tags": list(names)})

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        return {"status": StoryStatus.DRAFT, **initial}
