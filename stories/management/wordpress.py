"""Reading a WordPress export (WXR) safely, and turning WordPress post HTML into the
Markdown our stories are written in."""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import unescape
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.utils.text import Truncator
from markdownify import markdownify

from aasr_site.markdown import text_of_html

NS = {
    "wp": "http://wordpress.org/export/1.2/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
EXCERPT_MAX_LENGTH = 600


class ExportError(Exception):
    """The file is not a WordPress export we can read safely."""


@dataclass
class Term:
    taxonomy: str  # "category" or "post_tag"
    slug: str
    name: str
    term_id: str = ""


@dataclass
class Item:
    post_id: int
    post_type: str
    status: str
    title: str
    link: str
    slug: str
    content: str
    excerpt: str
    creator: str
    date_gmt: str
    date_local: str
    terms: list[Term] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    parent_id: int = 0
    attachment_url: str = ""

    @property
    def old_path(self) -> str:
        """The old address without the domain: "/2024/02/14/slug/" or "/?p=12"."""
        parts = urlsplit(self.link)
        path = request_path(parts.path or "/")
        return f"{path}?{parts.query}" if parts.query else path


@dataclass
class Export:
    authors: dict[str, str]
    terms: list[Term]
    items: list[Item]

    def attachments(self) -> dict[int, Item]:
        return {i.post_id: i for i in self.items if i.post_type == "attachment"}


def request_path(path: str) -> str:
    """A path escaped the way Django's request.get_full_path() escapes it, which is
    what redirects are looked up by (WordPress writes "%c3%a9", Django "%C3%A9")."""
    return escape_uri_path(unquote(path))


def _text(element, path: str) -> str:
    found = element.find(path, NS)
    return (found.text or "") if found is not None else ""


def _name(element, path: str) -> str:
    """A title or a name as people typed it: WordPress stores "&" in titles, terms
    and display names as "&amp;", which a page would then escape again."""
    return unescape(_text(element, path)).strip()


def _int(value: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        return 0


def read_export(path) -> Export:
    """Parse a WXR file, refusing DTDs and entities (billion laughs, external
    entities) before anything is expanded."""
    try:
        root = ElementTree.parse(
            path, forbid_dtd=True, forbid_entities=True, forbid_external=True
        ).getroot()
    except DefusedXmlException as error:
        raise ExportError(
            f"The file declares a DTD or entities, which a WordPress export never "
            f"does; refusing it for safety ({type(error).__name__})."
        ) from None
    except ParseError as error:
        raise ExportError(f"The file is not well-formed XML: {error}.") from None
    channel = root.find("channel")
    is_wxr = channel is not None and channel.find("wp:wxr_version", NS) is not None
    if root.tag != "rss" or not is_wxr:
        raise ExportError("The file is not a WordPress export (WXR) file.")

    authors = {
        _text(a, "wp:author_login"): _name(a, "wp:author_display_name")
        for a in channel.findall("wp:author", NS)
    }
    terms = [
        Term(
            "category",
            _text(c, "wp:category_nicename"),
            _name(c, "wp:cat_name"),
            _text(c, "wp:term_id"),
        )
        for c in channel.findall("wp:category", NS)
    ] + [
        Term(
            "post_tag",
            _text(t, "wp:tag_slug"),
            _name(t, "wp:tag_name"),
            _text(t, "wp:term_id"),
        )
        for t in channel.findall("wp:tag", NS)
    ]
    items = []
    for element in channel.findall("item"):
        items.append(
            Item(
                post_id=_int(_text(element, "wp:post_id")),
                post_type=_text(element, "wp:post_type"),
                status=_text(element, "wp:status"),
                title=_name(element, "title"),
                link=_text(element, "link").strip(),
                slug=_text(element, "wp:post_name").strip(),
                content=_text(element, "content:encoded"),
                excerpt=_text(element, "excerpt:encoded"),
                creator=_text(element, "dc:creator"),
                date_gmt=_text(element, "wp:post_date_gmt"),
                date_local=_text(element, "wp:post_date"),
                terms=[
                    Term(
                        c.get("domain", ""),
                        c.get("nicename", ""),
                        unescape(c.text or "").strip(),
                    )  # fmt: skip
                    for c in element.findall("category")
                ],
                meta={
                    _text(m, "wp:meta_key"): _text(m, "wp:meta_value")
                    for m in element.findall("wp:postmeta", NS)
                },
                parent_id=_int(_text(element, "wp:post_parent")),
                attachment_url=_text(element, "wp:attachment_url").strip(),
            )
        )
    return Export(authors=authors, terms=terms, items=items)


def publish_date(item: Item) -> datetime | None:
    """The post's date: its GMT date, else its local date read in the site's zone.
    Drafts carry "0000-00-00 00:00:00" as their GMT date."""
    for value, zone in ((item.date_gmt, UTC), (item.date_local, None)):
        try:
            parsed = datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")
        except ValueError:
            continue
        if zone is UTC:
            return parsed.replace(tzinfo=UTC)
        return timezone.make_aware(parsed)
    return None


def attachment_file(attachment: Item) -> str:
    """The attachment's path inside wp-content/uploads, e.g. "2024/06/photo.jpg"."""
    relative = attachment.meta.get("_wp_attached_file", "")
    if not relative:
        marker = "/wp-content/uploads/"
        url = attachment.attachment_url
        relative = url.split(marker, 1)[1] if marker in url else ""
    return str(PurePosixPath(relative))


# --- HTML to Markdown -------------------------------------------------------------

BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
MORE = re.compile(r"<!--more(?:.*?)-->", re.DOTALL)
ANY_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
CAPTION = re.compile(
    r"\[(?:wp_)?caption[^\]]*\](.*?)\[/(?:wp_)?caption\]", re.DOTALL | re.IGNORECASE
)
IMAGE = re.compile(r"(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", re.IGNORECASE)
EMBED = re.compile(r"\[embed[^\]]*\](.*?)\[/embed\]", re.DOTALL | re.IGNORECASE)
# Jetpack's and core's media shortcodes: keep where the media lives, as a link.
MEDIA_SHORTCODE = re.compile(
    r"\[(?:youtube|vimeo|video|audio|dailymotion|ted)\b[^\]]*?(https?://[^\s\"'\]]+)"
    r"[^\]]*\](?:.*?\[/(?:video|audio)\])?",
    re.DOTALL | re.IGNORECASE,
)
ENCLOSING_SHORTCODE = re.compile(
    r"\[([a-z][\w-]*)(?:\s[^\]]*)?\](.*?)\[/\1\]", re.DOTALL | re.IGNORECASE
)
KNOWN_SELF_CLOSING = (
    "gallery|playlist|contact-form|contact-field|jetpack_subscription_form|"
    "jetpack_top_posts_widget|subscribe|instagram|twitter|tweet|recipe|wpvideo|"
    "polldaddy|crowdsignal|archives|sitemap|googlemaps|slideshow|embed"
)
SELF_CLOSING_SHORTCODE = re.compile(
    rf"\[(?:(?:{KNOWN_SELF_CLOSING})\b[^\]]*|[a-z][\w-]*\s+[\w-]+=[^\]]*)\]",
    re.IGNORECASE,
)
BARE_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"']+)[ \t]*$", re.MULTILINE)
BARE_URL_PARAGRAPH = re.compile(r"(<p(?:\s[^>]*)?>\s*)(https?://[^\s<>\"']+)(\s*</p>)")

# WordPress's list of block-level tags in wpautop().
BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|"
    r"pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|"
    r"section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|"
    r"summary)"
)


def wpautop(text: str) -> str:
    """Paragraphs from blank lines and line breaks from single newlines, the way
    WordPress renders a classic-editor post (a port of the core of its wpautop())."""
    if not text.strip():
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n") + "\n"
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(rf"(<{BLOCKS}[\s/>])", r"\n\n\1", text)
    text = re.sub(rf"(</{BLOCKS}>)", r"\1\n\n", text)
    text = re.sub(r"\n\n+", "\n\n", text)
    chunks = [c.strip("\n") for c in re.split(r"\n\s*\n", text) if c.strip()]
    text = "".join(f"<p>{chunk}</p>\n" for chunk in chunks)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(rf"<p>\s*(</?{BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{BLOCKS}[^>]*>)", r"\1", text)
    text = re.sub(rf"(</?{BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    # A single newline inside a paragraph is a line break, except inside tags.
    text = re.sub(r"(?<!<br />)\s*\n(?![^<]*>)", "<br />\n", text)
    text = re.sub(rf"(</?{BLOCKS}[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(
        r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text
    )
    return text.strip()


@dataclass
class Converted:
    body: str  # Markdown
    excerpt: str  # plain text, empty when the post has no <!--more-->
    notes: list[str] = field(default_factory=list)


def to_markdown(html: str) -> str:
    return markdownify(
        html,
        heading_style="ATX",
        bullets="-",
        strip=["img"],
        escape_misc=False,
    ).strip()


def convert_post(html: str) -> Converted:
    """WordPress post content, as stored (block or classic editor), to Markdown."""
    notes = []
    is_block_editor = "<!-- wp:" in html
    html = BLOCK_COMMENT.sub("", html)
    if IMAGE.search(html):
        notes.append("images inside the text are not carried over; captions are")
    html = CAPTION.sub(lambda m: f"\n\n{IMAGE.sub('', m.group(1)).strip()}\n\n", html)
    html = EMBED.sub(lambda m: f"\n\n{m.group(1).strip()}\n\n", html)
    html = MEDIA_SHORTCODE.sub(lambda m: f"\n\n{m.group(1)}\n\n", html)
    while True:
        unwrapped = ENCLOSING_SHORTCODE.sub(lambda m: m.group(2), html)
        if unwrapped == html:
            break
        html = unwrapped
    html, removed = SELF_CLOSING_SHORTCODE.subn("", html)
    if removed:
        notes.append(f"{removed} shortcode(s) removed")
    # WordPress turns a URL alone on its line into an embed; here it becomes a link.
    html = BARE_URL_LINE.sub(r'<a href="\1">\1</a>', html)
    html = BARE_URL_PARAGRAPH.sub(r'\1<a href="\2">\2</a>\3', html)

    teaser = ""
    parts = MORE.split(html, maxsplit=1)
    if len(parts) == 2:
        teaser, html = parts[0], parts[0] + parts[1]
    html = ANY_COMMENT.sub("", html)
    if not is_block_editor:
        html = wpautop(html)
        teaser = wpautop(ANY_COMMENT.sub("", teaser))
    return Converted(body=to_markdown(html), excerpt=plain_excerpt(teaser), notes=notes)


def plain_excerpt(html: str) -> str:
    """Plain text for the story's excerpt, within the field's length."""
    text = text_of_html(html)
    return Truncator(text).chars(EXCERPT_MAX_LENGTH) if text else ""
