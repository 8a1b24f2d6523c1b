"""Reading import files (JSON or newsletter text) into days to import."""

from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils.translation import gettext as _

from campaign.authoring.interchange import json_format
from campaign.authoring.interchange.newsletter import NewsletterError, parse_newsletter
from campaign.authoring.problems import Problem
from campaign.reference.dates import parse_iso_date

JSON_SUFFIXES = {".json"}
TEXT_SUFFIXES = {".txt", ".md"}
MAX_FILE_SIZE = 2 * 1024 * 1024


@dataclass
class DaySource:
    """One day read from one file, not yet checked against the database."""

    filename: str
    date: object
    body: list
    title: str | None = None
    campaign: dict | None = None  # campaign fields carried by a JSON file
    campaign_texts: dict = field(
        default_factory=dict
    )  # intro/closing/credits of a newsletter
    line_of: object = None  # path → line

    def line(self, path):
        return self.line_of(path) if self.line_of else 1


def decode(filename, data):
    """File bytes → text, or a Problem when it is not UTF-8 text."""
    if len(data) > MAX_FILE_SIZE:
        return None, Problem(filename, 1, _("fichier trop volumineux (2 Mo au plus)."))
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, Problem(
            filename, line, _("ce n’est pas un fichier texte (contenu binaire).")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, Problem(
            filename,
            line,
            _(
                "le fichier n’est pas encodé en UTF-8 (octet illisible) : enregistrez-le en UTF-8."
            ),
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def read_json(filename, text):
    try:
        data = json_format.load(text)
    except json_format.JSONSyntaxError as error:
        return [], [Problem(filename, error.line, error.message)]
    if isinstance(data, dict) and data.get("format") is None:
        pass  # reported by the schema check below
    if isinstance(data, list):
        documents = list(enumerate(data))
    else:
        documents = [(None, data)]
    sources, problems = [], []
    for index, document in documents:
        prefix = [] if index is None else [index]

        def line_of(path, prefix=prefix):
            return json_format.line_of(text, prefix + list(path))

        found = json_format.check_document(document)
        for path, message in found:
            problems.append(
                Problem(
                    filename,
                    line_of(path),
                    f"{json_format.json_path(prefix + path)} : {message}",
                )
            )
        if found:
            continue
        sources.append(
            DaySource(
                filename=filename,
                date=parse_iso_date(document["date"]),
                title=(document.get("title") or "").strip() or None,
                body=document["body"],
                campaign=document["campaign"],
                line_of=line_of,
            )
        )
    return sources, problems


def read_text(filename, text, date):
    if date is None:
        return [], [
            Problem(
                filename,
                1,
                _(
                    "indiquez la date de la journée (--date AAAA-MM-JJ) pour une lettre au format texte."
                ),
            )
        ]
    try:
        parsed = parse_newsletter(text)
    except NewsletterError as error:
        return [], [Problem(filename, p.line, p.message) for p in error.problems]

    text_lines = text.split("\n")

    def establishment_line(block, action, index):
        """The line naming an action's establishment: the establishments of
        the block, in order, each on the first line (from the previous one)
        that holds its name; the block's line when a name is not written as
        stored (marks in it)."""
        start = parsed.lines[block]
        cursor = start - 1
        actions = parsed.body[block]["value"]["actions"]
        for number, item in enumerate(actions[: action + 1]):
            establishments = item["establishments"]
            if number == action:
                establishments = establishments[: index + 1]
            for establishment in establishments:
                cursor = next(
                    (
                        n
                        for n in range(cursor, len(text_lines))
                        if establishment["name"] in text_lines[n]
                    ),
                    None,
                )
                if cursor is None:
                    return start
        return cursor + 1

    def line_of(path):
        if (
            len(path) >= 2
            and path[0] == "body"
            and isinstance(path[1], int)
            and path[1] < len(parsed.lines)
        ):
            if (
                len(path) >= 7
                and path[2:4] == ["value", "actions"]
                and path[5] == "establishments"
                and all(isinstance(n, int) for n in (path[4], path[6]))
            ):
                return establishment_line(path[1], path[4], path[6])
            return parsed.lines[path[1]]
        return 1

    return [
        DaySource(
            filename=filename,
            date=date,
            body=parsed.body,
            campaign_texts={
                "intro": parsed.intro,
                "closing": parsed.closing,
                "credits": parsed.credits,
            },
            line_of=line_of,
        )
    ], []


def read_file(filename, data, *, date=None):
    """(sources, problems) for one uploaded or local file."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in JSON_SUFFIXES | TEXT_SUFFIXES:
        return [], [
            Problem(
                filename,
                1,
                _("type de fichier non pris en charge : .json, .txt ou .md attendu."),
            )
        ]
    text, problem = decode(filename, data)
    if problem:
        return [], [problem]
    if not text.strip():
        return [], [Problem(filename, 1, _("le fichier est vide."))]
    if suffix in JSON_SUFFIXES:
        return read_json(filename, text)
    return read_text(filename, text, date)
