"""The site's guide for communicants and éditeurs (home/guide.py): in the
admin, behind its login, reached from the help menu and the dashboard in
place of Wagtail's English guide, with a screenshot of this site per
section, small enough to commit."""

from pathlib import Path

from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from PIL import Image

from home.guide import SECTIONS
from tests.builders import COMMUNICANTS, make_user

SCREENSHOTS = Path(settings.BASE_DIR) / "home" / "static" / "home" / "guide"


class TestGuide(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.communicant = make_user("camille", COMMUNICANTS)

    def test_behind_the_admin_login(self):
        response = self.client.get(reverse("persev_guide"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("wagtailadmin_login"), response["Location"])

    def test_every_section_with_its_screenshot(self):
        self.client.force_login(self.communicant)
        response = self.client.get(reverse("persev_guide"))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("<title>Guide d’utilisation", html)
        for anchor, title, screenshot in SECTIONS:
            with self.subTest(section=anchor):
                self.assertIn(f'id="{anchor}"', html)
                self.assertIn(f'href="#{anchor}"', html)
                self.assertIn(str(title), html)
                self.assertIn(f"/static/home/guide/{screenshot}", html)
        self.assertNotIn("guide.wagtail.org", html)

    def test_screenshots_are_small(self):
        for _anchor, _title, screenshot in SECTIONS:
            with self.subTest(screenshot=screenshot):
                path = SCREENSHOTS / screenshot
                self.assertLess(path.stat().st_size, 100 * 1024)
                with Image.open(path) as image:
                    self.assertEqual(image.width, 1024)

    def test_help_menu_and_dashboard_lead_to_it(self):
        self.client.force_login(self.communicant)
        html = self.client.get(reverse("wagtailadmin_home")).content.decode()
        self.assertIn(reverse("persev_guide"), html)
        self.assertIn("Guide d’utilisation", html)
        self.assertNotIn("guide.wagtail.org", html)
        self.assertNotIn("Wagtail 8.0", html)  # « What's new in Wagtail »
