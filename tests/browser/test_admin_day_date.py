"""The day's date in the admin, as a communicator writes it: typed the French
way (03/02/2021) it stays as typed and is saved; "Écrire cette journée" on
the campaign's calendar opens the new day with its date filled in."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.browser.base import DESKTOP, BrowserTestCase
from tests.builders import DEMO_SLUG

PASSWORD = "mot-de-passe-du-test"


class TestDayDate(BrowserTestCase):
    def setUp(self):
        super().setUp()
        from campaign.models import CampaignPage

        get_user_model().objects.create_superuser(
            "redactrice", "redactrice@example.org", PASSWORD
        )
        self.campaign = CampaignPage.objects.get(slug=DEMO_SLUG)
        self.add_url = reverse(
            "wagtailadmin_pages:add",
            args=["campaign", "campaigndaypage", self.campaign.pk],
        )

    def log_in(self, tab):
        tab.goto(self.live_server_url + reverse("wagtailadmin_login"))
        tab.fill('input[name="username"]', "redactrice")
        tab.fill('input[name="password"]', PASSWORD)
        tab.click('button[type="submit"]')
        tab.wait_for_url(lambda url: "/login/" not in url)

    def test_a_french_date_and_the_calendars_link(self):
        with self.chromium() as browser, self.browser_page(browser, DESKTOP) as tab:
            self.log_in(tab)

            # From the campaign's calendar: Wednesday is still to write.
            edit_url = reverse("wagtailadmin_pages:edit", args=[self.campaign.pk])
            tab.goto(self.live_server_url + edit_url)
            tab.get_by_role("link", name="Écrire cette journée").first.click()
            tab.wait_for_url(lambda url: self.add_url in url)
            date = tab.locator('input[name="date"]')
            self.assertEqual(date.input_value(), "03/02/2021")

            # Typed the French way in an empty form: kept as typed (the date
            # picker used to replace it with today's date), and saved.
            tab.goto(self.live_server_url + self.add_url)
            date.fill("04/02/2021")
            tab.keyboard.press("Tab")
            self.assertEqual(date.input_value(), "04/02/2021")
            tab.get_by_role("button", name="Enregistrer le brouillon").click()
            tab.wait_for_url(lambda url: "/edit/" in url)
            self.assertEqual(date.input_value(), "04/02/2021")

        from campaign.models import CampaignDayPage

        day = CampaignDayPage.objects.child_of(self.campaign).get(
            date=dt.date(2021, 2, 4)
        )
        self.assertEqual(day.title, "Jeudi 4 février")
