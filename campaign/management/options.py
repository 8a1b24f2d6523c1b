"""Option parsing shared by the campaign commands."""

from django.core.management.base import CommandError

from campaign.reference.dates import parse_iso_date


def date_option(value):
    """--date AAAA-MM-JJ as a date (None when not given); a clear error otherwise."""
    if value is None:
        return None
    date = parse_iso_date(value)
    if date is None:
        raise CommandError(
            f"--date : « {value} » n’est pas une date valide (AAAA-MM-JJ)."
        )
    return date
