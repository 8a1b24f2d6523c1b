"""Writing a day in a real browser, the traps of issue 18 gone: a creation
abandoned halfway leaves nothing (no autosave before the first save), the
date picker opens on the campaign's month, a changed date moves the title
and the address (the old one leads to the new), an approved day says so in
the page list and in its own editor (header and status panel); and readers see each action's day and separated excerpts.

Screenshots in SCREENSHOTS (tests/browser/base.py): day-*.png."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.browser.base import DESKTOP, SCREENSHOTS, BrowserTestCase
from tests.builders import COMMUNICANTS, DEMO_SLUG, EDITEURS, add_day, make_user
from tests.campaign.test_workflow import approved_day, submit

PASSWORD = "mot-de-passe-du-test"
TUESDAY = dt.date(2021, 2, 2)
WEDNESDAY = dt.date(2021, 2, 3)
THURSDAY = dt.date(2021, 2, 4)
# Longer than Wagtail's autosave interval (WAGTAIL_AUTOSAVE_INTERVAL, 500 ms)
# and than the editor's wait before it watches for edits (2 s).
PAST_AUTOSAVE_MS = 2500


def wait_for_the_form_to_watch(tab):
    """Wagtail's editor takes the form as it is 2 s after it opens as its
    starting point (w-unsaved, initialDelayValue): what is typed before is
    not an edit, neither autosaved nor warned about. A person types later."""
    tab.wait_for_timeout(PAST_AUTOSAVE_MS)


def type_into(tab, field, text):
    """Type `text` in `field` key by key, as a person does (Wagtail's autosave
    reacts to the keys), then leave the field (closing the date picker)."""
    field.click()
    field.press("Control+a")
    field.press_sequentially(text)
    tab.keyboard.press("Escape")
    tab.keyboard.press("Tab")


class TestDayLifecycle(BrowserTestCase):
    def setUp(self):
        super().setUp()
        from campaign.models import CampaignPage

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
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

    def days_on(self, date):
        from campaign.models import CampaignDayPage

        return CampaignDayPage.objects.filter(date=date).count()

    def test_an_abandoned_creation_leaves_nothing(self):
        with self.chromium() as browser, self.browser_page(browser, DESKTOP) as tab:
            self.log_in(tab)
            posts = []
            tab.on(
                "request",
                lambda request: request.method == "POST" and posts.append(request.url),
            )
            tab.goto(self.live_server_url + self.add_url)
            wait_for_the_form_to_watch(tab)
            type_into(tab, tab.locator('input[name="date"]'), "03/02/2021")
            type_into(tab, tab.locator('[name="title"]'), "Mercredi des stages")
            # Typed, then left alone longer than the autosave interval.
            tab.wait_for_timeout(PAST_AUTOSAVE_MS)
            tab.screenshot(path=SCREENSHOTS / "day-creation-typed.png")
            self.assertEqual(posts, [])
            self.assertEqual(tab.locator("#w-autosave-indicator").count(), 0)
            self.assertEqual(self.days_on(WEDNESDAY), 0)

            # Leaving: if Wagtail asks first (unsaved changes), the
            # communicant confirms.
            tab.on("dialog", lambda dialog: dialog.accept())
            explore_url = reverse("wagtailadmin_explore", args=[self.campaign.pk])
            tab.goto(self.live_server_url + explore_url)
            tab.wait_for_url(lambda url: explore_url in url)
            tab.screenshot(path=SCREENSHOTS / "day-creation-left.png", full_page=True)
            self.assertNotIn("Mercredi des stages", tab.locator("main").inner_text())
        self.assertEqual(self.days_on(WEDNESDAY), 0)

    def test_the_date_picker_opens_on_the_campaigns_month(self):
        with self.chromium() as browser, self.browser_page(browser, DESKTOP) as tab:
            self.log_in(tab)
            tab.goto(self.live_server_url + self.add_url)
            date = tab.locator('input[name="date"]')
            date.click()
            picker = tab.locator(".xdsoft_datetimepicker:visible")
            picker.wait_for()
            month = picker.locator(".xdsoft_month > span").inner_text()
            year = picker.locator(".xdsoft_year > span").inner_text()
            tab.screenshot(path=SCREENSHOTS / "day-date-picker.png")
            self.assertEqual((month.casefold(), year), ("février", "2021"))
            # Opening it writes nothing in the field.
            self.assertEqual(date.input_value(), "")
            # A day of the picker is written the French way.
            picker.locator('td[data-date="3"][data-month="1"]').click()
            self.assertEqual(date.input_value(), "03/02/2021")

    def test_a_changed_date_moves_the_title_and_the_address(self):
        from campaign.models import CampaignDayPage

        tuesday = CampaignDayPage.objects.get(date=TUESDAY)
        old_url = tuesday.get_url()
        edit_url = reverse("wagtailadmin_pages:edit", args=[tuesday.pk])
        with self.chromium() as browser, self.browser_page(browser, DESKTOP) as tab:
            self.log_in(tab)
            tab.goto(self.live_server_url + edit_url)
            wait_for_the_form_to_watch(tab)
            title = tab.locator('input[name="title"], textarea[name="title"]').first
            self.assertEqual(title.input_value(), "Mardi 2 février")
            type_into(tab, tab.locator('input[name="date"]'), "04/02/2021")
            # Autosave saves the draft in the background; its answer moves
            # the title (and the slug) in the open form.
            tab.wait_for_function(
                "() => document.querySelector('[name=title]').value"
                " === 'Jeudi 4 février'"
            )
            tab.screenshot(path=SCREENSHOTS / "day-date-changed.png")
            self.assertEqual(
                tab.locator('input[name="slug"]').input_value(), "jeudi-4-fevrier"
            )

        latest = CampaignDayPage.objects.get(pk=tuesday.pk).get_latest_revision()
        self.assertEqual(latest.as_object().title, "Jeudi 4 février")
        latest.publish()
        new_url = CampaignDayPage.objects.get(pk=tuesday.pk).get_url()
        self.assertEqual(new_url, old_url.replace("mardi-2-fevrier", "jeudi-4-fevrier"))
        # A reader's old link (the day was live) leads to the new address.
        with self.chromium() as browser, self.browser_page(browser, DESKTOP) as tab:
            response = tab.goto(self.live_server_url + old_url)
            self.assertEqual(response.status, 200)
            self.assertEqual(tab.url, self.live_server_url + new_url)
            self.assertIn("Jeudi 4 février", tab.locator("h1").inner_text())
            tab.screenshot(path=SCREENSHOTS / "day-old-address.png")

    def test_an_approved_day_says_approuvee_in_the_page_list(self):
        from campaign.models import CampaignDayPage

        communicant = make_user("camille", COMMUNICANTS)
        editeur = make_user("eddie", EDITEURS)
        approved_day(self.campaign, THURSDAY, communicant, editeur)
        submit(add_day(self.campaign, WEDNESDAY, live=False), communicant)
        with self.chromium() as browser, self.browser_page(browser, DESKTOP) as tab:
            self.log_in(tab)
            tab.goto(
                self.live_server_url
                + reverse("wagtailadmin_explore", args=[self.campaign.pk])
            )
            tab.screenshot(path=SCREENSHOTS / "day-page-list.png", full_page=True)
            for date, state in ((THURSDAY, "approuvée"), (WEDNESDAY, "en relecture")):
                day = CampaignDayPage.objects.get(date=date)
                row = tab.locator("tr", has_text=day.title)
                status = row.locator(".w-status").inner_text()
                self.assertEqual(status.split(":")[-1].strip().casefold(), state)

    def test_an_approved_days_editor_says_approuvee(self):
        communicant = make_user("camille", COMMUNICANTS)
        editeur = make_user("eddie", EDITEURS)
        day = approved_day(self.campaign, THURSDAY, communicant, editeur)
        with self.chromium() as browser, self.browser_page(browser, DESKTOP) as tab:
            self.log_in(tab)
            tab.goto(
                self.live_server_url + reverse("wagtailadmin_pages:edit", args=[day.pk])
            )
            header = tab.locator("header.w-slim-header")
            tag = header.locator("[data-day-state-tag] .w-status")
            self.assertEqual(tag.count(), 1)
            self.assertTrue(tag.is_visible())
            status = tag.inner_text().split(":")[-1].strip()
            self.assertEqual(status.casefold(), "approuvée")
            header.screenshot(path=SCREENSHOTS / "day-editor-approved-header.png")
            # The status panel, opened from the header, says the same.
            header.locator('[data-side-panel-toggle="status"]').click()
            panel = tab.locator('[data-side-panel="status"]')
            title = panel.locator("[data-day-state] h3")
            title.wait_for(state="visible")
            # The panel slides in: read it once all of it is on screen.
            tab.wait_for_function(
                "el => el.getBoundingClientRect().right <= window.innerWidth",
                arg=panel.element_handle(),
            )
            status = title.inner_text().split(":")[-1].strip()
            self.assertEqual(status.casefold(), "approuvée")
            self.assertNotIn("Brouillon", panel.inner_text())
            tab.screenshot(path=SCREENSHOTS / "day-editor-approved-status.png")
            # Changed by someone else than its éditeur and autosaved, the day
            # is a draft again: the header says so without a reload.
            wait_for_the_form_to_watch(tab)
            type_into(tab, tab.locator('[name="title"]'), "Jeudi des stages")
            header.locator(
                "[data-day-state-tag] .w-status", has_text="brouillon"
            ).wait_for()
            self.assertIn("Brouillon", panel.inner_text())
            header.screenshot(path=SCREENSHOTS / "day-editor-autosaved-header.png")

    def test_readers_see_each_actions_day_and_separated_excerpts(self):
        from campaign.models import CampaignDayPage

        actions_url = reverse("campaign:actions", kwargs={"slug": DEMO_SLUG})
        tuesday = CampaignDayPage.objects.get(date=TUESDAY)
        with self.chromium() as browser, self.browser_page(browser, DESKTOP) as tab:
            tab.goto(self.live_server_url + actions_url + "?departement=86")
            cards = tab.locator("main article")
            self.assertEqual(cards.count(), 2)
            for index in range(cards.count()):
                day_link = cards.nth(index).locator(".campaign-action__day a")
                self.assertIn(
                    day_link.inner_text(), ("Lundi 1er février", "Mardi 2 février")
                )
            tab.screenshot(path=SCREENSHOTS / "day-actions-page.png", full_page=True)
            cards.locator(".campaign-action__day a", has_text="Mardi 2 février").click()
            tab.wait_for_url(self.live_server_url + tuesday.get_url())

            tab.goto(self.live_server_url + "/recherche/?q=FOQUALE")
            excerpt = tab.locator("main").inner_text()
            self.assertIn("Les réseaux FOQUALE · Quelques actions", excerpt)
            tab.screenshot(path=SCREENSHOTS / "day-search-excerpt.png", full_page=True)
