"""The breakdown of `make bench` (tests/bench/breakdown.py): each variant
still serves the page it measures, and every patch is undone after it."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings
from wagtail import hooks
from wagtail.models import Page

from campaign.models import CampaignDayPage
from home.models import StandardPage
from tests.bench import breakdown


class TestBreakdown(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_site_demo", "--no-admin", stdout=StringIO())
        cls.urls = {
            "smallest_page": StandardPage.objects.live().first().get_url(),
            "day": CampaignDayPage.objects.live().order_by("date").first().get_url(),
        }

    def test_every_part_is_measured_on_the_page_itself(self):
        route_for_request = Page.route_for_request
        serve_hooks = list(hooks.get_hooks("on_serve_page"))
        day_serve = CampaignDayPage.serve

        # A variant serving another page (or an error) stops the measure:
        # reaching the figures means each served the page it measures.
        results = breakdown.measure(self.urls, requests=1, rounds=1)

        self.assertEqual(
            set(results["day"]),
            {"whole", "routage", "restrictions", "gabarit", "corps"},
        )
        self.assertEqual(
            set(results["smallest_page"]),
            {"whole", "routage", "restrictions", "gabarit"},
        )
        # Milliseconds: serving a page takes more than 50 µs and less than
        # 10 s (figures in seconds or microseconds would fall outside).
        for figures in results.values():
            for ms in figures.values():
                self.assertGreater(ms, 0.05)
                self.assertLess(ms, 10_000)
        self.assertIs(Page.route_for_request, route_for_request)
        self.assertNotIn("route_for_request", Page.__dict__)
        self.assertEqual(hooks.get_hooks("on_serve_page"), serve_hooks)
        self.assertIs(CampaignDayPage.serve, day_serve)

    def test_a_variant_serving_another_page_stops_the_measure(self):
        with self.assertRaises(SystemExit) as raised:
            breakdown._check_same_page(
                self.client.get(self.urls["day"]),
                self.client.get(self.urls["smallest_page"]),
                "corps",
                self.urls["day"],
            )
        self.assertIn("elle ne sert plus la même page", str(raised.exception))

    @override_settings(PAGE_CACHE_SECONDS=300)
    def test_refused_with_the_page_cache_on(self):
        with self.assertRaises(SystemExit) as raised:
            breakdown.main(self.urls, requests=1, rounds=1, report=False)
        self.assertIn("PAGE_CACHE_SECONDS=0", str(raised.exception))
