"""Wagtail's (and pydantic's) English error messages of the API v3 in the
site's language (French on a French site: hence the module's name).

The details Wagtail 8.0's v3 endpoints are known to send, the messages of
its parameter checks and pydantic's error types are each given a wording of
the plugin's own, translated (French in campaign/locale); a message not
known here gets the detail of its status (problems.DETAILS). A 422 names the
parameters at fault.
"""

import json
import re

from django.apps import apps
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext, pgettext_lazy
from wagtail.api.v3.errors import PROBLEM_JSON

from campaign.partners.api.problems import DETAILS, problem_instead_of

# Models whose verbose name is not French (Wagtail's own).
MODEL_NAMES = {
    "Locale": pgettext_lazy("Wagtail's Locale model, in an API message", "locale")
}


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
        gettext_lazy("%(Model)s not found."),
    ),
    (
        re.compile(r"Unknown content type: (?P<type>.*)", re.S),
        gettext_lazy("Unknown content type: %(type)s."),
    ),
    (
        re.compile(r"Internationalization is not enabled\."),
        gettext_lazy("Content translation is not enabled on this site."),
    ),
    (
        re.compile(r"limit cannot be higher than (?P<max>\d+)"),
        gettext_lazy("limit cannot be higher than %(max)s."),
    ),
    (
        re.compile(r"Your query returned multiple sites\..*", re.S),
        gettext_lazy(
            "Several sites match the site filter: give the port (site=host:port)."
        ),
    ),
]


# What Wagtail 8.0's page actions say when they refuse (PermissionDenied: a
# 403), in French. Who may do what: campaign/models/permissions.py.
WAGTAIL_DETAILS += [
    (
        re.compile(r"You do not have permission to delete this page\."),
        gettext_lazy("You may not delete this page."),
    ),
    (
        re.compile(
            r"You do not have permission to move the page to the target specified\."
        ),
        gettext_lazy("You may not move this page there."),
    ),
    (
        re.compile(r"You do not have permission to copy this page\.?"),
        gettext_lazy("You may not copy this page there."),
    ),
    (
        re.compile(r"You do not have permission to create an alias of this page\."),
        gettext_lazy("You may not create an alias of this page."),
    ),
    (
        re.compile(
            r"You do not have permission to publish a page at the destination\."
        ),
        gettext_lazy("You may not publish a page there."),
    ),
    (
        re.compile(r"You do not have permission to publish this page\."),
        gettext_lazy("You may not publish this page."),
    ),
    (
        re.compile(r"You do not have permission to publish this (?P<what>[\w ]+)\."),
        gettext_lazy("You may not publish this content."),
    ),
    (
        re.compile(r"You do not have permission to unpublish this page\."),
        gettext_lazy("You may not unpublish this page."),
    ),
    (
        re.compile(r"You do not have permission to edit this page\."),
        gettext_lazy("You may not edit this page."),
    ),
    (
        re.compile(r"The (?P<what>.+) could not be saved as it is locked\."),
        gettext_lazy(
            "This page is locked (in review, scheduled, or locked by someone): it cannot be changed."
        ),
    ),
    (
        re.compile(
            r"You do not have permission to perform the '(?P<action>\w+)' action "
            r"on this object\."
        ),
        gettext_lazy("You may not perform this action."),
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
            return ngettext(
                "Invalid parameter: %(fields)s.",
                "Invalid parameters: %(fields)s.",
                len(fields),
            ) % {"fields": names}
    if status >= 500 and settings.DEBUG and detail:
        return detail  # the developer's exception message (Wagtail in DEBUG)
    french = _translate(WAGTAIL_DETAILS, str(detail or ""))
    if french is not None:
        return french
    return str(DETAILS.get(status, _("The request did not succeed.")))


# Pydantic's error types that a query or path parameter can produce, in French.
FRENCH_MESSAGES = {
    "date_from_datetime_parsing": gettext_lazy("invalid date: YYYY-MM-DD expected"),
    "date_parsing": gettext_lazy("invalid date: YYYY-MM-DD expected"),
    "date_from_datetime_inexact": gettext_lazy("invalid date: YYYY-MM-DD expected"),
    "date_type": gettext_lazy("invalid date: YYYY-MM-DD expected"),
    "datetime_parsing": gettext_lazy(
        "invalid date and time: YYYY-MM-DDTHH:MM:SS expected"
    ),
    "datetime_from_date_parsing": gettext_lazy(
        "invalid date and time: YYYY-MM-DDTHH:MM:SS expected"
    ),
    "datetime_type": gettext_lazy(
        "invalid date and time: YYYY-MM-DDTHH:MM:SS expected"
    ),
    "int_parsing": gettext_lazy("integer expected"),
    "int_type": gettext_lazy("integer expected"),
    "int_from_float": gettext_lazy("integer expected"),
    "float_parsing": gettext_lazy("number expected"),
    "float_type": gettext_lazy("number expected"),
    "bool_parsing": gettext_lazy("boolean expected (true or false)"),
    "bool_type": gettext_lazy("boolean expected (true or false)"),
    "greater_than": gettext_lazy("value too small"),
    "greater_than_equal": gettext_lazy("value too small"),
    "less_than": gettext_lazy("value too large"),
    "less_than_equal": gettext_lazy("value too large"),
    "literal_error": gettext_lazy("value not allowed"),
    "enum": gettext_lazy("value not allowed"),
    "string_pattern_mismatch": gettext_lazy("form not allowed"),
    "string_type": gettext_lazy("text expected"),
    "string_too_short": gettext_lazy("text too short"),
    "string_too_long": gettext_lazy("text too long"),
    "too_short": gettext_lazy("too few items"),
    "too_long": gettext_lazy("too many items"),
    "list_type": gettext_lazy("list expected"),
    "dict_type": gettext_lazy("object expected"),
    "model_type": gettext_lazy("object expected"),
    "model_attributes_type": gettext_lazy("object expected"),
    "uuid_parsing": gettext_lazy("invalid UUID"),
    "uuid_type": gettext_lazy("invalid UUID"),
    "url_parsing": gettext_lazy("invalid URL"),
    "json_invalid": gettext_lazy("invalid JSON"),
    "extra_forbidden": gettext_lazy("field not allowed"),
    "missing": gettext_lazy("required parameter missing"),
}

# The messages of Wagtail 8.0's own parameter checks (the pydantic
# "Value error, " or "Assertion failed, " prefix removed), in French.
WAGTAIL_MESSAGES = [
    (
        re.compile(
            r"invalid fields for model (?P<model>\w+): \[(?P<fields>.*)\]\.", re.S
        ),
        gettext_lazy("fields not allowed for “%(model)s”: %(fields)s"),
    ),
    (
        re.compile(r"random ordering cannot be combined with other fields\."),
        gettext_lazy("random ordering cannot be combined with other fields"),
    ),
    (
        re.compile(r"random ordering with offset is not supported\."),
        gettext_lazy("random ordering does not allow offset"),
    ),
    (
        re.compile(r"filtering by descendant_of with child_of is not supported\."),
        gettext_lazy("descendant_of and child_of cannot be combined"),
    ),
    (
        re.compile(r"No (?P<model>\w+) matches the given (?P<param>\w+) value\."),
        gettext_lazy("%(model)s not found for %(param)s"),
    ),
    (
        re.compile(
            r"Field filter error, '(?P<value>.*)' is not a valid value for "
            r"(?P<field>\w+)\..*",
            re.S,
        ),
        gettext_lazy("value not allowed for %(field)s: '%(value)s'"),
    ),
    (
        re.compile(r"search is disabled\."),
        gettext_lazy("search is disabled"),
    ),
    (
        re.compile(r"(?P<model>\w+) is not indexed for search\."),
        gettext_lazy("search is not possible on “%(model)s”"),
    ),
    (
        re.compile(
            r"Cannot filter by '(?P<field>.*)' while searching \(field is not indexed\)\.",
            re.S,
        ),
        gettext_lazy("filter %(field)s impossible while searching (not indexed)"),
    ),
    (
        re.compile(
            r"Cannot order by '(?P<field>.*)' while searching \(field is not indexed\)\.",
            re.S,
        ),
        gettext_lazy("ordering by %(field)s impossible while searching (not indexed)"),
    ),
    (
        re.compile(r"(?P<model>\w+) is not translatable\."),
        gettext_lazy("“%(model)s” cannot be translated"),
    ),
]
PYDANTIC_PREFIX = re.compile(r"^(Value error|Assertion failed), ")


def french_message(error):
    """The message of one pydantic error in French."""
    message = FRENCH_MESSAGES.get(error.get("type", ""))
    if message is None:
        text = PYDANTIC_PREFIX.sub("", str(error.get("msg", "")))
        return _translate(WAGTAIL_MESSAGES, text) or _("invalid value")
    expected = (error.get("ctx") or {}).get("expected")
    if expected:
        word = pgettext("between the values pydantic expects", "or")
        expected = str(expected).replace(" or ", f" {word} ")
        return f"{message} ({expected})"
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
