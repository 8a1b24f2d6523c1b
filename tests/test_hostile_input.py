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
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.urls import get_resolver
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import APIToken, Page, Site, get_page_models

from campaign.models import Establishment
from campaign.partners.api.problems import TITLES
from campaign.public import discovery
from tests.builders import DEMO_SLUG
from tests.campaign.partner_data import MONDAY, load_week
from tests.hostile import CATALOGUE, SITE_ROUTES, api_routes, hostile_values
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
        cls.data = load_week(demo=True)

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
    the API's French 422 naming the parameter (campaign/partners/api/wagtail_params.py).
    It was "bigint out of range" on PostgreSQL, "datatype mismatch" or
    OverflowError on SQLite: a 500. So was a text where an integer key is
    looked up."""

    LISTINGS = ["pages", "images", "documents", "redirects"]
    # Wagtail's redirects listing answers API tokens only
    # (campaign/partners/api/wagtail_redirects.py): asked with an editor's token.

    @classmethod
    def setUpTestData(cls):
        load_week(demo=True)

    def auth_for(self, path):
        if not path.startswith("/api/v3/redirects/"):
            return {}
        if not hasattr(self, "_token"):
            _editor, self._token = self.editor_token()
        return {"Authorization": f"Bearer {self._token}"}

    def test_offset(self):
        for listing in self.LISTINGS:
            with self.subTest(listing=listing):
                headers = self.auth_for(f"/api/v3/{listing}/")
                problem = self.assert_french_problem(
                    self.client.get(
                        f"/api/v3/{listing}/?offset={2**63}", headers=headers
                    ),
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
                response = self.client.get(
                    f"/api/v3/{listing}/?offset={2**63 - 1}", headers=headers
                )
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
                self.assert_refused(path, name, message, **self.auth_for(path))
        response = self.client.get(
            "/api/v3/redirects/?site=1", headers=self.auth_for("/api/v3/redirects/")
        )
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


# -- every route, every parameter ----------------------------------------------------

# Bounded and deterministic: the same examples on every run.
BOUNDED = {
    "derandomize": True,
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}

# Values that take a request past the checks, so that the hostile value of
# another parameter reaches the filters, the search, the paging.
VALID_VALUES = {
    "q": "orientation",
    "page": "1",
    "p": "1",
    "academie": "poitiers",
    "department": "86",
    "kind": "college",
    "date": MONDAY.isoformat(),
    "limit": "2",
    "offset": "1",
    "search": "persévérance",
    "search_operator": "or",
    "order": "title",
    "child_of": "root",
    "locale": "fr",
    "version": "live",
    "rich_text_format": "html",
    "html_path": f"/{DEMO_SLUG}/",
    "is_permanent": "true",
}


class HostileInputData:
    """The demo week with its hidden days, an image, a document, a redirect,
    an editor's API token; every route and, for each hole of its address,
    the values that lead somewhere."""

    @classmethod
    def setUpTestData(cls):
        data = load_week(demo=True)
        campaign, monday = data["campaign"], data["campaign"].get_children().live()[0]
        image = get_image_model().objects.create(
            title="Affiche", file=get_test_image_file()
        )
        document = get_document_model().objects.create(
            title="Programme", file=ContentFile(b"%PDF-1.4 test", name="programme.pdf")
        )
        redirect = Redirect.objects.create(old_path="/ancienne", redirect_page=campaign)
        establishment = Establishment.objects.order_by("pk").first()
        editor = get_user_model().objects.create_superuser(
            "editeur-api",
            password="x",
        )
        _token, cls.token = APIToken.create_token(user=editor, name="hostile")
        site = Site.objects.get(is_default_site=True)
        cls.holes = {
            "page": [page.url for page in Page.objects.live().specific()],
            "segment": [],  # hostile only
            "slug": [campaign.slug],
            "establishment": [str(establishment.pk)],
            "establishment_slug": [discovery.establishment_slug(establishment)],
            "document": [str(document.pk)],
            "filename": [document.filename],
            "restriction": ["1"],
            "page_id": [str(monday.pk)],
            "revision_id": [str(monday.latest_revision_id)],
            "image_id": [str(image.pk)],
            "document_id": [str(document.pk)],
            "redirect_id": [str(redirect.pk)],
            "site_id": [str(site.pk)],
            "type_name": ["campaign.CampaignDayPage"],
            "type": ["campaign.Establishment"],
            "pk": [str(establishment.pk)],
            "date": [MONDAY.isoformat()],
        }
        openapi = Client().get("/api/v3/openapi.json").json()
        page_fields = sorted(
            {
                f.name
                for model in get_page_models()
                for f in getattr(model, "api_fields", ())
            }
        )
        cls.routes = [*SITE_ROUTES, *api_routes(openapi, page_fields)]

    def valid_holes(self, route):
        return {
            hole: self.holes[hole][0] if self.holes[hole] else "x"
            for hole in route.holes
        }

    def answer(self, route, address, *, token=False):
        """`route`'s answer at `address`, in a savepoint rolled back after it
        (on PostgreSQL a failed query would spoil every later one)."""
        client = Client(raise_request_exception=False)
        headers = {"Authorization": f"Bearer {self.token}"} if token else {}
        with transaction.atomic():
            response = client.get(address, headers=headers)
            transaction.set_rollback(True)
        self.assert_answered(route, address, response)
        return response

    def assert_answered(self, route, address, response):
        """Below 500, and a refusal says why in French."""
        status = response.status_code
        if status >= 500:
            self.fail(f"GET {address} answered {status}: {response.content[:300]!r}")
        if status < 400:
            return
        if route.is_api:
            self.assertEqual(response["Content-Type"], PROBLEM_JSON, address)
            self.assertIn(response.json()["title"], FRENCH_TITLES, address)
        else:
            self.assertIn('<html lang="fr"', response.content.decode(), address)


class TestEveryRouteIsListed(HostileInputData, TestCase):
    """tests/hostile.py lists every public route: a new one is tried too."""

    def test_site_routes(self):
        listed = {route.pattern for route in self.routes if route.pattern}
        missing = []

        def walk(resolver, prefix=""):
            for pattern in resolver.url_patterns:
                route = prefix + str(pattern.pattern)
                if hasattr(pattern, "url_patterns"):
                    walk(pattern, route)
                elif not route.startswith(("admin/", "api/v3/", "^static/", "^media/")):
                    if route not in listed:
                        missing.append(route)

        walk(get_resolver())
        self.assertEqual(missing, [])

    def test_api_routes(self):
        paths = {route.path for route in self.routes if route.is_api}
        for expected in [
            "/api/v3/pages/",
            "/api/v3/pages/find/",
            "/api/v3/pages/{page_id}/",
            "/api/v3/images/",
            "/api/v3/documents/",
            "/api/v3/redirects/",
            "/api/v3/sites/",
            "/api/v3/schema/",
            "/api/v3/openapi.json",
            "/api/v3/campaigns/{slug}/days/",
        ]:
            self.assertIn(expected, paths)
        for route in self.routes:
            for hole in route.holes:
                self.assertIn(hole, self.holes, route.path)


def with_the_catalogue(test):
    """`test` run first with each value of the catalogue (tests/hostile.py)."""
    for value in CATALOGUE.values():
        test = example(value=value)(test)
    return test


class Sweep(HostileInputData):
    """One value on every parameter of every route, in every hole of its
    address, and as the name of a parameter: a parameter at a time, so that
    each one is read (several would stop at the first refused). Listings are
    asked one item at a time: the value is read all the same, sooner."""

    def sweep(self, routes, value):
        for route in routes:
            token = route.token  # an editor's routes: with a token
            holes = self.valid_holes(route)
            for name in route.params:
                query = [(name, value)]
                if "limit" in route.params and name != "limit":
                    query.append(("limit", "1"))
                self.answer(route, route.address(holes, query), token=token)
            for hole in route.holes:
                if hole != "page":
                    address = route.address({**holes, hole: value})
                    self.answer(route, address, token=token)
            if route.params or route.holes:
                address = route.address(holes, [(value, "1")])
                self.answer(route, address, token=token)


class TestEverySiteRoute(Sweep, HypothesisTestCase):
    @hypothesis_settings(max_examples=2, **BOUNDED)
    @with_the_catalogue
    @given(value=hostile_values)
    def test_every_parameter_and_path_segment(self, value):
        self.sweep([route for route in self.routes if not route.is_api], value)


class TestEveryAPIRoute(Sweep, HypothesisTestCase):
    @hypothesis_settings(max_examples=2, **BOUNDED)
    @with_the_catalogue
    @given(value=hostile_values)
    def test_every_parameter_and_path_segment(self, value):
        self.sweep([route for route in self.routes if route.is_api], value)


class TestCombinations(HostileInputData, HypothesisTestCase):
    """Several parameters at once, valid and hostile, path segments valid or
    not, with an editor's token or without."""

    def hole_values(self, hole):
        if hole == "page":  # an address of a page: valid ones only
            return st.sampled_from(self.holes[hole])
        if not self.holes[hole]:
            return hostile_values
        return st.sampled_from(self.holes[hole]) | hostile_values

    @staticmethod
    def param_values(name):
        if name in VALID_VALUES:
            return st.just(VALID_VALUES[name]) | hostile_values
        return hostile_values

    @hypothesis_settings(max_examples=100, **BOUNDED)
    @given(data=st.data())
    def test_combinations(self, data):
        # Names no route takes are sent separately too: the campaign routes
        # refuse them (400) before the known ones are read.
        route = data.draw(st.sampled_from(self.routes), label="route")
        holes = {
            hole: data.draw(self.hole_values(hole), label=hole) for hole in route.holes
        }
        names = data.draw(
            st.lists(st.sampled_from(route.params), max_size=4)
            if route.params
            else st.just([]),
            label="parameters",
        )
        known = [
            (name, data.draw(self.param_values(name), label=name)) for name in names
        ]
        unknown = data.draw(
            st.lists(st.tuples(hostile_values, hostile_values), max_size=2),
            label="other parameters",
        )
        token = data.draw(st.booleans(), label="token")
        for query in (known, [*unknown, *known]):
            self.answer(route, route.address(holes, query), token=token)
