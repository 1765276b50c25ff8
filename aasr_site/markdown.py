"""Markdown to safe HTML: whatever an editor or visitor types, no script survives."""

import html
import re

import markdown
import nh3
from django.utils.html import strip_tags
from django.utils.text import Truncator

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li",
    "ol", "p", "pre", "strong", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


def render_markdown(text: str) -> str:
    """Render Markdown and sanitize the result (raw HTML in the source is escaped)."""
    html = markdown.markdown(
        text or "", extensions=["sane_lists", "smarty"], output_format="html"
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def plain_text(text: str) -> str:
    """The words of a Markdown text, without markup, for excerpts and descriptions."""
    return text_of_html(render_markdown(text))


# Where one block of text ends and the next begins: a space keeps their words apart.
BLOCK_BREAK = re.compile(r"<br\s*/?>|</(?:p|h[2-4]|li|blockquote|pre)>", re.IGNORECASE)


HEADINGS = re.compile(r"<h([2-4])>.*?</h\1>", re.IGNORECASE | re.DOTALL)


def summary_of_html(rendered: str, words: int = 60) -> str:
    """The first words of HTML this module rendered, without its headings, which
    would otherwise run into the sentences ("...at 10:40. What happened They said")."""
    return Truncator(text_of_html(HEADINGS.sub(" ", rendered))).words(words)


def text_of_html(rendered: str) -> str:
    """The words of HTML this module rendered, as plain text: "&" rather than
    "&amp;", which a template would otherwise escape a second time."""
    text = strip_tags(BLOCK_BREAK.sub(" ", rendered))
    return " ".join(html.unescape(text).split())
