from django.core.management import call_command
from django.core.management.base import BaseCommand

from campaign.authoring.demo import load_demo


class Command(BaseCommand):
    help = (
        "Crée la campagne de démonstration « Semaine de la Persévérance Scolaire 2021 » "
        "et publie ses journées (sans effet si elles sont déjà à jour)."
    )

    def handle(self, *args, **options):
        results = load_demo()
        for result in results:
            self.stdout.write(result.describe())
        if any(result.changed for result in results):
            call_command("update_index", verbosity=0)
