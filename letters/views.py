from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import DetailView, ListView

from . import downloads
from .forms import LetterFilterForm, PersonalizeForm
from .models import Letter, published_letter_tags

RELATED_LETTER_COUNT = 3
# The columns the list page reads: not a letter's text or guidance, most of its row.
LIST_FIELDS = ("updated_at", "title", "slug", "summary", "kind", "audience")


class LetterListView(ListView):
    def get_queryset(self):
        self.filter_form = LetterFilterForm(
            self.request.GET or None, tags=published_letter_tags()
        )
        return (
            Letter.objects.published()
            .matching(**self.filter_form.filters)
            .in_list_order()
            .only(*LIST_FIELDS)
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filter_form,
            is_filtered=any(self.filter_form.filters.values()),
            **kwargs,
        )


class LetterDetailView(DetailView):
    def get_queryset(self):
        return Letter.objects.published()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", PersonalizeForm(letter=self.object))
        kwargs["related_letters"] = (
            Letter.objects.published()
            .related_to(self.object)
            .only("title", "slug", "summary")[:RELATED_LETTER_COUNT]
        )
        return super().get_context_data(**kwargs)


# What a family types is private. The form posts (so nothing lands in a URL or a
# server log), the answer is never cached, and error reports hide every field.
# No CSRF token: it would make the public letter page uncacheable, and this view
# changes nothing on the server and answers only the person who posted.
@method_decorator(
    [csrf_exempt, never_cache, sensitive_post_parameters()], name="dispatch"
)
class LetterPersonalizeView(LetterDetailView):
    """The filled-in letter as a page, a .txt, a .docx or a due-date reminder."""

    http_method_names = ["get", "head", "post"]

    def get(self, request, *args, **kwargs):
        return redirect(self.get_object())

    def post(self, request, *args, **kwargs):
        letter = self.object = self.get_object()
        form = PersonalizeForm(
            request.POST, letter=letter, action=request.POST.get("format", "html")
        )
        if not form.is_valid():
            # A reminder asked without its date: the letter itself is still whole.
            letter_is_whole = set(form.errors) == {"sent_on"}
            personalized = form.filled_segments if letter_is_whole else None
            return self.render_to_response(
                self.get_context_data(form=form, personalized=personalized)
            )
        if form.action == "txt":
            return downloads.attachment(
                downloads.letter_txt(form.filled_text),
                filename=f"{letter.slug}.txt",
                content_type="text/plain; charset=utf-8",
            )
        if form.action == "docx":
            return downloads.attachment(
                downloads.letter_docx(letter, form.filled_segments),
                filename=f"{letter.slug}.docx",
                content_type=downloads.DOCX_TYPE,
            )
        if form.action == "ics" and form.due_on:
            return downloads.attachment(
                downloads.reminder_ics(
                    letter, sent_on=form.cleaned_data["sent_on"], due_on=form.due_on
                ),
                filename=f"{letter.slug}-reminder.ics",
                content_type="text/calendar; charset=utf-8",
            )
        return self.render_to_response(
            self.get_context_data(
                form=form,
                personalized=form.filled_segments,
            )
        )
