from django import forms
from django.conf import settings

from aasr_site import images

from .models import ChangeRequest, Naming, Perspective

TITLE_MAX = 200
NAME_MAX = 120


class ShareStoryForm(forms.Form):
    """The public "Share your story" form: everything needed to publish a story
    safely, and nothing more."""

    title = forms.CharField(
        label="Title of your story",
        max_length=TITLE_MAX,
        error_messages={"required": "Give your story a title."},
    )
    body = forms.CharField(
        label="Your story",
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Write it as you would tell it. Leave a blank line between "
        "paragraphs. Please do not name other children, staff or schools.",
        error_messages={"required": "Write your story here."},
    )
    perspective = forms.ChoiceField(
        label="You are sharing as",
        choices=Perspective.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who you are sharing as."},
    )
    author_name = forms.CharField(
        label="Your name",
        max_length=NAME_MAX,
        required=False,
        help_text="Needed unless you choose “Anonymous”. We publish it only as you "
        "chose above.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    naming = forms.ChoiceField(
        label="How should we name you with your story?",
        choices=Naming.choices,
        initial=Naming.FIRST_NAME,
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="Only to contact you about your story. Never published.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your email address so we can contact you.",
            "invalid": "Enter an email address like name@example.org.",
        },
    )
    image = forms.ImageField(
        label="Photo",
        required=False,
        help_text="JPEG, PNG or WebP, up to 10 MB. Please no faces of children. "
        "Location and camera data are removed.",
        validators=[images.validate_image],
        error_messages={"invalid_image": "This file is not an image we can use."},
    )
    image_alt = forms.CharField(
        label="Describe the photo for people who cannot see it",
        help_text="Needed only if you add a photo.",
        max_length=250,
        required=False,
    )
    may_publish_and_edit = forms.BooleanField(
        label="AASR may publish my story on its website and edit it for length, "
        "clarity and privacy.",
        error_messages={
            "required": "Tick this box to let us publish your story: we only publish "
            "with your permission."
        },
    )
    has_right_to_share = forms.BooleanField(
        label="This is my story to share, or I have the right to share it.",
        error_messages={
            "required": "Tick this box to confirm this story is yours to share."
        },
    )
    no_other_child_named = forms.BooleanField(
        label="My story does not name any other child.",
        error_messages={
            "required": "Tick this box to confirm your story names no other child "
            "(take out their names first, if it does)."
        },
    )
    share_with_journalists = forms.BooleanField(
        label="AASR may share my story with journalists.", required=False
    )
    share_with_lawmakers = forms.BooleanField(
        label="AASR may share my story with lawmakers.", required=False
    )
    is_about_a_child = forms.BooleanField(
        label="This story is by or about a child under 18.", required=False
    )
    parent_permission = forms.BooleanField(
        label="I am the child's parent or guardian and I give permission.",
        required=False,
    )
    child_agreement = forms.BooleanField(
        label="The child agrees to share this story.", required=False
    )
    # Hidden from people; bots that fill every field give themselves away.
    website = forms.CharField(required=False, label="Leave this field empty")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Required unless the author chooses to be anonymous, or with a photo: not
        # "optional".
        self.fields["author_name"].conditionally_required = True
        self.fields["image_alt"].conditionally_required = True

    def clean_body(self):
        body = self.cleaned_data["body"]
        limit = settings.STORY_MAX_LENGTH
        if len(body) > limit:
            raise forms.ValidationError(
                f"Your story is {len(body):,} characters long; the limit is "
                f"{limit:,}. Please shorten it, or send it in two parts."
            )
        return body

    def clean(self):
        data = super().clean()
        naming = data.get("naming")
        if naming and naming != Naming.ANONYMOUS and not data.get("author_name"):
            self.add_error(
                "author_name",
                "Enter your name, or choose “Anonymous” to be named as nobody.",
            )
        if data.get("image") and not data.get("image_alt", "").strip():
            self.add_error(
                "image_alt", "Describe the photo for people who cannot see it."
            )
        if data.get("is_about_a_child"):
            if not data.get("parent_permission"):
                self.add_error(
                    "parent_permission",
                    "A story by or about a child needs a parent's or guardian's "
                    "permission.",
                )
            if not data.get("child_agreement"):
                self.add_error(
                    "child_agreement",
                    "A story by or about a child needs the child's agreement.",
                )
        if self.errors and self.files.get("image") and not self.has_error("image"):
            self.add_error(
                "image",
                "Please choose your photo again: we keep nothing you send until the "
                "whole form is ready.",
            )
        return data

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class ChangeRequestForm(forms.ModelForm):
    class Meta:
        model = ChangeRequest
        fields = ["kind", "naming", "new_name", "message"]
        widgets = {"kind": forms.RadioSelect, "naming": forms.RadioSelect}
        labels = {
            "kind": "What would you like us to do?",
            "naming": "How should we name you?",
            "new_name": "Your name as it should appear",
            "message": "Anything else we should know",
        }
        error_messages = {
            "kind": {"required": "Choose what you would like us to do."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio buttons with no blank "---------" choice among them.
        self.fields["kind"].choices = ChangeRequest.Kind.choices
        self.fields["naming"].choices = Naming.choices
        # Needed when changing how one is named: not "optional".
        self.fields["naming"].conditionally_required = True
        self.fields["naming"].help_text = "Needed only if you are changing your name."

    def clean(self):
        data = super().clean()
        if data.get("kind") == ChangeRequest.Kind.CHANGE_NAME and not data.get(
            "naming"
        ):
            self.add_error("naming", "Choose how we should name you.")
        return data
