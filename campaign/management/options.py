"""Option parsing shared by the campaign commands."""

from django.core.management.base import BaseCommand, CommandError
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


class Command(BaseCommand):
    """A campaign command: its `help` is translated (a lazy string), which
    argparse cannot wrap; the parser gets it as a string."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        if parser.description is not None:
            parser.description = str(parser.description)
        return parser
