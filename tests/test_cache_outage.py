"""Redis down: the site keeps serving and publishing, only slower.

The cache configuration is the production settings' own (read from a
process started with REDIS_URL pointing at a port where nothing listens), so
this fails if production stops tolerating a cache outage."""

import contextlib
import json
import logging
import socket
from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings

from campaign.models import CampaignDayPage
from tests.test_production_settings import production_env, run_python

PRINT_CACHES = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "CACHES": settings.CACHES,
    "DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS": getattr(
        settings, "DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS", False
    ),
}))
"""


CACHE_LOGGER = "django_redis.cache"


@contextlib.contextmanager
def quiet(name):
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


def closed_port():
    """A local port where nothing listens: connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_cache_settings(redis_url):
    done = run_python(PRINT_CACHES, production_env(REDIS_URL=redis_url))
    if done.returncode:
        raise AssertionError(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


class TestRedisDown(TestCase):
    @classmethod
    def setUpClass(cls):
        cache_settings = production_cache_settings(
            f"redis://127.0.0.1:{closed_port()}/0"
        )
        cls.enterClassContext(
            override_settings(
                **cache_settings,
                PAGE_CACHE_SECONDS=300,
            )
        )
        # Every missed cache operation is logged with its traceback: checked
        # (assertLogs) in the tests, kept out of the suite's output elsewhere.
        cls.enterClassContext(quiet(CACHE_LOGGER))
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        call_command("load_site_demo", "--no-admin", stdout=StringIO())
        cls.day = CampaignDayPage.objects.live().order_by("date").first()

    def test_pages_api_and_feeds_are_served(self):
        campaign = self.day.campaign
        paths = [
            "/",
            campaign.url,
            self.day.url,
            f"/api/v3/campaigns/{campaign.slug}/days/{self.day.date}/",
            f"/campagnes/{campaign.slug}/flux.rss",
        ]
        with self.assertLogs(CACHE_LOGGER, "ERROR"):  # operators see it
            for path in paths:
                with self.subTest(path=path):
                    response = self.client.get(path)
                    self.assertEqual(response.status_code, 200)
                    self.assertNotIn("X-Cache", response)  # nothing to serve from

    def test_a_publication_goes_through_and_shows_at_once(self):
        with self.assertLogs(CACHE_LOGGER, "ERROR"):
            self.client.get(self.day.url)
            day = self.day.get_latest_revision_as_object()
            day.title = "Lundi, nouvelle version"
            day.save_revision().publish()

            response = self.client.get(self.day.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Lundi, nouvelle version")
        self.assertEqual(
            CampaignDayPage.objects.public_on(day.campaign, day.date).title,
            "Lundi, nouvelle version",
        )
