from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaign.authoring import exporter
from campaign.management.options import date_option
from campaign.publishing import day_email


class Command(BaseCommand):
    help = "Exporte une journée (--date) ou toutes les journées d’une campagne, en JSON (persev-day/1), au format texte de la lettre ou en e-mail (MIME)."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", metavar="SLUG", required=True)
        parser.add_argument("--date", metavar="AAAA-MM-JJ")
        parser.add_argument(
            "--format", choices=["json", "text", "email"], default="json"
        )
        parser.add_argument(
            "-o",
            "--output",
            metavar="FICHIER",
            help="Fichier de sortie (par défaut : la sortie standard).",
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
                    f"{output} : écriture impossible ({error.strerror or error})."
                ) from None
        else:
            self.stdout.write(content, ending="")
