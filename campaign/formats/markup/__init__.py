"""Inline markup of the newsletter text format and its HTML counterpart.

Pure text, below the blocks (each kind of block reads and writes its own
newsletter text with it); it knows no model and no Wagtail content.

The newsletter text format (see :mod:`campaign.authoring.interchange.newsletter`) writes
rich text with a small, Markdown-like inline syntax:

- ``**bold**`` → ``<strong>``, ``*italic*`` → ``<em>``; an opening mark must be
  followed, and a closing mark preceded, by a non-space character; marks nest
  (``***both***``) and an unmatched mark stays a literal ``*``;
- ``^e`` (one letter or digit) and ``^{er}`` (anything up to ``}``) →
  ``<sup>``; in plain-text titles they become Unicode modifier letters
  (``6^e`` → ``6ᵉ``, ``1^{er}`` → ``1ᵉʳ``);
- ``[text](url)`` or ``[text](<url>)`` → ``<a href="url">text</a>``; only
  ``http://``, ``https://``, ``mailto:``, ``tel:`` and site-relative ``/…``
  addresses are accepted (as in :func:`campaign.blocks.sanitiser.safe_href`);
- a backslash before a punctuation character (``\\*``, ``\\^``, ``\\[``,
  ``\\\\``, ``\\-``, ``\\★`` …) makes it literal.

Text is always HTML-escaped (``&``, ``<``, ``>``; ``"`` too inside attributes):
the text can never inject markup.

The newsletter writer's ``campaign.authoring.interchange.newsletter.from_html``
converts HTML back to this markup. It reads
the HTML subset of the interchange format (``p``, ``strong``/``b``,
``em``/``i``, ``sup``, ``br``, ``ul``, ``ol``, ``li``, ``a[href]``), degrades
anything else to its text (headings and ``div`` to paragraphs, nested lists
to flat items) and drops scripts, styles and unsafe links.

Separators inside a joined paragraph: ``\\n`` is a soft line break (a space),
``\\r`` a hard one (``<br>``).

Enters: a line or a paragraph of markup (``inline``). Leaves: its HTML or
plain text; or text written as markup (``escapes``). The modules:
``escapes`` (escapes, modifier letters, accepted addresses, text written as
markup), ``inline`` (markup read, rendered as HTML or text), ``emphasis``
(which stars open and close which marks), ``from_html`` (HTML as markup).
"""

from campaign.formats.markup.escapes import (
    ESCAPABLE,
    HARD_BREAK,
    SOFT_BREAK,
    STARS,
    check_url,
    format_destination,
    plain_to_markup,
    protect,
    shorten,
    unprotect,
)
from campaign.formats.markup.inline import (
    inline_to_html,
    inline_to_plain,
    scan_destination,
)

__all__ = [
    "ESCAPABLE",
    "HARD_BREAK",
    "SOFT_BREAK",
    "STARS",
    "check_url",
    "format_destination",
    "inline_to_html",
    "inline_to_plain",
    "plain_to_markup",
    "protect",
    "scan_destination",
    "shorten",
    "unprotect",
]
