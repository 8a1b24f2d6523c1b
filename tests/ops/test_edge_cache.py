"""The site behind a real Varnish with the repository's VCL
(deploy/varnish/persev.vcl): what readers get through it after a
publication, what it never keeps, a purge that fails, a reader who logs in.

The site is this test process's live server; varnishd (tests/ops/varnish.py)
runs on another loopback port in front of it, and the purges go to it
(WAGTAILFRONTENDCACHE, as FRONTEND_CACHE_URL sets in production). The
default site is named after Varnish's address, as the public name is in
production: Wagtail purges with the site's host name.
"""

import datetime as dt
import http.server
import threading
import unittest
import urllib.request
from urllib.parse import urlsplit

import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import LiveServerTestCase, override_settings
from django.utils import timezone
from wagtail.models import Site

from campaign.models import CampaignDayPage
from campaign.publishing.scheduler import run_pass
from persev_site.edge.purger import purger
from tests.builders import (
    action,
    actions_block,
    add_campaign,
    add_day,
    add_establishment,
)
from tests.ops.varnish import SKIP_MESSAGE, Varnish, varnishd_path

PURGE_WAIT = 60  # seconds: a bound, not a measure


def edge_settings(location):
    return override_settings(
        WAGTAILFRONTENDCACHE={
            "varnish": {
                "BACKEND": "persev_site.edge.backends.VarnishBackend",
                "LOCATION": location,
            }
        },
        EDGE_CACHE_SECONDS=300,
        EDGE_PURGE_RETRY_DELAYS=[0.3, 0.5, 1],
        ALLOWED_HOSTS=["127.0.0.1", "localhost", "testserver"],
    )


@unittest.skipUnless(varnishd_path(), SKIP_MESSAGE)
class EdgeCacheTestCase(LiveServerTestCase):
    host = "127.0.0.1"
    # The flush after each test would take the home page and the default
    # site the migrations made.
    serialized_rollback = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.varnish = Varnish(cls.server_thread.port)
        cls.addClassCleanup(cls.varnish.stop)

    def purge_location(self):
        return self.varnish.url

    def setUp(self):
        settings = edge_settings(self.purge_location())
        settings.enable()
        self.addCleanup(settings.disable)
        site = Site.objects.get(is_default_site=True)
        site.hostname, site.port = "127.0.0.1", self.varnish.port
        site.save()
        school = add_establishment("Collège Jean Moulin", "Poitiers", "86")
        self.school = school
        self.campaign = add_campaign()
        self.day = add_day(
            self.campaign,
            dt.date(2021, 2, 1),
            [actions_block(action("Atelier ancien", [school]))],
        )
        self.assertTrue(purger.wait_idle(PURGE_WAIT), purger.pending())

    def get(self, path, **kwargs):
        kwargs.setdefault("allow_redirects", False)
        return requests.get(self.varnish.url + path, timeout=30, **kwargs)

    def api_day_path(self, day):
        return f"/api/v3/campaigns/{self.campaign.slug}/days/{day.date.isoformat()}/"

    def republish(self, title):
        day = CampaignDayPage.objects.get(pk=self.day.pk)
        day.body = [actions_block(action(title, [self.school]))]
        day.save_revision().publish()


class PublicationTests(EdgeCacheTestCase):
    def test_a_publication_shows_at_once_and_is_served_from_the_cache(self):
        paths = [
            self.day.get_url(),
            self.campaign.get_url(),
            self.api_day_path(self.day),
        ]
        for path in paths:
            self.get(path)
            again = self.get(path)
            self.assertEqual(again.status_code, 200, path)
            self.assertEqual(again.headers["X-Edge-Cache"], "HIT", path)
            self.assertIn("s-maxage=300", again.headers["Cache-Control"])
            self.assertIn("stale-while-revalidate=30", again.headers["Cache-Control"])
            self.assertIn("stale-if-error=86400", again.headers["Cache-Control"])
        self.assertIn("Atelier ancien", self.get(self.day.get_url()).text)
        # A browser's own language settings make no copy of their own.
        browser = {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.8"}
        self.assertEqual(
            self.get(self.day.get_url(), headers=browser).headers["X-Edge-Cache"],
            "HIT",
        )

        self.republish("Atelier tout neuf")
        self.assertTrue(purger.wait_idle(PURGE_WAIT), purger.pending())

        # The very next request gets the new page, already stored: no reader
        # waited for it to be rendered.
        day = self.get(self.day.get_url())
        self.assertIn("Atelier tout neuf", day.text)
        self.assertNotIn("Atelier ancien", day.text)
        self.assertEqual(day.headers["X-Edge-Cache"], "HIT")
        self.assertIn(
            "Atelier tout neuf", self.get(self.day.get_url(), headers=browser).text
        )
        api = self.get(self.api_day_path(self.day))
        self.assertIn("Atelier tout neuf", api.text)
        self.assertEqual(api.headers["X-Edge-Cache"], "HIT")

    def test_a_scheduled_day_is_served_once_the_scheduler_puts_it_live(self):
        day = add_day(self.campaign, dt.date(2021, 2, 2), live=False)
        day.body = [actions_block(action("Action du mardi", [self.school]))]
        revision = day.save_revision(
            approved_go_live_at=timezone.now() + dt.timedelta(hours=1)
        )
        day.refresh_from_db()
        self.assertEqual(self.get(day.get_url()).status_code, 404)
        # Scheduled is not live: nothing changes at the edge.
        self.assertTrue(purger.wait_idle(PURGE_WAIT), purger.pending())
        campaign_before = self.get(self.campaign.get_url())
        self.assertNotIn("Action du mardi", campaign_before.text)

        type(revision).objects.filter(pk=revision.pk).update(
            approved_go_live_at=timezone.now() - dt.timedelta(seconds=1)
        )
        run_pass()
        self.assertTrue(purger.wait_idle(PURGE_WAIT), purger.pending())

        answer = self.get(day.get_url())
        self.assertEqual(answer.status_code, 200)
        self.assertIn("Action du mardi", answer.text)
        self.assertEqual(answer.headers["X-Edge-Cache"], "HIT")
        self.assertIn("2 février", self.get(self.campaign.get_url()).text)

    def test_an_unpublished_day_is_gone_from_the_edge(self):
        self.get(self.day.get_url())
        self.assertEqual(self.get(self.day.get_url()).headers["X-Edge-Cache"], "HIT")
        CampaignDayPage.objects.get(pk=self.day.pk).unpublish()
        self.assertTrue(purger.wait_idle(PURGE_WAIT), purger.pending())
        self.assertEqual(self.get(self.day.get_url()).status_code, 404)

    def test_an_establishment_renamed_shows_on_its_page_and_the_day(self):
        path = f"/campagnes/etablissements/{self.school.pk}-college-jean-moulin/"
        self.assertEqual(self.get(path).status_code, 200)
        self.assertEqual(self.get(path).headers["X-Edge-Cache"], "HIT")
        self.get(self.day.get_url())
        self.school.name = "Collège Lucie Aubrac"
        self.school.save()
        self.assertTrue(purger.wait_idle(PURGE_WAIT), purger.pending())
        self.assertIn("Lucie Aubrac", self.get(self.day.get_url()).text)
        self.assertNotIn("Jean Moulin", self.get(path).text)


class NeverCachedTests(EdgeCacheTestCase):
    def assert_never_stored(self, path, **kwargs):
        for _ in range(2):
            answer = self.get(path, **kwargs)
            self.assertNotEqual(answer.headers.get("X-Edge-Cache"), "HIT", path)
            self.assertNotIn("public", answer.headers.get("Cache-Control", ""), path)
        return answer

    def test_a_draft_stays_invisible_and_is_not_purged(self):
        self.get(self.day.get_url())
        day = CampaignDayPage.objects.get(pk=self.day.pk)
        day.body = [actions_block(action("Brouillon secret", [self.school]))]
        day.save_revision()
        self.assertEqual(purger.pending(), [])
        answer = self.get(self.day.get_url())
        self.assertNotIn("Brouillon secret", answer.text)
        self.assertEqual(answer.headers["X-Edge-Cache"], "HIT")

    def test_the_admin_and_previews_are_never_stored(self):
        login = self.assert_never_stored("/admin/login/")
        self.assertIn("private", login.headers["Cache-Control"])
        self.assert_never_stored("/admin/")
        preview = self.assert_never_stored("/api/v3/campaigns/preview/?token=abc")
        self.assertIn(preview.status_code, (400, 403, 404))

    def test_search_is_never_stored(self):
        self.assert_never_stored("/recherche/?q=atelier")


class LoggedInReaderTests(EdgeCacheTestCase):
    def session_of(self, username):
        user = get_user_model().objects.create_user(
            username, f"{username}@example.org", "Mot-de-passe-42", first_name=username
        )
        user.groups.add(Group.objects.get(name="Éditeurs"))
        # A real login through Varnish (a POST: passed to the site).
        session = requests.Session()
        form = session.get(self.varnish.url + "/admin/login/", timeout=30)
        token = session.cookies["csrftoken"]
        self.assertIn(token[:4], form.text + token)
        answer = session.post(
            self.varnish.url + "/admin/login/",
            data={
                "username": username,
                "password": "Mot-de-passe-42",
                "csrfmiddlewaretoken": token,
            },
            headers={"Referer": self.varnish.url + "/admin/login/"},
            allow_redirects=False,
            timeout=30,
        )
        self.assertEqual(answer.status_code, 302, answer.text[:500])
        self.assertIn("sessionid", session.cookies)
        return session

    def test_a_reader_who_logs_in_never_gets_another_persons_page(self):
        alice = self.session_of("Alice")
        dashboard = alice.get(self.varnish.url + "/admin/", timeout=30)
        self.assertEqual(dashboard.status_code, 200)
        self.assertIn("Alice", dashboard.text)
        self.assertIn("private", dashboard.headers["Cache-Control"])

        # Someone else, anonymous, then logged in: never Alice's page.
        anonymous = self.get("/admin/")
        self.assertEqual(anonymous.status_code, 302)
        self.assertNotIn("Alice", anonymous.text)
        bruno = self.session_of("Bruno")
        his = bruno.get(self.varnish.url + "/admin/", timeout=30)
        self.assertIn("Bruno", his.text)
        self.assertNotIn("Alice", his.text)

        # A public page asked for with a session is built for that person
        # and never stored; the anonymous copy is not given to them either.
        self.get(self.day.get_url())
        for _ in range(2):
            page = alice.get(self.varnish.url + self.day.get_url(), timeout=30)
            self.assertEqual(page.status_code, 200)
            self.assertNotEqual(page.headers.get("X-Edge-Cache"), "HIT")
            self.assertIn("private", page.headers["Cache-Control"])


class FlakyPurgeProxy:
    """Answers 503 to the first `failures` PURGE requests, forwards the
    others to Varnish; counts them."""

    def __init__(self, target, failures):
        self.target = urlsplit(target)
        self.failures = failures
        self.seen = []
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_PURGE(self):
                proxy.seen.append(self.path)
                if len(proxy.seen) <= proxy.failures:
                    self.send_response(503)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                request = urllib.request.Request(  # noqa: S310 - our Varnish
                    f"{proxy.target.scheme}://{proxy.target.netloc}{self.path}",
                    method="PURGE",
                    headers=dict(self.headers.items()),
                )
                with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
                    self.send_response(answer.status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class FailedPurgeTests(EdgeCacheTestCase):
    def purge_location(self):
        self.proxy = FlakyPurgeProxy(self.varnish.url, failures=0)
        self.addCleanup(self.proxy.close)
        return self.proxy.url

    def test_a_failed_purge_is_logged_and_retried(self):
        self.get(self.day.get_url())
        self.assertEqual(self.get(self.day.get_url()).headers["X-Edge-Cache"], "HIT")
        self.proxy.seen.clear()
        # Every purge of this publication fails once or twice.
        self.proxy.failures = 40
        with self.assertLogs("persev_site.edge.purger", "WARNING") as logs:
            self.republish("Atelier réessayé")
            self.assertTrue(purger.wait_idle(PURGE_WAIT), purger.pending())
        self.assertIn("échec de la purge", logs.output[0])
        day_url = self.day.get_url()
        self.assertGreaterEqual(self.proxy.seen.count(day_url), 2, self.proxy.seen)
        self.assertIn("Atelier réessayé", self.get(day_url).text)
