"""Wagtail's (and pydantic's) English error messages of the API v3 in French.

The details Wagtail 8.0's v3 endpoints are known to send, the messages of
its parameter checks and pydantic's error types are each given a French
wording; a message not known here gets the French detail of its status
(problems.DETAILS). A 422 names the parameters at fault.
"""

import json
import re

from django.apps import apps
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.api.v3.errors import PROBLEM_JSON

from campaign.partners.api.problems import DETAILS, problem_instead_of

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
# 403), in French. Who may do what: campaign/models/permissions.py.
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
