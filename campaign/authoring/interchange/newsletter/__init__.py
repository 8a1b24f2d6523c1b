"""The newsletter text format: what communicators already write, read into a
day and written back.

Enters: the text of a letter (``parse_newsletter``), or one interchange day,
``persev-day/1`` (``write_newsletter``). Leaves: the campaign's intro,
closing and credits and the day's body blocks, with the line of each value
(``ParsedNewsletter``); or every problem of the text, each on its line
(``NewsletterError``, whose ``problems`` are :class:`~campaign.authoring.problems.Problem`);
or the text of a day, which reads back to the same content.

The modules, in the order a text goes through them: ``grammar`` (the format,
described in its docstring, and the recognisers of its lines), ``lexer``
(the lines, cut and numbered once), ``reader`` (the sections a text opens,
its problems), ``sections`` and ``rich_text`` (what each kind of section
reads), ``messages`` (what the reader says, in French), ``writer`` (text
from a day).
"""

from campaign.authoring.interchange.newsletter.reader import (
    NewsletterError,
    ParsedNewsletter,
    parse_newsletter,
)
from campaign.authoring.interchange.newsletter.writer import write_newsletter

__all__ = [
    "NewsletterError",
    "ParsedNewsletter",
    "parse_newsletter",
    "write_newsletter",
]
