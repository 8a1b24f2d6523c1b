from django.core.management.base import BaseCommand, CommandError

from home import backup
from home.backup import plural


def size(path):
    """A file's size for people: "12,3 Mo"."""
    value = path.stat().st_size
    for unit in ("o", "Ko", "Mo", "Go"):
        if value < 1024 or unit == "Go":
            text = f"{value:.1f}" if unit != "o" else str(value)
            return f"{text.replace('.', ',')} {unit}"
        value /= 1024
    return ""


class Command(BaseCommand):
    help = (
        "Sauvegarde le site dans un dossier : la base PostgreSQL (pg_dump, base.dump), "
        "les médias (media.tar.gz) et un manifeste (manifest.json). "
        "Le site peut continuer à tourner pendant la sauvegarde."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            required=True,
            metavar="DOSSIER",
            help="Dossier de la sauvegarde (créé s’il n’existe pas ; ne doit pas "
            "contenir de sauvegarde).",
        )

    def handle(self, *args, output, **options):
        try:
            result = backup.backup(output)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        manifest, folder = result.manifest, result.folder
        counts = manifest["counts"]
        self.stdout.write(
            f"Base « {manifest['database']} » (PostgreSQL {manifest['postgresql']}) : "
            f"{folder / backup.DUMP_NAME} ({size(folder / backup.DUMP_NAME)})"
        )
        media = manifest["media"]
        if backup.MEDIA_NAME in manifest["files"]:
            self.stdout.write(
                f"Médias : {folder / backup.MEDIA_NAME} ({plural(media['files'], 'fichier')}, "
                f"{size(folder / backup.MEDIA_NAME)})"
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"Médias : sur le stockage objet (bucket « {media.get('bucket')} »), "
                    "non inclus : sauvegardez le bucket de son côté (versions, réplication)."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde terminée dans {folder} : {counts['pages']} pages, "
                f"{counts['revisions']} révisions, {counts['images']} images, "
                f"{counts['documents']} documents, {counts['establishments']} établissements."
            )
        )
