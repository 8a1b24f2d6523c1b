"""Reading `persev-day/1` JSON text: the document (`load`, with translated
syntax errors and their line, numbers kept as written, duplicate keys seen)
and the line of any value in the text (`Locator`, `line_of`), for the
problems json_format.py finds.
"""

import json
import re

from django.utils.translation import gettext as _

from campaign.formats.lines import LineIndex

# A persev-day/1 file nests 9 levels at most (a list of days, a day, its body,
# a block, its value, actions, an action, establishments, an establishment):
# deeper is not a day, and would exhaust the parser's and the checker's stacks.
MAX_DEPTH = 32


# -- locating a value in the source text ---------------------------------------

_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_TOKEN = re.compile(_STRING + r'|[{}\[\],:]|[^\s{}\[\],:"]+')
# For the depth check, on any text: an unterminated string runs to the end.
_DEPTH_TOKEN = re.compile(_STRING[:-1] + r'"?|[\[\]{}]')


def _key(token):
    """The text of a JSON string token, as the parser reads it: keys are
    matched exactly as written, never folded (campaign.reference.text.fold
    is for names and headings)."""
    return token[1:-1] if "\\" not in token else json.loads(token)


class Locator:
    """Lines of the values of a JSON text, by path, from one pass over it
    (made on the first question: most files have no problem to place)."""

    def __init__(self, text):
        self.text = text
        self._offsets = None
        self._lines = None

    def line(self, path):
        """1-based line of the value at `path`, or of its nearest known parent.

        A key given twice in an object names the last value, as the parser
        keeps it.
        """
        if self._offsets is None:
            self._offsets = self._index()
            self._lines = LineIndex(self.text)
        path = tuple(path)
        while path not in self._offsets and path:
            path = path[:-1]
        offset = self._offsets.get(path, 0)
        return self._lines.number(offset)

    def _index(self):
        offsets = {}
        frames = []  # [is_object, key or index, expecting a key]
        for match in _TOKEN.finditer(self.text):
            token, char = match[0], match[0][0]
            top = frames[-1] if frames else None
            if top is not None and top[2]:
                if char == '"':
                    top[1], top[2] = _key(token), False
                elif char == "}":
                    frames.pop()
                continue
            if char == ":":
                continue
            if char == ",":
                if top is not None:
                    if top[0]:
                        top[2] = True
                    else:
                        top[1] += 1
                continue
            if char in "]}":
                if frames:
                    frames.pop()
                continue
            offsets[tuple(frame[1] for frame in frames)] = match.start()
            if char == "{":
                frames.append([True, None, True])
            elif char == "[":
                frames.append([False, 0, False])
        return offsets


def line_of(text, path):
    """1-based line of the value at `path` in the JSON source (its nearest known parent)."""
    return Locator(text).line(path)


def _too_deep(text):
    """Offset of the first bracket past MAX_DEPTH levels, or None."""
    depth = 0
    for match in _DEPTH_TOKEN.finditer(text):
        char = match[0][0]
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return match.start()
        elif char in "]}":
            depth -= 1
    return None


# -- reading ------------------------------------------------------------------------


class Number:
    """A number of the file, kept as written: the format has no number field,
    so any number is a problem to report, never a value to compute with
    (``1e999``, 5 000 digits or ``NaN`` must not break the reading)."""

    def __init__(self, text):
        self.text = text

    def __str__(self):
        return self.text

    def __repr__(self):
        return self.text

    @property
    def is_json(self):
        return self.text not in ("NaN", "Infinity", "-Infinity")


class Object(dict):
    """A JSON object, with the keys it gives more than once."""

    def __init__(self, pairs=()):
        super().__init__()
        self.repeated = []
        for key, value in pairs:
            if key in self and key not in self.repeated:
                self.repeated.append(key)
            self[key] = value


class JSONSyntaxError(ValueError):
    def __init__(self, line, message):
        super().__init__(message)
        self.line = line
        self.message = message


def load(text):
    """Parse JSON text; raises JSONSyntaxError with a translated message and a line.

    Numbers come back as :class:`Number`, objects as :class:`Object`.
    """
    offset = _too_deep(text)
    if offset is not None:
        line_start = text.rfind("\n", 0, offset) + 1
        raise JSONSyntaxError(
            text.count("\n", 0, offset) + 1,
            _(
                "JSON nested too deep: more than %(max)s levels of brackets [ ] "
                "or braces { } (column %(col)s), when a day has ten at most."
            )
            % {"max": MAX_DEPTH, "col": offset - line_start + 1},
        )
    try:
        return json.loads(
            text,
            object_pairs_hook=Object,
            parse_int=Number,
            parse_float=Number,
            parse_constant=Number,
        )
    except json.JSONDecodeError as error:
        raise JSONSyntaxError(
            error.lineno,
            _("unreadable JSON: %(reason)s (column %(col)s)")
            % {
                "reason": _translate_json_error(error.msg),
                "col": error.colno,
            },
        ) from error


def _translate_json_error(msg):
    known = {
        "Expecting value": _("value expected"),
        "Expecting ',' delimiter": _("comma expected"),
        "Expecting ':' delimiter": _("colon expected"),
        "Expecting property name enclosed in double quotes": _(
            "field name between quotation marks expected"
        ),
        "Unterminated string starting at": _("unterminated text"),
        "Extra data": _("extra data after the end of the document"),
        "Invalid control character at": _("forbidden control character"),
        "Invalid \\escape": _("invalid backslash \\ in a text"),
        "Invalid \\uXXXX escape": _(
            "invalid \\uXXXX sequence in a text (4 hexadecimal digits)"
        ),
    }
    for json_message, message in known.items():
        if msg.startswith(json_message):
            return message
    return _("incorrect syntax")
