"""Wagtail's v3 query parameters, checked before they reach the database.

Wagtail's API v3 (8.0) lets through values that the database then refuses,
and the endpoint answered 500:

1. The paginator (WagtailLimitOffsetPagination) checks that `offset` is not
   negative and `limit` under WAGTAILAPI_LIMIT_MAX (which may be None), not
   that they fit a database integer: `?offset=9223372036854775808` was
   "bigint out of range" on PostgreSQL, "datatype mismatch" on SQLite, on
   every listing (pages, images, documents, redirects, sites).

2. The listings filter by any field they may read (APIFieldFilterSchema):
   `/api/v3/redirects/?site=9223372036854775808` reached SQLite as a number it
   cannot hold (OverflowError). Django answers an integer out of range
   without a query for an integer column, not for a foreign key.

3. The revision listings (pages and snippets, with a token) filter by
   `user_id` typed `int | str`: "", "1.5" or a 30-digit number became a
   ValueError or an OverflowError in the query.

`install` adds the missing checks. A value refused answers as every other
parameter error of the API: a 422 problem document in French
(campaign.partners.api.errors) naming the parameter, "valeur trop grande", "valeur
trop petite" or "nombre entier attendu".
"""

import functools

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection, models
from django.db.models import Q
from ninja.errors import ValidationError
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
from wagtail.api.v3.schemas.params import APIFieldFilterSchema, RevisionFilterSchema

# The largest value of a signed 64-bit integer (PostgreSQL's bigint, SQLite's
# INTEGER): what an OFFSET or a LIMIT may be.
MAX_DATABASE_INTEGER = 2**63 - 1


def _error(name, kind, **context):
    """One pydantic-shaped error on the query parameter `name`."""
    return {"loc": ("query", name), "msg": kind, "type": kind, "ctx": context}


def range_errors(name, value, lowest, highest):
    """The error of `value` (an int) outside [lowest, highest], if it is."""
    if highest is not None and value > highest:
        return [_error(name, "less_than_equal", le=highest)]
    if lowest is not None and value < lowest:
        return [_error(name, "greater_than_equal", ge=lowest)]
    return []


def _integer_column(field):
    """The integer field that stores `field`'s value (its target for a
    foreign key), or None."""
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    return field if isinstance(field, models.IntegerField) else None


def as_integer(raw, column):
    """The raw query value `raw` as `column` reads it, or None if it is no
    integer."""
    try:
        return int(column.to_python(raw))
    except (DjangoValidationError, TypeError, ValueError):
        return None


def column_range_errors(name, value, column):
    lowest, highest = connection.ops.integer_field_range(column.get_internal_type())
    return range_errors(name, value, lowest, highest)


def _bound_paginator():
    paginate = WagtailLimitOffsetPagination.paginate_queryset

    @functools.wraps(paginate)
    def bounded(self, queryset, pagination, request, **params):
        errors = [
            error
            for name in ("limit", "offset")
            for error in range_errors(
                name, getattr(pagination, name), None, MAX_DATABASE_INTEGER
            )
        ]
        if errors:
            raise ValidationError(errors)
        return paginate(self, queryset, pagination, request, **params)

    WagtailLimitOffsetPagination.paginate_queryset = bounded


def _bound_field_filters():
    filter_queryset = APIFieldFilterSchema.filter_queryset

    @functools.wraps(filter_queryset)
    def bounded(self, queryset):
        errors = []
        for name in self.get_validated_fields(queryset):
            column = _integer_column(queryset.model._meta.get_field(name))
            value = as_integer(self.raw_params.get(name), column) if column else None
            # A value that is no integer is Wagtail's to refuse ("not a valid
            # value"); one out of the column's range is ours.
            if value is not None:
                errors.extend(column_range_errors(name, value, column))
        if errors:
            raise ValidationError(errors)
        return filter_queryset(self, queryset)

    APIFieldFilterSchema.filter_queryset = bounded


def filter_user_id(self, value):
    """RevisionFilterSchema's `user_id`: an id of the user model, or 422."""
    if value is None:
        return Q()
    column = _integer_column(get_user_model()._meta.pk)
    if column is None:  # a user model with text keys: Wagtail's own lookup
        return Q(user_id=value)
    user_id = as_integer(str(value), column)
    if user_id is None:
        raise ValidationError([_error("user_id", "int_parsing")])
    errors = column_range_errors("user_id", user_id, column)
    if errors:
        raise ValidationError(errors)
    return Q(user_id=user_id)


def install():
    """Add the checks to Wagtail's classes (idempotent)."""
    if getattr(WagtailLimitOffsetPagination, "_campaign_checked", False):
        return
    WagtailLimitOffsetPagination._campaign_checked = True
    _bound_paginator()
    _bound_field_filters()
    # FilterSchema looks for a filter_<field> method when it filters.
    RevisionFilterSchema.filter_user_id = filter_user_id
