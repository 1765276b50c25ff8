from django import forms

from . import search


class QueryField(forms.CharField):
    def to_python(self, value):
        # A NUL can't be typed, only pasted or sent by a script: dropped rather than
        # refused, as it never changes what is searched.
        return super().to_python(value).replace("\x00", "")


class SearchForm(forms.Form):
    """The search page's query, and which kind of content to look in. The page
    writes its own fields (see search.html); the choices' labels also head each
    group of results."""

    KINDS = [
        ("", "Everything"),
        ("stories", "Stories"),
        ("letters", "Sample letters"),
        ("events", "Events"),
    ]

    q = QueryField(required=False)
    kind = forms.ChoiceField(choices=KINDS, required=False)

    def clean_q(self):
        # Over-long queries are cut rather than refused: a search should always
        # answer with something.
        return search.normalize(self.cleaned_data["q"])
