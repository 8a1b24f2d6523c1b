"""CORS for allowed partner origins on the partner endpoints only, and HTTP
caching (ETag, Last-Modified, 304) that follows publication."""

import json
import time

from django.core.exceptions import ValidationError
from django.test import TestCase
from wagtail.models import Site

from campaign.models import PartnerSettings
from campaign.models.partner_settings import validate_origins
from tests.builders import add_day, zoom_block
from tests.campaign.opt_in import with_opt_in_parts
from tests.campaign.partner_data import (
    MONDAY,
    TUESDAY,
    WEDNESDAY,
    WEEK_SLUG,
    api,
    load_week,
)

PARTNER = "https://www.ac-limoges.fr"


def text(response):
    """A JSON answer as readable text (no \\u escapes)."""
    return json.dumps(response.json(), ensure_ascii=False)


PARTNER_PATHS = [
    api(),
    api(f"{WEEK_SLUG}/days/"),
    api(f"{WEEK_SLUG}/days/{MONDAY}/"),
    "/api/v3/pages/",
    f"/campagnes/{WEEK_SLUG}/flux.rss",
    f"/campagnes/{WEEK_SLUG}/flux.atom",
    f"/campagnes/{WEEK_SLUG}/flux.json",
    f"/campagnes/{WEEK_SLUG}/semaine.ics",
    f"/campagnes/{WEEK_SLUG}/widget.js",
    f"/campagnes/{WEEK_SLUG}/widget/",
]


@with_opt_in_parts
class CorsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = load_week()
        settings = PartnerSettings.for_site(Site.objects.get(is_default_site=True))
        settings.allowed_origins = f"{PARTNER}\n\nhttps://onisep.fr:8443/\n"
        settings.save()

    def test_allowed_origin_is_echoed_on_partner_endpoints(self):
        for path in PARTNER_PATHS:
            with self.subTest(path=path):
                response = self.client.get(path, headers={"Origin": PARTNER})
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Access-Control-Allow-Origin"], PARTNER)
                self.assertIn("Origin", response["Vary"])
                self.assertNotIn("Access-Control-Allow-Credentials", response.headers)
        response = self.client.get(api(), headers={"Origin": "https://onisep.fr:8443"})
        self.assertEqual(
            response["Access-Control-Allow-Origin"], "https://onisep.fr:8443"
        )

    def test_other_origins_get_no_cors_header(self):
        for origin in ("https://evil.example", "http://www.ac-limoges.fr", "null"):
            response = self.client.get(api(), headers={"Origin": origin})
            self.assertNotIn("Access-Control-Allow-Origin", response.headers)
            self.assertIn("Origin", response["Vary"])

    def test_other_pages_never_send_cors_headers(self):
        for path in (self.data["campaign"].url, "/", "/admin/login/"):
            response = self.client.get(path, headers={"Origin": PARTNER})
            self.assertFalse(
                [h for h in response.headers if h.lower().startswith("access-control")],
                path,
            )

    def test_preflight(self):
        response = self.client.options(
            api(f"{WEEK_SLUG}/days/"),
            headers={
                "Origin": PARTNER,
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "if-none-match",
            },
        )
        self.assertEqual(response.status_code, 204)
        self.assertEqual(response["Access-Control-Allow-Origin"], PARTNER)
        self.assertIn("GET", response["Access-Control-Allow-Methods"])
        self.assertIn("If-None-Match", response["Access-Control-Allow-Headers"])
        refused = self.client.options(
            api(),
            headers={
                "Origin": "https://evil.example",
                "Access-Control-Request-Method": "GET",
            },
        )
        self.assertNotIn("Access-Control-Allow-Origin", refused.headers)

    def test_origins_setting_is_validated(self):
        validate_origins("https://a.fr\nhttp://localhost:3000\n")
        for bad in ("a.fr", "https://a.fr/chemin", "ftp://a.fr", "https://a.fr?x=1"):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                validate_origins(bad)


@with_opt_in_parts
class CachingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = load_week()

    def test_validators_and_304(self):
        for path in PARTNER_PATHS:
            if path.startswith("/api/v3/pages"):
                continue  # Wagtail's own endpoint
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 200)
                etag = response["ETag"]
                self.assertIn("public", response["Cache-Control"])
                self.assertIn("max-age=", response["Cache-Control"])
                self.assertTrue(response["Last-Modified"])
                again = self.client.get(path, headers={"If-None-Match": etag})
                self.assertEqual(again.status_code, 304)
                self.assertEqual(again["ETag"], etag)
                since = self.client.get(
                    path, headers={"If-Modified-Since": response["Last-Modified"]}
                )
                self.assertEqual(since.status_code, 304)

    def test_every_answer_is_revalidated_so_a_go_live_shows_at_once(self):
        # Caches keep answers but must check them (a cheap 304) before each
        # use; they may serve them longer only while the site is down.
        for path in (api(f"{WEEK_SLUG}/days/"), api(f"{WEEK_SLUG}/days/{MONDAY}/")):
            with self.subTest(path=path):
                control = self.client.get(path)["Cache-Control"]
                self.assertIn("max-age=0", control)
                self.assertIn("must-revalidate", control)
                self.assertIn("stale-if-error=", control)

    def etags(self):
        return {path: self.client.get(path)["ETag"] for path in PARTNER_PATHS[:3]}

    def test_validators_change_when_a_day_goes_live(self):
        before = self.etags()
        self.data["draft"].save_revision().publish()
        after = self.etags()
        # The campaign list does not show days: it may stay the same.
        self.assertNotEqual(
            before[api(f"{WEEK_SLUG}/days/")], after[api(f"{WEEK_SLUG}/days/")]
        )
        response = self.client.get(
            api(f"{WEEK_SLUG}/days/"),
            headers={"If-None-Match": before[api(f"{WEEK_SLUG}/days/")]},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(str(WEDNESDAY), response.content.decode())

    def test_unpublishing_a_day_moves_last_modified_forward(self):
        # A client that only sends If-Modified-Since must not keep a day that
        # was taken down.
        import time_machine

        path = api(f"{WEEK_SLUG}/days/")
        first = self.client.get(path)
        self.assertIn(str(TUESDAY), first.content.decode())
        tuesday = (
            self.data["campaign"]
            .get_children()
            .live()
            .specific()
            .get(campaigndaypage__date=TUESDAY)
        )
        with time_machine.travel(time.time() + 120):
            tuesday.unpublish()
            later = self.client.get(
                path, headers={"If-Modified-Since": first["Last-Modified"]}
            )
        self.assertEqual(later.status_code, 200)
        self.assertNotIn(str(TUESDAY), later.content.decode())
        self.assertNotEqual(later["Last-Modified"], first["Last-Modified"])

    def test_validators_change_when_a_day_is_edited_and_republished(self):
        path = api(f"{WEEK_SLUG}/days/{MONDAY}/")
        etag = self.client.get(path)["ETag"]
        monday = (
            self.data["campaign"]
            .get_children()
            .live()
            .specific()
            .get(campaigndaypage__date=MONDAY)
        )
        monday.body = [zoom_block("Nouveau zoom", "<p>Nouveau</p>")]
        monday.save_revision().publish()
        response = self.client.get(path, headers={"If-None-Match": etag})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Nouveau zoom", text(response))

    def test_validators_change_when_an_establishment_is_renamed(self):
        from campaign.models import Establishment

        path = api(f"{WEEK_SLUG}/days/{MONDAY}/")
        etag = self.client.get(path)["ETag"]
        establishment = Establishment.objects.get(name="Collège Henri Bretin")
        establishment.name = "Collège H. Bretin"
        establishment.save()
        response = self.client.get(path, headers={"If-None-Match": etag})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Collège H. Bretin", text(response))

    def test_a_new_live_day_elsewhere_changes_the_campaign_list(self):
        etag = self.client.get(api())["ETag"]
        add_day(self.data["campaign"], WEDNESDAY.replace(day=5), [])
        self.assertNotEqual(self.client.get(api(f"{WEEK_SLUG}/days/"))["ETag"], etag)
