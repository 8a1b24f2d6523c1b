"""The campaign router of Wagtail's API v3 and what its routes share: its
tag and names, the answers each route documents, the refusal of unknown
query parameters and the conditional GET. The routes are in
campaign_routes (the campaigns) and day_routes (their days, a preview);
campaign.partners.api.router puts them together."""

import difflib
import functools
import inspect

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from ninja import Router
from wagtail.api.v3.auth import AllowAnonymous

from campaign.partners import caching
from campaign.partners.api.problems import CampaignAPIError
from campaign.partners.api.schemas import Problem

TAG = "campagnes"
TAG_DESCRIPTION = gettext_lazy(
    "The published campaigns of the School Perseverance Week and their live days: read only, without authentication."
)
router = Router(tags=[TAG])

# url_name of every operation of this router starts with this.
URL_NAME_PREFIX = "campaign_api_"
# The operationId of each operation in the OpenAPI document, which client
# generators name their functions after: written out, so that it does not
# follow this module's path.
OPERATION_ID_PREFIX = "campaign_api_router_"

PUBLIC = [AllowAnonymous()]

# What the answers of the campaign routes mean, in the OpenAPI document.
# Every error is a translated problem document (`Problem`, sent as
# application/problem+json: campaign.partners.api.openapi declares it so).
NOT_MODIFIED = gettext_lazy(
    "No change since the client’s copy (If-None-Match or If-Modified-Since): no body."
)
UNKNOWN_PARAMETER = gettext_lazy(
    "Unknown parameter: the detail suggests the nearest name and lists those accepted."
)
INVALID_PARAMETER = gettext_lazy("Invalid parameter: `errors` says which one and why.")
UNAVAILABLE = {
    "description": gettext_lazy(
        "Service temporarily unavailable: try again after the number of seconds of the Retry-After header."
    ),
    "headers": {
        "Retry-After": {
            "description": gettext_lazy("Seconds to wait before trying again."),
            "schema": {"type": "integer"},
        }
    },
}


def answers(ok, ok_description, statuses):
    """`response` and `openapi_extra` of a route answering `ok` (200) or one
    of `statuses` ({status: description}). A 503 (database out of
    reach) may come from any route."""
    described = {200: {"description": ok_description}}
    described.update(
        (status, {"description": description})
        for status, description in statuses.items()
    )
    described[503] = UNAVAILABLE
    response = {200: ok, **{status: Problem for status in described if status >= 400}}
    return {"response": response, "openapi_extra": {"responses": described}}


# Query parameters no campaign route reads, and none refuses.
IGNORED_PREFIXES = ("_", "utm_")
IGNORED_PARAMETERS = {"fbclid", "gclid", "msclkid", "mc_cid", "mc_eid"}


def known_parameters_only(view):
    """Answer 400 to a query parameter `view` does not take.

    A misspelt filter (`?departement=86`) would otherwise be ignored and the
    partner would get every day, unfiltered, without knowing it. Let through:
    parameters starting with "_", the usual cache-busters of script
    libraries (`?_=1733390000`), and the tracking parameters that shared
    links carry (`utm_…`, `fbclid`, `gclid`…), which never filter anything.
    """
    taken = [
        name
        for name in inspect.signature(view).parameters
        if name not in ("request", "response")
    ]

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        in_path = request.resolver_match.kwargs if request.resolver_match else {}
        accepted = [name for name in taken if name not in in_path]
        unknown = [
            name
            for name in request.GET
            if name not in accepted
            and not name.startswith(IGNORED_PREFIXES)
            and name not in IGNORED_PARAMETERS
        ]
        if unknown:
            raise CampaignAPIError(400, _unknown_parameters_detail(unknown, accepted))
        return view(request, *args, **kwargs)

    return checked


def _unknown_parameters_detail(unknown, accepted):
    names = ", ".join(unknown)
    detail = ngettext(
        "Unknown parameter: %(names)s.", "Unknown parameters: %(names)s.", len(unknown)
    ) % {"names": names}
    guesses = {
        name: guess[0]
        for name in unknown
        if (guess := difflib.get_close_matches(name, accepted, n=1))
    }
    if len(unknown) == 1 and guesses:
        detail += " " + _("Did you mean “%(guess)s”?") % {"guess": guesses[unknown[0]]}
    elif guesses:
        detail += " " + _("Did you mean %(guesses)s?") % {
            "guesses": ", ".join(
                _("“%(guess)s” instead of “%(name)s”") % {"guess": guess, "name": name}
                for name, guess in guesses.items()
            )
        }
    if accepted:
        detail += " " + _("Accepted parameters: %(names)s.") % {
            "names": ", ".join(accepted)
        }
    else:
        detail += " " + _("This address takes no parameter.")
    return detail


def absolute(request, name, **kwargs):
    return request.build_absolute_uri(reverse(name, kwargs=kwargs))


def not_modified(request, response, version, max_age):
    """304 when the client's copy is current; else validators on `response`."""
    unchanged = caching.not_modified(request, version, max_age)
    if unchanged is None:
        caching.set_validators(response, version, max_age)
    return unchanged
