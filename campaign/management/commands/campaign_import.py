from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from campaign.authoring import importer, sources
from campaign.authoring.problems import ImportRefused
from campaign.management.options import date_option


class Command(BaseCommand):
    help = (
        "Importe des journées de campagne depuis des fichiers .json (format persev-day/1) "
        "ou des lettres .txt/.md. Tout ou rien : au moindre problème, rien n’est enregistré."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FICHIER")
        parser.add_argument(
            "--campaign",
            metavar="SLUG",
            help="Campagne existante (obligatoire pour .txt/.md).",
        )
        parser.add_argument(
            "--date",
            metavar="AAAA-MM-JJ",
            help="Date de la journée (obligatoire pour .txt/.md).",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--publish", action="store_true", help="Publier les journées tout de suite."
        )
        mode.add_argument(
            "--schedule",
            action="store_true",
            help="Programmer chaque journée à sa date, à l’heure de mise en ligne de la campagne.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Tout vérifier sans rien enregistrer.",
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
                "--date date une seule lettre : importez un fichier texte à la fois, "
                "seul (les fichiers JSON portent déjà leur date)."
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
                    "Import refusé : %(count)s problème, rien n’a été enregistré.",
                    "Import refusé : %(count)s problèmes, rien n’a été enregistré.",
                    count,
                )
                % {"count": count}
            ) from None
        for result in results:
            self.stdout.write(result.describe())
        if dry_run:
            self.stdout.write("Simulation (--dry-run) : rien n’a été enregistré.")
