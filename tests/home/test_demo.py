"""`load_site_demo`: the demo site that `make run` builds (safe to re-run)."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings
from django.urls import reverse
from wagtail.models import Site

from campaign.models import CampaignDayPage, CampaignPage
from home.demo import DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME
from home.models import HomePage, StandardPage
from tests.builders import DEMO_SLUG, db_counts, home_page


def load_site_demo(*args):
    out = StringIO()
    call_command("load_site_demo", *args, stdout=out)
    return out.getvalue()


class TestLoadSiteDemo(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.first_output = load_site_demo("--no-admin")

    def test_second_run_changes_nothing(self):
        before = db_counts()
        output = load_site_demo("--no-admin")
        self.assertEqual(db_counts(), before)
        self.assertNotIn("créée", output)
        self.assertIn("Lundi 1er février (2021-02-01) inchangée", output)
        self.assertIn("Mardi 2 février (2021-02-02) inchangée", output)

    def test_campaign_demo_alone_is_idempotent_too(self):
        before = db_counts()
        call_command("load_campaign_demo", stdout=StringIO())
        self.assertEqual(db_counts(), before)

    def test_first_run_reports_what_it_created(self):
        self.assertIn("Page « Mentions légales » créée.", self.first_output)
        self.assertIn(
            "Lundi 1er février (2021-02-01) créée, publiée", self.first_output
        )
        self.assertIn("Mardi 2 février (2021-02-02) créée, publiée", self.first_output)

    def test_creates_legal_notice_and_accessibility_pages(self):
        pages = StandardPage.objects.child_of(home_page()).live()
        self.assertEqual(
            sorted((page.slug, page.title) for page in pages),
            [
                ("accessibilite", "Accessibilité : partiellement conforme"),
                ("mentions-legales", "Mentions légales"),
            ],
        )
        self.assertIn("Éditeur du site", pages.get(slug="mentions-legales").body)
        self.assertIn("RGAA", pages.get(slug="accessibilite").body)

    def test_publishes_the_2021_campaign_and_its_two_seed_days(self):
        campaign = CampaignPage.objects.get(slug=DEMO_SLUG)
        self.assertTrue(campaign.live)
        self.assertEqual(campaign.get_parent().pk, home_page().pk)
        days = CampaignDayPage.objects.child_of(campaign).live().order_by("date")
        self.assertEqual(
            [day.title for day in days], ["Lundi 1er février", "Mardi 2 février"]
        )

    def test_points_the_default_site_at_the_admin_base_url(self):
        site = Site.objects.get(is_default_site=True)
        self.assertEqual((site.hostname, site.port), ("testserver", 80))
        self.assertEqual(home_page().get_full_url(), "http://testserver/")

    def test_does_not_create_the_demo_admin_with_no_admin(self):
        self.assertFalse(
            get_user_model().objects.filter(username=DEMO_ADMIN_USERNAME).exists()
        )

    def test_refuses_to_create_the_demo_admin_outside_development(self):
        with self.assertRaisesMessage(CommandError, "python manage.py createsuperuser"):
            load_site_demo()
        self.assertFalse(
            get_user_model().objects.filter(username=DEMO_ADMIN_USERNAME).exists()
        )


@override_settings(DEBUG=True)
class TestDemoAdmin(TestCase):
    @classmethod
    def setUpTestData(cls):
        with override_settings(DEBUG=True):
            cls.output = load_site_demo()

    def test_prints_the_login_and_password(self):
        self.assertIn(f"identifiant « {DEMO_ADMIN_USERNAME} »", self.output)
        self.assertIn(f"mot de passe « {DEMO_ADMIN_PASSWORD} »", self.output)

    def test_demo_admin_can_log_in_to_the_admin(self):
        response = self.client.post(
            reverse("wagtailadmin_login"),
            {"username": DEMO_ADMIN_USERNAME, "password": DEMO_ADMIN_PASSWORD},
        )
        self.assertRedirects(response, reverse("wagtailadmin_home"))
        dashboard = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(dashboard.status_code, 200)
        self.assertTrue(dashboard.context["user"].is_superuser)

    def test_second_run_keeps_a_single_admin(self):
        before = db_counts()
        load_site_demo()
        self.assertEqual(db_counts(), before)
        self.assertEqual(
            get_user_model().objects.filter(username=DEMO_ADMIN_USERNAME).count(), 1
        )

    def test_second_run_restores_the_demo_password(self):
        user = get_user_model().objects.get(username=DEMO_ADMIN_USERNAME)
        user.set_password("autre-chose")
        user.save()
        load_site_demo()
        self.assertTrue(
            self.client.login(
                username=DEMO_ADMIN_USERNAME, password=DEMO_ADMIN_PASSWORD
            )
        )


class TestDemoRoleUsers(TestCase):
    @classmethod
    def setUpTestData(cls):
        with override_settings(DEBUG=True):
            cls.output = load_site_demo()

    def test_one_demo_user_per_editorial_role(self):
        self.assertIn("« communicant » (Communicants)", self.output)
        users = get_user_model().objects.filter(username__in=["communicant", "editeur"])
        groups = {user.username: [g.name for g in user.groups.all()] for user in users}
        self.assertEqual(
            groups, {"communicant": ["Communicants"], "editeur": ["Éditeurs"]}
        )

    def test_role_users_log_in_with_the_demo_password_and_have_their_rights(self):
        self.assertTrue(
            self.client.login(username="communicant", password=DEMO_ADMIN_PASSWORD)
        )
        communicant = get_user_model().objects.get(username="communicant")
        self.assertFalse(communicant.is_superuser)
        editeur = get_user_model().objects.get(username="editeur")
        home = HomePage.objects.get()
        self.assertFalse(home.permissions_for_user(communicant).can_publish())
        self.assertTrue(home.permissions_for_user(editeur).can_publish())
