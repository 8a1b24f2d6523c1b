r"""The grammar of the newsletter text format, and its shared line recognisers.

Each kind of block reads and writes its own part (its heading, its tag, its
lines: the ``newsletter`` methods of :class:`campaign.blocks.kind.BlockKind`,
in the kind's module); this module holds what they share: the recognisers of
titles, list items, establishments and lone URLs, the :class:`Heading` a
kind's recogniser returns, and the closing and credits lines.

The text format is what communicators already write (see the seeds and
``content-model.md``). :func:`~.reader.parse_newsletter` turns it into the campaign's
intro, closing and credits and the day's body blocks, exactly as in the JSON
interchange format (``persev-day/1``); :func:`~.writer.write_newsletter` writes an
interchange day back as text that parses to the same content (both in
:mod:`campaign.authoring.interchange.newsletter`).

Below, the whole format as a communicator sees it; what is a kind's own
(its heading line, its tag, the lines of its section and how it writes
them) is implemented in the kind's module, ``campaign/blocks/<kind>.py``.

Grammar



Lines are separated by ``\n``, ``\r\n`` or ``\r``; paragraphs by blank lines.
A document is, in order::

    [intro: rich text]
    ( actions | zoom | resources | partnership | text | … )*
    [closing: rich text] [credits: rich text]

(``…``: any other kind of block of ``DayBodyBlock``, through its own tags
and heading.)

Section lines (headings), recognised case- and accent-insensitively, with
surrounding ``**``, leading ``#`` and a trailing ``:`` ignored:

- actions — ``Quelques actions de la région académique :`` (any short line
  starting with "[quelques|les|nos|des|autres] action(s)" that ends with
  ``:`` or is followed by an action title); the heading is stored without
  ``" :"``;
- zoom — ``ZOOM du jour``; the zoom's title is the next non-blank line (or
  follows on the same line: ``ZOOM du jour : TITRE``), then rich text;
- resources — a short line starting with "Ressource(s)" ("Ressources ONISEP ou
  autres", "Ressources ONISEP et autres", …), then links;
- partnership — a short line starting with "Action(s) de partenariat", then
  rich text;
- closing — a line starting with "Du" that mentions "retrouvez"; the line is
  the first line of the closing's rich text;
- credits — a line starting with "Ce travail"; same.

"Short" means at most 120 characters and no final ``.``, ``!``, ``?`` or
``…``. A heading the rules above would not recognise, and the blocks with no
heading of their own, use an explicit tag at the start of the line:
``{actions} HEADING``, ``{ressources} HEADING``, ``{partenariat} HEADING``
(the rest of the line is the heading, kept as is; without it the block has no
``heading`` key), ``{texte}`` (a ``text`` block: free rich text up to the next
section line), ``{clôture}`` and ``{crédits}`` (closing and credits that do
not start as above). A kind's tags are its ``newsletter_tags`` (the first is
the one written); tags are read case- and accent-insensitively. The writer
only emits tags when needed.

Actions (after an actions heading), one entry per action:

- title line: ``- ★ " **TITLE** "``; the ``★``, the quotes (straight, curly or
  « ») and the bold are each optional: a line starting with ``★`` (after an
  optional ``-``, ``•``, ``–`` or ``—`` bullet) or with a bullet and a quote is
  always a title; any other line (``- **TITLE**``, ``- TITLE``, ``TITLE``) is
  a title when the very next line is an establishment;
- establishment lines, right after the title: ``NAME (TOWN - DEP)``; the
  parentheses' content may be in ``*italics*``, the separator is ``-``, ``–``,
  ``—`` (or ``,``) with or without spaces and is the last one (towns contain
  hyphens), DEP must be a French department code (``86``, ``2A``, ``974``;
  the importer then checks it is one of the campaign's région académique), a line
  may end with ``.``, several establishments may share a line separated by
  `` / `` or stand on lines of their own;
- optionally a lone URL line (``https://…``, ``mailto:…``, ``/…`` or
  ``<URL>``) → the action's ``url``;
- any other lines up to the next action or section line → the action's
  ``description`` (rich text). Establishment lines are no longer accepted once
  the description has started.

Testimony (``campaign/blocks/testimony.py``): the tag line ``{témoignage}``
(or ``{testimony}``; the quotation may start on it); the quotation between
``«`` and ``»`` (or ``“ ”``, ``" "``), on one or more lines kept as written
(a blank line in it is kept); then the author's line ``FIRST NAME, ROLE``,
optionally followed by `` — `` (or `` – ``, `` - ``) and one establishment
written as the actions write it, e.g. ``Léa, élève de 3^e — Collège Jean
Moulin (Bordeaux - 33)``; a leading dash on that line is allowed. The photo
has no text form (the writer leaves it out).

Resources lines: ``- [TITLE](URL)``, optionally followed by the source as
`` (ONISEP)`` or `` — ONISEP`` (→ ``"source"``, the key is omitted when
absent); the bullet is optional.

Rich text: paragraphs; lines of one paragraph are joined with a space, or with
``<br>`` when a line ends with two spaces or a backslash (hard break); ``- ``
(or ``* ``, ``• ``, ``– ``) items make a ``<ul>``, ``1. `` / ``1) `` items an
``<ol>`` (blank lines between items of the same kind keep one list; an
indented line continues the item). Inline marks are described in
:mod:`campaign.formats.markup` (bold, italic, ``^e`` / ``^{er}``
superscripts, ``[text](url)`` links, backslash escapes). Plain-text fields
(titles, headings, establishment names and towns, link titles, sources) use
the same marks but keep only their text, superscripts becoming Unicode
modifier letters (``6^e`` → ``6ᵉ``, ``1^{er}`` → ``1ᵉʳ``).

Escapes: a backslash before a punctuation character makes it literal
(``\*``, ``\-``, ``\)``, ``\★`` …) and then never matches any structure; a
line starting with a backslash followed by a letter, a digit or a space is
plain text (the backslash and the spaces after it are dropped): ``\Du 1er
au…`` or ``\ **Ressources**`` are paragraphs, not the closing or a heading.
The writer uses these escapes so that any content reads back unchanged.

Closing and credits may run over several paragraphs; nothing but the other
one may follow them.

Plain-text fields hold text, not HTML (``<`` stays ``<``): whoever renders
them escapes them, as Django templates do. Rich text is HTML in which every
character of the text is escaped.

Writing then reading gives the same content. HTML that is equivalent but not
in the writer's canonical form reads back in that form: ``<b>``/``<i>``
become ``<strong>``/``<em>``, marks around spaces or breaks shrink to the
text, touching identical marks merge (``<em>a</em><em>b</em>``), a span both
bold and italic becomes ``<strong><em>…</em></strong>``, consecutive lists of
the same kind merge, empty paragraphs and links vanish, unsafe links keep only
their text, and an empty heading (``""``) reads back as no heading.

Errors: every problem of the file is collected with its 1-based line number
and raised at once as :class:`NewsletterError`, with what could be read all
the same; an empty file, or a text in which no section is recognised, is one
problem at line 1. Messages quote at most 80 characters of a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from campaign.formats import markup
from campaign.formats.newsletter import messages
from campaign.formats.newsletter.lexer import plain
from campaign.reference.regions import DEPARTMENTS

BULLET_CHARS = "-*•–—"
_BULLET = re.compile(
    rf"^(?:[{BULLET_CHARS}]\s+|[-•–—](?=[{markup.STARS}]))(?P<body>.*)$"
)
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s+(?P<body>.*)$")
_STAR_TITLE = re.compile(
    rf"^(?:[{BULLET_CHARS}]\s+|[-•–—])?[{markup.STARS}]\s*(?P<body>.*)$"
)
_QUOTED_TITLE = re.compile(rf"^[{BULLET_CHARS}]\s+(?P<body>[\"“”«„].*)$")
OPENING_QUOTES = '"“”«„'
_CLOSING_QUOTES = '"“”»'
TAG_LINE = re.compile(r"^\{(?P<tag>[^{}]*)\}(?P<rest>.*)$")
CLOSING_KEY = re.compile(r"^du\b.*\bretrouvez\b")
CREDITS_KEY = re.compile(r"^ce travail\b")
_TOWN_DEP = re.compile(r"^(?P<town>.*\S)\s*[-–—,]\s*(?P<dep>\d{1,3}|2[AaBb])$")
_NUMBER_END = re.compile(r"[-–—,]\s*\d+$")
_LONE_URL = re.compile(
    r"^(?:<(?P<wrapped>[^\s<>]+)>|(?P<bare>(?:https?://|mailto:|tel:)\S+|/[^\s/]\S*))$",
    re.IGNORECASE,
)


def strong_title(text: str) -> str | None:
    """Body of an unmistakable action title line (★, or bullet + quote)."""
    match = _STAR_TITLE.match(text) or _QUOTED_TITLE.match(text)
    return match["body"] if match else None


def title_text(body: str) -> str:
    """``" **TITLE** "`` → ``TITLE`` as plain text."""
    body = body.strip()
    bullet = _BULLET.match(body)
    if bullet:
        body = bullet["body"].strip()
    if len(body) > 1 and body[0] in OPENING_QUOTES and body[-1] in _CLOSING_QUOTES:
        body = body[1:-1].strip()
    if len(body) > 3 and body.startswith("**") and body.endswith("**"):
        body = body[2:-2].strip()
    return plain(body)


def list_item(text: str) -> tuple[str, str] | None:
    for kind, pattern in (("ul", _BULLET), ("ol", _NUMBERED)):
        match = pattern.match(text)
        if match:
            return kind, match["body"]
    return None


def lone_url(text: str) -> str | None:
    match = _LONE_URL.match(text)
    url = (match["wrapped"] or match["bare"]) if match else None
    return markup.unprotect(url, literal=True) if url else None


@dataclass
class Heading:
    """A section line, as a recogniser read it."""

    kind: str  # a block's name, "intro", "closing", "credits" or "unknown" (bad tag)
    heading: str | None = None  # the block's heading (plain text)
    rest: str | None = None  # zoom title on the same line, or tag line content
    tag: bool = False


def heading_text(text: str) -> str:
    """A heading line's text: leading ``#``, surrounding ``**`` and a final
    ``:`` removed."""
    heading = re.sub(r"^#+\s*", "", text.strip())
    for _round in range(2):
        heading = heading.strip()
        if heading.endswith(":"):
            heading = heading[:-1].rstrip()
        match = re.fullmatch(r"(\*\*|__)(.+)\1", heading)
        if match:
            heading = match[2]
    return heading.strip()


def short(heading: str) -> bool:
    """Can `heading` be a heading line: at most 120 characters, not empty
    and no final ``.``, ``!``, ``?`` or ``…``."""
    return (
        bool(heading)
        and len(heading) <= 120
        and not heading.endswith((".", "!", "?", "…"))
    )


def tag_heading(kind: str, rest: str) -> Heading:
    """The heading of a tag line ``{tag} REST`` opening a block of `kind`:
    REST is both the heading (plain text; None when empty) and the content
    (``rest``) written on the tag's line; the kind's section takes one."""
    return Heading(kind, plain(rest) or None, rest=rest or None, tag=True)


# -- establishments --------------------------------------------------------------


@dataclass
class Establishments:
    """What one establishment line names, and what could not be read in it."""

    found: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _split_parenthesis(part: str) -> tuple[str, str] | None:
    """``NAME (INNER)`` → (NAME, INNER), italics and final dot removed."""
    text = part.rstrip(" .,;").rstrip(" *")
    opening = text.rfind("(")
    if not text.endswith(")") or opening <= 0:
        return None
    name = text[:opening].rstrip(" *")
    inner = text[opening + 1 : -1].strip(" *").rstrip(" *.")
    if not name or not inner or ")" in inner:
        return None
    return name, inner


def _town_and_department(inner: str) -> tuple[str, str] | None:
    match = _TOWN_DEP.match(inner)
    town = match["town"].strip("* ") if match else ""
    if match is None or not re.search(r"[^\W\d_]", town):
        return None
    return town, match["dep"]


def _town_and_number(inner: str) -> bool:
    """Whether `inner` reads as "TOWN - NUMBER" whatever the number's
    length: a strict reading takes it as an establishment meant (then
    unreadable), not as text."""
    match = _NUMBER_END.search(inner)
    return bool(match and re.search(r"[^\W\d_]", inner[: match.start()]))


def establishment_field(text: str, extra: str = "") -> str:
    """An establishment's name or town as a line of establishments writes
    it (what read_establishments reads back): markup escaped, and a slash
    next to a space escaped (" / " separates establishments on a line)."""
    escaped = markup.plain_to_markup(text, extra)
    return re.sub(r"(?<=\s)/|/(?=\s)", r"\\/", escaped)


def read_establishments(text: str, strict: bool) -> Establishments | None:
    """Parse an establishment line; None when the line is not one.

    A line is an establishment line when one of its `` / ``-separated parts
    ends with a parenthesis (``strict``: one holding "TOWN - CODE").
    """
    text = " ".join(text.split())  # also keeps the patterns below linear
    parts = text.split(" / ")
    split = [_split_parenthesis(part) for part in parts]
    if strict:
        attempted = any(
            s and (_town_and_department(s[1]) or _town_and_number(s[1])) for s in split
        )
    else:
        attempted = any(split)
    if not attempted:
        return None
    result = Establishments()
    for part, pieces in zip(parts, split, strict=True):
        town_dep = _town_and_department(pieces[1]) if pieces else None
        if pieces is None or town_dep is None:
            result.errors.append(messages.unreadable_establishment(part.strip()))
            continue
        department = town_dep[1].upper()
        if department not in DEPARTMENTS:
            result.errors.append(messages.unknown_department(department))
            continue
        name, town = plain(pieces[0]), plain(town_dep[0])
        result.found.append({"name": name, "town": town, "department": department})
    return result
