"""Option parsing shared by the campaign commands."""

from django.core.management.base import CommandError
from django.utils.translation import gettext

from campaign.reference.dates import parse_iso_date


def date_option(value):
    """--date AAAA-MM-JJ as a date (None when not given); a clear error otherwise."""
    if value is None:
        return None
    date = parse_iso_date(value)
    if date is None:
        raise CommandError(
            gettext("--date: “%(value)s” is not a valid date (YYYY-MM-DD).")
            % {"value": value}
        )
    return date
