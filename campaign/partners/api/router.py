"""The campaign router of Wagtail's API v3: campaigns and their live days.

Public and read-only: anonymous reads only ever see live, public campaigns
and the live, public days of those campaigns (a bearer token changes
nothing here). A draft is shown only through `preview/` with a signed token
issued in the admin (campaign/authoring/preview_tokens.py).

One module per concern: routing (the router, the answers each route
documents, the refusal of unknown parameters, the conditional GET),
campaign_routes (the campaigns), day_routes (their days and the preview).
"""

# Each module registers its routes on the router, in this order (the
# OpenAPI document's): the campaigns, then their days.
from campaign.partners.api import campaign_routes, day_routes  # noqa: F401
from campaign.partners.api.routing import (
    OPERATION_ID_PREFIX,
    TAG,
    TAG_DESCRIPTION,
    URL_NAME_PREFIX,
    router,
)

__all__ = ["OPERATION_ID_PREFIX", "TAG", "TAG_DESCRIPTION", "URL_NAME_PREFIX", "router"]
