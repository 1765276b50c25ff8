from django import forms

from . import search


class SearchForm(forms.Form):
    """The search page's query, and which kind of content to look in."""

    KINDS = [
        ("", "Everything"),
        ("stories", "Stories"),
        ("letters", "Sample letters"),
        ("events", "Events"),
    ]

    q = forms.CharField(
        required=False, label="Search stories, letters, events and guidance"
    )
    kind = forms.ChoiceField(choices=KINDS, required=False, label="Look in")

    def clean_q(self):
        # Over-long queries are cut rather than refused: a search should always
        # answer with something.
        return search.normalize(self.cleaned_data["q"])
