"""A hostile export is refused before anything is expanded or fetched."""

import pytest
from django.core.management import CommandError

from stories.models import Story
from tests.wordpress.conftest import WXR_HEAD, wxr_item

pytestmark = pytest.mark.django_db

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""


def export_with_doctype(tmp_path, doctype: str, title: str):
    head = WXR_HEAD.replace('<?xml version="1.0" encoding="UTF-8" ?>\n', doctype)
    item = wxr_item(1).replace("<![CDATA[A post]]>", title)
    path = tmp_path / "hostile.xml"
    path.write_text(head + item + "</channel>\n</rss>\n", encoding="utf-8")
    return path


def test_billion_laughs_is_refused(tmp_path, run_import):
    export = export_with_doctype(tmp_path, BILLION_LAUGHS, "&lol9;")
    with pytest.raises(CommandError, match="refusing it for safety"):
        run_import(export)
    assert not Story.objects.exists()


def test_external_entity_is_refused_and_never_read(tmp_path, run_import):
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    doctype = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
    )
    export = export_with_doctype(tmp_path, doctype, "&xxe;")
    with pytest.raises(CommandError, match="refusing it for safety"):
        run_import(export)
    assert not Story.objects.exists()


def test_external_dtd_is_refused(tmp_path, run_import):
    doctype = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "https://evil.example/x.dtd">\n'
    )
    with pytest.raises(CommandError, match="refusing it for safety"):
        run_import(export_with_doctype(tmp_path, doctype, "Title"))


def test_malformed_xml_is_refused_with_a_clear_message(tmp_path, run_import):
    path = tmp_path / "broken.xml"
    path.write_text("<rss><channel><item></channel>")
    with pytest.raises(CommandError, match="not well-formed XML"):
        run_import(path)


def test_an_rss_feed_that_is_not_an_export_is_refused(tmp_path, run_import):
    path = tmp_path / "feed.xml"
    path.write_text('<rss version="2.0"><channel><title>x</title></channel></rss>')
    with pytest.raises(CommandError, match="not a WordPress export"):
        run_import(path)


def test_missing_file_is_a_clear_error(tmp_path, run_import):
    with pytest.raises(CommandError, match="No such file"):
        run_import(tmp_path / "nope.xml")
