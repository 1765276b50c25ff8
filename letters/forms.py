import re
from datetime import date, timedelta

from django import forms
from django.utils.text import capfirst

from .models import Audience, Letter, LetterKind
from .placeholders import fill, segments

# Let phones offer what they know about the sender, never about the child.
AUTOCOMPLETE = {
    "your name": "name",
    "your address": "street-address",
    "your email": "email",
    "your email address": "email",
    "your phone": "tel",
    "your phone number": "tel",
}
# Placeholders that ask for sentences rather than a name, a date or a few words: long
# ones, and ones written as a sentence ("Describe what happened.").
LONG_PLACEHOLDER_LENGTH = 45
SHORT_VALUE_MAX = 300
LONG_VALUE_MAX = 4000
FORMATS = ["html", "txt", "docx", "ics"]


LINE_BREAKS = re.compile(r"\r\n|[\r\v\f\x85\u2028\u2029]")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def plain_lines(typed: str) -> str:
    return CONTROL_CHARACTERS.sub("", LINE_BREAKS.sub("\n", typed))


class ErrorsTiedToFieldsMixin:
    """Point each invalid field at its message (id "<field id>-error")."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                hint = attrs.get("aria-describedby", "")
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{name}-error {hint}".strip()


class LetterFilterForm(ErrorsTiedToFieldsMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Kind of letter",
        required=False,
        choices=[("", "All kinds"), *LetterKind.choices],
    )
    audience = forms.ChoiceField(
        label="Written to", required=False, choices=[("", "Anyone"), *Audience.choices]
    )
    tag = forms.ChoiceField(label="Topic", required=False)

    def __init__(self, *args, tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = [
            ("", "All topics"),
            *((tag.slug, tag.name) for tag in tags),
        ]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = (
                "“%(value)s” is not one of the choices, so this filter is not used."
            )

    @property
    def filters(self) -> dict[str, str]:
        """The valid choices; an unknown one is left out rather than spoiling all."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


class PersonalizeForm(ErrorsTiedToFieldsMixin, forms.Form):
    """One field per placeholder; what is typed here is never stored or logged."""

    sent_on = forms.DateField(
        label="Date you send the letter",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a date like 2026-11-28."},
    )

    def __init__(self, *args, letter: Letter, action: str = "html", **kwargs):
        super().__init__(*args, **kwargs)
        self.letter = letter
        if action not in FORMATS or (action == "ics" and not letter.starts_a_clock):
            action = "html"
        self.action = action
        self.placeholder_fields = {}
        sent_on = self.fields.pop("sent_on")
        for number, name in enumerate(letter.placeholders, start=1):
            field_name = f"field_{number}"
            self.fields[field_name] = self.placeholder_field(name)
            self.placeholder_fields[field_name] = name
        if letter.starts_a_clock:
            sent_on.widget.attrs["aria-describedby"] = "id_sent_on-hint"
            self.fields["sent_on"] = sent_on

    @property
    def sent_on_hint(self) -> str:
        return (
            f"The answer is due within {self.letter.response_days} days of the day "
            "your letter arrives. Enter the date you send it: counting from that day "
            "puts the reminder on the safe side, a little early rather than late. "
            "The calendar file reminds you a week before and on the day."
        )

    @staticmethod
    def placeholder_field(name: str) -> forms.CharField:
        is_long = len(name) >= LONG_PLACEHOLDER_LENGTH or name.endswith((".", ":"))
        max_length = LONG_VALUE_MAX if is_long else SHORT_VALUE_MAX
        attrs = {"autocomplete": AUTOCOMPLETE.get(name.lower(), "off")}
        return forms.CharField(
            label=capfirst(name),
            required=False,
            max_length=max_length,
            widget=(
                forms.Textarea(attrs={"rows": 4, **attrs})
                if is_long
                else forms.TextInput(attrs=attrs)
            ),
            error_messages={
                "max_length": f"Keep this under {max_length} characters "
                "(it has %(show_value)d)."
            },
        )

    def clean(self):
        cleaned = super().clean()
        if (
            self.action == "ics"
            and not cleaned.get("sent_on")
            and not self.has_error("sent_on")
        ):
            self.add_error(
                "sent_on",
                "Enter the date you send the letter, to work out when the answer "
                "is due.",
            )
        return cleaned

    def clean_sent_on(self):
        sent_on = self.cleaned_data.get("sent_on")
        if sent_on and not date(1900, 1, 1) <= sent_on <= date(9000, 12, 31):
            raise forms.ValidationError("Enter a date like 2026-11-28.")
        return sent_on

    @property
    def values(self) -> dict[str, str]:
        """What was typed for each placeholder, as plain lines: Windows line ends,
        and the line and page breaks text pasted from Word carries, become "\n";
        other control characters, which no document may hold, are dropped."""
        return {
            placeholder: plain_lines(self.cleaned_data.get(field_name, ""))
            for field_name, placeholder in self.placeholder_fields.items()
        }

    def placeholder_boundfields(self):
        return [self[name] for name in self.placeholder_fields]

    @property
    def filled_text(self) -> str:
        return fill(self.letter.body, self.values)

    @property
    def filled_segments(self):
        return segments(self.letter.body, self.values)

    @property
    def due_on(self) -> date | None:
        sent_on = self.cleaned_data.get("sent_on")
        if sent_on and self.letter.starts_a_clock:
            return sent_on + timedelta(days=self.letter.response_days)
        return None
