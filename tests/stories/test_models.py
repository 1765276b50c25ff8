from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from aasr_site.publishing import Status
from stories.models import Story
from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "offset", "public"),
    [
        (Status.PUBLISHED, timedelta(hours=-1), True),
        (Status.PUBLISHED, timedelta(hours=1), False),
        (Status.DRAFT, timedelta(hours=-1), False),
        (Status.DRAFT, timedelta(hours=1), False),
    ],
)
def test_published_needs_published_status_and_a_past_time(status, offset, public):
    story = StoryFactory(status=status, published_at=timezone.now() + offset)
    assert (story in Story.objects.published()) is public
    assert story.is_published() is public


def test_published_excludes_stories_without_a_publish_time():
    story = StoryFactory(published_at=None)
    assert story not in Story.objects.published()


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>Hello",
        '<img src="x" onerror="alert(1)">Hello',
        "[click](javascript:alert(1)) Hello",
        '<a href="javascript:alert(1)">Hello</a>',
        '<p onclick="alert(1)" style="color:red">Hello</p>',
        "<iframe src='https://evil.example'></iframe>Hello",
    ],
)
def test_markdown_body_is_sanitized(source):
    story = StoryFactory(body=source)
    html = story.body_html.lower()
    assert "hello" in html
    for bad in ["<script", "onerror", "javascript:", "onclick", "style=", "<iframe"]:
        assert bad not in html


def test_markdown_renders_paragraphs_and_emphasis():
    story = StoryFactory(
        body="First *paragraph*.\n\nSecond with [a link](https://example.org)."
    )
    assert "<p>First <em>paragraph</em>.</p>" in story.body_html
    assert 'href="https://example.org"' in story.body_html


def test_blank_byline_shows_as_anonymous():
    assert StoryFactory(byline="  ").author_name == "Anonymous"
    assert StoryFactory(byline="Sam").author_name == "Sam"


def test_excerpt_is_derived_from_the_body_when_blank():
    story = StoryFactory(excerpt="", body="**Bold** start. " + "word " * 100)
    assert story.summary.startswith("Bold start.")
    assert story.summary.endswith("…")
    assert StoryFactory(excerpt="Chosen words.").summary == "Chosen words."


def test_summary_from_the_body_leaves_out_its_headings():
    story = StoryFactory(
        excerpt="", body="The phone rang at 10:40.\n\n## What happened\n\nThey said."
    )
    assert story.summary == "The phone rang at 10:40. They said."
    assert story.body_text == "The phone rang at 10:40. What happened They said."


def test_summary_from_the_body_shows_ampersands_and_brackets_once_escaped(client):
    story = StoryFactory(excerpt="", body="Our IEP & 504 meeting: 3 < 5 hours.")
    assert story.summary == "Our IEP & 504 meeting: 3 < 5 hours."
    html = client.get("/stories/").content.decode()
    assert "Our IEP &amp; 504 meeting: 3 &lt; 5 hours." in html
    assert "&amp;amp;" not in html


def test_slug_is_made_from_the_title_and_kept_unique():
    first = Story.objects.create(title="The Impulsive Princess", body="x")
    second = Story.objects.create(title="The Impulsive Princess", body="y")
    assert first.slug == "the-impulsive-princess"
    assert second.slug == "the-impulsive-princess-2"
    assert first.get_absolute_url() == "/stories/the-impulsive-princess/"


def test_image_requires_alt_text():
    image = SimpleUploadedFile("a.png", b"not checked here", content_type="image/png")
    story = StoryFactory.build(image=image, image_alt="")
    with pytest.raises(ValidationError) as error:
        story.clean()
    assert "image_alt" in error.value.message_dict


def test_stored_images_keep_no_comment_exif_or_text_chunks():
    import io

    from PIL import Image, PngImagePlugin

    jpeg = io.BytesIO()
    Image.new("RGB", (40, 30)).save(jpeg, "JPEG", comment=b"taken at Lincoln School")
    png = io.BytesIO()
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Jordan Rivera")
    Image.new("RGB", (40, 30)).save(png, "PNG", pnginfo=text)
    for name, data in [("a.jpg", jpeg), ("b.png", png)]:
        upload = SimpleUploadedFile(name, data.getvalue())
        story = StoryFactory(image=upload, image_alt="A photo")
        with Image.open(story.image.path) as stored:
            assert not {"comment", "Author", "exif"} & set(stored.info)
