from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join

from aasr_site.admin import PublishableAdmin

from .models import Letter


@admin.register(Letter)
class LetterAdmin(PublishableAdmin):
    list_display = ["title", "kind", "audience", "placeholder_count", "visibility",
                    "published_at"]  # fmt: skip
    list_filter = [*PublishableAdmin.list_filter, "kind", "audience",
                   ("tags", admin.RelatedOnlyFieldListFilter)]  # fmt: skip
    search_fields = ["title", "summary", "body"]
    readonly_fields = ["placeholders_found", "bracket_warnings"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "audience", "summary"]}),
        (
            "Letter",
            {"fields": ["body", "placeholders_found", "bracket_warnings", "tags"]},
        ),
        ("Guidance", {"fields": ["guidance", "response_days", "response_rule"]}),
        ("Publishing", {"fields": ["status", "published_at"]}),
    ]

    @admin.display(description="Placeholders")
    def placeholder_count(self, obj):
        return len(obj.placeholders)

    @admin.display(description="Placeholders families fill in")
    def placeholders_found(self, obj):
        if not obj.placeholders:
            return "None yet. Saved letters list theirs here, in order."
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "", "<li>[{}]</li>", ((name,) for name in obj.placeholders)
            ),
        )

    @admin.display(description="Bracket problems")
    def bracket_warnings(self, obj):
        if not obj.bracket_problems:
            return "None."
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{}</li>", ((p,) for p in obj.bracket_problems)),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A warning, not an error: an editor may save a draft and fix it later.
        for problem in obj.bracket_problems:
            self.message_user(
                request, f"Check the brackets: {problem}", messages.WARNING
            )
