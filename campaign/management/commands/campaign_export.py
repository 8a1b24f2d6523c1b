from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaign.authoring import exporter
from campaign.management import options
from campaign.management.options import date_option
from campaign.publishing import day_email


class Command(options.Command):
    help = _(
        "Exports one day (--date) or all the days of a campaign, as JSON (persev-day/1), in the newsletter’s text format or as an e-mail (MIME)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--campaign", metavar="SLUG", required=True)
        parser.add_argument("--date", metavar=_("YYYY-MM-DD"))
        parser.add_argument(
            "--format", choices=["json", "text", "email"], default="json"
        )
        parser.add_argument(
            "-o",
            "--output",
            metavar=_("FILE"),
            help=_("Output file (by default: the standard output)."),
        )

    def handle(self, *args, campaign, date=None, format="json", output=None, **options):
        day = date_option(date)
        try:
            if format == "json":
                content = exporter.export_json(campaign, day)
            elif format == "text":
                content = exporter.export_text(campaign, day)
            else:
                content = day_email.export_email(campaign, day)
        except exporter.ExportError as error:
            raise CommandError(str(error)) from None
        if output:
            try:
                Path(output).write_text(content, encoding="utf-8")
            except OSError as error:
                raise CommandError(
                    gettext("%(file)s: cannot write (%(error)s).")
                    % {"file": output, "error": error.strerror or error}
                ) from None
        else:
            self.stdout.write(content, ending="")
