from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from home import demo


class Command(BaseCommand):
    help = (
        "Prépare le site de démonstration : pages « Mentions légales » et « Accessibilité », "
        "campagne 2021, administrateur de démonstration. Sans effet s’il est déjà prêt."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin",
            action="store_true",
            help="Ne pas créer l’administrateur de démonstration.",
        )

    def handle(self, *args, no_admin=False, **options):
        demo.configure_default_site()
        home = demo.home_page()
        for page in demo.ensure_standard_pages(home):
            self.stdout.write(f"Page « {page.title} » créée.")
        call_command("load_campaign_demo", stdout=self.stdout)
        if no_admin:
            return
        if not settings.DEBUG:
            raise CommandError(
                "L’administrateur de démonstration n’est créé qu’en développement (DJANGO_DEBUG). "
                "En production : python manage.py createsuperuser."
            )
        demo.ensure_demo_admin()
        demo.ensure_demo_role_users()
        self.stdout.write(
            self.style.SUCCESS(
                f"Administration : {settings.WAGTAILADMIN_BASE_URL}/admin/ — identifiant « {demo.DEMO_ADMIN_USERNAME} », "
                f"mot de passe « {demo.DEMO_ADMIN_PASSWORD} »"
            )
        )
        roles = ", ".join(
            f"« {username} » ({group})" for username, _n, group in demo.DEMO_ROLE_USERS
        )
        self.stdout.write(f"Rôles de démonstration, même mot de passe : {roles}.")
