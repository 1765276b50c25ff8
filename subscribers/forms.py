from django import forms


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
    # A field people never see: bots that fill in every field give themselves away.
    website = forms.CharField(required=False, label="Leave this field empty")
    source = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))
