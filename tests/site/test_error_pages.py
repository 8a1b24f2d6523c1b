"""The site's French pages where Django would answer in English: 403 (a view
refusing the visitor), 403 on a CSRF failure, and under DEBUG (`make run`,
settings/dev.py) a missing page, which Django shows as its English debug page
unless persev_site.middleware.SiteNotFoundMiddleware answers it."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.test import Client, TestCase, override_settings
from django.urls import path

from persev_site.settings import dev
from persev_site.urls import urlpatterns as site_urlpatterns


def refused(request):
    raise PermissionDenied("raison interne, en anglais peut-être")


urlpatterns = [path("interdit/", refused), *site_urlpatterns]


def assert_site_error_page(test, response, status, heading):
    test.assertEqual(response.status_code, status)
    body = response.content.decode()
    test.assertIn('lang="fr"', body)
    test.assertIn(f"<h1>{heading}</h1>", body)
    test.assertIn("fr-header", body)  # the site's DSFR header, not a bare page
    for english in ("Forbidden", "CSRF verification failed", "Bad Request"):
        test.assertNotIn(english, body)


@override_settings(ROOT_URLCONF=__name__)
class TestForbiddenPages(TestCase):
    def test_permission_denied_is_the_sites_french_403(self):
        response = self.client.get("/interdit/")
        assert_site_error_page(self, response, 403, "Accès refusé")
        self.assertNotIn("raison interne", response.content.decode())

    def test_csrf_failure_is_the_sites_french_403(self):
        get_user_model().objects.create_user("quelquun", password="mot-de-passe-1")
        client = Client(enforce_csrf_checks=True)
        response = client.post(
            "/admin/login/", {"username": "quelquun", "password": "mot-de-passe-1"}
        )
        assert_site_error_page(self, response, 403, "Formulaire expiré")
        self.assertIn("rien n’a été enregistré", response.content.decode())


@override_settings(DEBUG=True, MIDDLEWARE=dev.MIDDLEWARE)
class TestNotFoundUnderDebug(TestCase):
    """settings/dev.py (what `make run` serves) answers a missing page with
    the site's 404 page, DEBUG on."""

    def assert_site_404(self, address):
        response = self.client.get(address)
        self.assertEqual(response.status_code, 404)
        body = response.content.decode()
        self.assertIn("<h1>Page introuvable</h1>", body)
        self.assertNotIn("Page not found", body)
        self.assertNotIn("Django tried these URL patterns", body)

    def test_a_missing_page_is_the_sites_404(self):
        self.assert_site_404("/cette-page-n-existe-pas/")

    def test_an_address_no_pattern_matches_is_the_sites_404(self):
        self.assert_site_404("/ancien-site/page.php")

    def test_a_missing_admin_page_is_wagtails_french_404(self):
        get_user_model().objects.create_superuser("admin-test", "a@example.org", "x")
        self.client.login(username="admin-test", password="x")
        response = self.client.get("/admin/pages/999999/edit/")
        self.assertEqual(response.status_code, 404)
        body = response.content.decode()
        self.assertIn("La page demandée est introuvable.", body)
        self.assertNotIn("Page not found", body)

    def test_a_missing_slash_still_redirects(self):
        response = self.client.get("/admin")
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], "/admin/")

    def test_the_api_keeps_its_french_problem_documents(self):
        response = self.client.get("/api/v3/pages/999999/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response["Content-Type"], "application/problem+json")

    def test_an_existing_page_is_served(self):
        self.assertEqual(self.client.get("/").status_code, 200)
