"""The journeys of issue 18 in Chromium, as a communicant and an éditeur
would take them: nothing leaves for third parties, the help menu leads to
the site's French guide, a new day is « Nouvelle journée », it is submitted
« à la relecture » and approved with a message that says so; a form left
open too long and a locked-out login get the site's French pages.
Screenshots in PERSEV_SCREENSHOTS (screenshots/ by default)."""

import re
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse

from tests.browser.base import DESKTOP, SCREENSHOTS, BrowserTestCase
from tests.builders import DEMO_SLUG

PASSWORD = "mot-de-passe-du-test"


class TestAdminJourneys(BrowserTestCase):
    def setUp(self):
        super().setUp()
        from campaign.models import CampaignPage

        users = get_user_model().objects
        for username, group in (("camille", "Communicants"), ("edith", "Éditeurs")):
            user = users.create_user(
                username, f"{username}@example.org", PASSWORD, first_name=username
            )
            user.groups.add(Group.objects.get(name=group))
        self.campaign = CampaignPage.objects.get(slug=DEMO_SLUG)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def log_in(self, tab, username):
        tab.goto(self.live_server_url + reverse("wagtailadmin_login"))
        tab.fill('input[name="username"]', username)
        tab.fill('input[name="password"]', PASSWORD)
        tab.click('button[type="submit"]')
        tab.wait_for_url(lambda url: "/login/" not in url)

    def open_action_menu(self, tab):
        tab.locator("footer [data-w-dropdown-target='toggle']").last.click()

    def test_write_submit_approve_with_nothing_leaving(self):
        host = urlsplit(self.live_server_url).netloc
        outside = []
        with self.chromium() as browser, self.browser_page(browser, DESKTOP) as tab:
            tab.on(
                "request",
                lambda request: (
                    outside.append(request.url)
                    if urlsplit(request.url).scheme in ("http", "https")
                    and urlsplit(request.url).netloc != host
                    else None
                ),
            )
            self.log_in(tab, "camille")
            tab.wait_for_load_state("networkidle")

            # The help menu leads to the site's own guide, in French.
            tab.get_by_role("button", name="Aide").click()
            menu = tab.locator(".sidebar-sub-menu-panel").last
            self.assertEqual(
                [t.strip() for t in menu.locator("a").all_inner_texts()],
                ["Guide d’utilisation", "Raccourcis"],
            )
            tab.screenshot(path=SCREENSHOTS / "admin-aide.png")
            menu.get_by_role("link", name="Guide d’utilisation").click()
            tab.wait_for_url(lambda url: "/admin/guide/" in url)
            tab.wait_for_load_state("networkidle")
            self.assertEqual(
                tab.locator("#ecrire-titre").inner_text(), "1. Écrire une journée"
            )
            tab.screenshot(path=SCREENSHOTS / "admin-guide.png")

            # A new day from the calendar: « Nouvelle journée ».
            tab.goto(
                self.live_server_url
                + reverse("wagtailadmin_pages:edit", args=[self.campaign.pk])
            )
            tab.get_by_role("link", name="Écrire cette journée").first.click()
            tab.wait_for_url(lambda url: "/add/" in url)
            self.assertEqual(tab.title(), "Nouvelle journée - Wagtail")
            self.assertIn("Nouvelle journée", tab.locator("header").inner_text())
            tab.get_by_role("button", name="Enregistrer le brouillon").click()
            tab.wait_for_url(lambda url: "/edit/" in url)
            day_url = tab.url

            # Submitted « à la relecture ».
            self.open_action_menu(tab)
            submit = tab.get_by_role("button", name="Soumettre à la relecture")
            tab.screenshot(path=SCREENSHOTS / "admin-soumettre.png")
            submit.click()
            tab.wait_for_load_state()
            text = tab.locator("body").inner_text()
            self.assertIn("a été soumise à la relecture", text)
            self.assertNotIn("modération", text.lower())
            self.assertIsNone(re.search(r"workflow", text, re.I))

        with self.chromium() as browser, self.browser_page(browser, DESKTOP) as tab:
            tab.on(
                "request",
                lambda request: (
                    outside.append(request.url)
                    if urlsplit(request.url).scheme in ("http", "https")
                    and urlsplit(request.url).netloc != host
                    else None
                ),
            )
            self.log_in(tab, "edith")
            # The campaign's page list says « en relecture ».
            tab.goto(
                self.live_server_url
                + reverse("wagtailadmin_explore", args=[self.campaign.pk])
            )
            row = tab.locator("tr", has_text="Mercredi 3 février")
            self.assertIn("EN RELECTURE", row.inner_text().upper())
            self.assertNotIn("MODÉRATION", tab.locator("main").inner_text().upper())
            tab.screenshot(path=SCREENSHOTS / "admin-liste-en-relecture.png")
            tab.goto(day_url)
            self.open_action_menu(tab)
            tab.get_by_role("button", name="Approuver", exact=True).click()
            tab.wait_for_load_state()
            message = tab.locator(".messages").inner_text()
            tab.screenshot(path=SCREENSHOTS / "admin-approuvee.png")
            self.assertIn("est approuvée", message)
            self.assertIn("Programmer la semaine", message)
            self.assertNotIn("mise à jour", message)

        self.assertEqual(outside, [], "requêtes vers des tiers")

    def test_a_form_left_too_long_gets_the_sites_french_page(self):
        with self.chromium() as browser, self.browser_page(browser, DESKTOP) as tab:
            tab.goto(self.live_server_url + reverse("wagtailadmin_login"))
            tab.context.clear_cookies()  # the CSRF cookie is gone, as after a while
            tab.fill('input[name="username"]', "camille")
            tab.fill('input[name="password"]', PASSWORD)
            with tab.expect_navigation() as navigation:
                tab.click('button[type="submit"]')
            self.assertEqual(navigation.value.status, 403)
            self.assertEqual(tab.locator("h1").inner_text(), "Formulaire expiré")
            self.assertTrue(tab.locator("header.fr-header").is_visible())
            tab.screenshot(path=SCREENSHOTS / "admin-403-csrf.png")

    @override_settings(AXES_ENABLED=True)
    def test_a_lockout_looks_like_the_site(self):
        with self.chromium() as browser, self.browser_page(browser, DESKTOP) as tab:
            for _attempt in range(5):
                tab.goto(self.live_server_url + reverse("wagtailadmin_login"))
                tab.fill('input[name="username"]', "camille")
                tab.fill('input[name="password"]', "pas-le-bon")
                with tab.expect_navigation() as navigation:
                    tab.click('button[type="submit"]')
            self.assertEqual(navigation.value.status, 429)
            self.assertEqual(tab.locator("h1").inner_text(), "Connexion bloquée")
            self.assertTrue(tab.locator("header.fr-header").is_visible())
            # The site's stylesheet applies: DSFR's primary button colour.
            colour = tab.locator("a.fr-btn").evaluate(
                "element => getComputedStyle(element).backgroundColor"
            )
            self.assertEqual(colour, "rgb(0, 0, 145)")
            tab.screenshot(path=SCREENSHOTS / "connexion-bloquee.png")
