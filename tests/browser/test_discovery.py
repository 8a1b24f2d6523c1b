"""A reader finds things the way a reader does: typing in the header's search
box, and filtering the actions page by department with JavaScript switched off
(the filter is a plain form)."""

import datetime as dt

from django.urls import reverse

from tests.browser.base import SCREENSHOTS, BrowserTestCase
from tests.builders import DEMO_SLUG

VIENNE_ACTIONS = [
    "Les 6ᵉ de Camille Claudel à Poudlard",
    "Le sport pour parler persévérance scolaire au collège Jean Rostand",
]


class TestDiscovery(BrowserTestCase):
    def setUp(self):
        super().setUp()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def test_header_search_finds_foquale_on_the_2_february_day(self):
        from campaign.models import CampaignDayPage

        tuesday = CampaignDayPage.objects.get(date=dt.date(2021, 2, 2)).get_url()
        with self.chromium() as browser, self.browser_page(browser, 375) as tab:
            tab.goto(self.live_server_url + "/", wait_until="load")
            tab.get_by_role("search", name="Rechercher sur le site").locator(
                "input"
            ).fill("foquale")
            tab.keyboard.press("Enter")
            tab.wait_for_url("**/recherche/?q=foquale")
            results = tab.locator("main").get_by_role("link", name="Mardi 2 février")
            self.assertEqual(results.count(), 1)
            self.assertEqual(results.get_attribute("href"), tuesday)
            marked = tab.locator("main mark").all_inner_texts()
            self.assertIn("FOQUALE", [text.upper() for text in marked])
            tab.screenshot(path=SCREENSHOTS / "recherche-foquale.png")

    def test_actions_filtered_on_vienne_without_javascript(self):
        url = reverse("campaign:actions", kwargs={"slug": DEMO_SLUG})
        with self.chromium() as browser:
            context = browser.new_context(java_script_enabled=False, locale="fr-FR")
            try:
                tab = context.new_page()
                tab.goto(self.live_server_url + url, wait_until="load")
                tab.get_by_label("Département", exact=True).select_option("86")
                tab.get_by_role("button", name="Filtrer").click()
                tab.wait_for_url("**department=86**")
                titles = tab.locator("main h3").all_inner_texts()
                self.assertEqual([t.strip() for t in titles], VIENNE_ACTIONS)
                tab.screenshot(
                    path=SCREENSHOTS / "actions-vienne-sans-js.png", full_page=True
                )
            finally:
                context.close()
