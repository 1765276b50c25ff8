from django.core.paginator import Paginator
from django.db.models import QuerySet


class KeysFirstPaginator(Paginator):
    """Reads a page in two steps: the page's keys, then the rows with those keys.

    With OFFSET the database reads and drops every row before the page. Asking for
    the keys alone lets it walk an index that covers the ordering without touching
    the rows, so page 500 costs about what page 1 does; only the page's own rows
    are then read in full, with the queryset's select_related and prefetches.

    The first pages are read in one query: the few rows the database drops there
    cost less than a second query.
    """

    # The most rows a page's query may skip and still be read directly.
    direct_offset = 100

    def _get_page(self, object_list, number, paginator):
        offset = (number - 1) * self.per_page
        if isinstance(object_list, QuerySet) and offset > self.direct_offset:
            keys = list(object_list.values_list("pk", flat=True))
            # The keys are in order already: the rows are put in it here rather
            # than sorted again by the database.
            rows = self.object_list.order_by().filter(pk__in=keys) if keys else []
            by_key = {row.pk: row for row in rows}
            object_list = [by_key[key] for key in keys if key in by_key]
        return super()._get_page(object_list, number, paginator)


class ElidedPaginationMixin:
    """Adds `page_range` ("1 2 … 9 10 11 … 499 500") for includes/pagination.html."""

    paginator_class = KeysFirstPaginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        if page is not None:
            context["page_range"] = page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            )
        return context
