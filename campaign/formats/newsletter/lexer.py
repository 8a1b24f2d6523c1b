"""The lines of a newsletter text, cut once and numbered once.

Enters: the text. Leaves: one :class:`Line` a line, carrying its 1-based
number to whatever is read from it, and from there to every problem and to
the line of every value (:attr:`ParsedNewsletter.value_lines`).
"""

from __future__ import annotations

from dataclasses import dataclass

from campaign.formats import markup
from campaign.formats.lines import split_lines


@dataclass
class Line:
    number: int  # 1-based
    text: str  # stripped, escapes protected, without its hard-break marker
    blank: bool = False
    escaped: bool = False  # starts with "\" + letter: never structural
    hard_break: bool = False
    indented: bool = False


def make_line(number: int, raw: str) -> Line:
    stripped = raw.strip()
    if not stripped:
        return Line(number, "", blank=True)
    escaped = (
        len(stripped) > 1
        and stripped[0] == "\\"
        and stripped[1] not in markup.ESCAPABLE
    )
    text = markup.protect(stripped[1:].lstrip() if escaped else stripped)
    hard_break = raw.rstrip("\n").endswith("  ")
    if text.endswith("\\"):
        hard_break, text = True, text[:-1].rstrip()
    return Line(number, text, False, escaped, hard_break, raw[:1] in " \t")


def lex(text: str) -> list[Line]:
    """The lines of `text` (a byte-order mark ignored)."""
    raw_lines = split_lines(text.removeprefix("\ufeff"))
    return [make_line(number, raw) for number, raw in enumerate(raw_lines, 1)]


def plain(protected: str) -> str:
    """The plain text of a title or name written with marks."""
    return markup.inline_to_plain(markup.unprotect(protected))
