"""Problem documents (RFC 7807) in the site's language (French on persev) on
every endpoint of the API v3.

Wagtail's v3 API answers its errors as `application/problem+json`, in
English ("Not Found", "No Page matches the given query.", "Validation
failed", pydantic's messages), whatever the site's language. `install`
makes every v3 endpoint, Wagtail's own (pages, images, documents,
snippets…) as well as the campaign router, answer translated titles and
details (the plugin's English message ids, French in campaign/locale) with
the same status codes and the same document shape:

- parameter errors (422) say which parameter is wrong and why, one entry
  per error (`loc`, `msg`, `type`);
- every other error keeps Wagtail's handler (its status, its headers, its
  `errors` entries), and its title and detail are translated: the messages
  Wagtail 8.0 is known to send get the plugin's wording, any other gets the
  detail of its status;
- the campaign router's own errors (CampaignAPIError) and an unreachable
  database (503 with Retry-After) are answered translated directly.

The campaign router's errors are always in the site's language. Wagtail's
own endpoints (pages, images, documents…) get the plugin's wording only when
the host opts in with CAMPAIGN["WAGTAIL_API_IN_FRENCH"]; otherwise their
handlers answer as Wagtail wrote them. (Names say "french": the API spoke
French only before its messages had English ids.)

Addresses under the API that no route matches, and error answers that are
not problem documents (django-ninja's 405), are turned into translated
problem documents by campaign.partners.api.middleware.APIMiddleware, with
`problems.problem_instead_of` and `french.french_detail`.
"""

import ast
import logging
import re

from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError as PydanticValidationError

from campaign.conf import get_config
from campaign.partners.api.french import french_detail, french_errors, in_french
from campaign.partners.api.problems import DETAILS, CampaignAPIError, problem
from campaign.partners.api.routing import URL_NAME_PREFIX
from campaign.partners.unavailable import RETRY_AFTER_SECONDS, database_unreachable

logger = logging.getLogger(__name__)


# Django's message when a lookup value cannot be converted for an integer
# field (IntegerField.get_prep_value).
KEY_CONVERSION = re.compile(
    r"Field '(?P<field>\w+)' expected a number but got (?P<value>.*)\.", re.S
)
SHOWN_VALUE_LENGTH = 40


def shortened(value):
    """A value sent by the client, as a detail repeats it: cut if long."""
    if len(value) > SHOWN_VALUE_LENGTH:
        return value[:SHOWN_VALUE_LENGTH] + "…"
    return value


def in_campaign_router(request):
    """Whether `request` was routed to one of the campaign router's operations."""
    match = getattr(request, "resolver_match", None)
    return bool(match and (match.url_name or "").startswith(URL_NAME_PREFIX))


def speaks_french(request):
    """Whether the API answers `request`'s errors in French: always on the
    campaign router, on Wagtail's own endpoints when the host opts in."""
    return in_campaign_router(request) or get_config()["WAGTAIL_API_IN_FRENCH"]


def _handler_for(handlers, exc):
    """The handler of `handlers` for `exc`, looked up along its classes as
    django-ninja does."""
    for klass in type(exc).__mro__:
        if klass in handlers:
            return handlers[klass]
    raise exc


def install(api):
    """Make every handler of Wagtail's NinjaAPI answer in French (once)."""
    if getattr(api, "_campaign_errors_installed", False):
        return
    api._campaign_errors_installed = True
    wagtails = dict(api._exception_handlers)

    def translated(handler):
        def handle(request, exc):
            if not speaks_french(request):
                return handler(request, exc)
            return in_french(handler(request, exc))

        return handle

    # Wagtail's handlers (Http404, HttpError, PermissionDenied, Django's
    # ValidationError, RichTextFormatError, Exception in DEBUG): their answers,
    # translated.
    for exc_class, handler in list(api._exception_handlers.items()):
        api.add_exception_handler(exc_class, translated(handler))

    def on_campaign_error(request, exc):
        return problem(exc.status, exc.detail)

    def on_validation_error(request, exc):
        if not speaks_french(request):
            return _handler_for(wagtails, exc)(request, exc)
        if isinstance(exc, NinjaValidationError):
            errors = exc.errors
        else:  # raised by Wagtail's own parameter checks, or the answer's
            errors = exc.errors(include_url=False)
        if any(tuple(error.get("loc", ()))[:1] == ("response",) for error in errors):
            # Our answer does not fit its own schema: our fault, not the
            # caller's parameters.
            logger.error("API: an answer does not fit its schema: %s", errors)
            return problem(500, DETAILS[500])
        errors = french_errors(errors)
        match = getattr(request, "resolver_match", None)
        sent = {*request.GET, *(match.kwargs if match else {})}
        return problem(422, french_detail(422, errors=errors, sent=sent), errors)

    def on_value_error(request, exc):
        # A key in the address that no integer key can match: Wagtail's
        # snippet routes take `pk` as text and hand it to the query, where
        # Django refuses to convert it ("Field 'id' expected a number but got
        # '1.5'."). Nothing has that key: 404, as for any key that matches
        # nothing. Any other ValueError is a bug: re-raised (500).
        match = KEY_CONVERSION.fullmatch(str(exc))
        if match is None:
            raise exc
        try:  # Django writes the value as Python would (repr)
            value = str(ast.literal_eval(match["value"]))
        except (SyntaxError, ValueError):
            value = match["value"]
        return problem(
            404,
            _("Resource not found: the identifier “%(value)s” is not an integer.")
            % {"value": shortened(value)},
        )

    def on_database_unreachable(request, exc):
        # Every v3 endpoint: a partner's client gets a problem document it can
        # read and retry, not the site's HTML error page.
        if not database_unreachable(exc):
            # A query that failed (an OperationalError of the query itself):
            # a 500 like any other bug, which retrying would not cure.
            raise exc
        logger.error("API: database out of reach", exc_info=exc)
        response = problem(
            503,
            _("The database does not answer: try again in a moment."),
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    api.add_exception_handler(CampaignAPIError, on_campaign_error)
    # ValueError only: pydantic's ValidationError (a subclass) has its own.
    api.add_exception_handler(ValueError, on_value_error)
    # The errors that campaign.partners.unavailable.database_unreachable sorts.
    api.add_exception_handler(OperationalError, on_database_unreachable)
    api.add_exception_handler(InterfaceError, on_database_unreachable)
    api.add_exception_handler(NinjaValidationError, on_validation_error)
    api.add_exception_handler(PydanticValidationError, on_validation_error)
