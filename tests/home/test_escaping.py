"""The persev site's home page lists the campaigns and their last day: a
script planted in them is text there too (the plugin's pages:
tests/campaign/test_escaping.py)."""

from django.test import TestCase

from tests.campaign.test_escaping import PlantedScripts


class TestPlantedScriptsOnTheHomePage(PlantedScripts, TestCase):
    def test_home_page(self):
        html = self.get("/")
        self.assert_clean_html(html, "home page")
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", html)
