"""Checking `persev-day/1` JSON documents (see day.schema.json); json_reader.py
reads them and finds the line of a value.

Problems are reported in the reader's language (French on the persev site)
with the line of the file they are on and
the JSON path of the value, e.g.
``jour.json:12: $.body[0].value.actions[2].establishments[0].department : …``.
"""

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from campaign.authoring.interchange.json_reader import Number
from campaign.blocks.day_body import kinds

SCHEMA_PATH = Path(__file__).with_name("day.schema.json")
FORMAT = "persev-day/1"
#: The kinds of block, in the order of the schema's branches.
BLOCK_TYPES = [kind.name for kind in kinds()]
# Keys that JavaScript programs reading the file would take for their own.
RESERVED_KEYS = {"__proto__", "constructor", "prototype"}


@cache
def schema():
    """The `persev-day/1` schema: day.schema.json, whose blocks are one of
    the kinds' own fragments (campaign/blocks/schemas/<name>.json)."""
    return with_blocks(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")), kinds())


def with_blocks(document, block_kinds):
    """`document` (the day's schema) with one branch per kind of block."""
    block = document["$defs"]["block"]
    block.pop("$comment", None)  # says so in the file
    block["oneOf"] = [
        {
            "properties": {
                "type": {"const": kind.name},
                "value": kind.interchange_schema(),
            }
        }
        for kind in block_kinds
    ]
    return document


@cache
def validator():
    # Imported here: jsonschema and its format checkers weigh about 30 MB,
    # which every web worker would otherwise carry for the odd import.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(
        schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def json_path(path):
    """["body", 0, "value"] → "$.body[0].value"."""
    text = "$"
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


# -- checking ---------------------------------------------------------------------


@dataclass
class Finding:
    """A problem of a document: where, what (translated), and the values it is
    about (``covers``, paths), which later checks then leave alone."""

    path: list
    message: str
    covers: list = field(default_factory=list)

    def __post_init__(self):
        if not self.covers:
            self.covers = [self.path]


_SHOWN = 60
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def shown(value):
    """A value as a message quotes it: short, every character printable."""
    text = str(value)
    if len(text) > _SHOWN:
        text = text[: _SHOWN - 1] + "…"
    return _SURROGATE.sub(
        lambda m: f"\\u{ord(m[0]):04x}",
        _INVISIBLE.sub(lambda m: f"\\u{ord(m[0]):04x}", text),
    )


def _type_name(value):
    if isinstance(value, Number):
        return pgettext("json type", "a number (%(value)s)") % {"value": shown(value)}
    if isinstance(value, bool):
        return pgettext("json type", "true or false")
    if value is None:
        return "null"
    if isinstance(value, str):
        return pgettext("json type", "a text")
    if isinstance(value, dict):
        return pgettext("json type", "an object")
    return pgettext("json type", "a list")


def _message(error):
    """A message (translated) for one jsonschema error."""
    validator_name = error.validator
    value = error.instance
    if validator_name == "required":
        missing = [name for name in error.validator_value if name not in (value or {})]
        return _("missing required field: %(names)s") % {"names": ", ".join(missing)}
    if validator_name == "enum" and error.path and error.path[-1] == "department":
        return _(
            "unknown département “%(value)s”: expected the code of a French "
            "département, for example 86, 2A or 974"
        ) % {"value": shown(value)}
    if validator_name == "enum":
        return _("value “%(value)s” not allowed (expected: %(allowed)s)") % {
            "value": shown(value),
            "allowed": ", ".join(map(str, error.validator_value)),
        }
    if validator_name == "const":
        return _("unexpected value “%(value)s” (expected: “%(expected)s”)") % {
            "value": shown(value),
            "expected": error.validator_value,
        }
    if validator_name == "type":
        names = {
            "object": pgettext("json type", "an object"),
            "array": pgettext("json type", "a list"),
            "string": pgettext("json type", "a text"),
            "integer": pgettext("json type", "an integer"),
            "number": pgettext("json type", "a number"),
            "boolean": pgettext("json type", "true or false"),
        }
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        return _("wrong type: expected %(expected)s, not %(found)s") % {
            "expected": pgettext("json type", " or ").join(
                names.get(t, t) for t in expected
            ),
            "found": _type_name(value),
        }
    if validator_name == "minItems":
        return _("at least %(n)s item(s) needed") % {"n": error.validator_value}
    if validator_name == "minLength":
        return _("must not be empty")
    if validator_name == "pattern":
        return _("“%(value)s” does not have the expected form (%(pattern)s)") % {
            "value": shown(value),
            "pattern": error.validator_value,
        }
    if validator_name == "format" and error.validator_value == "date":
        return _("“%(value)s” is not a valid date (YYYY-MM-DD)") % {
            "value": shown(value)
        }
    if validator_name == "format" and error.validator_value in ("uri", "uri-reference"):
        return _("“%(value)s” is not a complete web address (https://…)") % {
            "value": shown(value)
        }
    if validator_name == "format":
        return _("“%(value)s” is not in the %(format)s format") % {
            "value": shown(value),
            "format": error.validator_value,
        }
    return error.message


def _covers(error, path):
    if error.validator == "required":
        value = error.instance if isinstance(error.instance, dict) else {}
        return [path + [name] for name in error.validator_value if name not in value]
    return [path]


def _block_errors(error):
    """Errors of a block against the schema branch of its own type."""
    block = error.instance
    if not isinstance(block, dict) or block.get("type") not in BLOCK_TYPES:
        kind = block.get("type") if isinstance(block, dict) else None
        path = list(error.absolute_path)
        return [
            Finding(
                path + (["type"] if isinstance(block, dict) else []),
                _("unknown block type “%(type)s” (expected: %(types)s)")
                % {"type": shown(kind), "types": ", ".join(BLOCK_TYPES)},
                covers=[path],
            )
        ]
    branch = BLOCK_TYPES.index(block["type"])
    found = []
    for sub in error.context:
        if sub.relative_schema_path and sub.relative_schema_path[0] == branch:
            found.extend(_flatten(sub))
    return found


def _flatten(error):
    path = list(error.absolute_path)
    if error.validator == "oneOf" and len(path) >= 2 and path[-2] == "body":
        return _block_errors(error)
    return [Finding(path, _message(error), _covers(error, path))]


def _sort_key(finding):
    return [str(p).zfill(6) if isinstance(p, int) else p for p in finding.path]


def schema_findings(data):
    """Problems of one day document against the schema, in document order."""
    findings, seen = [], set()
    for error in validator().iter_errors(data):
        for finding in _flatten(error):
            # "required" is one error per missing key, each naming them all.
            key = (tuple(finding.path), finding.message)
            if key not in seen:
                seen.add(key)
                findings.append(finding)
    return sorted(findings, key=_sort_key)


def check_document(data):
    """Schema problems of one day document, as [(path, message)], in document order."""
    return [(finding.path, finding.message) for finding in schema_findings(data)]


def value_findings(data):
    """What the schema cannot see, anywhere in the document: keys given
    twice, reserved keys, numbers JSON does not have (NaN, Infinity), and
    characters no text may hold (lone UTF-16 surrogates, invisible control
    characters, which the database refuses or readers cannot see)."""
    findings = []
    pending = [([], data)]  # depth is bounded by load()
    while pending:
        path, value = pending.pop()
        if isinstance(value, Number) and not value.is_json:
            findings.append(
                Finding(
                    path,
                    _(
                        "“%(value)s” is not a JSON value: write a text between "
                        "quotation marks"
                    )
                    % {"value": value.text},
                )
            )
        elif isinstance(value, str):
            problem = _text_problem(value)
            if problem:
                findings.append(Finding(path, problem))
        elif isinstance(value, dict):
            for key in getattr(value, "repeated", ()):
                findings.append(
                    Finding(
                        path + [key],
                        _(
                            "key “%(key)s” given more than once in the same "
                            "object: keep only one"
                        )
                        % {"key": shown(key)},
                    )
                )
            for key, item in value.items():
                problem = _text_problem(key)
                if key in RESERVED_KEYS:
                    problem = _(
                        "key “%(key)s” refused: the name is reserved (JavaScript "
                        "programs reading the file would take it for their own)"
                    ) % {"key": key}
                if problem:
                    findings.append(Finding(path + [key], problem))
                else:
                    pending.append((path + [key], item))
        elif isinstance(value, list):
            pending.extend((path + [index], item) for index, item in enumerate(value))
    return sorted(findings, key=_sort_key)


def _text_problem(text):
    surrogate = _SURROGATE.search(text)
    if surrogate:
        return _(
            "invalid character \\u%(code)s (half of a UTF-16 character, alone): "
            "delete it"
        ) % {"code": f"{ord(surrogate[0]):04x}"}
    invisible = _INVISIBLE.search(text)
    if invisible:
        return _("invisible character \\u%(code)s (%(name)s): delete it") % {
            "code": f"{ord(invisible[0]):04x}",
            "name": _("null character")
            if invisible[0] == "\x00"
            else _("control character"),
        }
    return None
