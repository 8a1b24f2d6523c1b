"""Reading import files (JSON or newsletter text) into days to import.

Every problem of a file is found in one reading: a file with problems still
gives its days, marked incomplete, so that the importer checks what is
sound in them against the database too (an establishment known in another
department, a date outside the campaign) and reports it with the rest. Only
what cannot be read at all (too big, not text, not JSON) stops the reading.
"""

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from campaign.authoring.interchange import encoding, json_format, json_reader
from campaign.authoring.interchange.newsletter import NewsletterError, parse_newsletter
from campaign.authoring.problems import Problem
from campaign.reference.dates import parse_iso_date

JSON_SUFFIXES = {".json"}
TEXT_SUFFIXES = {".txt", ".md"}
MAX_FILE_SIZE = 2 * 1024 * 1024
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


@dataclass
class DaySource:
    """One day read from one file, not yet checked against the database."""

    filename: str
    date: object  # None when the file (or the command) gives no valid date
    body: list
    format: str  # "json" or "text"
    title: str | None = None
    campaign: dict | None = None  # campaign fields carried by a JSON file
    campaign_texts: dict = field(
        default_factory=dict
    )  # intro/closing/credits of a newsletter
    line_of: object = None  # path → line
    complete: bool = True  # False: the reading found problems, never save it
    covered: object = None  # path → True when a problem already covers it

    def line(self, path):
        return self.line_of(path) if self.line_of else 1

    def is_covered(self, path):
        return bool(self.covered and self.covered(path))


def display_name(name):
    """An uploaded file's name as problems show it: no folder, no control
    character, 255 characters at most (its suffix kept)."""
    name = _UNPRINTABLE.sub("", PurePath(str(name).replace("\\", "/")).name)
    if len(name) > 255:
        suffix = PurePath(name).suffix[:16]
        name = name[: 255 - len(suffix)] + suffix
    return name or pgettext("a file without a name", "file")


def read_path(path):
    """(bytes, problem) of a local file, reading no more than the import
    takes: a bigger file is refused before it is read."""
    if "\x00" in str(path):
        return None, Problem(
            1, _("invalid file name: it contains a null character."), str(path)
        )
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_FILE_SIZE + 1)
    except OSError as error:
        return None, Problem(
            1,
            _("unreadable file (%(reason)s).") % {"reason": error.strerror or error},
            str(path),
        )
    return data, None


def too_big(filename):
    return Problem(
        1,
        _("file too large: %(size)s MB at most.")
        % {"size": MAX_FILE_SIZE // (1024 * 1024)},
        filename,
    )


def decode(filename, data):
    """File bytes → (text, problems): UTF-8 text with \\n line ends, or None
    and what the file is instead (see campaign.authoring.interchange.encoding)."""
    if len(data) > MAX_FILE_SIZE:
        return None, [too_big(filename)]
    text, problems = encoding.to_text(data)
    return text, [problem.in_file(filename) for problem in problems]


def _overlaps(path, covers):
    """Is `path` inside, or around, one of the `covers` paths?"""
    return any(
        path[: len(cover)] == cover or cover[: len(path)] == path for cover in covers
    )


def read_json(filename, text):
    try:
        data = json_reader.load(text)
    except json_reader.JSONSyntaxError as error:
        return [], [Problem(error.line, error.message, filename)]
    locator = json_reader.Locator(text)
    if isinstance(data, list):
        if not data:
            return [], [
                Problem(
                    1,
                    _("empty list: expected at least one day (format persev-day/1)."),
                    filename,
                )
            ]
        documents = list(enumerate(data))
    else:
        documents = [(None, data)]
    sources, problems = [], []
    for index, document in documents:
        prefix = [] if index is None else [index]

        def line_of(path, prefix=prefix):
            return locator.line(prefix + list(path))

        # A value with a character or a number JSON cannot hold is told
        # once, by that (the schema would only add "not a valid date").
        findings = json_format.value_findings(document)
        told = {tuple(finding.path) for finding in findings}
        findings += [
            finding
            for finding in json_format.schema_findings(document)
            if tuple(finding.path) not in told
        ]
        for finding in findings:
            problems.append(
                Problem(
                    line_of(finding.path),
                    _("%(where)s: %(message)s")
                    % {
                        "where": json_format.json_path(prefix + finding.path),
                        "message": finding.message,
                    },
                    filename,
                )
            )
        if isinstance(document, dict):
            sources.append(_json_source(filename, document, findings, line_of))
    return sources, problems


def _json_source(filename, document, findings, line_of):
    """The sound parts of a day document: what no finding covers."""
    covers = [cover for finding in findings for cover in finding.covers]

    def sound(key, kind):
        value = document.get(key)
        return (
            value if isinstance(value, kind) and not _overlaps([key], covers) else None
        )

    return DaySource(
        filename=filename,
        date=parse_iso_date(sound("date", str)),
        title=(sound("title", str) or "").strip() or None,
        body=document.get("body") if isinstance(document.get("body"), list) else [],
        format="json",
        campaign=sound("campaign", dict),
        line_of=line_of,
        complete=not findings,
        covered=lambda path: _overlaps(list(path), covers),
    )


def read_text(filename, text, date):
    problems = []
    if date is None:
        problems.append(
            Problem(
                1,
                _(
                    "give the date of the day (--date YYYY-MM-DD) for a "
                    "newsletter in the text format."
                ),
                filename,
            )
        )
    try:
        parsed = parse_newsletter(text)
    except NewsletterError as error:
        problems += [problem.in_file(filename) for problem in error.problems]
        parsed = error.parsed
    if parsed is None:
        return [], problems
    return [
        DaySource(
            filename=filename,
            date=date,
            body=parsed.body,
            format="text",
            campaign_texts={
                "intro": parsed.intro,
                "closing": parsed.closing,
                "credits": parsed.credits,
            },
            line_of=parsed.line,
            complete=not problems,
            # The parser reports why a value is empty (an action without
            # establishment, a zoom without title…): the block's own
            # "required" would say it again, less clearly.
            covered=None if not problems else lambda path: _empty_at(parsed, path),
        )
    ], problems


def _empty_at(parsed, path):
    value = {"body": parsed.body}
    for part in path:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return False
    return value in ("", [], None)


def read_file(filename, data, *, date=None):
    """(sources, problems) for one uploaded or local file."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in JSON_SUFFIXES | TEXT_SUFFIXES:
        return [], [
            Problem(
                1,
                _("file type not supported: expected .json, .txt or .md."),
                filename,
            )
        ]
    text, problems = decode(filename, data)
    if problems:
        return [], problems
    if not text.strip():
        return [], [Problem(1, _("the file is empty."), filename)]
    if suffix in JSON_SUFFIXES:
        return read_json(filename, text)
    return read_text(filename, text, date)
