"""Every old WordPress address answers a permanent redirect to its new page."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stories.models import Story
from tests.wordpress.conftest import WXR_HEAD, wxr_item

pytestmark = pytest.mark.django_db


def assert_moved(client, old, new):
    response = client.get(old)
    assert response.status_code == 301, old
    assert response["Location"] == new
    return response


def test_old_permalink_redirects_to_the_story(imported, client):
    assert_moved(
        client,
        "/2024/02/14/the-impulsive-princess/",
        "/stories/the-impulsive-princess/",
    )
    assert client.get("/stories/the-impulsive-princess/").status_code == 200


def test_old_permalink_without_its_trailing_slash_redirects(imported, client):
    assert_moved(
        client, "/2024/02/14/the-impulsive-princess", "/stories/the-impulsive-princess/"
    )


def test_every_imported_post_has_its_old_links(imported, client):
    for story in Story.objects.all():
        assert_moved(client, f"/?p={story.wordpress_id}", story.get_absolute_url())


def test_plain_post_link_with_other_parameters_still_redirects(imported, client):
    story = Story.objects.get(wordpress_id=9)
    assert_moved(client, "/?p=9&utm_source=newsletter", story.get_absolute_url())


def test_attachment_page_redirects_to_its_story(imported, client):
    assert_moved(
        client,
        "/2024/06/03/the-day-i-asked-to-see-the-room/empty-hallway-with-a-closed-door/",
        "/stories/the-day-i-asked-to-see-the-room/",
    )


def test_category_archive_redirects_to_the_perspective_listing(imported, client):
    response = assert_moved(
        client, "/category/parents/", "/stories/?perspective=parent"
    )
    assert client.get(response["Location"]).status_code == 200
    assert_moved(client, "/category/teachers/", "/stories/?perspective=teacher")
    assert_moved(client, "/?cat=3", "/stories/?perspective=parent")


def test_later_pages_of_an_archive_redirect_like_the_first(imported, client):
    assert_moved(client, "/category/parents/page/2/", "/stories/?perspective=parent")
    assert_moved(client, "/tag/restraint/page/3/", "/stories/tag/restraint/")


def test_category_without_a_perspective_redirects_to_its_tag(imported, client):
    response = assert_moved(client, "/category/advocacy/", "/stories/tag/advocacy/")
    assert client.get(response["Location"]).status_code == 200
    assert_moved(client, "/category/uncategorized/", "/stories/")


def test_tag_archive_redirects_to_the_tag_listing(imported, client):
    response = assert_moved(client, "/tag/504-plan/", "/stories/tag/504-plan/")
    assert client.get(response["Location"]).status_code == 200
    assert_moved(client, "/?tag=iep", "/stories/tag/iep/")


def test_feed_redirects_to_the_stories_feed(imported, client):
    response = assert_moved(client, "/feed/", reverse("stories:feed"))
    assert client.get(response["Location"]).status_code == 200


def test_named_page_redirects_by_its_id(imported, client):
    assert_moved(client, "/?page_id=23", reverse("explainer"))


def test_home_page_still_answers_with_or_without_unknown_parameters(imported, client):
    assert client.get("/").status_code == 200
    assert client.get("/?p=999999").status_code == 200
    assert client.get("/?utm_source=x").status_code == 200


def test_home_page_does_not_look_up_redirects(imported, client):
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert not any("django_redirect" in q["sql"] for q in queries.captured_queries)


def test_unknown_old_address_is_still_a_404(imported, client):
    assert client.get("/2019/01/01/never-existed/").status_code == 404
    assert client.get("/category/never/page/2/").status_code == 404


def test_redirects_are_editable_in_the_admin(imported, admin_client):
    changelist = admin_client.get(reverse("admin:redirects_redirect_changelist"))
    assert changelist.status_code == 200
    redirect = Redirect.objects.get(old_path="/feed/")
    response = admin_client.post(
        reverse("admin:redirects_redirect_change", args=[redirect.pk]),
        {"site": redirect.site_id, "old_path": "/feed/", "new_path": "/stories/"},
    )
    assert response.status_code == 302
    redirect.refresh_from_db()
    assert redirect.new_path == "/stories/"


def test_admin_view_on_site_does_not_point_at_a_placeholder_domain(
    imported, admin_client
):
    story = Story.objects.get(wordpress_id=8)
    content_type = ContentType.objects.get_for_model(Story)
    response = admin_client.get(
        reverse("admin:view_on_site", args=[content_type.pk, story.pk])
    )
    assert response["Location"] == f"http://aasr.example.org{story.get_absolute_url()}"


def test_the_site_row_is_not_django_placeholder(db):
    # Set by the stories migration from SITE_URL when the database was created.
    assert Site.objects.get(pk=1).domain not in ("", "example.com")


def test_unicode_permalink_and_tag_archive_redirect(write_export, run_import, client):
    head_tag = (
        "<wp:tag><wp:term_id>9</wp:term_id><wp:tag_slug>%c3%a9cole</wp:tag_slug>"
        "<wp:tag_name><![CDATA[école]]></wp:tag_name></wp:tag>\n"
    )
    export = write_export(
        wxr_item(
            1,
            title="Élan",
            slug="%c3%a9lan",
            link="https://old.example.org/2023/05/10/%c3%a9lan/",
            terms=[("post_tag", "%c3%a9cole", "école")],
        ),
        head=WXR_HEAD + head_tag,
    )
    run_import(export)
    assert_moved(client, "/2023/05/10/élan/", "/stories/elan/")
    assert_moved(client, "/2023/05/10/%C3%A9lan/", "/stories/elan/")
    assert client.get("/stories/elan/").status_code == 200  # its tag links reverse
    tag_page = reverse("stories:tag", args=[Story.objects.get().tags.get().slug])
    assert tag_page == "/stories/tag/%C3%A9cole/"
    assert_moved(client, "/tag/école/", tag_page)
    assert_moved(client, "/tag/école/page/2/", tag_page)
    assert_moved(client, "/?tag=%C3%A9cole", tag_page)


def test_old_links_take_a_fixed_number_of_queries(
    db, client, django_assert_max_num_queries
):
    Redirect.objects.bulk_create(
        Redirect(site_id=1, old_path=f"/2020/01/01/post-{n}/", new_path=f"/s/{n}/")
        for n in range(200)
    )
    Redirect.objects.bulk_create(
        Redirect(site_id=1, old_path=f"/?p={n}", new_path=f"/s/{n}/")
        for n in range(200)
    )
    with django_assert_max_num_queries(2):
        assert client.get("/2020/01/01/post-150/").status_code == 301
    with django_assert_max_num_queries(1):
        assert client.get("/?p=150").status_code == 301


def test_a_site_can_still_be_added_after_the_migration(db):
    # The migration writes site 1 with an explicit id; PostgreSQL's sequence must
    # have moved past it.
    assert Site.objects.create(domain="other.example.org", name="Other").pk != 1


def test_old_image_file_redirects_to_the_imported_image(imported, client):
    story = Story.objects.get(wordpress_id=9)
    assert_moved(
        client, "/wp-content/uploads/2024/06/empty-hallway-door.jpg", story.image.url
    )
