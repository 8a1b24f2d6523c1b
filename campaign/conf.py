"""The campaign app's settings, read from one `CAMPAIGN = {...}` dict.

Defaults live here; a project overrides any of them in its settings.
`get_config()` is cached and the cache is cleared when tests override
settings, so `override_settings(CAMPAIGN=...)` works.
"""

import re
from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

CONFIG_DEFAULTS = {
    # Page types a campaign may be created under (None: anywhere).
    "CAMPAIGN_PARENT_PAGE_TYPES": None,
    # Default time of day at which each day goes live (Europe/Paris).
    "DEFAULT_GO_LIVE_TIME": "08:00",
    # Time zone of the go-live time (the académies' own).
    "TIME_ZONE": "Europe/Paris",
    # Default region of a new campaign.
    "DEFAULT_REGION": "Nouvelle-Aquitaine",
    # Regular expressions of the request paths that answer partner sites'
    # cross-origin requests (API, feeds, widget); CORS is never sent elsewhere.
    "CORS_PATHS": [],
    # Regular expressions of the request paths of the API (where the project
    # mounts Wagtail's API v3, and any older address partners may try): HEAD
    # is answered there as GET, and an error answer that is not a problem
    # document (an address no route matches) becomes one, in French
    # (campaign.partners.api.middleware.APIMiddleware).
    "API_PATHS": [r"^/api/"],
    # How long a headless preview token stays valid (seconds).
    "PREVIEW_TOKEN_MAX_AGE": 3600,
    # The headless front end's preview URL, "{token}" replaced by the token;
    # empty: the admin links to the API's preview endpoint itself.
    "HEADLESS_PREVIEW_URL": "",
    # Partner webhooks (campaign.partners.webhooks): seconds to wait for a
    # partner's answer, attempts in all, and the delay (seconds) before each
    # retry (the last one repeats).
    "WEBHOOK_TIMEOUT": 10,
    "WEBHOOK_MAX_ATTEMPTS": 6,
    "WEBHOOK_RETRY_DELAYS": [60, 300, 900, 3600, 14400],
}


@cache
def get_config():
    user_config = getattr(settings, "CAMPAIGN", {})
    return {**CONFIG_DEFAULTS, **user_config}


@cache
def _compiled(patterns):
    return [re.compile(pattern) for pattern in patterns]


def path_matches(option, path):
    """Whether `path` matches one of the regular expressions of the option
    `option` (CORS_PATHS, API_PATHS)."""
    patterns = tuple(get_config()[option])
    return any(pattern.search(path) for pattern in _compiled(patterns))


@receiver(setting_changed)
def _reset_config(*, setting, **kwargs):
    if setting == "CAMPAIGN":
        get_config.cache_clear()
