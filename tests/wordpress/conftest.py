"""Helpers for the WordPress move: the real export in fixtures/, and small exports
written by the tests for edge cases."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURES = Path(__file__).parent / "fixtures"
EXPORT = FIXTURES / "wordpress-export.xml"
UPLOADS = FIXTURES / "uploads"

WXR_HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Test site</title>
  <link>https://old.example.org</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:author><wp:author_login>ana</wp:author_login>
    <wp:author_display_name><![CDATA[Ana Núñez]]></wp:author_display_name></wp:author>
"""
WXR_TAIL = "</channel>\n</rss>\n"


def wxr_item(
    post_id,
    *,
    title="A post",
    content="Some words from the old site.",
    slug=None,
    status="publish",
    post_type="post",
    date="2023-05-10 14:00:00",
    excerpt="",
    terms=(),
    meta=None,
    parent=0,
    link=None,
):
    slug = f"post-{post_id}" if slug is None else slug
    link = link or f"https://old.example.org/2023/05/10/{slug}/"
    categories = "".join(
        f'<category domain="{domain}" nicename="{nice}"><![CDATA[{name}]]></category>'
        for domain, nice, name in terms
    )
    postmeta = "".join(
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
        f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
        for key, value in (meta or {}).items()
    )
    return f"""
  <item>
    <title><![CDATA[{title}]]></title>
    <link>{link}</link>
    <dc:creator><![CDATA[ana]]></dc:creator>
    <content:encoded><![CDATA[{content}]]></content:encoded>
    <excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
    <wp:post_id>{post_id}</wp:post_id>
    <wp:post_date><![CDATA[{date}]]></wp:post_date>
    <wp:post_date_gmt><![CDATA[{date}]]></wp:post_date_gmt>
    <wp:post_name><![CDATA[{slug}]]></wp:post_name>
    <wp:status><![CDATA[{status}]]></wp:status>
    <wp:post_parent>{parent}</wp:post_parent>
    <wp:post_type><![CDATA[{post_type}]]></wp:post_type>
    {categories}{postmeta}
  </item>"""


@pytest.fixture
def write_export(tmp_path):
    """Write a small export from wxr_item() strings; returns its path."""

    def write(*items, head=WXR_HEAD, name="export.xml"):
        path = tmp_path / name
        path.write_text(head + "".join(items) + WXR_TAIL, encoding="utf-8")
        return path

    return write


@pytest.fixture
def run_import():
    """Run import_wordpress and return what it printed."""

    def run(*args, **options):
        out = StringIO()
        call_command("import_wordpress", *map(str, args), stdout=out, **options)
        return out.getvalue()

    return run


@pytest.fixture
def imported(db, run_import):
    """The real export, imported with its uploads; returns the report."""
    return run_import(
        EXPORT, "--uploads", UPLOADS, "--page", "restraint-and-seclusion=explainer"
    )
