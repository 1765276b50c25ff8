"""Site search: one rule per model (`Model.objects.search(query)`), built here.

On PostgreSQL: full-text search with English stemming and prefix matching of the
stems ("restrained" finds "restraint"), weighted fields, ranking and highlighted
snippets, backed by a GIN index on the same expression (see each app's migrations).
On SQLite: every word of the query must appear somewhere in the item, ignoring case.
"""

import html
import re
from collections.abc import Sequence
from functools import lru_cache, reduce
from operator import and_, or_

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection, migrations, models
from django.db.models import F, Q
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe

CONFIG = "english"
MAX_QUERY_LENGTH = 200
WEIGHTS = ("A", "B", "C", "D")


def normalize(query: str) -> str:
    return " ".join(query.split())[:MAX_QUERY_LENGTH]


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


class Results(Sequence):
    """One kind of content's matches, best first.

    Counting them reads only their keys, and a slice (a page) then reads just its
    rows; a slice asked for before any count reads its rows in one query. Each row
    has `search_snippet`, the text its snippet is cut from.
    """

    def __init__(self, queryset, best_first, snippet_field: str):
        self.queryset = queryset
        self.best_first = best_first
        self.snippet_field = snippet_field

    @cached_property
    def keys(self) -> list:
        return list(self.best_first.values_list("pk", flat=True))

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        snippet = {"search_snippet": F(self.snippet_field)}
        if "keys" not in self.__dict__:
            return list(self.best_first.annotate(**snippet)[index])
        keys = self.keys[index]
        rows = self.queryset.filter(pk__in=keys).annotate(**snippet).in_bulk()
        return [rows[key] for key in keys if key in rows]

    def __iter__(self):
        return iter(self[:])


class SearchableQuerySet(models.QuerySet):
    """`search(query)` for a model with a stored search document: subclasses name
    the fields the document is made of, the first weighing most, and the field
    snippets are cut from."""

    search_fields: tuple[str, ...] = ()
    snippet_field = ""

    def search(self, query: str, *, window: int | None = None) -> Results:
        return search(
            self,
            query,
            fields=self.search_fields,
            snippet_field=self.snippet_field,
            window=window,
        )


def search(
    queryset,
    query: str,
    *,
    fields: tuple[str, ...],
    snippet_field: str,
    window: int | None = None,
) -> Results:
    """Items of queryset matching query, best first: on PostgreSQL the best of the
    newest `window` matches (SEARCH_RANK_WINDOW by default).

    PostgreSQL matches and ranks the stored `search_document` the database keeps up
    to date (see document_operations): with thousands of long texts, ranking from a
    stored vector is what keeps search fast. SQLite looks in `fields`.
    """
    query = normalize(query)
    if uses_full_text():
        terms = re.findall(r"\w+", query)
        if not terms:
            return Results(queryset, queryset.none(), snippet_field)
        # Each word's English stem as a prefix: "restrained" (stem "restrain")
        # finds "restraint", and a half-typed word still finds something. The
        # stem on its own as well changes no result, but lets PostgreSQL estimate
        # how many items match (it cannot for a prefix): for a word most items
        # share it then walks the newest items instead of reading every match.
        search_query = SearchQuery(
            " & ".join(f"({term} | {term}:*)" for term in terms),
            config=CONFIG,
            search_type="raw",
        )
        vector = F("search_document")
        # Ranking reads each match's whole vector: over 10,000 matches that took
        # 90 ms. Only the newest SEARCH_RANK_WINDOW matches are ranked.
        newest_matches = (
            queryset.annotate(search_match=vector)
            .filter(search_match=search_query)
            .order_by("-published_at", "-pk")
            .values("pk")[: window or settings.SEARCH_RANK_WINDOW]
        )
        best_first = (
            queryset.filter(pk__in=newest_matches)
            .annotate(search_rank=SearchRank(vector, search_query))
            .order_by("-search_rank", "-pk")
        )
        # Snippets are cut in Python from the page's rows only: PostgreSQL's
        # ts_headline over every match took seconds with 10,000 stories.
        return Results(queryset, best_first, snippet_field)
    words = query.split()
    if not words:
        return Results(queryset, queryset.none(), snippet_field)
    matches = reduce(
        and_,
        (reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields))
         for word in words),
    )  # fmt: skip
    return Results(queryset, queryset.filter(matches).order_by("-pk"), snippet_field)


# Endings dropped from query words so that "restrained" marks "restraint" in the
# snippet, as PostgreSQL's stemming matched it.
ENDINGS = re.compile(r"(ing|ed|es|s)$")


@lru_cache(maxsize=64)
def _words_pattern(query: str):
    """The query's words, shortened to their stems, as a pattern (None for none)."""
    stems = [ENDINGS.sub("", word) if len(word) > 4 else word
             for word in re.findall(r"\w+", normalize(query))]  # fmt: skip
    if not stems:
        return None
    return re.compile(
        r"\b(?:" + "|".join(re.escape(stem) for stem in stems) + r")\w*", re.IGNORECASE
    )


def highlight(snippet: str, query: str, *, length: int = 240) -> str:
    """Escaped window of the text around the first match, matched words in <mark>."""
    text = " ".join((snippet or "").split())
    pattern = _words_pattern(query)
    if pattern is None:
        return escape(text[:length])
    first = pattern.search(text)
    start = max(0, first.start() - length // 3) if first else 0
    window = text[start : start + length]
    prefix = "… " if start else ""
    suffix = " …" if start + length < len(text) else ""
    # The standard library's escape, as Django's does it, without its lazy-string
    # wrapper: a snippet dense with matches is escaped in dozens of pieces.
    pieces, last = [], 0
    for match in pattern.finditer(window):
        pieces.append(html.escape(window[last : match.start()]))
        pieces.append(f"<mark>{html.escape(match.group())}</mark>")
        last = match.end()
    pieces.append(html.escape(window[last:]))
    return mark_safe(prefix + "".join(pieces) + suffix)


def document_trigger_sql(table: str, fields: tuple[str, ...]) -> tuple[str, str]:
    """SQL for a trigger that keeps `table.search_document` equal to the weighted
    vector of fields, whatever writes the row (save, bulk_create, update, import)."""
    vector = " || ".join(
        f"setweight(to_tsvector('{CONFIG}', coalesce(NEW.{field}, '')), '{weight}')"
        for field, weight in zip(fields, WEIGHTS, strict=False)
    )
    name = f"{table}_search_document"
    create = f"""
        CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
        BEGIN
            NEW.search_document := {vector};
            RETURN NEW;
        END $$ LANGUAGE plpgsql;
        CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OF {", ".join(fields)}
            ON {table} FOR EACH ROW EXECUTE FUNCTION {name}();
        UPDATE {table} SET {fields[0]} = {fields[0]};
    """
    drop = (
        f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();"
    )
    return create, drop


def document_operations(*, model_name: str, table: str, fields, index_name: str):
    """Migration operations that give a model its stored, indexed search document."""
    create, drop = document_trigger_sql(table, tuple(fields))
    return [
        migrations.AddField(
            model_name=model_name,
            name="search_document",
            field=SearchVectorField(editable=False, null=True),
        ),
        # Fills the column for existing rows too.
        RunSQLOnPostgres(create, drop),
        AddIndexOnPostgres(
            model_name=model_name,
            index=GinIndex(fields=["search_document"], name=index_name),
        ),
    ]


def document_field():
    """The stored search document: kept by a PostgreSQL trigger, empty on SQLite."""
    return SearchVectorField(null=True, editable=False)


def document_index(name: str):
    return GinIndex(fields=["search_document"], name=name)


class OnPostgresOnly:
    """A migration operation that runs on PostgreSQL only: SQLite's search needs no
    trigger and has no GIN indexes."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class RunSQLOnPostgres(OnPostgresOnly, migrations.RunSQL):
    pass


class AddIndexOnPostgres(OnPostgresOnly, migrations.AddIndex):
    pass
