"""The campaign app's settings, read from one `CAMPAIGN = {...}` dict.

Defaults live here; a project overrides any of them in its settings.
`get_config()` is cached and the cache is cleared when tests override
settings, so `override_settings(CAMPAIGN=...)` works. `problems()` lists
what is wrong with the project's dict (an unknown key, a value of the wrong
kind): the system check campaign.E004 reports them (campaign/checks.py).
"""

import datetime as dt
import difflib
import re
import zoneinfo
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
    # The template the public pages extend. It must define the blocks of
    # Wagtail's project template: title, extra_css, content, extra_js.
    "BASE_TEMPLATE": "base.html",
    # Opt-in: French problem documents for Wagtail's own API v3 endpoints
    # (pages, images, documents…) too; the campaign router's are always French.
    "WAGTAIL_API_IN_FRENCH": False,
    # Partner webhooks (campaign.partners.webhooks): seconds to wait for a
    # partner's answer, attempts in all, and the delay (seconds) before each
    # retry (the last one repeats).
    "WEBHOOK_TIMEOUT": 10,
    "WEBHOOK_MAX_ATTEMPTS": 6,
    "WEBHOOK_RETRY_DELAYS": [60, 300, 900, 3600, 14400],
}


def _is_regex_list(value):
    if not isinstance(value, list | tuple):
        return False
    try:
        for pattern in value:
            re.compile(pattern)
    except (re.error, TypeError):
        return False
    return True


def _is_time(value):
    try:
        dt.time.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return len(value.split(":")) == 2


def _is_time_zone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (TypeError, ValueError, zoneinfo.ZoneInfoNotFoundError):
        return False
    return True


def _is_model_labels(value):
    if value is None:
        return True
    return isinstance(value, list | tuple) and all(
        isinstance(label, str) and label.count(".") == 1 for label in value
    )


# What each setting must be, in words for the error message.
VALIDATORS = {
    "CAMPAIGN_PARENT_PAGE_TYPES": (
        _is_model_labels,
        'None or a list of page models, "app_label.ModelName"',
    ),
    "DEFAULT_GO_LIVE_TIME": (_is_time, 'a time "HH:MM", such as "08:00"'),
    "TIME_ZONE": (_is_time_zone, 'a time zone name, such as "Europe/Paris"'),
    "DEFAULT_REGION": (
        lambda value: isinstance(value, str) and bool(value),
        "the name of a région académique",
    ),
    "CORS_PATHS": (_is_regex_list, "a list of regular expressions"),
    "API_PATHS": (_is_regex_list, "a list of regular expressions"),
    "PREVIEW_TOKEN_MAX_AGE": (
        lambda value: (
            isinstance(value, int) and not isinstance(value, bool) and value > 0
        ),
        "a number of seconds greater than 0",
    ),
    "HEADLESS_PREVIEW_URL": (
        lambda value: isinstance(value, str) and (not value or "{token}" in value),
        'an empty string or a URL containing "{token}"',
    ),
    "BASE_TEMPLATE": (
        lambda value: isinstance(value, str) and bool(value),
        'a template name, such as "base.html"',
    ),
    "WAGTAIL_API_IN_FRENCH": (
        lambda value: isinstance(value, bool),
        "True or False",
    ),
    "WEBHOOK_TIMEOUT": (
        lambda value: (
            isinstance(value, int | float) and not isinstance(value, bool) and value > 0
        ),
        "a number of seconds greater than 0",
    ),
    "WEBHOOK_MAX_ATTEMPTS": (
        lambda value: (
            isinstance(value, int) and not isinstance(value, bool) and value >= 1
        ),
        "a number of attempts, at least 1",
    ),
    "WEBHOOK_RETRY_DELAYS": (
        lambda value: (
            isinstance(value, list | tuple)
            and bool(value)
            and all(
                isinstance(delay, int) and not isinstance(delay, bool) and delay >= 0
                for delay in value
            )
        ),
        "a non-empty list of delays in seconds, such as [60, 300, 900]",
    ),
}


def problems():
    """What is wrong with settings.CAMPAIGN: a list of (message, hint)."""
    user_config = getattr(settings, "CAMPAIGN", {})
    if not isinstance(user_config, dict):
        return [("CAMPAIGN must be a dict.", "Write CAMPAIGN = {...} in settings.")]
    found = []
    for key, value in user_config.items():
        if key not in CONFIG_DEFAULTS:
            close = difflib.get_close_matches(str(key), CONFIG_DEFAULTS, n=1)
            hint = (
                f"Did you mean {close[0]!r}?"
                if close
                else "Known settings: " + ", ".join(CONFIG_DEFAULTS) + "."
            )
            found.append((f"Unknown setting CAMPAIGN[{key!r}].", hint))
            continue
        is_valid, expected = VALIDATORS[key]
        if not is_valid(value):
            found.append(
                (
                    f"CAMPAIGN[{key!r}] is {value!r}: it must be {expected}.",
                    f"Fix CAMPAIGN[{key!r}] or remove it to use the default "
                    f"({CONFIG_DEFAULTS[key]!r}).",
                )
            )
    return found


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
