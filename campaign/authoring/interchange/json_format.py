"""Reading and checking `persev-day/1` JSON documents (see day.schema.json).

Problems are reported in French with the line of the file they are on and
the JSON path of the value, e.g.
``jour.json:12: $.body[0].value.actions[2].establishments[0].department : …``.
"""

import json
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from campaign.reference.regions import DEPARTMENTS

SCHEMA_PATH = Path(__file__).with_name("day.schema.json")
FORMAT = "persev-day/1"
BLOCK_TYPES = ["actions", "zoom", "resources", "partnership", "text"]


@cache
def schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


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


# -- locating a value in the source text ---------------------------------------


def _skip_ws(text, i):
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _skip_string(text, i):
    i += 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == '"':
            return i + 1
        i += 1
    return i


def _skip_value(text, i):
    i = _skip_ws(text, i)
    if i >= len(text):
        return i
    if text[i] == '"':
        return _skip_string(text, i)
    if text[i] in "[{":
        depth = 0
        while i < len(text):
            c = text[i]
            if c == '"':
                i = _skip_string(text, i)
                continue
            if c in "[{":
                depth += 1
            elif c in "]}":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        return i
    while i < len(text) and text[i] not in ",]} \t\r\n":
        i += 1
    return i


def _child_offset(text, i, key):
    """Offset of the value under `key` (str or int) of the container at `i`, or None."""
    i = _skip_ws(text, i)
    if i >= len(text) or text[i] not in "[{":
        return None
    is_object = text[i] == "{"
    i += 1
    index = 0
    while True:
        i = _skip_ws(text, i)
        if i >= len(text) or text[i] in "]}":
            return None
        if is_object:
            end = _skip_string(text, i)
            try:
                name = json.loads(text[i:end])
            except ValueError:
                return None
            i = _skip_ws(text, end) + 1  # the colon
            i = _skip_ws(text, i)
            if name == key:
                return i
        elif index == key:
            return i
        i = _skip_value(text, i)
        i = _skip_ws(text, i)
        if i < len(text) and text[i] == ",":
            i += 1
        index += 1


def line_of(text, path):
    """1-based line of the value at `path` in the JSON source (its nearest known parent)."""
    offset = _skip_ws(text, 0)
    for part in path:
        child = _child_offset(text, offset, part)
        if child is None:
            break
        offset = child
    return text.count("\n", 0, offset) + 1


# -- checking ---------------------------------------------------------------------


def _message(error):
    """A French message for one jsonschema error."""
    validator_name = error.validator
    value = error.instance
    if validator_name == "required":
        missing = [name for name in error.validator_value if name not in (value or {})]
        return _("champ obligatoire manquant : %(names)s") % {
            "names": ", ".join(missing)
        }
    if validator_name == "enum" and error.path and error.path[-1] == "department":
        return _(
            "département « %(value)s » inconnu : la région académique compte %(codes)s"
        ) % {"value": value, "codes": ", ".join(DEPARTMENTS)}
    if validator_name == "enum":
        return _("valeur « %(value)s » non permise (attendu : %(allowed)s)") % {
            "value": value,
            "allowed": ", ".join(map(str, error.validator_value)),
        }
    if validator_name == "const":
        return _("valeur « %(value)s » inattendue (attendu : « %(expected)s »)") % {
            "value": value,
            "expected": error.validator_value,
        }
    if validator_name == "type":
        names = {
            "object": _("un objet"),
            "array": _("une liste"),
            "string": _("un texte"),
            "integer": _("un nombre entier"),
            "number": _("un nombre"),
            "boolean": _("vrai ou faux"),
        }
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        return _("type incorrect : attendu %(expected)s") % {
            "expected": _(" ou ").join(names.get(t, t) for t in expected)
        }
    if validator_name == "minItems":
        return _("il faut au moins %(n)s élément(s)") % {"n": error.validator_value}
    if validator_name == "minLength":
        return _("ne doit pas être vide")
    if validator_name == "pattern":
        return _("« %(value)s » n’a pas la forme attendue (%(pattern)s)") % {
            "value": value,
            "pattern": error.validator_value,
        }
    if validator_name == "format" and error.validator_value == "date":
        return _("« %(value)s » n’est pas une date valide (AAAA-MM-JJ)") % {
            "value": value
        }
    if validator_name == "format" and error.validator_value in ("uri", "uri-reference"):
        return _("« %(value)s » n’est pas une adresse web complète (https://…)") % {
            "value": value
        }
    if validator_name == "format":
        return _("« %(value)s » n’est pas au format %(format)s") % {
            "value": value,
            "format": error.validator_value,
        }
    return error.message


def _block_errors(error):
    """Errors of a block against the schema branch of its own type."""
    block = error.instance
    if not isinstance(block, dict) or block.get("type") not in BLOCK_TYPES:
        kind = block.get("type") if isinstance(block, dict) else None
        return [
            (
                list(error.absolute_path)
                + (["type"] if isinstance(block, dict) else []),
                _("type de bloc « %(type)s » inconnu (attendu : %(types)s)")
                % {"type": kind, "types": ", ".join(BLOCK_TYPES)},
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
    return [(list(error.absolute_path), _message(error))]


def check_document(data):
    """Schema problems of one day document, as [(path, message)], in document order."""
    problems = []
    for error in validator().iter_errors(data):
        problems.extend(_flatten(error))
    problems.sort(
        key=lambda item: [str(p).zfill(6) if isinstance(p, int) else p for p in item[0]]
    )
    return problems


def load(text):
    """Parse JSON text; raises ValueError with a French message and a line number."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise JSONSyntaxError(
            error.lineno,
            _("JSON illisible : %(reason)s (colonne %(col)s)")
            % {
                "reason": _translate_json_error(error.msg),
                "col": error.colno,
            },
        ) from error


class JSONSyntaxError(ValueError):
    def __init__(self, line, message):
        super().__init__(message)
        self.line = line
        self.message = message


def _translate_json_error(msg):
    known = {
        "Expecting value": _("valeur attendue"),
        "Expecting ',' delimiter": _("virgule attendue"),
        "Expecting ':' delimiter": _("deux-points attendus"),
        "Expecting property name enclosed in double quotes": _(
            "nom de champ entre guillemets attendu"
        ),
        "Unterminated string starting at": _("texte non terminé"),
        "Extra data": _("données en trop après la fin du document"),
        "Invalid control character at": _("caractère de contrôle interdit"),
    }
    for english, french in known.items():
        if msg.startswith(english):
            return french
    return msg
