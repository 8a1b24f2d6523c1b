"""Problem documents (RFC 7807) in French on every endpoint of the API v3.

Wagtail's v3 API answers its errors as `application/problem+json`, in
English ("Not Found", "No Page matches the given query.", "Validation
failed", pydantic's messages). Everyone who reads this API speaks French, so
`install` makes every v3 endpoint, Wagtail's own (pages, images, documents,
snippets…) as well as the campaign router, answer French titles and details
with the same status codes and the same document shape:

- parameter errors (422) say in French which parameter is wrong and why,
  one entry per error (`loc`, `msg`, `type`);
- every other error keeps Wagtail's handler (its status, its headers, its
  `errors` entries), and its title and detail are translated: the messages
  Wagtail 8.0 is known to send are rendered in French, any other gets the
  French detail of its status;
- the campaign router's own errors (CampaignAPIError) and an unreachable
  database (503 with Retry-After) are answered in French directly.

Addresses under the API that no route matches, and error answers that are
not problem documents (django-ninja's 405), are turned into French problem
documents by campaign.http.api.APIMiddleware, with `problem` and
`french_detail` below.
"""

import ast
import json
import logging
import re

from django.apps import apps
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError as PydanticValidationError
from wagtail.api.v3.errors import PROBLEM_JSON, problem_response

from campaign.http.unavailable import RETRY_AFTER_SECONDS, database_unreachable

logger = logging.getLogger(__name__)


class CampaignAPIError(Exception):
    """An error of the campaign API, with its status and French detail."""

    def __init__(self, status, detail):
        super().__init__(detail)
        self.status = status
        self.detail = detail


TITLES = {
    400: gettext_lazy("Requête invalide"),
    401: gettext_lazy("Authentification requise"),
    403: gettext_lazy("Accès refusé"),
    404: gettext_lazy("Introuvable"),
    405: gettext_lazy("Méthode non autorisée"),
    406: gettext_lazy("Format non disponible"),
    409: gettext_lazy("Conflit"),
    413: gettext_lazy("Requête trop volumineuse"),
    415: gettext_lazy("Type de contenu non pris en charge"),
    422: gettext_lazy("Paramètres invalides"),
    429: gettext_lazy("Trop de requêtes"),
    500: gettext_lazy("Erreur interne du serveur"),
    503: gettext_lazy("Service momentanément indisponible"),
}

# The detail of an error whose own message is unknown (or in English).
DETAILS = {
    400: gettext_lazy("Requête invalide."),
    401: gettext_lazy(
        "Authentification requise : cette ressource demande un jeton d’accès valide."
    ),
    403: gettext_lazy("Accès refusé à cette ressource."),
    404: gettext_lazy("Ressource introuvable."),
    405: gettext_lazy("Méthode non autorisée pour cette ressource."),
    422: gettext_lazy("Paramètres invalides."),
    429: gettext_lazy("Trop de requêtes : réessayez dans un instant."),
    500: gettext_lazy("Erreur interne du serveur."),
    503: gettext_lazy(
        "Service momentanément indisponible : réessayez dans un instant."
    ),
}


def french_title(status):
    return str(TITLES.get(status, _("Erreur")))


def problem(status, detail, errors=None):
    return problem_response(
        status=status, title=french_title(status), detail=str(detail), errors=errors
    )


# What describes the body itself, which a problem document replaces.
BODY_HEADERS = {"content-type", "content-length", "content-encoding"}


def problem_instead_of(response, detail, errors=None):
    """A French problem document in place of the error answer `response`:
    its status and its other headers (Allow, Retry-After, Vary, CORS…) kept."""
    answer = problem(response.status_code, detail, errors)
    for header, value in response.items():
        if header.lower() not in BODY_HEADERS:
            answer[header] = value
    return answer


# Models whose verbose name is not French (Wagtail's own).
MODEL_NAMES = {"Locale": gettext_lazy("langue")}


def _model_name(object_name):
    """The French verbose name of the model Wagtail names in a message."""
    if object_name in MODEL_NAMES:
        return str(MODEL_NAMES[object_name])
    for model in apps.get_models():
        if model._meta.object_name == object_name:
            return str(model._meta.verbose_name)
    return object_name


def _translate(patterns, text):
    """`text` in French if one of `patterns` matches it, else None."""
    for pattern, french in patterns:
        match = pattern.fullmatch(text)
        if match:
            values = match.groupdict()
            if "model" in values:
                values["model"] = _model_name(values["model"])
                values["Model"] = capfirst(values["model"])
            return str(french) % values
    return None


# The details Wagtail 8.0's v3 endpoints send (Http404, HttpError), in French.
WAGTAIL_DETAILS = [
    (
        re.compile(r"No (?P<model>\w+) matches the given query\."),
        gettext_lazy("%(Model)s introuvable."),
    ),
    (
        re.compile(r"Unknown content type: (?P<type>.*)", re.S),
        gettext_lazy("Type de contenu inconnu : %(type)s."),
    ),
    (
        re.compile(r"Internationalization is not enabled\."),
        gettext_lazy("La traduction des contenus n’est pas activée sur ce site."),
    ),
    (
        re.compile(r"limit cannot be higher than (?P<max>\d+)"),
        gettext_lazy("limit ne peut pas dépasser %(max)s."),
    ),
    (
        re.compile(r"Your query returned multiple sites\..*", re.S),
        gettext_lazy(
            "Plusieurs sites correspondent au filtre site : précisez le port "
            "(site=hôte:port)."
        ),
    ),
]


# What Wagtail 8.0's page actions say when they refuse (PermissionDenied: a
# 403), in French. Who may do what: campaign/permissions.py.
WAGTAIL_DETAILS += [
    (
        re.compile(r"You do not have permission to delete this page\."),
        gettext_lazy("Vous n’avez pas le droit de supprimer cette page."),
    ),
    (
        re.compile(
            r"You do not have permission to move the page to the target specified\."
        ),
        gettext_lazy("Vous n’avez pas le droit de déplacer cette page à cet endroit."),
    ),
    (
        re.compile(r"You do not have permission to copy this page\.?"),
        gettext_lazy("Vous n’avez pas le droit de copier cette page à cet endroit."),
    ),
    (
        re.compile(r"You do not have permission to create an alias of this page\."),
        gettext_lazy("Vous n’avez pas le droit de créer un alias de cette page."),
    ),
    (
        re.compile(
            r"You do not have permission to publish a page at the destination\."
        ),
        gettext_lazy("Vous n’avez pas le droit de publier une page à cet endroit."),
    ),
    (
        re.compile(r"You do not have permission to publish this page\."),
        gettext_lazy("Vous n’avez pas le droit de publier cette page."),
    ),
    (
        re.compile(r"You do not have permission to publish this (?P<what>[\w ]+)\."),
        gettext_lazy("Vous n’avez pas le droit de publier ce contenu."),
    ),
    (
        re.compile(r"You do not have permission to unpublish this page\."),
        gettext_lazy("Vous n’avez pas le droit de dépublier cette page."),
    ),
    (
        re.compile(r"You do not have permission to edit this page\."),
        gettext_lazy("Vous n’avez pas le droit de modifier cette page."),
    ),
    (
        re.compile(r"The (?P<what>.+) could not be saved as it is locked\."),
        gettext_lazy(
            "Cette page est verrouillée (en relecture, programmée, ou verrouillée "
            "par quelqu’un) : elle ne peut pas être modifiée."
        ),
    ),
    (
        re.compile(
            r"You do not have permission to perform the '(?P<action>\w+)' action "
            r"on this object\."
        ),
        gettext_lazy("Vous n’avez pas le droit de faire cette action."),
    ),
]


def _field_name(loc):
    if loc and loc[0] in {"query", "path"}:
        # A query or path parameter: its name, whatever schema groups it
        # (Wagtail's ["query", "filters", "type", 0] is the parameter "type").
        names = [str(part) for part in loc[1:] if isinstance(part, str)]
        return names[-1] if names else ""
    return ".".join(str(part) for part in loc if part != "body")


def _fields(errors, sent):
    """The names of the parameters at fault: of those the client sent when
    `sent` is given (not the name of a group of parameters, such as
    Wagtail's "filters" when child_of and descendant_of are combined), or
    missing."""
    names = set()
    for error in errors:
        loc = error.get("loc") or ()
        name = _field_name(loc)
        if not name:
            continue
        by_name = sent is not None and loc[0] in {"query", "path"}
        if by_name and name not in sent and error.get("type") != "missing":
            continue
        names.add(name)
    return names


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


def french_detail(status, detail="", errors=None, sent=None):
    """The French detail of an error answered with `status`.

    `detail` is the handler's own (often English) detail: the ones Wagtail is
    known to send are translated, any other gives the status's French detail.
    A 422 with `errors` names the parameters at fault (see `_fields`).
    """
    if status == 422 and errors:
        fields = _fields(errors, sent)
        if fields:
            names = ", ".join(sorted(fields))
            if len(fields) == 1:
                return _("Paramètre invalide : %(fields)s.") % {"fields": names}
            return _("Paramètres invalides : %(fields)s.") % {"fields": names}
    if status >= 500 and settings.DEBUG and detail:
        return detail  # the developer's exception message (Wagtail in DEBUG)
    french = _translate(WAGTAIL_DETAILS, str(detail or ""))
    if french is not None:
        return french
    return str(DETAILS.get(status, _("La requête n’a pas abouti.")))


# Pydantic's error types that a query or path parameter can produce, in French.
FRENCH_MESSAGES = {
    "date_from_datetime_parsing": gettext_lazy("date invalide : attendu AAAA-MM-JJ"),
    "date_parsing": gettext_lazy("date invalide : attendu AAAA-MM-JJ"),
    "date_from_datetime_inexact": gettext_lazy("date invalide : attendu AAAA-MM-JJ"),
    "date_type": gettext_lazy("date invalide : attendu AAAA-MM-JJ"),
    "datetime_parsing": gettext_lazy(
        "date et heure invalides : attendu AAAA-MM-JJTHH:MM:SS"
    ),
    "datetime_from_date_parsing": gettext_lazy(
        "date et heure invalides : attendu AAAA-MM-JJTHH:MM:SS"
    ),
    "datetime_type": gettext_lazy(
        "date et heure invalides : attendu AAAA-MM-JJTHH:MM:SS"
    ),
    "int_parsing": gettext_lazy("nombre entier attendu"),
    "int_type": gettext_lazy("nombre entier attendu"),
    "int_from_float": gettext_lazy("nombre entier attendu"),
    "float_parsing": gettext_lazy("nombre attendu"),
    "float_type": gettext_lazy("nombre attendu"),
    "bool_parsing": gettext_lazy("booléen attendu (true ou false)"),
    "bool_type": gettext_lazy("booléen attendu (true ou false)"),
    "greater_than": gettext_lazy("valeur trop petite"),
    "greater_than_equal": gettext_lazy("valeur trop petite"),
    "less_than": gettext_lazy("valeur trop grande"),
    "less_than_equal": gettext_lazy("valeur trop grande"),
    "literal_error": gettext_lazy("valeur non permise"),
    "enum": gettext_lazy("valeur non permise"),
    "string_pattern_mismatch": gettext_lazy("forme non permise"),
    "string_type": gettext_lazy("texte attendu"),
    "string_too_short": gettext_lazy("texte trop court"),
    "string_too_long": gettext_lazy("texte trop long"),
    "too_short": gettext_lazy("trop peu d’éléments"),
    "too_long": gettext_lazy("trop d’éléments"),
    "list_type": gettext_lazy("liste attendue"),
    "dict_type": gettext_lazy("objet attendu"),
    "model_type": gettext_lazy("objet attendu"),
    "model_attributes_type": gettext_lazy("objet attendu"),
    "uuid_parsing": gettext_lazy("identifiant UUID invalide"),
    "uuid_type": gettext_lazy("identifiant UUID invalide"),
    "url_parsing": gettext_lazy("adresse invalide"),
    "json_invalid": gettext_lazy("JSON invalide"),
    "extra_forbidden": gettext_lazy("champ non permis"),
    "missing": gettext_lazy("paramètre obligatoire manquant"),
}

# The messages of Wagtail 8.0's own parameter checks (the pydantic
# "Value error, " or "Assertion failed, " prefix removed), in French.
WAGTAIL_MESSAGES = [
    (
        re.compile(
            r"invalid fields for model (?P<model>\w+): \[(?P<fields>.*)\]\.", re.S
        ),
        gettext_lazy("champs non permis pour « %(model)s » : %(fields)s"),
    ),
    (
        re.compile(r"random ordering cannot be combined with other fields\."),
        gettext_lazy(
            "le tri aléatoire (random) ne se combine pas avec d’autres champs"
        ),
    ),
    (
        re.compile(r"random ordering with offset is not supported\."),
        gettext_lazy("le tri aléatoire (random) ne permet pas offset"),
    ),
    (
        re.compile(r"filtering by descendant_of with child_of is not supported\."),
        gettext_lazy("descendant_of et child_of ne se combinent pas"),
    ),
    (
        re.compile(r"No (?P<model>\w+) matches the given (?P<param>\w+) value\."),
        gettext_lazy("%(model)s introuvable pour %(param)s"),
    ),
    (
        re.compile(
            r"Field filter error, '(?P<value>.*)' is not a valid value for "
            r"(?P<field>\w+)\..*",
            re.S,
        ),
        gettext_lazy("valeur non permise pour %(field)s : '%(value)s'"),
    ),
    (
        re.compile(r"search is disabled\."),
        gettext_lazy("la recherche est désactivée"),
    ),
    (
        re.compile(r"(?P<model>\w+) is not indexed for search\."),
        gettext_lazy("la recherche n’est pas possible sur « %(model)s »"),
    ),
    (
        re.compile(
            r"Cannot filter by '(?P<field>.*)' while searching \(field is not indexed\)\.",
            re.S,
        ),
        gettext_lazy("filtre %(field)s impossible pendant une recherche (non indexé)"),
    ),
    (
        re.compile(
            r"Cannot order by '(?P<field>.*)' while searching \(field is not indexed\)\.",
            re.S,
        ),
        gettext_lazy("tri par %(field)s impossible pendant une recherche (non indexé)"),
    ),
    (
        re.compile(r"(?P<model>\w+) is not translatable\."),
        gettext_lazy("« %(model)s » ne peut pas être traduit"),
    ),
]
PYDANTIC_PREFIX = re.compile(r"^(Value error|Assertion failed), ")


def french_message(error):
    """The message of one pydantic error in French."""
    message = FRENCH_MESSAGES.get(error.get("type", ""))
    if message is None:
        text = PYDANTIC_PREFIX.sub("", str(error.get("msg", "")))
        return _translate(WAGTAIL_MESSAGES, text) or _("valeur invalide")
    expected = (error.get("ctx") or {}).get("expected")
    if expected:
        return f"{message} ({str(expected).replace(' or ', ' ou ')})"
    return str(message)


def french_errors(errors):
    """Pydantic's error entries, each with its message in French."""
    return [
        {
            "loc": list(error.get("loc", ())),
            "msg": french_message(error),
            "type": error.get("type", ""),
        }
        for error in errors
    ]


def in_french(response):
    """`response` (a problem document) with a French title and detail.

    Its status, its other headers and its `errors` entries are kept."""
    if response.get("Content-Type") != PROBLEM_JSON:
        return response
    document = json.loads(response.content)
    status = response.status_code
    errors = document.get("errors")
    return problem_instead_of(
        response, french_detail(status, document.get("detail"), errors), errors
    )


def install(api):
    """Make every handler of Wagtail's NinjaAPI answer in French (once)."""
    if getattr(api, "_campaign_errors_installed", False):
        return
    api._campaign_errors_installed = True

    def translated(handler):
        def handle(request, exc):
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
        if isinstance(exc, NinjaValidationError):
            errors = exc.errors
        else:  # raised by Wagtail's own parameter checks, or the answer's
            errors = exc.errors(include_url=False)
        if any(tuple(error.get("loc", ()))[:1] == ("response",) for error in errors):
            # Our answer does not fit its own schema: our fault, not the
            # caller's parameters.
            logger.error("API: réponse non conforme à son schéma : %s", errors)
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
            _(
                "Ressource introuvable : l’identifiant « %(value)s » n’est pas "
                "un nombre entier."
            )
            % {"value": shortened(value)},
        )

    def on_database_unreachable(request, exc):
        # Every v3 endpoint: a partner's client gets a problem document it can
        # read and retry, not the site's HTML error page.
        if not database_unreachable(exc):
            # A query that failed (an OperationalError of the query itself):
            # a 500 like any other bug, which retrying would not cure.
            raise exc
        logger.error("API: base de données injoignable", exc_info=exc)
        response = problem(
            503,
            _("La base de données ne répond pas : réessayez dans un instant."),
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    api.add_exception_handler(CampaignAPIError, on_campaign_error)
    # ValueError only: pydantic's ValidationError (a subclass) has its own.
    api.add_exception_handler(ValueError, on_value_error)
    # The errors that campaign.http.unavailable.database_unreachable sorts.
    api.add_exception_handler(OperationalError, on_database_unreachable)
    api.add_exception_handler(InterfaceError, on_database_unreachable)
    api.add_exception_handler(NinjaValidationError, on_validation_error)
    api.add_exception_handler(PydanticValidationError, on_validation_error)
