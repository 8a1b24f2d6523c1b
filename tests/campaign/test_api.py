"""The campaign router of the API v3: typed schema, live content only, errors.

The OpenAPI snapshot (tests/campaign/files/openapi_campaigns.json) holds the
campaign paths and every component they use. After an intended change of the
API, refresh it with:

    UPDATE_API_SNAPSHOT=1 .venv/bin/python manage.py test tests.campaign.test_api \
        --settings=persev_site.settings.test

and review the diff.
"""

import copy
import json
import os
from pathlib import Path
from unittest import mock

from django.db import InterfaceError, OperationalError
from django.test import Client, TestCase

from campaign.authoring.interchange.json_format import validator
from tests.builders import (
    DEMO_SLUG,
    add_campaign,
    add_day,
    home_page,
    text_block,
)
from tests.campaign.opt_in import with_opt_in_parts
from tests.campaign.partner_data import (
    HIDDEN,
    MONDAY,
    TUESDAY,
    api,
    load_week,
)

SNAPSHOT = Path(__file__).parent / "files" / "openapi_campaigns.json"
SHARED_SCHEMA = (
    Path(__file__).resolve().parents[3] / "shared" / "spec" / "day.schema.json"
)


def campaign_openapi(document):
    """The campaign paths of an OpenAPI document and the components they use."""
    paths = {
        path: spec
        for path, spec in document["paths"].items()
        if path.startswith("/api/v3/campaigns/")
    }
    schemas = document["components"]["schemas"]
    kept, todo = {}, [paths]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[1]
                if name not in kept:
                    kept[name] = schemas[name]
                    todo.append(schemas[name])
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return {"paths": paths, "components": {"schemas": dict(sorted(kept.items()))}}


class CampaignAPITests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = load_week(demo=True)

    def get_json(self, path, status=200, **params):
        response = self.client.get(path, params)
        self.assertEqual(response.status_code, status, response.content[:500])
        return response.json()

    def test_campaign_list_has_live_campaigns_with_dates_and_urls(self):
        body = self.get_json(api())
        self.assertEqual(body["count"], 1)
        (item,) = body["items"]
        self.assertEqual(item["slug"], DEMO_SLUG)
        self.assertEqual(item["start_date"], "2021-02-01")
        self.assertTrue(item["url"].startswith("http"))
        self.assertTrue(item["days_url"].startswith("http://testserver/api/v3/"))
        self.assertEqual(set(item["feeds"]), {"rss", "atom", "json_feed", "ical"})
        self.assertNotIn(HIDDEN, json.dumps(body))

    def test_every_demo_day_validates_against_the_interchange_schema(self):
        body = self.get_json(api(f"{DEMO_SLUG}/days/"))
        self.assertEqual(
            [d["date"] for d in body["items"]], ["2021-02-01", "2021-02-02"]
        )
        schema_validator = validator()
        if SHARED_SCHEMA.exists():
            # The bundled schema is the shared one, but for the départements:
            # the shared spec lists Nouvelle-Aquitaine's, the plugin every
            # French one (each campaign then accepts its région's only), so
            # every file valid under the spec stays valid.
            shared = json.loads(SHARED_SCHEMA.read_text(encoding="utf-8"))
            bundled = copy.deepcopy(schema_validator.schema)
            shared_department = shared["$defs"]["establishment"]["properties"][
                "department"
            ]
            bundled_department = bundled["$defs"]["establishment"]["properties"][
                "department"
            ]
            self.assertLess(
                set(shared_department.pop("enum")),
                set(bundled_department.pop("enum")),
            )
            bundled_department.pop("description")
            # And for the kinds of block the plugin adds (the testimony):
            # the spec's own kinds are the same, in the same order.
            spec_kinds = [
                branch["properties"]["type"]["const"]
                for branch in shared["$defs"]["block"]["oneOf"]
            ]
            bundled_block = bundled["$defs"]["block"]
            added = [
                branch
                for branch in bundled_block["oneOf"]
                if branch["properties"]["type"]["const"] not in spec_kinds
            ]
            self.assertEqual(
                [branch["properties"]["type"]["const"] for branch in added],
                ["testimony"],
            )
            bundled_block["oneOf"] = [
                branch for branch in bundled_block["oneOf"] if branch not in added
            ]
            self.assertEqual(shared, bundled)
        for date in (MONDAY, TUESDAY):
            day = self.get_json(api(f"{DEMO_SLUG}/days/{date}/"))
            errors = [e.message for e in schema_validator.iter_errors(day)]
            self.assertEqual(errors, [], date)
            self.assertEqual(day["date"], date.isoformat())
            self.assertTrue(day["url"].startswith("http"))
            self.assertIsInstance(day["id"], int)
            self.assertEqual(day, body["items"][0 if date == MONDAY else 1])

    def test_establishments_are_expanded_with_academie(self):
        day = self.get_json(api(f"{DEMO_SLUG}/days/{MONDAY}/"))
        actions = next(b for b in day["body"] if b["type"] == "actions")
        establishment = actions["value"]["actions"][0]["establishments"][0]
        self.assertEqual(
            set(establishment),
            {
                "id",
                "name",
                "town",
                "department",
                "department_name",
                "academie",
                "academie_label",
                "kind",
            },
        )
        self.assertEqual(establishment["academie"], "bordeaux")

    def test_rich_text_is_display_html_with_absolute_public_urls(self):
        campaign = add_campaign(slug="liens", title="Liens")
        draft_target = add_campaign(slug="pas-encore", title="Pas encore", live=False)
        home = home_page()
        add_day(
            campaign,
            MONDAY,
            [
                text_block(
                    f'<p>Voir <a linktype="page" id="{home.pk}">l’accueil</a> et '
                    f'<a linktype="page" id="{draft_target.pk}">le brouillon</a>, '
                    "<b>gras</b>.</p>"
                )
            ],
        )
        day = self.get_json(api(f"liens/days/{MONDAY}/"))
        html = day["body"][0]["value"]
        self.assertNotIn("linktype", json.dumps(day))
        self.assertIn('<a href="http://', html)
        self.assertIn("<strong>gras</strong>", html)
        self.assertNotIn("pas-encore", html)
        self.assertIn("le brouillon", html)  # the text stays, not the link

    def test_filters(self):
        def dates(**params):
            body = self.get_json(api(f"{DEMO_SLUG}/days/"), **params)
            return [d["date"] for d in body["items"]]

        self.assertEqual(dates(date="2021-02-02"), ["2021-02-02"])
        self.assertEqual(dates(date="2021-02-03"), [])  # a draft
        everywhere = dates()
        for academie in ("bordeaux", "limoges", "poitiers"):
            self.assertLessEqual(set(dates(academie=academie)), set(everywhere))
        self.assertIn("2021-02-01", dates(department="24"))
        self.assertEqual(dates(limit=1, offset=1), ["2021-02-02"])
        body = self.get_json(api(f"{DEMO_SLUG}/days/"), limit=1)
        self.assertEqual(body["count"], 2)

    def test_unpublished_and_scheduled_days_are_absent(self):
        for date in ("2021-02-03", "2021-02-04"):
            self.get_json(api(f"{DEMO_SLUG}/days/{date}/"), status=404)
        self.get_json(api("campagne-cachee/days/"), status=404)
        self.get_json(api(f"campagne-cachee/days/{MONDAY}/"), status=404)
        body = self.client.get(api(f"{DEMO_SLUG}/days/")).content.decode()
        self.assertNotIn(HIDDEN, body)

    def test_a_session_or_token_changes_nothing(self):
        from django.contrib.auth import get_user_model

        admin = get_user_model().objects.create_superuser("root", "r@x.fr", "pw")
        self.client.force_login(admin)
        self.get_json(api(f"{DEMO_SLUG}/days/2021-02-03/"), status=404)
        self.get_json(api("campagne-cachee/days/"), status=404)

    def test_bad_parameters_answer_french_problem_documents(self):
        cases = [
            (api("inconnue/days/"), {}, 404),
            (api(f"{DEMO_SLUG}/days/2021-02-31/"), {}, 422),
            (api(f"{DEMO_SLUG}/days/demain/"), {}, 422),
            (api(f"{DEMO_SLUG}/days/"), {"date": "hier"}, 422),
            # Not of France: the schema's enums refuse it.
            (api(f"{DEMO_SLUG}/days/"), {"department": "99"}, 422),
            (api(f"{DEMO_SLUG}/days/"), {"academie": "atlantide"}, 422),
            (api(f"{DEMO_SLUG}/days/"), {"kind": "fac"}, 422),
            # Of France, not of the campaign's région académique.
            (api(f"{DEMO_SLUG}/days/"), {"department": "75"}, 400),
            (api(f"{DEMO_SLUG}/days/"), {"academie": "paris"}, 400),
            (api(f"{DEMO_SLUG}/days/"), {"limit": "-1"}, 422),
            (api(f"{DEMO_SLUG}/days/"), {"limit": "0"}, 422),
            (api(f"{DEMO_SLUG}/days/"), {"offset": "-5"}, 422),
            (api(f"{DEMO_SLUG}/days/"), {"limit": "1000000"}, 400),
            (api(f"{DEMO_SLUG}/days/"), {"limit": "9" * 40}, 400),
            (api("preview/"), {}, 422),
            (api("preview/"), {"token": "faux"}, 404),
        ]
        for path, params, status in cases:
            with self.subTest(path=path, params=params):
                response = self.client.get(path, params)
                self.assertEqual(response.status_code, status, response.content)
                self.assertEqual(response["Content-Type"], "application/problem+json")
                problem = response.json()
                self.assertEqual(problem["status"], status)
                self.assertIn(
                    problem["title"],
                    {"Introuvable", "Paramètres invalides", "Requête invalide"},
                )
                self.assertTrue(problem["detail"])
                self.assertNotIn("Validation failed", problem["detail"])

    def test_a_misspelt_parameter_is_refused_not_ignored(self):
        # Ignored, "departement" would return every day, unfiltered.
        problem = self.get_json(api(f"{DEMO_SLUG}/days/"), status=400, departement="86")
        self.assertEqual(problem["title"], "Requête invalide")
        self.assertEqual(
            problem["detail"],
            "Paramètre inconnu : departement. Vouliez-vous dire « department » ? "
            "Paramètres acceptés : date, department, academie, kind, limit, offset.",
        )
        problem = self.get_json(api(f"{DEMO_SLUG}/days/"), status=400, limt=1, x=2)
        self.assertTrue(
            problem["detail"].startswith(
                "Paramètres inconnus : limt, x. "
                "Vouliez-vous dire « limit » au lieu de « limt » ?"
            ),
            problem["detail"],
        )
        # The path's own parts are not query parameters.
        problem = self.get_json(
            api(f"{DEMO_SLUG}/days/2021-02-01/"), status=400, date="2021-02-01"
        )
        self.assertIn("Cette adresse ne prend aucun paramètre.", problem["detail"])
        self.get_json(api(), status=400, campagne="x")
        self.get_json(api("preview/"), status=400, token="faux", jeton="faux")

    def test_cache_busters_and_tracking_parameters_are_let_through(self):
        body = self.get_json(api(f"{DEMO_SLUG}/days/"), _="1733390000", limit=1)
        self.assertEqual(len(body["items"]), 1)
        body = self.get_json(
            api(f"{DEMO_SLUG}/days/"), utm_source="lettre", fbclid="x", limit=1
        )
        self.assertEqual(len(body["items"]), 1)
        self.get_json(api(f"{DEMO_SLUG}/days/2021-02-01/"), _="1")

    def test_wagtail_page_endpoints_hide_pages_under_an_unpublished_parent(self):
        orphan = self.data["orphan"]
        self.get_json(f"/api/v3/pages/{orphan.pk}/", status=404)
        listing = self.client.get("/api/v3/pages/", {"limit": 20}).content.decode()
        self.assertNotIn(HIDDEN, listing)
        self.assertNotIn(f'"id": {orphan.pk},', listing)

    def test_wagtail_page_meta_parent_is_null_when_the_parent_is_not_public(self):
        from django.test import RequestFactory

        from campaign.partners.api import wagtail_pages

        # The home page's parent is the tree root, outside the site: null.
        home = home_page()
        self.assertIsNone(self.get_json(f"/api/v3/pages/{home.pk}/")["meta"]["parent"])
        # The resolver itself: an unpublished parent is never returned.
        request = RequestFactory().get("/api/v3/pages/")
        orphan = self.data["orphan"]
        self.assertIsNone(wagtail_pages.resolve_parent(orphan, {"request": request}))
        draft = self.data["draft"]
        self.assertEqual(
            wagtail_pages.resolve_parent(draft, {"request": request}).pk,
            self.data["campaign"].pk,
        )
        monday = self.data["campaign"].get_children().live().first()
        body = self.get_json(f"/api/v3/pages/{monday.pk}/")
        self.assertEqual(body["meta"]["parent"]["id"], self.data["campaign"].pk)
        self.assertEqual(self.client.get("/api/v3/pages/999999/").status_code, 404)

    def test_openapi_describes_every_block_field(self):
        document = self.get_json("/api/v3/openapi.json")
        schemas = document["components"]["schemas"]
        self.assertEqual(set(schemas["ZoomValue"]["properties"]), {"title", "body"})
        self.assertIn("establishments", schemas["ActionOut"]["properties"])
        self.assertIn("academie", schemas["EstablishmentOut"]["properties"])
        for name in ("ResourceLinkOut", "PartnershipValue", "TextBlockOut", "ImageOut"):
            self.assertIn(name, schemas)

    def test_openapi_snapshot(self):
        document = campaign_openapi(self.get_json("/api/v3/openapi.json"))
        text = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        if os.environ.get("UPDATE_API_SNAPSHOT"):
            SNAPSHOT.write_text(text, encoding="utf-8")
        self.assertEqual(
            json.loads(SNAPSHOT.read_text(encoding="utf-8")),
            document,
            "The campaign API changed: refresh the snapshot (see this module's docstring).",
        )


@with_opt_in_parts
class TestDatabaseUnreachable(TestCase):
    """PostgreSQL restarting: every v3 endpoint answers a French problem
    document with 503 and Retry-After, which a partner's client can retry."""

    @classmethod
    def setUpTestData(cls):
        load_week(demo=True)

    def get(self, path, where, error):
        client = Client(raise_request_exception=False)
        with (
            mock.patch(where, side_effect=error),
            # The cause, with its traceback, and Django's line for the 503.
            self.assertLogs("campaign.partners.api.errors", "ERROR"),
            self.assertLogs("django.request", "ERROR"),
        ):
            return client.get(path)

    def test_campaign_endpoint(self):
        response = self.get(
            api(f"{DEMO_SLUG}/days/{MONDAY}/"),
            "campaign.models.campaign_page.CampaignPageQuerySet.find_public",
            OperationalError("connection to server failed: Connection refused"),
        )
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "30")
        self.assertEqual(response["Content-Type"], "application/problem+json")
        problem = response.json()
        self.assertEqual(problem["status"], 503)
        self.assertEqual(problem["title"], "Service momentanément indisponible")
        self.assertEqual(
            problem["detail"],
            "La base de données ne répond pas : réessayez dans un instant.",
        )
        self.assertNotIn("Connection refused", response.content.decode())

    def test_wagtail_endpoint(self):
        response = self.get(
            "/api/v3/pages/",
            "wagtail.models.Site.find_for_request",
            InterfaceError("connection already closed"),
        )
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "30")
        self.assertEqual(response.json()["status"], 503)


class TestFrenchParameterErrors(TestCase):
    """Each entry of a 422 says in French what is wrong with the parameter."""

    @classmethod
    def setUpTestData(cls):
        load_week(demo=True)

    def test_field_messages_are_french(self):
        cases = {
            f"{DEMO_SLUG}/days/?date=2021-13-01": "date invalide : attendu AAAA-MM-JJ",
            f"{DEMO_SLUG}/days/?department=99": "valeur non permise (",
            f"{DEMO_SLUG}/days/?limit=-1": "valeur trop petite",
        }
        for path, message in cases.items():
            with self.subTest(path=path):
                response = self.client.get(api(path))
                self.assertEqual(response.status_code, 422)
                (error,) = response.json()["errors"]
                self.assertIn(message, error["msg"])
                self.assertNotIn(" or ", error["msg"])


class TestRelativeLinksBecomeAbsolute(TestCase):
    """A path typed by hand in rich text is an address on this site, in every channel."""

    def test_api_feed_and_widget_links_are_absolute(self):
        from tests.builders import zoom_block

        campaign = add_campaign(slug="liens", title="Liens")
        add_day(
            campaign,
            MONDAY,
            [zoom_block("Zoom", '<p>Voir <a href="/contact/">le contact</a>.</p>')],
        )
        day = self.client.get(api(f"liens/days/{MONDAY}/")).json()
        zoom = next(b for b in day["body"] if b["type"] == "zoom")
        self.assertIn('href="http://', zoom["value"]["body"])
        self.assertIn('/contact/">le contact</a>', zoom["value"]["body"])
        self.assertNotIn('href="/contact/"', zoom["value"]["body"])
        feed = self.client.get("/campagnes/liens/flux.rss").content.decode()
        self.assertNotIn('href="/contact/"', feed)
        self.assertNotIn("href=&quot;/contact/&quot;", feed)
