"""Exports the tests write: odd posts, hostile HTML, failures part-way."""

from unittest import mock

import pytest
from django.core.files.storage import default_storage
from PIL import Image
from taggit.managers import _TaggableManager

from stories.models import Story
from tests.factories import StoryFactory
from tests.images import GPS_IFD, image_bytes
from tests.wordpress.conftest import WXR_HEAD, wxr_item

pytestmark = pytest.mark.django_db


def test_unicode_titles_bodies_and_names_survive(write_export, run_import):
    export = write_export(
        wxr_item(
            1,
            title="Élan, ça va — 子どもたち",
            slug="%c3%a9lan-ca-va",
            content="Ünïcödé “quotes” &amp; emoji 🌱\n\nSecond paragraph.",
        )
    )
    run_import(export)
    story = Story.objects.get(wordpress_id=1)
    assert story.title == "Élan, ça va — 子どもたち"
    assert story.slug == "elan-ca-va"
    assert story.byline == "Ana Núñez"
    assert "Ünïcödé “quotes” &amp; emoji 🌱" in story.body_html
    assert story.body_html.count("<p>") == 2


def test_ampersands_wordpress_stored_as_entities_are_plain_again(
    write_export, run_import, client
):
    head = WXR_HEAD.replace("Ana Núñez", "Ana &amp; Bo")
    terms = [("post_tag", "iep-504", "IEP &amp; 504")]
    item = wxr_item(3, title="Tom &amp; Jerry&#8217;s school", terms=terms)
    run_import(write_export(item, head=head))
    story = Story.objects.get(wordpress_id=3)
    assert story.title == "Tom & Jerry’s school"
    assert story.byline == "Ana & Bo"
    assert list(story.tags.values_list("name", "slug")) == [("IEP & 504", "iep-504")]
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Tom &amp; Jerry’s school" in html and "IEP &amp; 504" in html
    assert "&amp;amp;" not in html


def test_post_with_no_title_gets_its_first_words(write_export, run_import):
    export = write_export(
        wxr_item(2, title="", content="My son came home with bruises on his arms.")
    )
    report = run_import(export)
    story = Story.objects.get(wordpress_id=2)
    assert story.title.startswith("My son came home with bruises")
    assert "has no title" in report


def test_post_with_only_an_inline_image_is_skipped(write_export, run_import):
    content = '<img src="https://old.example.org/a.jpg" alt="">'
    report = run_import(write_export(wxr_item(3, title="", content=content)))
    assert not Story.objects.exists()
    assert "skipped 1: no text" in report


def test_post_with_no_title_and_no_slug_still_gets_an_address(write_export, run_import):
    run_import(write_export(wxr_item(3, title="", content="Ok.", slug="")))
    story = Story.objects.get(wordpress_id=3)
    assert story.title == "Ok."
    assert story.slug == "ok"


def test_post_with_no_text_is_skipped_and_counted(write_export, run_import):
    report = run_import(write_export(wxr_item(3, content=" ")))
    assert not Story.objects.exists()
    assert "skipped 1: no text" in report


def test_duplicate_slugs_get_a_unique_one_and_both_old_links_work(
    write_export, run_import, client
):
    StoryFactory(slug="same-name")
    export = write_export(
        wxr_item(
            4, title="One", slug="same-name", link="https://o.example/a/same-name/"
        ),
        wxr_item(
            5, title="Two", slug="same-name", link="https://o.example/b/same-name/"
        ),
    )
    run_import(export)
    slugs = {Story.objects.get(wordpress_id=i).slug for i in (4, 5)}
    assert slugs == {"same-name-2", "same-name-3"}
    assert client.get("/a/same-name/").url == "/stories/same-name-2/"
    assert client.get("/b/same-name/").url == "/stories/same-name-3/"


def test_private_and_trashed_posts_are_skipped_and_counted(write_export, run_import):
    export = write_export(
        wxr_item(6, status="private"),
        wxr_item(7, status="trash"),
        wxr_item(8, status="publish"),
    )
    report = run_import(export)
    assert list(Story.objects.values_list("wordpress_id", flat=True)) == [8]
    assert "skipped 1: status “private”" in report
    assert "skipped 1: status “trash”" in report


def test_imported_html_is_sanitized(write_export, run_import):
    hostile = (
        "<p onclick=\"steal()\">Hello <script>alert('x')</script>there</p>\n"
        '<p><a href="javascript:alert(1)">click</a> '
        '<a href="https://aasr.example.org/ok" style="color:red">fine</a></p>\n'
        '<iframe src="https://evil.example/"></iframe>\n'
        "<style>body{display:none}</style>\n"
        '<p><img src="x" onerror="steal()"><span style="x">styled</span></p>'
    )
    run_import(write_export(wxr_item(9, content=hostile)))
    html = Story.objects.get(wordpress_id=9).body_html
    for forbidden in (
        "<script", "alert(", "onclick", "javascript:", "<iframe", "<style",
        "style=", "onerror", "<img", "display:none",
    ):  # fmt: skip
        assert forbidden not in html
    assert "Hello" in html and "there" in html and "styled" in html
    assert '<a href="https://aasr.example.org/ok" rel="noopener noreferrer">' in html


def test_classic_editor_line_breaks_and_block_tags(write_export, run_import):
    content = (
        "First line\nsame paragraph\n\n<h2>Heading</h2>\nAfter the heading\n\n"
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n\nLast"
    )
    run_import(write_export(wxr_item(10, content=content)))
    html = Story.objects.get(wordpress_id=10).body_html
    assert "<p>First line<br>\nsame paragraph</p>" in html
    assert "<h2>Heading</h2>" in html
    assert "<p>After the heading</p>" in html
    assert "<li>one</li>" in html and "<li>two</li>" in html
    assert "<p>Last</p>" in html


def test_block_comments_and_shortcodes_give_way_to_text(write_export, run_import):
    content = (
        '<!-- wp:paragraph -->\n<p>Before [gallery ids="1,2"] after.</p>\n'
        "<!-- /wp:paragraph -->\n\n"
        '<!-- wp:shortcode -->\n[pullquote align="left"]Kept words[/pullquote]\n'
        "<!-- /wp:shortcode -->\n\n"
        "<!-- wp:paragraph -->\n<p>Write to [School name] today.</p>\n"
        "<!-- /wp:paragraph -->"
    )
    run_import(write_export(wxr_item(11, content=content)))
    story = Story.objects.get(wordpress_id=11)
    assert "wp:" not in story.body and "gallery" not in story.body
    assert "Kept words" in story.body_html and "pullquote" not in story.body
    assert "[School name]" in story.body_html  # brackets that are not shortcodes


def test_bare_video_url_on_its_own_line_becomes_a_link(write_export, run_import):
    classic = (
        "Watch this:\n\nhttps://www.youtube.com/watch?v=abc123\n\n"
        "[embed]https://vimeo.com/12345[/embed]\n\n"
        "[youtube https://www.youtube.com/watch?v=def456]\n\nThe end."
    )
    block = (
        '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=ghi789"} -->\n'
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
        "https://www.youtube.com/watch?v=ghi789\n</div></figure>\n<!-- /wp:embed -->"
    )
    paragraph = (
        "<!-- wp:paragraph -->\n<p>https://vimeo.com/777</p>\n<!-- /wp:paragraph -->"
    )
    run_import(
        write_export(
            wxr_item(12, content=classic),
            wxr_item(13, content=block),
            wxr_item(14, content=paragraph),
        )
    )
    assert (
        '<a href="https://vimeo.com/777"'
        in Story.objects.get(wordpress_id=14).body_html
    )
    html = Story.objects.get(wordpress_id=12).body_html
    for url in (
        "https://www.youtube.com/watch?v=abc123",
        "https://vimeo.com/12345",
        "https://www.youtube.com/watch?v=def456",
    ):
        assert f'<a href="{url}" rel="noopener noreferrer">{url}</a>' in html
    assert "[embed" not in html and "[youtube" not in html
    url = "https://www.youtube.com/watch?v=ghi789"
    assert f'<a href="{url}"' in Story.objects.get(wordpress_id=13).body_html


def test_featured_image_loses_its_location_data(write_export, run_import, tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2023/05").mkdir(parents=True)
    (uploads / "2023/05/kid.jpg").write_bytes(image_bytes(with_exif=True))
    export = write_export(
        wxr_item(20, meta={"_thumbnail_id": 21}),
        wxr_item(
            21,
            post_type="attachment",
            status="inherit",
            parent=20,
            meta={
                "_wp_attached_file": "2023/05/kid.jpg",
                "_wp_attachment_image_alt": "A kite",
            },
        ),
    )
    run_import(export, "--uploads", uploads)
    story = Story.objects.get(wordpress_id=20)
    assert story.image_alt == "A kite"
    with default_storage.open(story.image.name) as stored:
        exif = Image.open(stored).getexif()
    assert not exif and not exif.get_ifd(GPS_IFD)


def test_featured_image_without_alt_text_is_left_out(
    write_export, run_import, tmp_path
):
    uploads = tmp_path / "uploads"
    (uploads / "2023/05").mkdir(parents=True)
    (uploads / "2023/05/kid.jpg").write_bytes(image_bytes())
    export = write_export(
        wxr_item(22, meta={"_thumbnail_id": 23}),
        wxr_item(
            23,
            post_type="attachment",
            status="inherit",
            meta={"_wp_attached_file": "2023/05/kid.jpg"},
        ),
    )
    report = run_import(export, "--uploads", uploads)
    assert not Story.objects.get(wordpress_id=22).image
    assert "has no alt text" in report


def test_attachment_path_cannot_leave_the_uploads_folder(
    write_export, run_import, tmp_path
):
    (tmp_path / "secret.jpg").write_bytes(image_bytes())
    (tmp_path / "uploads").mkdir()
    export = write_export(
        wxr_item(24, meta={"_thumbnail_id": 25}),
        wxr_item(
            25,
            post_type="attachment",
            status="inherit",
            meta={
                "_wp_attached_file": "../secret.jpg",
                "_wp_attachment_image_alt": "x",
            },
        ),
    )
    report = run_import(export, "--uploads", tmp_path / "uploads")
    assert not Story.objects.get(wordpress_id=24).image
    assert "is not in uploads" in report


def test_a_bad_item_is_reported_and_leaves_nothing_behind(write_export, run_import):
    export = write_export(wxr_item(30, title="Good"), wxr_item(31, title="Breaks"))
    original = _TaggableManager.set

    def failing_set(manager, tags, **kwargs):
        if manager.instance.title == "Breaks":
            raise ValueError("tags could not be saved")
        return original(manager, tags, **kwargs)

    with mock.patch.object(_TaggableManager, "set", failing_set):
        report = run_import(export)
    assert list(Story.objects.values_list("wordpress_id", flat=True)) == [30]
    assert "post 31 “Breaks” was not imported: tags could not be saved" in report
    assert "skipped 1: could not be imported" in report


def test_a_too_long_excerpt_is_shortened_to_fit(write_export, run_import):
    run_import(write_export(wxr_item(32, excerpt="word " * 400)))
    assert len(Story.objects.get(wordpress_id=32).excerpt) <= 600


def test_tags_keep_their_script_and_punctuation_only_tags_are_left_out(
    write_export, run_import, client
):
    terms = [("post_tag", "kodomo", "子ども"), ("post_tag", "e", "école"),
             ("post_tag", "x", "!!!")]  # fmt: skip
    report = run_import(write_export(wxr_item(40, terms=terms)))
    story = Story.objects.get(wordpress_id=40)
    assert set(story.tags.values_list("slug", flat=True)) == {"子ども", "école"}
    assert "tag “!!!” left out" in report
    html = client.get(story.get_absolute_url()).content.decode()
    assert "/stories/tag/%E5%AD%90%E3%81%A9%E3%82%82/" in html
    assert client.get("/stories/tag/子ども/").status_code == 200


def test_broken_image_file_is_reported_and_the_story_kept(
    write_export, run_import, tmp_path
):
    uploads = tmp_path / "uploads"
    (uploads / "2023/05").mkdir(parents=True)
    (uploads / "2023/05/broken.jpg").write_bytes(b"<?php echo 'not an image'; ?>")
    export = write_export(
        wxr_item(50, meta={"_thumbnail_id": 51}),
        wxr_item(
            51,
            post_type="attachment",
            status="inherit",
            meta={
                "_wp_attached_file": "2023/05/broken.jpg",
                "_wp_attachment_image_alt": "A photo",
            },
        ),
    )
    report = run_import(export, "--uploads", uploads)
    assert not Story.objects.get(wordpress_id=50).image
    assert (
        "featured image 2023/05/broken.jpg left out: This file is not an image"
        in report
    )
