"""The « Témoignage » block's part of the newsletter text format: its
section (what the reader reads of its lines) and the lines the writer
writes; the format is described in :mod:`campaign.blocks.testimony`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from django.utils.translation import gettext

from campaign.formats import markup
from campaign.formats.newsletter import messages
from campaign.formats.newsletter.grammar import (
    Heading,
    establishment_field,
    read_establishments,
)
from campaign.formats.newsletter.lexer import Line, plain
from campaign.formats.newsletter.sections import Path, Reading, Section
from campaign.formats.problems import Problem

# A leading dash on the author's line is allowed: "— Léa, …".

_OPENING = '«“"'
_CLOSING = '»”"'
_SEPARATOR = re.compile(r"\s+[—–-]\s+")
_LEADING_DASH = re.compile(r"^(?:[—–]\s*|-\s+)")
_SPACES = " \t\u00a0\u202f"


def no_quotation() -> str:
    return gettext(
        "testimony without its quotation: expected under the {témoignage} line "
        "the quotation between « and », for example “« Le tutorat m’a redonné "
        "confiance. »”"
    )


def quotation_not_closed() -> str:
    return gettext(
        "quotation not closed: end its last line with the closing quotation mark »"
    )


def no_author() -> str:
    return gettext(
        "testimony without its author: expected after the quotation a line "
        "“FIRST NAME, ROLE — ESTABLISHMENT (TOWN - DEPARTMENT)” (the "
        "establishment is optional), for example “Léa, élève de 3^e — Collège "
        "Jean Moulin (Bordeaux - 33)”"
    )


def unreadable_author(protected: str) -> str:
    return gettext(
        "unreadable author of the testimony “%(line)s”: expected “FIRST NAME, "
        "ROLE”, possibly followed by “ — ESTABLISHMENT (TOWN - DEPARTMENT)”"
    ) % {"line": messages.shown(protected)}


def one_establishment() -> str:
    return gettext("a testimony names one establishment only")


def unexpected_line(protected: str) -> str:
    return gettext(
        "unexpected line in the testimony “%(line)s”: a testimony is its "
        "quotation, then its author’s line"
    ) % {"line": messages.shown(protected)}


class TestimonySection(Section):
    """A testimony's lines: the quotation, then the author's line."""

    def __init__(self, kind: str, line: int) -> None:
        super().__init__(kind, line)
        self.quote: list[str] | None = None  # lines read so far
        self.closed = False
        self.quote_line = line
        self.author: dict | None = None
        self.author_line = line

    def opened(self, reading: Reading, line: Line, heading: Heading) -> None:
        if heading.rest:
            self.feed(reading, replace(line, text=heading.rest))

    def feed(self, reading: Reading, line: Line) -> None:
        if self.quote is None:
            literal = markup.unprotect(line.text, literal=True)
            if not literal or literal[0] not in _OPENING:
                # Read as the author's line: the quotation alone is missing.
                reading.error(line.number, no_quotation())
                self.quote, self.closed = [], True
                self.author_line = line.number
                self.author = self._read_author(reading, line)
                return
            self.quote, self.quote_line = [], line.number
            # The opening mark (escaped or not) is one character.
            self._add_to_quote(line.text[1:])
        elif not self.closed:
            self._add_to_quote(line.text)
        elif self.author is None:
            self.author_line = line.number
            self.author = self._read_author(reading, line)
        else:
            reading.error(line.number, unexpected_line(line.text))

    def _add_to_quote(self, protected: str) -> None:
        text = protected.rstrip(_SPACES)
        if text and text[-1] in _CLOSING:
            text, self.closed = text[:-1], True
        self.quote.append(text)

    def blank(self) -> None:
        if self.quote is not None and not self.closed:
            self.quote.append("")

    def _read_author(self, reading: Reading, line: Line) -> dict:
        text = _LEADING_DASH.sub("", line.text)
        author, establishment = {}, None
        for separator in _SEPARATOR.finditer(text):
            found = read_establishments(text[separator.end() :], strict=True)
            if found is None:
                continue
            for error in found.errors:
                reading.error(line.number, error)
            if len(found.found) > 1:
                reading.error(line.number, one_establishment())
            establishment = found.found[0] if found.found else None
            text = text[: separator.start()]
            break
        first_name, comma, role = text.partition(",")
        author = {"first_name": plain(first_name).strip(), "role": plain(role).strip()}
        if not (comma and author["first_name"] and author["role"]):
            reading.error(line.number, unreadable_author(line.text))
        if establishment is not None:
            author["establishment"] = establishment
        return author

    def finish(self, reading: Reading) -> None:
        if self.quote is None:
            reading.error(self.line, no_quotation())
        elif not self.closed:
            reading.error(self.quote_line, quotation_not_closed())
        elif self.author is None:
            reading.error(self.line, no_author())

    def block(self, problems: list[Problem]) -> dict | None:
        lines = [plain(line).strip(_SPACES) for line in self.quote or []]
        value = {"quote": "\n".join(lines).strip("\n")}
        value["first_name"] = (self.author or {}).get("first_name", "")
        value["role"] = (self.author or {}).get("role", "")
        if (self.author or {}).get("establishment"):
            value["establishment"] = self.author["establishment"]
        return {"type": self.kind, "value": value}

    def value_lines(self) -> dict[Path, int]:
        lines = {**super().value_lines(), ("value", "quote"): self.quote_line}
        for name in ("first_name", "role", "establishment"):
            lines["value", name] = self.author_line
        return lines


def quote_line(line: str) -> str:
    return markup.plain_to_markup(line.strip(_SPACES))


def closing_escaped(line: str) -> str:
    """A line of the quotation whose last character would close it."""
    if line and line[-1] in _CLOSING:
        return line[:-1] + "\\" + line[-1]
    return line


def author_line(value: dict) -> str:
    first_name = markup.plain_to_markup(value.get("first_name", ""), ",")
    role = markup.plain_to_markup(value.get("role", ""))
    # A dash between spaces would read as the establishment's separator, a
    # leading one as the dash allowed before the name: both escaped.
    line = re.sub(r"(?:(?<=\s)|^)([—–-])(?=\s|$)", r"\\\1", f"{first_name}, {role}")
    if line[:1] in "—–-":
        line = "\\" + line
    establishment = value.get("establishment")
    if establishment:
        name = establishment_field(establishment["name"])
        town = establishment_field(establishment["town"], "()")
        line += f" — {name} ({town} - {establishment['department']})"
    return line
