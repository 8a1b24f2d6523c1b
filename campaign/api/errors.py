"""Problem documents (RFC 7807) in French for the campaign API.

Wagtail's v3 API already answers errors as `application/problem+json`, in
English. Requests to the campaign router get French titles and details
instead; the other endpoints keep Wagtail's own handlers.
"""

import logging
from http import HTTPStatus

from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from wagtail.api.v3.errors import problem_response

from campaign.http.unavailable import RETRY_AFTER_SECONDS

logger = logging.getLogger(__name__)

# url_name of every operation of the campaign router starts with this.
URL_NAME_PREFIX = "campaign_api_"


class CampaignAPIError(Exception):
    """An error of the campaign API, with its status and French detail."""

    def __init__(self, status, detail):
        super().__init__(detail)
        self.status = status
        self.detail = detail


def french_title(status):
    titles = {
        400: _("Requête invalide"),
        404: _("Introuvable"),
        405: _("Méthode non autorisée"),
        422: _("Paramètres invalides"),
        503: _("Service momentanément indisponible"),
    }
    try:
        default = HTTPStatus(status).phrase
    except ValueError:
        default = _("Erreur")
    return str(titles.get(status, default))


def problem(status, detail, errors=None):
    return problem_response(
        status=status, title=french_title(status), detail=str(detail), errors=errors
    )


def is_campaign_request(request):
    match = getattr(request, "resolver_match", None)
    return bool(match and (match.url_name or "").startswith(URL_NAME_PREFIX))


def _field_name(loc):
    parts = [str(part) for part in loc if part not in {"query", "path", "body"}]
    return ".".join(parts) or "?"


# Pydantic's error types that a query or path parameter can produce, in French.
FRENCH_MESSAGES = {
    "date_from_datetime_parsing": gettext_lazy("date invalide : attendu AAAA-MM-JJ"),
    "date_parsing": gettext_lazy("date invalide : attendu AAAA-MM-JJ"),
    "date_from_datetime_inexact": gettext_lazy("date invalide : attendu AAAA-MM-JJ"),
    "int_parsing": gettext_lazy("nombre entier attendu"),
    "int_type": gettext_lazy("nombre entier attendu"),
    "greater_than_equal": gettext_lazy("valeur trop petite"),
    "less_than_equal": gettext_lazy("valeur trop grande"),
    "literal_error": gettext_lazy("valeur non permise"),
    "enum": gettext_lazy("valeur non permise"),
    "string_pattern_mismatch": gettext_lazy("forme non permise"),
    "missing": gettext_lazy("paramètre obligatoire manquant"),
}


def french_message(error):
    """The message of one pydantic error in French (its own text as a fallback)."""
    message = FRENCH_MESSAGES.get(error.get("type", ""))
    if message is None:
        return error.get("msg", "")
    expected = (error.get("ctx") or {}).get("expected")
    if expected:
        return f"{message} ({str(expected).replace(' or ', ' ou ')})"
    return str(message)


def install(api):
    """Register the French handlers on Wagtail's NinjaAPI (once)."""
    if getattr(api, "_campaign_errors_installed", False):
        return
    api._campaign_errors_installed = True
    fallback = {
        exc: api._exception_handlers[exc]
        for exc in (NinjaValidationError, Http404, HttpError)
    }

    def on_campaign_error(request, exc):
        return problem(exc.status, exc.detail)

    def on_validation_error(request, exc):
        if not is_campaign_request(request):
            return fallback[NinjaValidationError](request, exc)
        errors = [
            {
                "loc": list(error.get("loc", ())),
                "msg": french_message(error),
                "type": error.get("type", ""),
            }
            for error in exc.errors
        ]
        fields = ", ".join(sorted({_field_name(e["loc"]) for e in errors}))
        return problem(
            422, _("Paramètre invalide : %(fields)s.") % {"fields": fields}, errors
        )

    def on_not_found(request, exc):
        if not is_campaign_request(request):
            return fallback[Http404](request, exc)
        return problem(404, _("Ressource introuvable."))

    def on_http_error(request, exc):
        if not is_campaign_request(request):
            return fallback[HttpError](request, exc)
        return problem(exc.status_code, _("Requête invalide."))

    def on_database_unreachable(request, exc):
        # Every v3 endpoint: a partner's client gets a problem document it can
        # read and retry, not the site's HTML error page.
        logger.error("API: base de données injoignable", exc_info=exc)
        response = problem(
            503,
            _("La base de données ne répond pas : réessayez dans un instant."),
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    api.add_exception_handler(CampaignAPIError, on_campaign_error)
    # The errors that campaign.http.unavailable.database_unreachable names.
    api.add_exception_handler(OperationalError, on_database_unreachable)
    api.add_exception_handler(InterfaceError, on_database_unreachable)
    api.add_exception_handler(NinjaValidationError, on_validation_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(HttpError, on_http_error)
