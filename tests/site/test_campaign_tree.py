"""Where the persev site lets campaigns live: right under its home page
(CAMPAIGN["CAMPAIGN_PARENT_PAGE_TYPES"] = ["home.HomePage"])."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from campaign.models import CampaignDayPage, CampaignPage
from home.models import HomePage, StandardPage


class TestCampaignsUnderTheHomePage(WagtailPageTestCase):
    def test_campaign_only_under_home_page(self):
        self.assertAllowedParentPageTypes(CampaignPage, {HomePage})
        self.assertCanCreateAt(HomePage, CampaignPage)
        self.assertCanNotCreateAt(Page, CampaignPage)
        self.assertCanNotCreateAt(StandardPage, CampaignPage)

    def test_no_day_right_under_the_home_page(self):
        self.assertCanNotCreateAt(HomePage, CampaignDayPage)

    def test_home_page_holds_campaigns_and_plain_pages(self):
        self.assertAllowedSubpageTypes(HomePage, {CampaignPage, StandardPage})
