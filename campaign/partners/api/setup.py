"""Put the campaign router and its hardening into Wagtail's API v3."""

from campaign.partners.api import errors, wagtail_pages
from campaign.partners.api.router import router


def register(api):
    """Add the campaign router to Wagtail's NinjaAPI `api` (idempotent); called
    by CampaignConfig.ready() when wagtail.api.v3 is installed."""
    if not getattr(api, "_campaign_router_added", False):
        api.add_router("/campaigns/", router)
        api._campaign_router_added = True
    errors.install(api)
    wagtail_pages.install()
