from django.core.management import call_command
from django.utils.translation import gettext_lazy as _

from campaign.authoring.demo import load_demo
from campaign.management import options


class Command(options.Command):
    help = _(
        "Creates the demo campaign “Semaine de la Persévérance Scolaire 2021” and publishes its days (no effect if they are already up to date)."
    )

    def handle(self, *args, **options):
        results = load_demo()
        for result in results:
            self.stdout.write(result.describe())
        if any(result.changed for result in results):
            call_command("update_index", verbosity=0)
