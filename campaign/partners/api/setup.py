"""Put the campaign router and its hardening into Wagtail's API v3."""

from campaign.partners.api import (
    errors,
    openapi,
    wagtail_files,
    wagtail_pages,
    wagtail_params,
    wagtail_redirects,
    wagtail_rich_text,
)
from campaign.partners.api.router import (
    OPERATION_ID_PREFIX,
    TAG,
    TAG_DESCRIPTION,
    router,
)


def register(api):
    """Add the campaign router to Wagtail's NinjaAPI `api` (idempotent); called
    by CampaignConfig.ready() when wagtail.api.v3 is installed and
    campaign.checks.app_order_ok() has said yes."""
    if not getattr(api, "_campaign_router_added", False):
        api.add_router("/campaigns/", router)
        api._campaign_router_added = True
    errors.install(api)
    openapi.install(api, {TAG: TAG_DESCRIPTION}, OPERATION_ID_PREFIX)
    wagtail_pages.install()
    wagtail_files.install()
    wagtail_redirects.install()
    wagtail_rich_text.install()
    wagtail_params.install()
