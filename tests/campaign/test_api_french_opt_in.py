"""French problem documents for Wagtail's own API endpoints are opt-in
(CAMPAIGN["WAGTAIL_API_IN_FRENCH"]); the campaign router's are always French."""

from django.test import TestCase, override_settings


def campaign_with(**options):
    return override_settings(CAMPAIGN={"CAMPAIGN_PARENT_PAGE_TYPES": None, **options})


class TestWagtailEndpointsInFrench(TestCase):
    @campaign_with(WAGTAIL_API_IN_FRENCH=False)
    def test_wagtail_endpoints_keep_their_wording_by_default(self):
        response = self.client.get("/api/v3/pages/987654/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response["Content-Type"], "application/problem+json")
        self.assertEqual(response.json()["title"], "Not Found")

    @campaign_with(WAGTAIL_API_IN_FRENCH=True)
    def test_wagtail_endpoints_answer_in_french_when_the_site_opts_in(self):
        response = self.client.get("/api/v3/pages/987654/")
        self.assertEqual(response.status_code, 404)
        self.assertNotEqual(response.json()["title"], "Not Found")

    @campaign_with(WAGTAIL_API_IN_FRENCH=False)
    def test_the_campaign_router_answers_in_french_anyway(self):
        response = self.client.get("/api/v3/campaigns/", {"limit": "beaucoup"})
        self.assertEqual(response.status_code, 400, response.content)
        self.assertIn("limit", response.json()["detail"])
        self.assertNotEqual(response.json()["title"], "Bad Request")
        response = self.client.get("/api/v3/campaigns/sans-campagne/days/")
        self.assertEqual(response.status_code, 404, response.content)
        self.assertNotEqual(response.json()["title"], "Not Found")
