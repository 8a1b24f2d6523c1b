"""The plugin's opt-in parts switched on, as a host site would
(campaign/README.md, "Parties facultatives"): the API's HTTP surface and
CORS for partner sites, with the persev site's paths. A site that already
has the middlewares (persev) keeps its own order."""

from django.conf import settings
from django.test import modify_settings, override_settings

OPT_IN_MIDDLEWARE = [
    "campaign.partners.api.middleware.APIMiddleware",
    "campaign.partners.cors.PartnerCorsMiddleware",
]
OPT_IN_CAMPAIGN = {
    "CORS_PATHS": [r"^/api/", r"^/campagnes/[^/]+/(flux|semaine|widget)"],
    "API_PATHS": [r"^/api/"],
    "WAGTAIL_API_IN_FRENCH": True,
}


def with_opt_in_parts(test_class):
    """Class decorator: the opt-in middlewares and settings are on."""
    test_class = override_settings(CAMPAIGN=OPT_IN_CAMPAIGN)(test_class)
    return modify_settings(MIDDLEWARE={"append": OPT_IN_MIDDLEWARE})(test_class)


def with_wagtail_api_in_french(test_class):
    """Class decorator: Wagtail's own API endpoints answer their errors in
    French (CAMPAIGN["WAGTAIL_API_IN_FRENCH"]), as on the persev site; the
    host's other CAMPAIGN settings are kept."""
    campaign = {**getattr(settings, "CAMPAIGN", {}), "WAGTAIL_API_IN_FRENCH": True}
    return override_settings(CAMPAIGN=campaign)(test_class)
