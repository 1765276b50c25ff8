"""Importing the real export WordPress made from a small site."""

from datetime import UTC, datetime

import pytest
from django.contrib.redirects.models import Redirect
from django.core.files.storage import default_storage
from PIL import Image
from taggit.models import Tag

from stories.models import Story, StoryStatus
from tests.wordpress.conftest import EXPORT, UPLOADS

pytestmark = pytest.mark.django_db

POSTS = 12  # posts in the export: 9 published, 1 scheduled, 1 draft, 1 pending


def test_every_post_becomes_a_story_and_the_report_counts_them(imported):
    assert Story.objects.count() == POSTS
    assert "imported 12, updated 0, skipped 4, listed 1 page;" in imported
    assert "skipped 3: not a post (nav_menu_item)" in imported
    assert "skipped 1: page (name it with --page to list it)" in imported


def test_published_post_keeps_title_slug_author_date_and_categories(imported):
    story = Story.objects.get(wordpress_id=8)
    assert story.title == "The Impulsive Princess"
    assert story.slug == "the-impulsive-princess"
    assert story.byline == "Priya Vance"  # display name, not the login
    assert story.status == StoryStatus.PUBLISHED
    assert story.published_at == datetime(2024, 2, 14, 14, 0, tzinfo=UTC)
    assert story.is_published()
    assert story.perspective == "parent"  # category "Parents"
    assert set(story.tags.names()) == {"ADHD", "fire drills", "restraint", "Stories"}


def test_statuses_map_to_draft_and_scheduled(imported):
    draft = Story.objects.get(wordpress_id=19)
    pending = Story.objects.get(wordpress_id=21)
    future = Story.objects.get(wordpress_id=20)
    assert draft.status == pending.status == StoryStatus.DRAFT
    assert draft.published_at is None
    assert draft.slug == "notes-from-our-parent-support-circle"  # from its title
    assert future.status == StoryStatus.PUBLISHED and future.is_scheduled
    assert set(Story.objects.published().values_list("wordpress_id", flat=True)) == {
        4, 5, 6, 7, 8, 9, 11, 14, 17,
    }  # fmt: skip


def test_second_perspective_category_becomes_a_tag(imported):
    story = Story.objects.get(wordpress_id=21)  # categories Students and Teachers
    assert story.perspective == "student"
    assert "Teachers" in story.tags.names()


def test_category_without_a_perspective_becomes_a_tag(imported):
    story = Story.objects.get(wordpress_id=6)  # categories Advocacy and Stories
    assert story.perspective == "other"
    assert {"Advocacy", "Stories"} <= set(story.tags.names())
    assert not Tag.objects.filter(name="Uncategorized").exists()


def test_category_can_be_mapped_to_a_perspective(db, run_import):
    run_import(EXPORT, "--category", "advocacy=advocate")
    assert Story.objects.get(wordpress_id=6).perspective == "advocate"


def test_block_editor_post_becomes_markdown_paragraphs(imported):
    story = Story.objects.get(wordpress_id=4)
    assert "<!--" not in story.body and "<p>" not in story.body
    assert story.body.count("\n\n") == 2
    assert story.body_html.count("<p>") == 3


def test_block_editor_headings_lists_and_quotes_survive(imported):
    html = Story.objects.get(wordpress_id=11).body_html
    assert "<h2>Start with what happened before</h2>" in html
    assert html.count("<li>") == 5 and "<ol>" in html
    assert "<blockquote>" in html
    assert "<em>before</em>" in html
    assert "Bring a notebook and write down every answer." in html  # the caption
    assert "<img" not in html and "<figure" not in html


def test_classic_editor_post_gets_paragraphs_from_blank_lines(imported):
    story = Story.objects.get(wordpress_id=17)
    assert story.body_html.count("<p>") == 4
    assert "<br" not in story.body_html


def test_caption_shortcode_keeps_its_text_only(imported):
    html = Story.objects.get(wordpress_id=14).body_html
    assert "[caption" not in html and "[/caption]" not in html
    assert "<p>Our calm corner, the week we set it up.</p>" in html


def test_more_tag_marks_the_excerpt(imported):
    story = Story.objects.get(wordpress_id=9)
    assert story.excerpt.startswith("For most of third grade")
    assert story.excerpt.endswith("a latch on the outside.")
    assert "<!--more-->" not in story.body
    assert "I stood in the doorway" in story.body  # the body keeps everything


def test_written_excerpt_wins(imported):
    story = Story.objects.get(wordpress_id=14)
    assert story.excerpt.startswith("A second-grade teacher on trading")


def test_featured_image_is_reencoded_with_its_alt_text(imported):
    story = Story.objects.get(wordpress_id=9)
    assert story.image.name.startswith("stories/")
    assert (
        story.image_alt == "An empty school hallway with a closed door at the far end"
    )
    assert story.image_renditions
    with default_storage.open(story.image.name) as stored:
        image = Image.open(stored)
        assert image.size == (800, 500)
    assert Story.objects.get(wordpress_id=17).image_alt.startswith("Wide stone steps")


def test_post_without_a_featured_image_has_none(imported):
    assert not Story.objects.get(wordpress_id=4).image


def test_missing_upload_is_reported_and_the_story_still_imported(
    db, run_import, tmp_path
):
    report = run_import(EXPORT, "--uploads", tmp_path)
    story = Story.objects.get(wordpress_id=9)
    assert not story.image
    assert "featured image 2024/06/empty-hallway-door.jpg is not in uploads" in report


def test_named_page_is_listed_not_imported(imported):
    assert "Page “What are restraint and seclusion?”" in imported
    assert not Story.objects.filter(title__startswith="What are restraint").exists()
    assert not Story.objects.filter(title="About the Alliance").exists()


def test_running_twice_updates_instead_of_duplicating(imported, run_import):
    story = Story.objects.get(wordpress_id=8)
    story.title = "Changed here"
    story.save()
    image_name = Story.objects.get(wordpress_id=9).image.name
    redirects = Redirect.objects.count()

    report = run_import(EXPORT, "--uploads", UPLOADS)

    assert "imported 0, updated 12" in report
    assert Story.objects.count() == POSTS
    assert Story.objects.get(wordpress_id=8).title == "The Impulsive Princess"
    assert (
        Story.objects.get(wordpress_id=9).image.name == image_name
    )  # not copied again
    assert Redirect.objects.count() == redirects
    assert Tag.objects.filter(name="restraint").count() == 1


def test_dry_run_changes_nothing(db, run_import, settings):
    report = run_import(EXPORT, "--uploads", UPLOADS, "--dry-run")
    assert "Dry run, nothing changed. Would have: imported 12" in report
    assert not Story.objects.exists()
    assert not Redirect.objects.exists()
    assert not Tag.objects.exists()
    assert not (settings.MEDIA_ROOT / "stories").exists()


def test_dry_run_after_an_import_reports_updates_and_changes_nothing(
    imported, run_import
):
    Story.objects.filter(wordpress_id=8).update(title="Changed here")
    report = run_import(EXPORT, "--dry-run")
    assert "Would have: imported 0, updated 12" in report
    assert Story.objects.get(wordpress_id=8).title == "Changed here"
