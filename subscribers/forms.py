from django import forms

TOPIC_CHOICES = [
    ("stories", "Stories"),
    ("events", "Events"),
    ("letters", "Letters and resources"),
]


class TopicsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(
            choices=TOPIC_CHOICES,
            label="What would you like to receive?",
            error_messages={"required": "Choose at least one topic."},
            **kwargs,
        )


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "placeholder": "you@example.org"}
        ),
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@example.org.",
            "max_length": "That address is too long (254 characters at most).",
        },
    )
    # Only the /subscribe/ page shows the topics; the short forms take all of them.
    topics = TopicsField(required=False)
    # A field people never see: bots that fill in every field give themselves away.
    website = forms.CharField(required=False, label="Leave this field empty")
    source = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, data=None, *args, **kwargs):
        every_topic = [value for value, _ in TOPIC_CHOICES]
        kwargs.setdefault("initial", {}).setdefault("topics", every_topic)
        if data is not None and "topics_shown" not in data:
            # A short form (home, footer) means every topic: shown again with an
            # error, the full form keeps them ticked.
            data = data.copy()
            data.setlist("topics", every_topic)
        super().__init__(data, *args, **kwargs)

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def chosen_topics(self) -> list[str]:
        # A form without the checkboxes (home, footer) means "everything".
        if "topics_shown" not in self.data:
            return [value for value, _ in TOPIC_CHOICES]
        return self.cleaned_data["topics"]

    def clean(self):
        cleaned = super().clean()
        if "topics_shown" in self.data and not cleaned.get("topics"):
            self.add_error("topics", "Choose at least one topic.")
        return cleaned


class PreferencesForm(forms.Form):
    topics = TopicsField(required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].error_messages["required"] = (
            "Choose at least one topic, or use “Unsubscribe from everything” below "
            "to stop all email."
        )
