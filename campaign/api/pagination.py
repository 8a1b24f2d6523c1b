"""Wagtail's v3 paginator refuses an offset or a limit no database can count.

`/api/v3/pages/?offset=9223372036854775808` reached the database as an
OFFSET beyond a signed 64-bit integer: "bigint out of range" on PostgreSQL,
"datatype mismatch" on SQLite, a 500 on every listing of Wagtail's API v3
(pages, images, documents, redirects). Wagtail's paginator
(WagtailLimitOffsetPagination) checks only that offset is not negative and
that limit stays under WAGTAILAPI_LIMIT_MAX, which may be None.

`install` makes it check both against the largest integer a database column
holds before the query is built, and answer as for any other parameter out
of its range: a 422 problem document in French (campaign.api.errors) naming
the parameter, "valeur trop grande". The other integers of the v3 endpoints
(page ids, `child_of`, `id=`…) only ever reach the database in a comparison,
which Django already answers without a query when the number is out of range.
"""

import functools

from ninja.errors import ValidationError
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination

# The largest value of a signed 64-bit integer (PostgreSQL's bigint, SQLite's
# INTEGER): what an OFFSET or a LIMIT may be.
MAX_DATABASE_INTEGER = 2**63 - 1


def out_of_range(pagination):
    """Pydantic-shaped errors for the paging parameters beyond the largest
    database integer (none when both fit)."""
    return [
        {
            "loc": ("query", name),
            "msg": f"Input should be less than or equal to {MAX_DATABASE_INTEGER}",
            "type": "less_than_equal",
            "ctx": {"le": MAX_DATABASE_INTEGER},
        }
        for name in ("limit", "offset")
        if getattr(pagination, name) > MAX_DATABASE_INTEGER
    ]


def install():
    """Bound Wagtail's paginator (idempotent)."""
    paginate = WagtailLimitOffsetPagination.paginate_queryset
    if getattr(paginate, "_campaign_bounded", False):
        return

    @functools.wraps(paginate)
    def bounded(self, queryset, pagination, request, **params):
        errors = out_of_range(pagination)
        if errors:
            raise ValidationError(errors)
        return paginate(self, queryset, pagination, request, **params)

    bounded._campaign_bounded = True
    WagtailLimitOffsetPagination.paginate_queryset = bounded
