"""The newsletter text format: what communicators already write, read into a
day and written back.

Enters: the text of a letter (``parse_newsletter``), or one interchange day,
``persev-day/1`` (``write_newsletter``). Leaves: the campaign's intro,
closing and credits and the day's body blocks, with the line of each value
(``ParsedNewsletter``); or every problem of the text, each on its line
(``NewsletterError``, whose ``problems`` are :class:`~campaign.authoring.problems.Problem`);
or the text of a day, which reads back to the same content.

The whole letter is read and written here, by asking the kinds of block
(:class:`campaign.blocks.kind.BlockKind`, its newsletter part), never by
naming one: ``reader`` (which kind a heading or tag line opens, the intro,
closing and credits, the problems), ``writer`` (text from a day; each block
written by its kind) and ``from_html`` (rich text as markup, for the
writer). What the kinds read and write their lines with is below the blocks,
in :mod:`campaign.formats.newsletter`: ``lexer`` (the lines, cut and
numbered once), ``grammar`` (the format, described in its docstring, and the
shared recognisers), ``rich_text``, ``sections`` and ``messages``.
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
