r"""Read and write the newsletter text format.

The text format is what communicators already write (see the seeds and
``content-model.md``). :func:`parse_newsletter` turns it into the campaign's
intro, closing and credits and the day's body blocks, exactly as in the JSON
interchange format (``persev-day/1``); :func:`write_newsletter` writes an
interchange day back as text that parses to the same content.

Grammar
=======

Lines are separated by ``\n``, ``\r\n`` or ``\r``; paragraphs by blank lines.
A document is, in order::

    [intro: rich text]
    ( actions | zoom | resources | partnership | text )*
    [closing: rich text] [credits: rich text]

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
not start as above). The writer only emits tags when needed.

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

Resources lines: ``- [TITLE](URL)``, optionally followed by the source as
`` (ONISEP)`` or `` — ONISEP`` (→ ``"source"``, the key is omitted when
absent); the bullet is optional.

Rich text: paragraphs; lines of one paragraph are joined with a space, or with
``<br>`` when a line ends with two spaces or a backslash (hard break); ``- ``
(or ``* ``, ``• ``, ``– ``) items make a ``<ul>``, ``1. `` / ``1) `` items an
``<ol>`` (blank lines between items of the same kind keep one list; an
indented line continues the item). Inline marks are described in
:mod:`campaign.authoring.interchange.markup` (bold, italic, ``^e`` / ``^{er}``
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

import bisect
import re
import sys
import unicodedata
from dataclasses import dataclass, field, replace

from campaign.authoring.interchange import markup
from campaign.reference.regions import DEPARTMENTS

# -- public API ----------------------------------------------------------------


@dataclass
class Problem:
    line: int  # 1-based line number in the text
    message: str  # in French


class NewsletterError(Exception):
    """Every problem found in a newsletter text, sorted by line.

    ``parsed`` is what could be read all the same (None for an empty text):
    its blocks, some incomplete where the problems are, let a caller check
    the rest (against a database…) and report everything at once.
    """

    def __init__(
        self, problems: list[Problem], parsed: ParsedNewsletter | None = None
    ) -> None:
        self.problems = sorted(problems, key=lambda problem: problem.line)
        self.parsed = parsed
        super().__init__(
            "\n".join(f"ligne {p.line} : {p.message}" for p in self.problems)
        )


@dataclass
class ParsedNewsletter:
    intro: str
    closing: str
    credits: str
    body: list[dict]
    lines: list[int]  # 1-based line where each body block starts
    # Of each body block, the line of each action (actions) or link
    # (resources); empty for the other blocks.
    item_lines: list[list[int]] = field(default_factory=list)


# -- messages ------------------------------------------------------------------

ESTABLISHMENT_EXPECTED = (
    "attendu « NOM (VILLE - DÉPARTEMENT) », "
    "par exemple « Collège Henri Bretin (Neuvic - 24) »"
)
TITLE_EXPECTED = 'attendu « - ★ " **TITRE** " »'
LINK_EXPECTED = (
    "attendu un lien « - [TITRE](https://…) », éventuellement suivi de sa source "
    "« (ONISEP) »"
)
EMPTY_FILE = (
    "fichier vide : attendu une lettre quotidienne (introduction, « Quelques "
    "actions de la région académique : », « ZOOM du jour », …)"
)
NOTHING_FOUND = (
    "aucune rubrique reconnue : attendu au moins une des lignes « Quelques actions "
    "de la région académique : », « ZOOM du jour », « Ressources ONISEP ou "
    "autres », « Actions de partenariat à l'échelle de la région académique » ou "
    "la phrase de clôture « Du … retrouvez … »"
)
_TAG_NAMES = "{actions}, {ressources}, {partenariat}, {texte}, {clôture} ou {crédits}"

# -- lines ---------------------------------------------------------------------


@dataclass
class _Line:
    number: int
    text: str  # stripped, escapes protected, without its hard-break marker
    blank: bool = False
    escaped: bool = False  # starts with "\" + letter: never structural
    hard_break: bool = False
    indented: bool = False


def _make_line(number: int, raw: str) -> _Line:
    stripped = raw.strip()
    if not stripped:
        return _Line(number, "", blank=True)
    escaped = (
        len(stripped) > 1
        and stripped[0] == "\\"
        and stripped[1] not in markup.ESCAPABLE
    )
    text = markup.protect(stripped[1:].lstrip() if escaped else stripped)
    hard_break = raw.rstrip("\n").endswith("  ")
    if text.endswith("\\"):
        hard_break, text = True, text[:-1].rstrip()
    return _Line(number, text, False, escaped, hard_break, raw[:1] in " \t")


def _split_lines(text: str) -> list[_Line]:
    raw_lines = re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))
    return [_make_line(number, raw) for number, raw in enumerate(raw_lines, 1)]


def _plain(protected: str) -> str:
    return markup.inline_to_plain(markup.unprotect(protected))


def _key(text: str) -> str:
    """Case-, accent- and space-insensitive form of a line, for matching."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


# -- line recognisers (on protected text) --------------------------------------

_BULLET_CHARS = "-*•–—"
_BULLET = re.compile(
    rf"^(?:[{_BULLET_CHARS}]\s+|[-•–—](?=[{markup.STARS}]))(?P<body>.*)$"
)
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s+(?P<body>.*)$")
_STAR_TITLE = re.compile(
    rf"^(?:[{_BULLET_CHARS}]\s+|[-•–—])?[{markup.STARS}]\s*(?P<body>.*)$"
)
_QUOTED_TITLE = re.compile(rf"^[{_BULLET_CHARS}]\s+(?P<body>[\"“”«„].*)$")
_OPENING_QUOTES = '"“”«„'
_CLOSING_QUOTES = '"“”»'
_TAG_LINE = re.compile(r"^\{(?P<tag>[^{}]*)\}(?P<rest>.*)$")
_ZOOM = re.compile(
    r"^(?:le\s+)?zoom(?:\s+du\s+jour)?(?:\s*[:\-–—]\s*(?P<title>.*\S))?$",
    re.IGNORECASE,
)
_ACTIONS_KEY = re.compile(r"^(?:(?:quelques|les|nos|des|autres)\s+)?actions?\b")
_PARTNERSHIP_KEY = re.compile(r"^actions? de partenariat\b")
_RESOURCES_KEY = re.compile(r"^ressources?\b")
_CLOSING_KEY = re.compile(r"^du\b.*\bretrouvez\b")
_CREDITS_KEY = re.compile(r"^ce travail\b")
_TOWN_DEP = re.compile(r"^(?P<town>.*\S)\s*[-–—,]\s*(?P<dep>\d{1,3}|2[AaBb])$")
_LONE_URL = re.compile(
    r"^(?:<(?P<wrapped>[^\s<>]+)>|(?P<bare>(?:https?://|mailto:|tel:)\S+|/[^\s/]\S*))$",
    re.IGNORECASE,
)
_TAGS = {
    "actions": "actions",
    "ressources": "resources",
    "resources": "resources",
    "partenariat": "partnership",
    "partnership": "partnership",
    "texte": "text",
    "text": "text",
    "cloture": "closing",
    "closing": "closing",
    "credits": "credits",
}
_HEADED = ("actions", "resources", "partnership")
_WRITTEN_TAGS = {
    "actions": "actions",
    "resources": "ressources",
    "partnership": "partenariat",
    "text": "texte",
    "closing": "clôture",
    "credits": "crédits",
}


def _strong_title(text: str) -> str | None:
    """Body of an unmistakable action title line (★, or bullet + quote)."""
    match = _STAR_TITLE.match(text) or _QUOTED_TITLE.match(text)
    return match["body"] if match else None


def _title_text(body: str) -> str:
    """``" **TITLE** "`` → ``TITLE`` as plain text."""
    body = body.strip()
    bullet = _BULLET.match(body)
    if bullet:
        body = bullet["body"].strip()
    if len(body) > 1 and body[0] in _OPENING_QUOTES and body[-1] in _CLOSING_QUOTES:
        body = body[1:-1].strip()
    if len(body) > 3 and body.startswith("**") and body.endswith("**"):
        body = body[2:-2].strip()
    return _plain(body)


def _list_item(text: str) -> tuple[str, str] | None:
    for kind, pattern in (("ul", _BULLET), ("ol", _NUMBERED)):
        match = pattern.match(text)
        if match:
            return kind, match["body"]
    return None


def _lone_url(text: str) -> str | None:
    match = _LONE_URL.match(text)
    url = (match["wrapped"] or match["bare"]) if match else None
    return markup.unprotect(url, literal=True) if url else None


@dataclass
class _Heading:
    kind: str  # a block type, "closing", "credits" or "unknown" (bad tag)
    heading: str | None = None
    rest: str | None = None  # zoom title on the same line, or tag line content
    tag: bool = False


def _heading_text(text: str) -> str:
    heading = re.sub(r"^#+\s*", "", text.strip())
    for _round in range(2):
        heading = heading.strip()
        if heading.endswith(":"):
            heading = heading[:-1].rstrip()
        match = re.fullmatch(r"(\*\*|__)(.+)\1", heading)
        if match:
            heading = match[2]
    return heading.strip()


def _classify(text: str, next_text: str | None) -> _Heading | None:
    """Recognise a section line; ``next_text`` is the next non-blank line."""
    match = _TAG_LINE.match(text)
    if match:
        return _tag_heading(match["tag"].strip(), match["rest"].strip())
    heading = _heading_text(text)
    key = _key(heading)
    zoom = _ZOOM.match(heading)
    if zoom:
        return _Heading("zoom", rest=zoom["title"])
    if _CREDITS_KEY.match(key):
        return _Heading("credits")
    if _CLOSING_KEY.match(key):
        return _Heading("closing")
    if not heading or len(heading) > 120 or heading.endswith((".", "!", "?", "…")):
        return None
    if _RESOURCES_KEY.match(key):
        return _Heading("resources", _plain(heading))
    if _PARTNERSHIP_KEY.match(key):
        return _Heading("partnership", _plain(heading))
    announced = text.rstrip(" *").endswith(":") or (
        next_text is not None and _strong_title(next_text) is not None
    )
    if _ACTIONS_KEY.match(key) and announced:
        return _Heading("actions", _plain(heading))
    return None


def _tag_heading(tag: str, rest: str) -> _Heading:
    kind = _TAGS.get(_key(tag))
    if kind is None:
        return _Heading("unknown", heading=markup.unprotect(tag, literal=True))
    if kind in _HEADED:
        return _Heading(kind, _plain(rest) or None, tag=True)
    return _Heading(kind, rest=rest or None, tag=True)


# -- establishments --------------------------------------------------------------


@dataclass
class _Establishments:
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


def _read_establishments(text: str, strict: bool) -> _Establishments | None:
    """Parse an establishment line; None when the line is not one.

    A line is an establishment line when one of its `` / ``-separated parts
    ends with a parenthesis (``strict``: one holding "TOWN - CODE").
    """
    text = " ".join(text.split())  # also keeps the patterns below linear
    parts = text.split(" / ")
    split = [_split_parenthesis(part) for part in parts]
    if strict:
        attempted = any(s and _town_and_department(s[1]) for s in split)
    else:
        attempted = any(split)
    if not attempted:
        return None
    result = _Establishments()
    for part, pieces in zip(parts, split, strict=True):
        town_dep = _town_and_department(pieces[1]) if pieces else None
        if pieces is None or town_dep is None:
            shown = markup.shorten(markup.unprotect(part.strip(), literal=True))
            result.errors.append(
                f"établissement illisible « {shown} » : {ESTABLISHMENT_EXPECTED}"
            )
            continue
        department = town_dep[1].upper()
        if department not in DEPARTMENTS:
            result.errors.append(
                f"département « {department} » inconnu : attendu le code d’un "
                "département français, par exemple 86, 2A ou 974"
            )
            continue
        name, town = _plain(pieces[0]), _plain(town_dep[0])
        result.found.append({"name": name, "town": town, "department": department})
    return result


# -- rich text -----------------------------------------------------------------


class _RichText:
    """Paragraphs and lists of one rich-text field, fed line by line."""

    def __init__(self) -> None:
        # ("p", [lines]) or ("ul"/"ol", [[item lines], …])
        self.blocks: list[tuple[str, list[list[_Line]]]] = []
        self._open: str | None = None
        self._after_blank = False

    def add(self, line: _Line) -> None:
        item = None if line.escaped else _list_item(line.text)
        if item is not None:
            kind, body = item
            if self._open == kind:
                self.blocks[-1][1].append([replace(line, text=body)])
            else:
                self.blocks.append((kind, [[replace(line, text=body)]]))
            self._open = kind
        elif self._open in ("ul", "ol") and line.indented and not self._after_blank:
            self.blocks[-1][1][-1].append(line)
        elif self._open == "p" and not self._after_blank:
            self.blocks[-1][1][0].append(line)
        else:
            self.blocks.append(("p", [[line]]))
            self._open = "p"
        self._after_blank = False

    def blank(self) -> None:
        self._after_blank = True
        if self._open == "p":
            self._open = None

    def html(self, problems: list[Problem]) -> str:
        """The HTML; empty paragraphs and items (a lone ``\\``) are left out."""
        blocks: list[tuple[str, list[str]]] = []
        for kind, groups in self.blocks:
            contents = [_inline_html(group, problems) for group in groups]
            contents = [content for content in contents if content]
            if contents and kind != "p" and blocks and blocks[-1][0] == kind:
                blocks[-1][1].extend(contents)  # only an empty paragraph between
            elif contents:
                blocks.append((kind, contents))
        out = []
        for kind, contents in blocks:
            if kind == "p":
                out.append(f"<p>{contents[0]}</p>")
            else:
                items = "".join(f"<li>{content}</li>" for content in contents)
                out.append(f"<{kind}>{items}</{kind}>")
        return "".join(out)


def _inline_html(lines: list[_Line], problems: list[Problem]) -> str:
    """HTML of the lines of one paragraph or item.

    Lines join with a space, or with as many ``<br>`` as there are hard breaks
    between them (a line holding only ``\\`` adds one); breaks at the start or
    the end are dropped.
    """
    parts: list[str] = []
    origins: list[tuple[int, int]] = []  # (offset in the protected text, line)
    offset = hard_breaks = 0
    for line in lines:
        if line.text:
            if parts:
                separator = markup.HARD_BREAK * hard_breaks or markup.SOFT_BREAK
                parts.append(separator)
                offset += len(separator)
            origins.append((offset, line.number))
            parts.append(markup.unprotect(line.text))
            offset += len(line.text)
            hard_breaks = 0
        hard_breaks += line.hard_break and bool(parts)

    def report(position: int, message: str) -> None:
        index = bisect.bisect_right(origins, (position, sys.maxsize)) - 1
        problems.append(Problem(origins[max(index, 0)][1], message))

    return markup.inline_to_html("".join(parts), report)


# -- sections --------------------------------------------------------------------


class _Section:
    kind = ""

    def __init__(self, line: int, heading: str | None = None) -> None:
        self.line = line
        self.heading = heading

    def feed(self, parser: _Parser, line: _Line) -> None:
        raise NotImplementedError

    def blank(self) -> None:
        """A blank line inside the section."""

    def finish(self, parser: _Parser) -> None:
        """The section ends: report what is missing."""

    def block(self, problems: list[Problem]) -> dict | None:
        return None

    def item_lines(self) -> list[int]:
        return []

    def _headed(self, value: dict) -> dict:
        return {"heading": self.heading, **value} if self.heading is not None else value


class _RichSection(_Section):
    """Intro, partnership, text, closing and credits: rich text only."""

    def __init__(self, kind: str, line: int, heading: str | None = None) -> None:
        super().__init__(line, heading)
        self.kind = kind
        self.rich = _RichText()

    def feed(self, parser: _Parser, line: _Line) -> None:
        if not line.escaped and _strong_title(line.text) is not None:
            if parser.next_is_establishment(line.number - 1):
                parser.misplaced_action(line)
        self.rich.add(line)

    def blank(self) -> None:
        self.rich.blank()

    def block(self, problems: list[Problem]) -> dict | None:
        html = self.rich.html(problems)
        if self.kind == "text":
            return {"type": "text", "value": html}
        if self.kind == "partnership":
            return {"type": "partnership", "value": self._headed({"body": html})}
        return None


class _ZoomSection(_Section):
    kind = "zoom"

    def __init__(self, line: int, title: str | None) -> None:
        super().__init__(line)
        self.title = _plain(title) if title is not None else None
        self.rich = _RichText()

    def feed(self, parser: _Parser, line: _Line) -> None:
        if self.title is None:
            structural = not line.escaped and (
                _list_item(line.text) or _strong_title(line.text) is not None
            )
            self.title = "" if structural else _plain(line.text)
            if self.title:
                return
            parser.no_zoom_title(self.line)
        self.rich.add(line)

    def blank(self) -> None:
        if self.title is not None:
            self.rich.blank()

    def finish(self, parser: _Parser) -> None:
        if self.title is None:
            parser.no_zoom_title(self.line)

    def block(self, problems: list[Problem]) -> dict | None:
        body = self.rich.html(problems)
        return {"type": "zoom", "value": {"title": self.title or "", "body": body}}


class _ResourcesSection(_Section):
    kind = "resources"

    def __init__(self, line: int, heading: str | None) -> None:
        super().__init__(line, heading)
        self.links: list[dict] = []
        self.link_lines: list[int] = []

    def feed(self, parser: _Parser, line: _Line) -> None:
        link, problem = (None, None) if line.escaped else _read_link(line.text)
        if link is not None:
            self.links.append(link)
            self.link_lines.append(line.number)
            return
        if problem is None:
            shown = markup.shorten(markup.unprotect(line.text, literal=True))
            problem = (
                f"ligne inattendue dans les ressources « {shown} » : {LINK_EXPECTED}"
            )
        parser.error(line.number, problem)

    def block(self, problems: list[Problem]) -> dict | None:
        return {"type": "resources", "value": self._headed({"links": self.links})}

    def item_lines(self) -> list[int]:
        return self.link_lines


def _read_link(text: str) -> tuple[dict | None, str | None]:
    """``- [TITLE](URL) (SOURCE)`` → ({title, url[, source]}, None)."""
    match = re.match(rf"^(?:[{_BULLET_CHARS}]\s*|\d{{1,3}}[.)]\s+)?\[", text)
    if match is None:
        return None, None
    opening = match.end() - 1
    closing = _matching_bracket(text, opening)
    target = markup.scan_destination(text, closing + 1) if closing > 0 else None
    if target is None:
        return None, None
    url = markup.unprotect(target[0], literal=True)
    rest = text[target[1] :].strip()
    source_match = re.fullmatch(r"\((?P<s>.+)\)\.?|[-–—:]\s*(?P<t>.+?)\.?", rest)
    if rest not in ("", ".") and source_match is None:
        return None, None
    link = {"title": _plain(text[opening + 1 : closing]), "url": url}
    if source_match is not None:
        link["source"] = _plain(source_match["s"] or source_match["t"])
    if not link["title"]:
        return None, f"lien sans titre : {LINK_EXPECTED}"
    problem = markup.check_url(url)
    return (None, problem) if problem else (link, None)


def _matching_bracket(text: str, opening: int) -> int:
    depth = 0
    for index in range(opening, len(text)):
        if text[index] == "[":
            depth += 1
        elif text[index] == "]":
            depth -= 1
            if depth == 0:
                return index
    return -1


@dataclass
class _Action:
    title: str
    line: int
    establishments: list[dict] = field(default_factory=list)
    url: str | None = None
    description: _RichText = field(default_factory=_RichText)
    describing: bool = False
    flagged: bool = False  # a problem about its establishments was reported

    def value(self, problems: list[Problem]) -> dict:
        value: dict = {"title": self.title, "establishments": self.establishments}
        description = self.description.html(problems)
        if description:
            value["description"] = description
        if self.url is not None:
            value["url"] = self.url
        return value


class _ActionsSection(_Section):
    kind = "actions"

    def __init__(self, line: int, heading: str | None) -> None:
        super().__init__(line, heading)
        self.actions: list[_Action] = []

    def feed(self, parser: _Parser, line: _Line) -> None:
        strong = None if line.escaped else _strong_title(line.text)
        if strong is not None:
            self._start(parser, line, strong)
            return
        action = self.actions[-1] if self.actions else None
        if action is None:
            if not line.escaped and parser.next_is_establishment(line.number - 1):
                self._start(parser, line, line.text)
            else:
                shown = markup.shorten(markup.unprotect(line.text, literal=True))
                parser.error(
                    line.number,
                    f"ligne inattendue avant la première action « {shown} » : "
                    f"{TITLE_EXPECTED}",
                )
            return
        if line.escaped or not self._structural(parser, action, line):
            self._describe(parser, action, line)

    def _structural(self, parser: _Parser, action: _Action, line: _Line) -> bool:
        """Handle establishment, title and URL lines; False for description."""
        strict = action.describing or bool(action.establishments)
        found = _read_establishments(line.text, strict)
        if found is not None and action.describing:
            parser.error(
                line.number,
                "établissement placé après la description de l'action : les "
                "établissements suivent directement le titre de l'action",
            )
            return True
        if found is not None:
            action.establishments.extend(found.found)
            for message in found.errors:
                parser.error(line.number, message)
            action.flagged = action.flagged or bool(found.errors)
            return True
        if parser.next_is_establishment(line.number - 1):
            self._start(parser, line, line.text)
            return True
        url = _lone_url(line.text)
        if url is None:
            return False
        problem = markup.check_url(url)
        if problem is None and action.url is not None:
            problem = (
                f"deuxième lien pour l'action « {markup.shorten(action.title)} » : "
                f"une action n'a qu'un lien (déjà « {markup.shorten(action.url)} »)"
            )
        if problem:
            parser.error(line.number, problem)
        else:
            action.url = url
        return True

    def _describe(self, parser: _Parser, action: _Action, line: _Line) -> None:
        if not action.establishments and not action.flagged:
            self._missing_establishment(parser, action)
        action.describing = True
        action.description.add(line)

    def _start(self, parser: _Parser, line: _Line, body: str) -> None:
        self._close_action(parser)
        title = _title_text(body)
        if not title:
            parser.error(line.number, f"titre d'action vide : {TITLE_EXPECTED}")
        self.actions.append(_Action(title, line.number))

    def _close_action(self, parser: _Parser) -> None:
        if self.actions:
            action = self.actions[-1]
            if not action.establishments and not action.flagged:
                self._missing_establishment(parser, action)

    @staticmethod
    def _missing_establishment(parser: _Parser, action: _Action) -> None:
        action.flagged = True
        parser.error(
            action.line,
            f"action « {markup.shorten(action.title)} » sans établissement : attendu sur la ligne "
            f"suivante « NOM (VILLE - DÉPARTEMENT) », par exemple « Collège Henri "
            f"Bretin (Neuvic - 24) »",
        )

    def blank(self) -> None:
        if self.actions and self.actions[-1].describing:
            self.actions[-1].description.blank()

    def finish(self, parser: _Parser) -> None:
        self._close_action(parser)
        if not self.actions:
            parser.error(
                self.line,
                f"rubrique « {markup.shorten(self.heading or 'actions')} » sans action : "
                f"{TITLE_EXPECTED} suivi d'un établissement",
            )

    def block(self, problems: list[Problem]) -> dict | None:
        actions = [action.value(problems) for action in self.actions]
        return {"type": "actions", "value": self._headed({"actions": actions})}

    def item_lines(self) -> list[int]:
        return [action.line for action in self.actions]


# -- parser --------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str) -> None:
        self.lines = _split_lines(text)
        self.problems: list[Problem] = []
        self.intro = _RichSection("intro", 1)
        self.current: _Section = self.intro
        self.body: list[_Section] = []
        self.finals: dict[str, _RichSection] = {}
        self._misplaced_reported = False

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message))

    def run(self) -> ParsedNewsletter:
        if all(line.blank for line in self.lines):
            raise NewsletterError([Problem(1, EMPTY_FILE)])
        for index, line in enumerate(self.lines):
            if line.blank:
                self.current.blank()
                continue
            heading = None
            if not line.escaped:
                heading = _classify(line.text, self._next_text(index))
            if heading is None:
                self.current.feed(self, line)
            elif heading.kind == "unknown":
                self.error(
                    line.number,
                    f"balise « {{{markup.shorten(heading.heading)}}} » inconnue : attendu {_TAG_NAMES}",
                )
            else:
                self._open(heading, line)
        self.current.finish(self)
        return self._result()

    def _result(self) -> ParsedNewsletter:
        if not self.body and not self.finals:
            self.error(1, NOTHING_FOUND)
        blocks = [section.block(self.problems) for section in self.body]
        texts = {
            kind: section.rich.html(self.problems)
            for kind, section in self.finals.items()
        }
        intro = self.intro.rich.html(self.problems)
        parsed = ParsedNewsletter(
            intro=intro,
            closing=texts.get("closing", ""),
            credits=texts.get("credits", ""),
            body=[block for block in blocks if block is not None],
            lines=[section.line for section in self.body],
            item_lines=[section.item_lines() for section in self.body],
        )
        if self.problems:
            raise NewsletterError(self.problems, parsed)
        return parsed

    def _open(self, heading: _Heading, line: _Line) -> None:
        self.current.finish(self)
        kind = heading.kind
        if kind in ("closing", "credits"):
            self.current = self._open_final(heading, line)
            return
        if self.finals:
            shown = markup.shorten(markup.unprotect(line.text, literal=True))
            self.error(
                line.number,
                f"rubrique « {shown} » placée après la phrase de clôture ou les "
                "crédits : ceux-ci terminent la lettre",
            )
        section: _Section
        if kind == "actions":
            section = _ActionsSection(line.number, heading.heading)
        elif kind == "zoom":
            section = _ZoomSection(line.number, heading.rest)
        elif kind == "resources":
            section = _ResourcesSection(line.number, heading.heading)
        else:
            section = _RichSection(kind, line.number, heading.heading)
            if heading.rest:
                section.feed(self, replace(line, text=heading.rest))
        self.body.append(section)
        self.current = section

    def _open_final(self, heading: _Heading, line: _Line) -> _RichSection:
        kind = heading.kind
        section = _RichSection(kind, line.number)
        if kind in self.finals:
            what = "phrase de clôture" if kind == "closing" else "ligne de crédits"
            self.error(line.number, f"deuxième {what} : une lettre n'en a qu'une")
        else:
            self.finals[kind] = section
        content = heading.rest if heading.tag else line.text
        if content:
            section.feed(self, replace(line, text=content))
        return section

    def _next_text(self, index: int) -> str | None:
        for following in range(index + 1, len(self.lines)):
            line = self.lines[following]
            if not line.blank:
                return None if line.escaped else line.text
        return None

    def next_is_establishment(self, index: int) -> bool:
        """Is the line right after ``self.lines[index]`` an establishment?"""
        if index + 1 >= len(self.lines):
            return False
        line = self.lines[index + 1]
        if line.blank or line.escaped:
            return False
        return _read_establishments(line.text, strict=True) is not None

    def misplaced_action(self, line: _Line) -> None:
        if not self._misplaced_reported:
            self._misplaced_reported = True
            self.error(
                line.number,
                "action placée hors de la rubrique des actions : ajoutez au-dessus "
                "de la première action la ligne « Quelques actions de la région "
                "académique : »",
            )

    def no_zoom_title(self, line: int) -> None:
        self.error(
            line,
            "« ZOOM du jour » sans titre : attendu le titre du zoom sur la ligne "
            "suivante, par exemple « Les clauses sociales »",
        )


def parse_newsletter(text: str) -> ParsedNewsletter:
    """Parse a newsletter text; raise :class:`NewsletterError` with every problem."""
    return _Parser(text).run()


# -- writer --------------------------------------------------------------------

_SAMPLE_TITLE = markup.protect('- ★ " **TITRE** "')


def write_newsletter(day: dict) -> str:
    """Write one interchange day (with "campaign" and "body") as text."""
    campaign = day.get("campaign") or {}
    parts = [_write_rich(campaign.get("intro") or "")]
    parts += [_write_block(block) for block in day.get("body") or []]
    parts += [
        _write_final(kind, campaign.get(kind) or "") for kind in ("closing", "credits")
    ]
    text = "\n\n".join(part for part in parts if part)
    return text + "\n" if text else ""


def _write_block(block: dict) -> str:
    kind, value = block.get("type"), block.get("value")
    if kind == "actions":
        return _write_actions(value)
    if kind == "zoom":
        title = _guard(markup.plain_to_markup(value.get("title", "")), "rich")
        body = _write_rich(value.get("body") or "")
        return "\n\n".join(part for part in ("ZOOM du jour", title, body) if part)
    if kind == "resources":
        lines = [_heading_line("resources", value.get("heading"))]
        links = [_write_link(link) for link in value.get("links") or []]
        return "\n\n".join([lines[0], "\n".join(links)]) if links else lines[0]
    if kind == "partnership":
        heading = _heading_line("partnership", value.get("heading"))
        body = _write_rich(value.get("body") or "")
        return f"{heading}\n\n{body}" if body else heading
    if kind == "text":
        body = _write_rich(value or "")
        return f"{{texte}}\n\n{body}" if body else "{texte}"
    raise ValueError(f"unknown block type {kind!r}")


def _write_actions(value: dict) -> str:
    lines = [_heading_line("actions", value.get("heading")), ""]
    for action in value.get("actions") or []:
        lines.append(f'- ★ " **{markup.plain_to_markup(action["title"])}** "')
        establishments = action.get("establishments") or []
        lines.append(" / ".join(_write_establishment(e) for e in establishments))
        if action.get("url"):
            url = action["url"]
            lines.append(url if _lone_url(markup.protect(url)) == url else f"<{url}>")
        description = _write_rich(action.get("description") or "", "description")
        if description:
            lines += ["", description, ""]
    return "\n".join(lines).rstrip("\n")


def _write_establishment(establishment: dict) -> str:
    def field_markup(text: str, extra: str = "") -> str:
        escaped = markup.plain_to_markup(text, extra)
        return re.sub(r"(?<=\s)/|/(?=\s)", r"\\/", escaped)

    name = field_markup(establishment["name"])
    if name[:1] in _BULLET_CHARS + markup.STARS + _OPENING_QUOTES + "{#":
        name = "\\" + name  # not a list item, a title or a tag
    town = field_markup(establishment["town"], "()")
    return f"{name} (*{town} - {establishment['department']}*)"


def _write_link(link: dict) -> str:
    title = markup.plain_to_markup(link["title"])
    text = f"- [{title}]({markup.format_destination(link['url'])})"
    if link.get("source"):
        text += f" ({markup.plain_to_markup(link['source'], '()')})"
    return text


def _heading_line(kind: str, heading: str | None) -> str:
    tag = "{" + _WRITTEN_TAGS[kind] + "}"
    if not heading:
        return tag
    text = markup.plain_to_markup(heading)
    candidate = text + " :" if kind == "actions" else text
    line = _make_line(0, candidate)
    found = None if line.escaped else _classify(line.text, _SAMPLE_TITLE)
    if found and found.kind == kind and found.heading == heading and not found.tag:
        return candidate
    return f"{tag} {text}"


def _write_final(kind: str, html: str) -> str:
    """Closing or credits: as is when recognised, else after its tag."""
    text = _write_rich(html, guard_first=False)
    if not text:
        return ""
    first = _make_line(0, text.split("\n", 1)[0])
    found = None if first.escaped else _classify(first.text, None)
    if found is not None and found.kind == kind and not found.tag:
        return text
    return "{" + _WRITTEN_TAGS[kind] + "}\n" + _write_rich(html)


def _write_rich(html: str, context: str = "rich", guard_first: bool = True) -> str:
    out = []
    for kind, content in markup.html_blocks(html):
        if kind == "p":
            lines = _markup_lines(content)
            if not lines:
                continue
            if guard_first or out:
                lines[0] = _guard(lines[0], context)
            lines[1:] = [_guard(line, context) for line in lines[1:]]
            out.append("\\\n".join(lines))
            continue
        items = []
        for number, item in enumerate(content, 1):
            lines = _markup_lines(item)
            if not lines:
                continue
            prefix = "- " if kind == "ul" else f"{number}. "
            first = lines[0]
            if first[:1] in markup.STARS + '"“”«„':
                first = "\\" + first
            rest = [_guard(line, context) for line in lines[1:]]
            items.append("\\\n  ".join([prefix + first, *rest]))
        if items:
            out.append("\n".join(items))
    return "\n\n".join(out)


def _markup_lines(content: list) -> list[str]:
    lines = [line.strip() for line in markup.inline_markup(content).split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _is_structural(raw: str, context: str) -> bool:
    """Would the parser read this line as anything but text?"""
    line = _make_line(0, raw)
    if line.blank or line.escaped:
        return False
    text = line.text
    if _classify(text, _SAMPLE_TITLE) is not None:
        return True
    if _list_item(text) or _strong_title(text) is not None:
        return True
    if context == "description":
        return _read_establishments(text, True) is not None or bool(_lone_url(text))
    return False


def _guard(line: str, context: str) -> str:
    """Escape a text line that the parser would otherwise read as structure.

    A backslash before the first character when that character is literal
    text; else the final parenthesis escaped (an establishment look-alike);
    else the line-level escape ``"\\ "``, which changes nothing else.
    """
    if not _is_structural(line, context):
        return line
    candidates = []
    if line[0] not in "*[^\\":  # those start a mark, a link or a superscript
        candidates.append("\\" + line)
    closing = line.rfind(")")
    if closing >= 0:
        candidates.append(line[:closing] + "\\)" + line[closing + 1 :])
    for candidate in candidates:
        if not _is_structural(candidate, context):
            return candidate
    return "\\ " + line
