"""Hostile input on every public route: never an answer of 500 or more.

A bad request gets a 400 (or the API's 422 for a typed parameter) with a
French message saying what is wrong: the site's own 400 page
(templates/400.html), or a French problem document under /api/. The values
and the routes are in tests/hostile.py; property-based tests (hypothesis,
derandomized and bounded: the suite runs twice in CI, on SQLite and on
PostgreSQL) send them everywhere, and regression tests pin the cases of
issue 15.
"""

from django.contrib.auth import get_user_model
from django.test import Client, TestCase, override_settings
from wagtail.models import APIToken, Page

from campaign.api.errors import TITLES
from campaign.models import Establishment
from tests.campaign.partner_data import load_week
from tests.html_reading import texts_of, visible_text

PROBLEM_JSON = "application/problem+json"
FRENCH_TITLES = {str(title) for title in TITLES.values()}


class FrenchAnswers:
    """Assertions on the French 400 page and problem documents."""

    def assert_french_400_page(self, response, reason=None):
        self.assertEqual(response.status_code, 400, response.content[:300])
        self.assertTrue(response["Content-Type"].startswith("text/html"))
        html = response.content.decode()
        self.assertIn('<html lang="fr"', html)
        self.assertEqual(texts_of(html, "h1"), ["Requête incorrecte"])
        if reason is not None:
            self.assertIn(reason, visible_text(html))
        return html

    def assert_french_problem(self, response, status, detail=None):
        self.assertEqual(response.status_code, status, response.content[:300])
        self.assertEqual(response["Content-Type"], PROBLEM_JSON)
        problem = response.json()
        self.assertEqual(problem["status"], status)
        if detail is not None:
            self.assertEqual(problem["detail"], detail)
        return problem


class TestNulCharacter(FrenchAnswers, TestCase):
    """PostgreSQL refuses NUL in text: one guard answers 400 to a NUL
    anywhere in the path or the query string, for every route."""

    @classmethod
    def setUpTestData(cls):
        cls.data = load_week()

    def test_api_parameters(self):
        # Issue 15: each of these answered 500 on PostgreSQL.
        for path, name in [
            ("/api/v3/pages/?search=%00", "search"),
            ("/api/v3/pages/?locale=%00", "locale"),
            ("/api/v3/pages/?site=%00", "site"),
            ("/api/v3/pages/find/?html_path=%00", "html_path"),
            ("/api/v3/campaigns/semaine/days/?academie=a%00b", "academie"),
        ]:
            with self.subTest(path=path):
                problem = self.assert_french_problem(
                    self.client.get(path),
                    400,
                    f"Le paramètre « {name} » contient un caractère nul (%00), "
                    "qui n’est permis dans aucun paramètre.",
                )
                self.assertEqual(problem["title"], "Requête invalide")

    def test_api_path(self):
        self.assert_french_problem(
            self.client.get("/api/v3/campaigns/%00/days/"),
            400,
            "Le chemin de l’adresse contient un caractère nul (%00), "
            "qui n’est permis nulle part dans une adresse.",
        )

    def test_pages_and_site_routes(self):
        campaign = self.data["campaign"]
        for path in [
            "/%00/",
            f"{campaign.url}%00/",
            "/recherche/?q=%00",
            "/recherche/?q=orientation&page=1%00",
            f"/campagnes/{campaign.slug}/actions/?academie=%00",
            f"/campagnes/{campaign.slug}/flux.rss?x=%00",
            "/sitemap.xml?p=%00",
            "/documents/1/a%00.pdf",
            "/static/a%00.css",
        ]:
            with self.subTest(path=path):
                self.assert_french_400_page(
                    self.client.get(path), "contient un caractère nul (%00)"
                )

    def test_names_the_parameters_once_each(self):
        html = self.assert_french_400_page(
            self.client.get("/recherche/?q=%00&page=%00&q=a%00&x%00=1")
        )
        self.assertIn(
            "Les paramètres « q », « page », « x%00 » contiennent un caractère nul",
            visible_text(html),
        )

    def test_head(self):
        response = self.client.head("/recherche/?q=%00")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.content, b"")

    def test_encoded_percent_is_no_nul(self):
        # %2500 is the text "%00": searched for, not refused.
        response = self.client.get("/recherche/?q=%2500")
        self.assertEqual(response.status_code, 200)


class TestDjangosOwnBadRequests(FrenchAnswers, TestCase):
    """A request Django itself refuses (here a Host not in ALLOWED_HOSTS)
    gets the French 400 page, without Django's English message."""

    def get(self, path):
        client = Client(HTTP_HOST="attacker.example")
        # Django reports the host on its security log.
        with self.assertLogs("django.security.DisallowedHost", "ERROR"):
            return client.get(path)

    @override_settings(ALLOWED_HOSTS=["persev.example"])
    def test_page(self):
        html = self.assert_french_400_page(
            self.get("/"),
            "La requête est mal formée : le site ne peut pas y répondre.",
        )
        self.assertNotIn("attacker.example", html)

    @override_settings(ALLOWED_HOSTS=["persev.example"])
    def test_api(self):
        self.assert_french_problem(
            self.get("/api/v3/pages/"),
            400,
            "La requête est mal formée : le site ne peut pas y répondre.",
        )


class TestIntegerParameters(FrenchAnswers, TestCase):
    """An integer the database cannot hold is refused before the query, with
    the API's French 422 naming the parameter (campaign/api/wagtail_params.py).
    It was "bigint out of range" on PostgreSQL, "datatype mismatch" or
    OverflowError on SQLite: a 500. So was a text where an integer key is
    looked up."""

    LISTINGS = ["pages", "images", "documents", "redirects"]

    @classmethod
    def setUpTestData(cls):
        load_week()

    def test_offset(self):
        for listing in self.LISTINGS:
            with self.subTest(listing=listing):
                problem = self.assert_french_problem(
                    self.client.get(f"/api/v3/{listing}/?offset={2**63}"),
                    422,
                    "Paramètre invalide : offset.",
                )
                self.assertEqual(
                    problem["errors"],
                    [
                        {
                            "loc": ["query", "offset"],
                            "msg": "valeur trop grande",
                            "type": "less_than_equal",
                        }
                    ],
                )
                # The largest one the database counts: an empty page.
                response = self.client.get(f"/api/v3/{listing}/?offset={2**63 - 1}")
                self.assertEqual(response.status_code, 200, response.content[:300])
                self.assertEqual(response.json()["items"], [])

    @override_settings(WAGTAILAPI_LIMIT_MAX=None)
    def test_limit_when_the_site_sets_no_maximum(self):
        self.assert_french_problem(
            self.client.get(f"/api/v3/pages/?limit={10**30}"),
            422,
            "Paramètre invalide : limit.",
        )
        response = self.client.get(f"/api/v3/pages/?limit={2**63 - 1}")
        self.assertEqual(response.status_code, 200, response.content[:300])

    def assert_refused(self, path, name, message, **headers):
        problem = self.assert_french_problem(
            self.client.get(path, headers=headers),
            422,
            f"Paramètre invalide : {name}.",
        )
        self.assertEqual([error["msg"] for error in problem["errors"]], [message])

    def test_field_filters(self):
        # Django answers an integer column's lookup out of range with no
        # query, not a foreign key's: SQLite raised OverflowError. Every
        # integer filter is held to its column's range, the same way.
        for path, name, message in [
            (f"/api/v3/redirects/?site={2**63}", "site", "valeur trop grande"),
            (
                f"/api/v3/redirects/?redirect_page={-(2**63) - 1}",
                "redirect_page",
                "valeur trop petite",
            ),
            (f"/api/v3/images/?width={10**30}", "width", "valeur trop grande"),
            (f"/api/v3/pages/?id={-(10**30)}", "id", "valeur trop petite"),
        ]:
            with self.subTest(path=path):
                self.assert_refused(path, name, message)
        response = self.client.get("/api/v3/redirects/?site=1")
        self.assertEqual(response.status_code, 200, response.content[:300])

    def editor_token(self):
        editor = get_user_model().objects.create_superuser("editeur", password="x")
        _token, token = APIToken.create_token(user=editor, name="test")
        return editor, token

    def test_snippet_key_that_is_no_integer(self):
        # Wagtail's snippet routes (with a token) take the key as text.
        _editor, token = self.editor_token()
        auth = {"Authorization": f"Bearer {token}"}
        establishment = Establishment.objects.first()
        path = "/api/v3/snippets/campaign.Establishment/{}/"
        self.assert_french_problem(
            self.client.get(path.format("1.5"), headers=auth),
            404,
            "Ressource introuvable : l’identifiant « 1.5 » n’est pas un nombre entier.",
        )
        response = self.client.get(path.format(establishment.pk), headers=auth)
        self.assertEqual(response.status_code, 200, response.content[:300])

    def test_user_id_of_the_revisions(self):
        # An editor's listing (with a token): user_id is typed int | str.
        editor, token = self.editor_token()
        page = Page.objects.live().filter(depth__gt=2).first()
        path = f"/api/v3/pages/{page.pk}/revisions/"
        auth = {"Authorization": f"Bearer {token}"}
        for value, message in [
            ("", "nombre entier attendu"),
            ("1.5", "nombre entier attendu"),
            ("moi", "nombre entier attendu"),
            (str(2**63), "valeur trop grande"),
        ]:
            with self.subTest(value=value):
                self.assert_refused(
                    f"{path}?user_id={value}", "user_id", message, **auth
                )
        response = self.client.get(f"{path}?user_id={editor.pk}", headers=auth)
        self.assertEqual(response.status_code, 200, response.content[:300])
