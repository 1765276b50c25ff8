"""Site search: one rule per model (`Model.objects.search(query)`), built here.

On PostgreSQL: full-text search with English stemming and prefix matching of the
stems ("restrained" finds "restraint"), weighted fields, ranking and highlighted
snippets, backed by a GIN index on the same expression (see each app's migrations).
On SQLite: every word of the query must appear somewhere in the item, ignoring case.
"""

import re
from functools import reduce
from operator import add, and_, or_

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection, migrations
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

CONFIG = "english"
MAX_QUERY_LENGTH = 200
# Unlikely characters mark the matched words in PostgreSQL's snippet, so the snippet
# can be escaped as a whole and only then given <mark> elements.
START, STOP = "\x02", "\x03"
WEIGHTS = ("A", "B", "C", "D")


def search_vector(*fields: str):
    """Weighted tsvector of fields, most important first (A, B, C...)."""
    return reduce(
        add,
        (
            SearchVector(field, weight=weight, config=CONFIG)
            for field, weight in zip(fields, WEIGHTS, strict=False)
        ),
    )


def normalize(query: str) -> str:
    return " ".join(query.split())[:MAX_QUERY_LENGTH]


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def search(queryset, query: str, *, fields: tuple[str, ...], snippet_field: str):
    """Items of queryset matching query, best first, each with `search_snippet`."""
    query = normalize(query)
    if not query:
        return queryset.none()
    if uses_full_text():
        terms = re.findall(r"\w+", query)
        if not terms:
            return queryset.none()
        # Each word's English stem as a prefix: "restrained" (stem "restrain")
        # finds "restraint", and a half-typed word still finds something.
        search_query = SearchQuery(
            " & ".join(f"{term}:*" for term in terms), config=CONFIG, search_type="raw"
        )
        vector = search_vector(*fields)
        return (
            queryset.annotate(search_document=vector)
            .filter(search_document=search_query)
            .annotate(
                search_rank=SearchRank(vector, search_query),
                search_snippet=SearchHeadline(
                    snippet_field,
                    search_query,
                    config=CONFIG,
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=30,
                    min_words=12,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by("-search_rank", "-pk")
        )
    words = query.split()
    matches = reduce(
        and_,
        (reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields))
         for word in words),
    )  # fmt: skip
    return (
        queryset.filter(matches)
        .annotate(search_snippet=F(snippet_field))
        .order_by("-pk")
    )


def highlight(snippet: str, query: str, *, length: int = 240) -> str:
    """Escaped snippet with the matched words in <mark>.

    PostgreSQL marks its own (stemmed) matches; elsewhere the words of the query are
    found in a window of the text around the first match.
    """
    if START in (snippet or ""):
        marked = escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>")
        return mark_safe(marked)
    text = " ".join((snippet or "").split())
    words = [re.escape(word) for word in normalize(query).split() if word]
    if not words:
        return escape(text[:length])
    pattern = re.compile("|".join(words), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - length // 3) if first else 0
    window = text[start : start + length]
    prefix = "… " if start else ""
    suffix = " …" if start + length < len(text) else ""
    pieces, last = [], 0
    for match in pattern.finditer(window):
        pieces.append(escape(window[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    pieces.append(escape(window[last:]))
    return mark_safe(prefix + "".join(pieces) + suffix)


def gin_index(name: str, *fields: str):
    """The GIN index that makes search() fast on PostgreSQL: the very expression
    search() filters on, so the planner can use it."""
    return GinIndex(search_vector(*fields), name=name)


class AddIndexOnPostgres(migrations.AddIndex):
    """AddIndex that builds the index on PostgreSQL only: SQLite has no GIN indexes
    and its search needs none."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
