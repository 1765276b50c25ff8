"""Site search: one rule per model (`Model.objects.search(query)`), built here.

On PostgreSQL: full-text search with English stemming and prefix matching of the
stems ("restrained" finds "restraint"), weighted fields, ranking and highlighted
snippets, backed by a GIN index on the same expression (see each app's migrations).
On SQLite: every word of the query must appear somewhere in the item, ignoring case.
"""

import html
import re
from collections.abc import Sequence
from contextlib import contextmanager
from functools import lru_cache, reduce
from operator import and_, or_

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.paginator import Paginator
from django.db import connection, connections, migrations, models
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


@contextmanager
def planned_each_time(database: str):
    """Runs the queries inside unprepared, where settings prepare statements.

    A prepared statement gets one plan for every search, but the best plan depends
    on the words: for a word most items hold, walking the newest items; for a rare
    one, the index of words. With one plan for both, a search took half as long
    again in PostgreSQL.
    """
    wrapper = connections[database]
    if wrapper.vendor != "postgresql":
        yield
        return
    wrapper.ensure_connection()
    driver = wrapper.connection
    saved, driver.prepare_threshold = driver.prepare_threshold, None
    try:
        yield
    finally:
        driver.prepare_threshold = saved


class Results(Sequence):
    """One kind of content's matches, best first.

    `page(offset, limit)` reads a page's rows and the number of matches in one
    query; `ResultsPaginator` asks for the page first so that a search page costs
    one query per kind. Each row has `search_snippet`, the text its snippet is cut
    from.
    """

    def __init__(self, matches, *, ranked: bool):
        # On PostgreSQL `matches` is the newest matches, each with `search_rank`;
        # on SQLite every match.
        self.matches = matches
        self.ranked = ranked

    def page(self, offset: int, limit: int) -> tuple[list, int | None]:
        """Rows offset to offset + limit, best first, and how many match (None
        when the page is past the end)."""
        if self.matches.query.is_empty():
            return [], 0
        database = self.matches.db
        inner, params = self.matches.query.get_compiler(database).as_sql()
        pk = connections[database].ops.quote_name(self.matches.model._meta.pk.column)
        order = f"search_rank DESC, {pk} DESC" if self.ranked else f"{pk} DESC"
        # Ranked in an outer query over the newest matches: PostgreSQL then ranks
        # the rows it already holds instead of reading them again by key, half the
        # time. The count comes with the rows.
        sql = (
            f"SELECT found.*, COUNT(*) OVER () AS search_total FROM ({inner}) found "
            f"ORDER BY {order} LIMIT %s OFFSET %s"
        )
        with planned_each_time(database):
            rows = list(self.matches.raw(sql, (*params, limit, offset)))
        if rows:
            return rows, rows[0].search_total
        return rows, (0 if offset == 0 else None)

    @cached_property
    def total(self) -> int:
        with planned_each_time(self.matches.db):
            return self.matches.count()

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        start, stop, _ = index.indices(len(self))
        return self.page(start, stop - start)[0] if stop > start else []

    def __iter__(self):
        return iter(self[:])


class ResultsPaginator(Paginator):
    """Paginates Results by reading the asked-for page first: its query brings the
    number of matches along, so an in-range page needs no separate count."""

    # Larger page numbers take Django's way (count, then the last page): an offset
    # past what the database's integers hold would be an error, not an empty page.
    max_direct_page = 100_000

    def get_page(self, number):
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1  # as Django does for a page that is not a number
        if 1 <= wanted <= self.max_direct_page and "count" not in self.__dict__:
            offset = (wanted - 1) * self.per_page
            rows, total = self.object_list.page(offset, self.per_page)
            if total is not None:
                self.count = total  # Paginator.count is a cached property.
            if rows or wanted == 1:
                return self._get_page(rows, wanted, self)
        # Past the end or below 1: Django's rules pick the page.
        return super().get_page(number)


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
    # Snippets are cut in Python from the page's rows only: PostgreSQL's
    # ts_headline over every match took seconds with 10,000 stories.
    queryset = queryset.annotate(search_snippet=F(snippet_field))
    if uses_full_text():
        terms = re.findall(r"\w+", query)
        if not terms:
            return Results(queryset.none(), ranked=False)
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
            queryset.filter(search_document=search_query)
            .annotate(search_rank=SearchRank(vector, search_query))
            .order_by("-published_at", "-pk")[: window or settings.SEARCH_RANK_WINDOW]
        )
        return Results(newest_matches, ranked=True)
    words = query.split()
    if not words:
        return Results(queryset.none(), ranked=False)
    matches = reduce(
        and_,
        (reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields))
         for word in words),
    )  # fmt: skip
    return Results(queryset.filter(matches), ranked=False)


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
    end = start + length
    # Whole words only: begin after a space and stop before one.
    if start and text[start - 1] != " ":
        space = text.find(" ", start, first.start())
        start = space + 1 if space != -1 else first.start()
    if end < len(text) and text[end] != " ":
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    window = text[start:end]
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
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
