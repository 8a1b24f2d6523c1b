"""The partner widget: today's day, self-contained, small, no cookies."""

import re

import time_machine
from django.contrib.auth import get_user_model
from django.test import TestCase

from tests.campaign.partner_data import HIDDEN, WEEK_SLUG, load_week

JS = f"/campagnes/{WEEK_SLUG}/widget.js"
FRAME = f"/campagnes/{WEEK_SLUG}/widget/"
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
        policy = response["Content-Security-Policy"]
        self.assertIn("frame-ancestors *", policy)
        self.assertNotIn("unsafe-inline", policy)
        self.assertIn("style-src 'self'", policy)
        self.assertIn("script-src 'self'", policy)
        # Only its own stylesheet and script, from this site; nothing inline.
        fetched = re.findall(r"<(script|link|img|iframe)\b[^>]*>", html)
        self.assertEqual(fetched, ["link", "script"])
        self.assertRegex(
            html, r'<link rel="stylesheet" href="/campagnes/widget\.css\?v=\w+">'
        )
        self.assertRegex(
            html, r'<script src="/campagnes/widget-frame\.js\?v=\w+" defer>'
        )
        self.assertNotIn("<style", html)
        self.assertNotIn("style=", html)
        self.assertIsNone(re.search(r"<script[^>]*>[^<]", html))
        self.assertNotIn("dsfr", html)
        self.assertEqual(response.cookies, {})

    @time_machine.travel(MONDAY_MORNING, tick=False)
    def test_script_puts_nothing_inline_and_links_its_stylesheet(self):
        body = self.client.get(JS).content.decode()
        self.assertNotIn("\\u003cstyle", body)
        self.assertNotIn("style=", body)
        self.assertRegex(
            body,
            r'\\u003clink rel=\\"stylesheet\\" '
            r'href=\\"http://testserver/campagnes/widget\.css\?v=\w+\\"',
        )

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
        self.assertIn(f"data-persev-widget=&quot;{WEEK_SLUG}&quot;", html)
        self.assertIn(f"/campagnes/{WEEK_SLUG}/widget.js", html)
        snippet = html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
        self.assertIn("<iframe src=", snippet)
        frame = re.search(r"<iframe [^>]*>", snippet).group(0)
        self.assertIn("data-persev-widget-frame", frame)
        self.assertIn('height="640"', frame)
        self.assertNotIn("style=", frame)
        self.assertIn(
            '<script src="http://testserver/campagnes/widget-resize.js" async>',
            snippet,
        )
        self.assertIn("<code>http://testserver</code> à <code>script-src</code>", html)


class WidgetAssetTests(TestCase):
    """The stylesheet and scripts the widget links: from any origin, cached."""

    def test_each_asset_is_readable_from_any_origin_and_cacheable(self):
        for path, content_type, needle in (
            ("/campagnes/widget.css", "text/css", ".persev-widget{"),
            ("/campagnes/widget-frame.js", "text/javascript", "persev-widget:height"),
            (
                "/campagnes/widget-resize.js",
                "text/javascript",
                "data-persev-widget-frame",
            ),
        ):
            with self.subTest(path=path):
                response = self.client.get(path, headers={"Origin": "https://ac.fr"})
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response["Content-Type"].startswith(content_type))
                self.assertIn(needle, response.content.decode())
                self.assertEqual(response["Access-Control-Allow-Origin"], "*")
                self.assertEqual(
                    response["Cross-Origin-Resource-Policy"], "cross-origin"
                )
                self.assertIn("public", response["Cache-Control"])
                self.assertIn("max-age=86400", response["Cache-Control"])
                self.assertNotIn("Set-Cookie", response.headers)
                # The version the widget links: kept a year.
                etag = response["ETag"]
                versioned = self.client.get(f"{path}?v={etag.strip(chr(34))}")
                self.assertIn("immutable", versioned["Cache-Control"])
                self.assertIn("max-age=31536000", versioned["Cache-Control"])
                again = self.client.get(path, headers={"If-None-Match": etag})
                self.assertEqual(again.status_code, 304)
                self.assertEqual(again.content, b"")

    def test_a_stale_version_is_not_kept_a_year(self):
        response = self.client.get("/campagnes/widget.css?v=ancienne")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("immutable", response["Cache-Control"])

    def test_only_read_methods(self):
        self.assertEqual(self.client.post("/campagnes/widget.css").status_code, 405)
