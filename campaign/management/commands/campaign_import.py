from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from campaign.authoring import importer, sources
from campaign.authoring.problems import ImportRefused
from campaign.management import options
from campaign.management.options import date_option


class Command(options.Command):
    help = _(
        "Imports campaign days from .json files (persev-day/1 format) or .txt/.md newsletters. All or nothing: at the slightest problem, nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar=_("FILE"))
        parser.add_argument(
            "--campaign",
            metavar="SLUG",
            help=_("An existing campaign (required for .txt/.md)."),
        )
        parser.add_argument(
            "--date",
            metavar=_("YYYY-MM-DD"),
            help=_("Date of the day (required for .txt/.md)."),
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--publish", action="store_true", help=_("Publish the days at once.")
        )
        mode.add_argument(
            "--schedule",
            action="store_true",
            help=_("Schedule each day on its date, at the campaign’s go-live time."),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Check everything without saving anything."),
        )

    def handle(
        self,
        *args,
        paths,
        campaign=None,
        date=None,
        publish=False,
        schedule=False,
        dry_run=False,
        **options,
    ):
        day = date_option(date)
        text_files = [p for p in paths if Path(p).suffix.lower() in {".txt", ".md"}]
        if text_files and len(paths) > 1 and day is not None:
            raise CommandError(
                gettext(
                    "--date dates a single newsletter: import one text file at a time, alone (JSON files already carry their date)."
                )
            )

        files, problems = [], []
        for path in paths:
            data, problem = sources.read_path(path)
            if problem:
                problems.append(problem)
            else:
                files.append((path, data))

        mode = (
            importer.PUBLISH
            if publish
            else importer.SCHEDULE
            if schedule
            else importer.DRAFT
        )
        try:
            results = importer.import_files(
                files,
                campaign_slug=campaign,
                date=day,
                mode=mode,
                dry_run=dry_run,
                problems=problems,
            )
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(str(problem))
            count = len(refused.problems)
            raise CommandError(
                ngettext(
                    "Import refused: %(count)s problem, nothing has been saved.",
                    "Import refused: %(count)s problems, nothing has been saved.",
                    count,
                )
                % {"count": count}
            ) from None
        for result in results:
            self.stdout.write(result.describe())
        if dry_run:
            self.stdout.write(gettext("Dry run (--dry-run): nothing has been saved."))
