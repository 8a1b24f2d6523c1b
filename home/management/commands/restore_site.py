from django.core.management.base import BaseCommand, CommandError

from home import backup
from home.backup import plural


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde faite par backup_site : remplace le contenu de la base "
        "configurée (DATABASE_URL, qui doit exister, vide ou non) et extrait les médias "
        "dans MEDIA_ROOT. Arrêtez le site et le programmateur pendant la restauration."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "source", metavar="DOSSIER", help="Dossier de la sauvegarde."
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Ne pas demander de confirmation.",
        )

    def handle(self, *args, source, interactive=True, **options):
        try:
            manifest = backup.read_manifest(source)
            database = backup.database_settings()
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        host = database.get("HOST") or "socket local"
        self.stdout.write(
            f"Sauvegarde du {manifest['created_at']} (base « {manifest['database']} », "
            f"{manifest['counts']['pages']} pages)."
        )
        if interactive:
            answer = input(
                f"Le contenu de la base « {database['NAME']} » ({host}) et les médias "
                "de même nom seront remplacés. Tapez « oui » pour continuer : "
            )
            if answer.strip().lower() != "oui":
                raise CommandError("Restauration annulée.")
        try:
            result = backup.restore(source, manifest=manifest)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        expected, found = manifest["counts"], result.counts
        differences = [
            f"{name} : {found.get(name)} au lieu de {value}"
            for name, value in expected.items()
            if found.get(name) != value
        ]
        if differences:
            raise CommandError(
                "Base restaurée, mais elle ne correspond pas au manifeste : "
                + " ; ".join(differences)
            )
        media = manifest["media"]
        if backup.MEDIA_NAME in manifest["files"]:
            self.stdout.write(
                f"Médias : {plural(media['files'], 'fichier')} extrait{'s' if media['files'] > 1 else ''}."
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    "Médias : sur le stockage objet lors de la sauvegarde, non inclus : "
                    "restaurez le bucket de son côté."
                )
            )
        if result.cache_error:
            self.stdout.write(
                self.style.WARNING(
                    f"Le cache n’a pas pu être vidé ({result.cache_error}) : les pages "
                    "en cache montreront l’ancien contenu jusqu’à leur expiration "
                    "(PAGE_CACHE_SECONDS)."
                )
            )
        else:
            self.stdout.write("Cache du site vidé.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Restauration terminée dans « {database['NAME']} » : "
                f"{found['pages']} pages, {found['revisions']} révisions, "
                f"{found['images']} images, {found['documents']} documents, "
                f"{found['establishments']} établissements — comme dans la sauvegarde."
            )
        )
