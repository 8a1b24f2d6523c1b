"""The HTTP surface of the API v3 (campaign/partners/api/middleware.py, campaign/partners/api/errors.py):
HEAD answered as GET without the body, French problem documents on every
endpoint, Wagtail's own included, and at addresses under /api/ that no route
matches.

`served` (tests/http_serving.py) gives the answer as the server gets it,
after every middleware: the test client would drop a HEAD body itself.
"""

import json

from django.test import SimpleTestCase, TestCase, override_settings
from wagtail.models import Site, get_page_models

from campaign.models import PartnerSettings
from campaign.partners.api.french import french_detail, french_message
from tests.campaign.opt_in import with_opt_in_parts
from tests.campaign.partner_data import MONDAY, WEEK_SLUG, api, load_week
from tests.http_serving import served

PARTNER = "https://www.ac-limoges.fr"
PROBLEM_JSON = "application/problem+json"
# Headers that differ from one answer to the next whatever the method.
VOLATILE = {"date", "x-cache"}
# Words of Wagtail's and pydantic's English messages.
ENGLISH = [
    "Not Found",
    "Not found",
    "matches the given",
    "Validation failed",
    "Unprocessable",
    "Unauthorized",
    "Input should",
    "Bad Request",
    "cannot be",
    "invalid fields",
    "not allowed",
]


def headers_of(response):
    return {
        name.lower(): value
        for name, value in response.items()
        if name.lower() not in VOLATILE
    }


@with_opt_in_parts
class APITestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = load_week()
        partner = PartnerSettings.for_site(Site.objects.get(is_default_site=True))
        partner.allowed_origins = PARTNER
        partner.save()

    def assertFrenchProblem(self, response, status):
        self.assertEqual(response.status_code, status, response.content[:300])
        self.assertEqual(response["Content-Type"], PROBLEM_JSON)
        document = response.json()
        self.assertLessEqual({"type", "title", "status", "detail"}, set(document))
        self.assertLessEqual(
            set(document), {"type", "title", "status", "detail", "errors"}
        )
        self.assertEqual(document["status"], status)
        self.assertEqual(document["type"], "about:blank")
        text = json.dumps(document, ensure_ascii=False)
        for english in ENGLISH:
            self.assertNotIn(english, text)
        return document


class TestHead(APITestCase):
    """HEAD answers as GET would, without the body."""

    def paths(self):
        page = self.data["campaign"]
        return [
            api(),
            api(f"{WEEK_SLUG}/days/"),
            api(f"{WEEK_SLUG}/days/?department=24"),
            api(f"{WEEK_SLUG}/days/{MONDAY}/"),
            api("nope/days/"),  # the router's own 404
            api(f"{WEEK_SLUG}/days/2021-02-31/"),  # 422
            "/api/v3/pages/",
            f"/api/v3/pages/{page.pk}/",
            "/api/v3/pages/999999/",
            "/api/v3/pages/?limit=abc",
            "/api/v3/images/",
            "/api/v3/documents/",
            "/api/v3/whoami/",  # 401
            "/api/v3/openapi.json",
            "/api/v2/",  # no route
        ]

    def test_same_status_and_headers_as_get_and_no_body(self):
        for path in self.paths():
            with self.subTest(path=path):
                get = served("GET", path, origin=PARTNER)
                head = served("HEAD", path, origin=PARTNER)
                self.assertNotEqual(head.status_code, 405)
                self.assertEqual(head.status_code, get.status_code)
                self.assertEqual(headers_of(head), headers_of(get))
                self.assertEqual(head["Content-Length"], str(len(get.content)))
                # Dropping the body is the site's (tests/test_head.py).

    def test_validators_cache_control_and_cors_headers(self):
        head = served("HEAD", api(f"{WEEK_SLUG}/days/{MONDAY}/"), origin=PARTNER)
        self.assertEqual(head.status_code, 200)
        self.assertTrue(head["ETag"])
        self.assertTrue(head["Last-Modified"])
        self.assertIn("must-revalidate", head["Cache-Control"])
        self.assertEqual(head["Access-Control-Allow-Origin"], PARTNER)
        self.assertIn("Origin", head["Vary"])

    def test_conditional_head_gets_304(self):
        for path in (
            api(),
            api(f"{WEEK_SLUG}/days/"),
            api(f"{WEEK_SLUG}/days/{MONDAY}/"),
        ):
            with self.subTest(path=path):
                etag = self.client.head(path)["ETag"]
                response = self.client.head(path, headers={"If-None-Match": etag})
                self.assertEqual(response.status_code, 304)
                self.assertEqual(response["ETag"], etag)
                response = self.client.head(path, headers={"If-None-Match": '"autre"'})
                self.assertEqual(response.status_code, 200)

    def test_head_on_an_endpoint_without_get_is_still_refused(self):
        page = self.data["campaign"]
        response = self.client.head(f"/api/v3/pages/{page.pk}/actions/delete/")
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response["Allow"], "DELETE")


class TestWagtailEndpointsInFrench(APITestCase):
    """Wagtail's own v3 endpoints answer their errors in French, like the
    campaign router, with the same status codes."""

    def problem(self, path, status, **params):
        return self.assertFrenchProblem(self.client.get(path, params), status)

    def test_not_found(self):
        cases = {
            "/api/v3/pages/999999/": "Page introuvable.",
            "/api/v3/images/999999/": "Image introuvable.",
            "/api/v3/documents/999999/": "Document introuvable.",
        }
        for path, detail in cases.items():
            with self.subTest(path=path):
                document = self.problem(path, 404)
                self.assertEqual(document["title"], "Introuvable")
                self.assertEqual(document["detail"], detail)
        # A live page under an unpublished campaign is not found either.
        document = self.problem(f"/api/v3/pages/{self.data['orphan'].pk}/", 404)
        self.assertEqual(document["detail"], "Page introuvable.")

    def test_parameter_errors(self):
        document = self.problem("/api/v3/pages/", 422, limit="abc")
        self.assertEqual(document["title"], "Paramètres invalides")
        self.assertEqual(document["detail"], "Paramètre invalide : limit.")
        self.assertEqual(
            document["errors"],
            [
                {
                    "loc": ["query", "limit"],
                    "msg": "nombre entier attendu",
                    "type": "int_parsing",
                }
            ],
        )
        document = self.problem("/api/v3/pages/", 422, type="foo.Bar")
        self.assertEqual(document["detail"], "Paramètre invalide : type.")
        (error,) = document["errors"]
        self.assertTrue(error["msg"].startswith("valeur non permise ("))
        # The page types, in French: "…, 'x' ou 'y')".
        last = get_page_models()[-1]._meta.label
        self.assertTrue(error["msg"].endswith(f" ou '{last}')"), error["msg"])
        document = self.problem("/api/v3/pages/", 422, child_of="999999")
        self.assertEqual(document["detail"], "Paramètre invalide : child_of.")
        self.assertEqual(document["errors"][0]["msg"], "page introuvable pour child_of")
        # Wagtail's Locale model has no French name of its own.
        document = self.problem("/api/v3/pages/", 404, locale="xx")
        self.assertEqual(document["detail"], "Langue introuvable.")
        document = self.problem("/api/v3/pages/", 422, order="zzz")
        self.assertEqual(document["detail"], "Paramètres invalides.")
        self.assertEqual(
            document["errors"][0]["msg"], "champs non permis pour « page » : 'zzz'"
        )
        # Wagtail's group of filters is no parameter a client sends.
        page = self.data["campaign"].pk
        document = self.problem(
            "/api/v3/pages/", 422, child_of=page, descendant_of=page
        )
        self.assertEqual(document["detail"], "Paramètres invalides.")
        self.assertEqual(
            document["errors"][0]["msg"],
            "descendant_of et child_of ne se combinent pas",
        )

    def test_limit_too_high(self):
        document = self.problem("/api/v3/pages/", 400, limit="1000")
        self.assertEqual(document["title"], "Requête invalide")
        self.assertEqual(document["detail"], "limit ne peut pas dépasser 20.")

    def test_authentication_required(self):
        for path in ("/api/v3/whoami/", "/api/v3/sites/", "/api/v3/schema/"):
            with self.subTest(path=path):
                document = self.problem(path, 401)
                self.assertEqual(document["title"], "Authentification requise")
                self.assertIn("jeton d’accès", document["detail"])

    def test_campaign_router_keeps_its_own_details(self):
        document = self.problem(api("inconnue/days/"), 404)
        self.assertEqual(document["detail"], "Aucune campagne publiée « inconnue ».")
        document = self.problem(api(f"{WEEK_SLUG}/days/"), 422, date="hier", limit="0")
        self.assertEqual(document["detail"], "Paramètres invalides : date, limit.")
        document = self.problem(api("preview/"), 422)
        self.assertEqual(document["detail"], "Paramètre invalide : token.")


class TestUnknownAddresses(APITestCase):
    """Under /api/, an address no route matches answers a French problem
    document rather than the site's HTML 404 page."""

    def test_unknown_addresses(self):
        for path in (
            api("nope/x/"),
            "/api/v2/",
            "/api/v2/pages/",
            "/api/v3/unknown/",
            "/api/",
        ):
            with self.subTest(path=path):
                response = self.client.get(path, headers={"Origin": PARTNER})
                document = self.assertFrenchProblem(response, 404)
                self.assertEqual(document["title"], "Introuvable")
                self.assertEqual(
                    document["detail"], "Aucune ressource de l’API à cette adresse."
                )
                # A partner's script can read it (CAMPAIGN["CORS_PATHS"]).
                self.assertEqual(response["Access-Control-Allow-Origin"], PARTNER)

    def test_real_routes_are_not_shadowed(self):
        self.assertEqual(self.client.get(api()).status_code, 200)
        self.assertEqual(self.client.get("/api/v3/pages/").status_code, 200)
        self.assertEqual(self.client.get("/api/v3/openapi.json").status_code, 200)
        self.assertEqual(self.client.get("/api/v3/docs/").status_code, 200)
        # A wrong slug or date on an existing route gets the route's own answer.
        response = self.client.get(api("nope/days/"))
        self.assertEqual(
            self.assertFrenchProblem(response, 404)["detail"],
            "Aucune campagne publiée « nope ».",
        )
        response = self.client.get(api(f"{WEEK_SLUG}/days/2021-02-09/"))
        self.assertIn("n’a pas de journée en ligne", response.json()["detail"])
        response = self.client.get("/api/v3/pages/abc/")
        self.assertEqual(
            self.assertFrenchProblem(response, 422)["detail"],
            "Paramètre invalide : page_id.",
        )
        # A missing final slash is still redirected, not refused.
        response = self.client.get("/api/v3/pages")
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], "/api/v3/pages/")

    def test_method_not_allowed(self):
        response = self.client.post(api(), headers={"Origin": PARTNER})
        document = self.assertFrenchProblem(response, 405)
        self.assertEqual(document["title"], "Méthode non autorisée")
        self.assertIn("POST", document["detail"])
        self.assertEqual(response["Allow"], "GET, HEAD")
        self.assertEqual(response["Access-Control-Allow-Origin"], PARTNER)

    @override_settings(WAGTAILAPI_DOCS_ENABLED=False)
    def test_docs_turned_off(self):
        self.assertFrenchProblem(self.client.get("/api/v3/openapi.json"), 404)

    def test_other_pages_keep_the_html_404(self):
        response = self.client.get("/pas-une-page/")
        self.assertEqual(response.status_code, 404)
        self.assertTrue(response["Content-Type"].startswith("text/html"))


class TestFrenchMessages(SimpleTestCase):
    """Wagtail's and pydantic's English messages, in French."""

    def test_wagtail_parameter_messages(self):
        cases = {
            "Value error, random ordering cannot be combined with other fields.": (
                "le tri aléatoire (random) ne se combine pas avec d’autres champs"
            ),
            "Value error, random ordering with offset is not supported.": (
                "le tri aléatoire (random) ne permet pas offset"
            ),
            "Field filter error, 'x' is not a valid value for slug. (boom)": (
                "valeur non permise pour slug : 'x'"
            ),
            "search is disabled.": "la recherche est désactivée",
            "Cannot order by 'title' while searching (field is not indexed).": (
                "tri par title impossible pendant une recherche (non indexé)"
            ),
        }
        for english, french in cases.items():
            with self.subTest(english=english):
                error = {"type": "value_error", "msg": english}
                self.assertEqual(french_message(error), french)

    def test_unknown_messages_are_not_left_in_english(self):
        error = {"type": "something_new", "msg": "Input should be something"}
        self.assertEqual(french_message(error), "valeur invalide")
        self.assertEqual(
            french_detail(400, "Some new English text"), "Requête invalide."
        )
        self.assertEqual(
            french_detail(418, "I'm a teapot"), "La requête n’a pas abouti."
        )
