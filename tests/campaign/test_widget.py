"""The partner widget: today's day, self-contained, small, no cookies."""

import re

import time_machine
from django.contrib.auth import get_user_model
from django.test import TestCase

from tests.builders import DEMO_SLUG
from tests.campaign.partner_data import HIDDEN, load_week

JS = f"/campagnes/{DEMO_SLUG}/widget.js"
FRAME = f"/campagnes/{DEMO_SLUG}/widget/"
MONDAY_MORNING = "2021-02-01 10:00 +01:00"


class WidgetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = load_week()

    @time_machine.travel(MONDAY_MORNING, tick=False)
    def test_script_shows_todays_actions_and_zoom(self):
        response = self.client.get(JS)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/javascript"))
        body = response.content.decode()
        self.assertLess(len(response.content), 20 * 1024)
        self.assertIn("Aujourd’hui, Lundi 1er février", body)
        self.assertIn("ZOOM du jour", body)
        self.assertIn("Collège Henri Bretin", body)
        self.assertIn('lang=\\"fr\\"', body)
        self.assertNotIn("</script", body.lower())  # "<" is escaped in the literal
        self.assertNotIn(HIDDEN, body)
        self.assertEqual(response.cookies, {})
        self.assertNotIn("Set-Cookie", response.headers)

    @time_machine.travel(MONDAY_MORNING, tick=False)
    def test_frame_is_an_accessible_page_that_loads_nothing_else(self):
        response = self.client.get(FRAME)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertLess(len(response.content), 20 * 1024)
        self.assertIn('<html lang="fr">', html)
        self.assertRegex(html, r"<h2 id=")
        self.assertIn("<h3>", html)
        self.assertIn("<ul>", html)
        self.assertNotIn("X-Frame-Options", response.headers)
        self.assertIn("frame-ancestors *", response["Content-Security-Policy"])
        # Nothing fetched: no script, stylesheet, font or image from anywhere.
        self.assertIsNone(re.search(r"<(script|link|img|iframe)\b", html))
        self.assertNotIn("dsfr", html)
        self.assertEqual(response.cookies, {})

    @time_machine.travel("2021-02-04 10:00 +01:00", tick=False)
    def test_without_a_day_today_the_latest_live_day_shows(self):
        body = self.client.get(JS).content.decode()
        self.assertIn("Dernière journée en ligne : Mardi 2 février", body)
        self.assertNotIn(HIDDEN, body)

    @time_machine.travel("2021-01-15 10:00 +01:00", tick=False)
    def test_before_the_week(self):
        body = self.client.get(FRAME).content.decode()
        self.assertIn("une journée à découvrir chaque matin", body)

    def test_unpublished_campaign_has_no_widget(self):
        self.assertEqual(
            self.client.get("/campagnes/campagne-cachee/widget.js").status_code, 404
        )

    def test_campaign_editor_shows_the_snippet(self):
        admin = get_user_model().objects.create_superuser("root", "r@x.fr", "pw")
        self.client.force_login(admin)
        response = self.client.get(f"/admin/pages/{self.data['campaign'].pk}/edit/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn(f"data-persev-widget=&quot;{DEMO_SLUG}&quot;", html)
        self.assertIn(f"/campagnes/{DEMO_SLUG}/widget.js", html)
        self.assertIn("<iframe src=", html.replace("&lt;", "<"))
