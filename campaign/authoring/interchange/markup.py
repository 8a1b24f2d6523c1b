"""Inline markup of the newsletter text format and its HTML counterpart.

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
  addresses are accepted (as in :func:`campaign.authoring.interchange.html.safe_href`);
- a backslash before a punctuation character (``\\*``, ``\\^``, ``\\[``,
  ``\\\\``, ``\\-``, ``\\★`` …) makes it literal.

Text is always HTML-escaped (``&``, ``<``, ``>``; ``"`` too inside attributes):
the text can never inject markup.

This module also converts HTML back to this markup (for the writer). It reads
the HTML subset of the interchange format (``p``, ``strong``/``b``,
``em``/``i``, ``sup``, ``br``, ``ul``, ``ol``, ``li``, ``a[href]``), degrades
anything else to its text (headings and ``div`` to paragraphs, nested lists
to flat items) and drops scripts, styles and unsafe links.

Separators inside a joined paragraph: ``\\n`` is a soft line break (a space),
``\\r`` a hard one (``<br>``).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser

STARS = "★☆⭐✩✪✯✰"
ESCAPABLE = frozenset(string.punctuation) | frozenset(STARS + "«»“”„–—•")
SOFT_BREAK = "\n"
HARD_BREAK = "\r"

# Escaped characters are swapped for private-use placeholders while the
# structure of a line is analysed, so that ``\)`` or ``\*`` never match a
# structural pattern.
_PLACEHOLDER_BASE = 0xF0000
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_PLACEHOLDERS = re.compile("[\U000f0000-\U000fffff]")

_MODIFIER_LETTERS = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz0123456789",
        "\u1d43\u1d47\u1d9c\u1d48\u1d49\u1da0\u1d4d\u02b0\u2071\u02b2\u1d4f\u02e1"
        "\u1d50\u207f\u1d52\u1d56\U000107a5\u02b3\u02e2\u1d57\u1d58\u1d5b\u02b7"
        "\u02e3\u02b8\u1dbb\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078"
        "\u2079",
        strict=True,
    )
)
_FROM_MODIFIER = {mod: char for char, mod in _MODIFIER_LETTERS.items()}

_SAFE_URL = re.compile(r"^(?:https?://[^\s/]|mailto:\S|tel:\S|/(?!/))", re.IGNORECASE)
_MARKUP_CHARS = frozenset("\\*^[]")


# -- escapes -----------------------------------------------------------------


def protect(text: str) -> str:
    """Replace each escape ``\\X`` by a placeholder character."""

    def swap(match: re.Match[str]) -> str:
        char = match[1]
        return chr(_PLACEHOLDER_BASE + ord(char)) if char in ESCAPABLE else match[0]

    return _ESCAPE.sub(swap, text)


def _placeholder_char(char: str) -> str | None:
    code = ord(char) - _PLACEHOLDER_BASE
    if 0 <= code < 0x10000 and chr(code) in ESCAPABLE:
        return chr(code)
    return None


def unprotect(text: str, *, literal: bool = False) -> str:
    """Turn placeholders back into escapes (or into the bare characters)."""

    def swap(match: re.Match[str]) -> str:
        original = _placeholder_char(match[0])
        if original is None:
            return match[0]
        return original if literal else "\\" + original

    return _PLACEHOLDERS.sub(swap, text)


def escape_html(text: str, *, quote: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text


def check_url(url: str) -> str | None:
    """Return a French error message when ``url`` is not an accepted address."""
    if _SAFE_URL.match(url) and not re.search(r"\s", url):
        return None
    return (
        f"adresse de lien refusée « {shorten(url)} » : attendu une adresse complète "
        "commençant par https://, http://, mailto: ou tel:"
    )


def shorten(text: str, limit: int = 80) -> str:
    """``text`` as a message quotes it: at most ``limit`` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_modifier_letters(text: str) -> str | None:
    """``er`` → ``ᵉʳ``; None when a character has no modifier letter."""
    mapped = [_MODIFIER_LETTERS.get(char) for char in text]
    if not text or None in mapped:
        return None
    return "".join(mapped)  # type: ignore[arg-type]


# -- inline parsing ------------------------------------------------------------
#
# Links are resolved CommonMark-style, with a bracket stack, before the
# emphasis around them. Emphasis works on runs of ``*``: a run can open when
# followed by a non-space character and close when preceded by one. When every
# star of a span can be matched with no mark inside the same mark and no two
# same marks side by side (always the case for what the writer produces), that
# reading is used: a small dynamic programme over the runs
# finds it in linear time, so adjacent marks (``*a***b**``, ``***a*b*c***``)
# read back as written. Otherwise (stray stars in hand-written text) CommonMark's
# "process emphasis" algorithm decides, leaving unmatched stars literal.


@dataclass
class Node:
    kind: str  # "text", "strong", "em", "sup", "link" or "br"
    text: str = ""
    children: list[Node] = field(default_factory=list)
    url: str = ""


Reporter = Callable[[int, str], None]
_MAX_SUP = 40  # characters of a ^{…} superscript
_MAX_URL = 2048
_PLAIN_RUN = re.compile(r"[^*^\[\]\r\n]+")


class _Delimiter:
    """A run of ``*``; also the sentinel at the bottom of the delimiter stack."""

    def __init__(self, count: int = 0, can_open: bool = False, can_close: bool = False):
        self.count = self.original = count
        self.can_open, self.can_close = can_open, can_close
        self.opens: list[str] = []  # innermost first
        self.closes: list[str] = []  # innermost first
        self.previous: _Delimiter | None = None
        self.next: _Delimiter | None = None


@dataclass
class _Bracket:
    position: int
    bottom: _Delimiter  # last delimiter before the bracket
    token: list  # ["[", state, url]
    active: bool = True


class _InlineParser:
    """Inline markup (already protected) → tokens → tree of :class:`Node`."""

    def __init__(self, source: str, report: Reporter | None) -> None:
        self.s = source
        self.report = report
        self.tokens: list = []  # str | _Delimiter | list (bracket) | Node
        self.head = self.tail = _Delimiter()
        self.brackets: list[_Bracket] = []
        self.scan_budget = 8 * len(source) + 4 * _MAX_URL

    def parse(self) -> list[Node]:
        s, i = self.s, 0
        while i < len(s):
            char = s[i]
            if char == "*":
                i = self._delimiter(i)
            elif char == "^":
                i = self._sup(i)
            elif char == "[":
                bracket = ["[", "literal", ""]
                self.tokens.append(bracket)
                self.brackets.append(_Bracket(i, self.tail, bracket))
                i += 1
            elif char == "]":
                i = self._close_bracket(i)
            elif char == HARD_BREAK:
                self.tokens.append(Node("br"))
                i += 1
            elif char == SOFT_BREAK:
                self.tokens.append(" ")
                i += 1
            else:
                end = _PLAIN_RUN.match(s, i).end()  # type: ignore[union-attr]
                self.tokens.append(s[i:end])
                i = end
        self._resolve(self.head)
        return self._tree()

    # -- tokens

    def _delimiter(self, i: int) -> int:
        s, end = self.s, i
        while end < len(s) and s[end] == "*":
            end += 1
        before = s[i - 1] if i > 0 else " "
        after = s[end] if end < len(s) else " "
        run = _Delimiter(end - i, not after.isspace(), not before.isspace())
        self.tokens.append(run)
        run.previous, self.tail.next, self.tail = self.tail, run, run
        return end

    def _sup(self, i: int) -> int:
        s = self.s
        if s.startswith("^{", i):
            end = s.find("}", i + 2, i + 3 + _MAX_SUP)
            if end > i + 2:
                self.tokens.append(Node("sup", unprotect(s[i + 2 : end], literal=True)))
                return end + 1
        elif i + 1 < len(s) and s[i + 1].isalnum():
            self.tokens.append(Node("sup", s[i + 1]))
            return i + 2
        self.tokens.append("^")
        return i + 1

    def _close_bracket(self, i: int) -> int:
        closing = ["]", "literal", ""]
        self.tokens.append(closing)
        if not self.brackets:
            return i + 1
        bracket = self.brackets.pop()
        target = None
        if bracket.active and bracket.token is not self.tokens[-2]:
            limit = min(_MAX_URL, max(self.scan_budget, 0))
            target = scan_destination(self.s, i + 1, limit)
            self.scan_budget -= limit if target is None else target[1] - i
        if target is None:
            return i + 1
        self._resolve(bracket.bottom)
        url = unprotect(target[0], literal=True)
        problem = check_url(url)
        state = "link" if problem is None else "hidden"
        if problem is not None and self.report is not None:
            self.report(bracket.position, problem)
        bracket.token[1:] = [state, url]
        closing[1] = state
        for earlier in self.brackets:  # no link inside a link
            earlier.active = False
        return target[1]

    # -- emphasis

    def _remove(self, delimiter: _Delimiter) -> None:
        previous, following = delimiter.previous, delimiter.next
        if previous is not None:
            previous.next = following
        if following is not None:
            following.previous = previous
        else:
            self.tail = previous  # type: ignore[assignment]
        delimiter.previous = delimiter.next = None

    def _resolve(self, bottom: _Delimiter) -> None:
        """Match the runs after ``bottom``, then drop them from the stack."""
        runs = []
        run = bottom.next
        while run is not None:
            runs.append(run)
            run = run.next
        if not _match_fully(runs):
            self._process_emphasis(bottom)
        while bottom.next is not None:
            self._remove(bottom.next)

    @staticmethod
    def _odd_match(opener: _Delimiter, closer: _Delimiter) -> bool:
        """CommonMark's "rule of 3" for runs that can both open and close."""
        both = opener.can_close or closer.can_open
        total = opener.original + closer.original
        multiples = opener.original % 3 == 0 and closer.original % 3 == 0
        return both and total % 3 == 0 and not multiples

    def _find_opener(self, closer: _Delimiter, floor: _Delimiter) -> _Delimiter | None:
        opener = closer.previous
        while opener is not None and opener is not floor:
            if opener.can_open and not self._odd_match(opener, closer):
                return opener
            opener = opener.previous
        return None

    def _process_emphasis(self, bottom: _Delimiter) -> None:
        openers_bottom: dict[tuple[int, bool], _Delimiter] = {}
        current = bottom.next
        while current is not None:
            if not current.can_close:
                current = current.next
                continue
            key = (current.original % 3, current.can_open)
            opener = self._find_opener(current, openers_bottom.get(key, bottom))
            if opener is None:
                openers_bottom[key] = current.previous or bottom
                following = current.next
                if not current.can_open:
                    self._remove(current)
                current = following
                continue
            used = 2 if opener.count >= 2 and current.count >= 2 else 1
            kind = "strong" if used == 2 else "em"
            opener.count -= used
            current.count -= used
            opener.opens.append(kind)
            current.closes.append(kind)
            between = opener.next
            while between is not None and between is not current:
                following = between.next
                self._remove(between)
                between = following
            if opener.count == 0:
                self._remove(opener)
            if current.count == 0:
                following = current.next
                self._remove(current)
                current = following
        while bottom.next is not None:
            self._remove(bottom.next)

    # -- tree

    def _tree(self) -> list[Node]:
        root = Node("root")
        stack = [root]

        def text(value: str) -> None:
            children = stack[-1].children
            if children and children[-1].kind == "text":
                children[-1].text += value
            elif value:
                children.append(Node("text", value))

        def open_node(node: Node) -> None:
            if any(open.kind == node.kind for open in stack):
                # A mark inside the same mark adds nothing: its text joins
                # the open one (and hostile nesting stays shallow).
                stack.append(stack[-1])
                return
            stack[-1].children.append(node)
            stack.append(node)

        for token in self.tokens:
            if isinstance(token, str):
                text(unprotect(token, literal=True))
            elif isinstance(token, Node):
                stack[-1].children.append(token)
            elif isinstance(token, _Delimiter):
                for _kind in token.closes:
                    if len(stack) > 1:
                        stack.pop()
                text("*" * token.count)
                for kind in reversed(token.opens):
                    open_node(Node(kind))
            elif token[1] == "literal":
                text(token[0])
            elif token[1] == "link" and token[0] == "[":
                open_node(Node("link", url=token[2]))
            elif token[1] == "link" and len(stack) > 1:
                stack.pop()
        return root.children


_STACKS: tuple[tuple[str, ...], ...] = (
    (),
    ("em",),
    ("strong",),
    ("strong", "em"),
    ("em", "strong"),
)
_SIZE = {"em": 1, "strong": 2}
_OPENINGS = {
    0: [()],
    1: [("em",)],
    2: [("strong",)],
    3: [("strong", "em"), ("em", "strong")],
}


def _moves(
    run: _Delimiter, stack: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    """Ways a run can close then open marks, using all of its stars."""
    for closing in range(min(2, len(stack)), -1, -1):
        if closing and not run.can_close:
            continue
        closed = stack[len(stack) - closing :][::-1]  # innermost first
        left = run.count - sum(_SIZE[mark] for mark in closed)
        rest = stack[: len(stack) - closing]
        for opened in _OPENINGS.get(left, []):  # outermost first
            if opened and not run.can_open:
                continue
            if set(opened) & set(rest) or (closed and closed[-1] in opened):
                continue  # a mark inside itself, or two same marks side by side
            yield closed, opened, rest + opened


def _match_fully(runs: list[_Delimiter]) -> bool:
    """Match every star of ``runs`` (see above); False when impossible."""
    ending: list[set[tuple[str, ...]]] = [set() for _ in runs] + [{()}]
    for index in range(len(runs) - 1, -1, -1):
        for stack in _STACKS:
            moves = _moves(runs[index], stack)
            if any(after in ending[index + 1] for _c, _o, after in moves):
                ending[index].add(stack)
    if () not in ending[0]:
        return False
    stack: tuple[str, ...] = ()
    for index, run in enumerate(runs):
        for closed, opened, after in _moves(run, stack):
            if after in ending[index + 1]:
                run.closes, run.opens, run.count = list(closed), list(opened[::-1]), 0
                stack = after
                break
    return True


def scan_destination(s: str, j: int, limit: int = _MAX_URL) -> tuple[str, int] | None:
    """Read ``(url)`` or ``(<url>)`` at ``s[j]``; return (url, index after).

    ``limit`` bounds the characters read (a longer URL fails).
    """
    if j >= len(s) or s[j] != "(":
        return None
    k = j + 1
    if s.startswith("<", k):
        end = s.find(">", k, k + limit)
        if end < 0 or not s.startswith(")", end + 1) or end == k + 1:
            return None
        return s[k + 1 : end], end + 2
    level = 0
    for pos in range(k, min(len(s), k + limit)):
        char = s[pos]
        if char.isspace():
            return None
        if char == "(":
            level += 1
        elif char == ")":
            if level == 0:
                return (s[k:pos], pos + 1) if pos > k else None
            level -= 1
    return None


def parse_inline(text: str, report: Reporter | None = None) -> list[Node]:
    """Parse inline markup; ``report(position, message)`` gets bad links."""
    return _InlineParser(protect(text), report).parse()


def render_html(nodes: list[Node]) -> str:
    out = []
    for node in nodes:
        if node.kind == "text":
            out.append(escape_html(node.text))
        elif node.kind == "br":
            out.append("<br>")
        elif node.kind == "sup":
            out.append(f"<sup>{escape_html(node.text)}</sup>")
        elif node.kind == "link":
            href = escape_html(node.url, quote=True)
            out.append(f'<a href="{href}">{render_html(node.children)}</a>')
        else:
            tag = node.kind
            out.append(f"<{tag}>{render_html(node.children)}</{tag}>")
    return "".join(out)


def render_plain(nodes: list[Node]) -> str:
    out = []
    for node in nodes:
        if node.kind == "text":
            out.append(node.text)
        elif node.kind == "br":
            out.append(" ")
        elif node.kind == "sup":
            out.append(to_modifier_letters(node.text) or node.text)
        else:
            out.append(render_plain(node.children))
    return "".join(out)


def inline_to_html(text: str, report: Reporter | None = None) -> str:
    return render_html(parse_inline(text, report))


def inline_to_plain(text: str) -> str:
    """Plain text of a title: marks dropped, superscripts as modifier letters."""
    return render_plain(parse_inline(text)).strip()


# -- text → markup (writer side) ---------------------------------------------


def escape_markup(text: str, extra: str = "") -> str:
    """Escape the characters that the inline markup would interpret."""
    special = _MARKUP_CHARS | frozenset(extra)
    return "".join("\\" + char if char in special else char for char in text)


def plain_to_markup(text: str, extra: str = "") -> str:
    """Markup of a plain-text title: modifier letters become ``^e``/``^{er}``."""
    out: list[str] = []
    run: list[str] = []

    def flush_run() -> None:
        if run:
            letters = "".join(run)
            out.append(f"^{letters}" if len(letters) == 1 else f"^{{{letters}}}")
            run.clear()

    for char in text:
        if char in _FROM_MODIFIER:
            run.append(_FROM_MODIFIER[char])
            continue
        flush_run()
        out.append(escape_markup(char, extra))
    flush_run()
    return "".join(out)


# -- HTML → markup (writer side) ---------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)


_VOID = frozenset({"br", "img", "hr", "wbr", "input", "meta", "link", "source"})
_DROPPED = frozenset({"script", "style", "template", "head", "title"})
_PARAGRAPHS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "address", "figcaption"}
)
_CONTAINERS = frozenset(
    "div blockquote section article main header footer figure body html table "
    "tbody thead tr td th li".split()
)
_LISTS = frozenset({"ul", "ol"})


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _PARAGRAPHS | _LISTS | {"div"}:
            self._close("p")
        if tag == "li":
            self._close("li", stop=_LISTS)
        element = Element(tag, {key: value or "" for key, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {key: value or "" for key, value in attrs})
        self.stack[-1].children.append(element)

    def handle_endtag(self, tag: str) -> None:
        self._close(tag)

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def _close(self, tag: str, stop: frozenset[str] = frozenset()) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            current = self.stack[index].tag
            if current == tag:
                del self.stack[index:]
                return
            if current in stop:
                return


def parse_html(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


Block = tuple[str, list]  # ("p", inline children) or ("ul"/"ol", [children…])


def html_blocks(html: str) -> list[Block]:
    """Split HTML into paragraphs and lists of inline content."""
    blocks: list[Block] = []
    _collect_blocks(parse_html(html), blocks)
    return blocks


def _collect_blocks(element: Element, out: list[Block]) -> None:
    inline: list[Element | str] = []

    def flush() -> None:
        if _has_content(inline):
            out.append(("p", list(inline)))
        inline.clear()

    for child in element.children:
        if isinstance(child, str) or child.tag not in (
            _PARAGRAPHS | _CONTAINERS | _LISTS | _DROPPED
        ):
            inline.append(child)
            continue
        flush()
        if child.tag in _PARAGRAPHS:
            if _has_content(child.children):
                out.append(("p", child.children))
        elif child.tag in _LISTS:
            items: list[list[Element | str]] = []
            _collect_items(child, items)
            if items:
                out.append((child.tag, items))
        elif child.tag not in _DROPPED:
            _collect_blocks(child, out)
    flush()


def _collect_items(list_element: Element, items: list[list[Element | str]]) -> None:
    for child in list_element.children:
        if isinstance(child, str):
            if child.strip():
                items.append([child])
            continue
        if child.tag in _LISTS:
            _collect_items(child, items)
            continue
        item: list[Element | str] = []
        nested: list[list[Element | str]] = []
        for part in child.children if child.tag == "li" else [child]:
            if isinstance(part, Element) and part.tag in _LISTS:
                _collect_items(part, nested)
            elif isinstance(part, Element) and part.tag in _PARAGRAPHS | {"div"}:
                if _has_content(item):
                    item.append(Element("br"))
                item.extend(part.children)
            else:
                item.append(part)
        if _has_content(item):
            items.append(item)
        items.extend(nested)


def _has_content(nodes: list[Element | str]) -> bool:
    for node in nodes:
        if isinstance(node, str):
            if node.strip():
                return True
        elif node.tag not in _DROPPED and (
            node.tag in ("img",) or _has_content(node.children)
        ):
            return True
    return False


def _text_of(nodes: list[Element | str]) -> str:
    parts = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(node)
        elif node.tag == "br":
            parts.append(" ")
        elif node.tag not in _DROPPED:
            parts.append(_text_of(node.children))
    return "".join(parts)


def _normalise_space(text: str) -> str:
    """Whitespace runs holding a line break become one space (as in HTML)."""
    pieces = re.split(r"[\r\n]", text.replace("\t", " "))
    out = [pieces[0]]
    for piece in pieces[1:]:
        out[-1] = out[-1].rstrip(" \f")
        out.append(" " if out[-1][-1:] != " " else "")
        out.append(piece.lstrip(" \f"))
    return "".join(out)


# Inline HTML is first flattened into atoms (text, superscript, break, link)
# that each carry the set of marks applying to them, then rebuilt as the
# canonical markup: each mark spans as far as it can, bold outside italic when
# both span the same atoms, and never starts or ends on a space or a break.
# Equivalent HTML (``<b>``/``<strong>``, ``<em>a</em><em>b</em>``, marks
# around spaces, a mark inside the same mark) gives the same text, which the
# parser reads back as that canonical HTML.

_MARKS = {"strong": "strong", "b": "strong", "em": "em", "i": "em"}
_DELIMITERS = {"strong": "**", "em": "*"}


@dataclass
class _Atom:
    kind: str  # "text", "sup", "br" or "link"
    marks: frozenset[str]
    text: str = ""  # the text, the superscript or the link's URL
    children: list[_Atom] = field(default_factory=list)  # a link's content

    @property
    def is_edge(self) -> bool:
        """Spaces and breaks are kept outside the marks' delimiters."""
        return self.kind == "br" or (self.kind == "text" and not self.text.strip())


def inline_markup(nodes: list[Element | str]) -> str:
    """Markup of inline HTML; hard breaks come out as ``\\n``."""
    return _build(_atoms(nodes, frozenset()), frozenset())


def _atoms(nodes: list[Element | str], marks: frozenset[str]) -> list[_Atom]:
    atoms: list[_Atom] = []
    for node in nodes:
        if isinstance(node, str):
            atoms += _text_atoms(_normalise_space(node), marks)
        elif node.tag == "br":
            atoms.append(_Atom("br", marks))
        elif node.tag in _DROPPED:
            continue
        elif node.tag in _MARKS:
            atoms += _atoms(node.children, marks | {_MARKS[node.tag]})
        elif node.tag == "sup":
            text = _normalise_space(_text_of(node.children))
            atoms += [_Atom("sup", marks, text)] if text.strip() else []
        elif node.tag == "a" and check_url(node.attrs.get("href", "").strip()) is None:
            atoms += _link_atoms(node, marks)
        else:
            atoms += _atoms(node.children, marks)
    return atoms


def _link_atoms(node: Element, marks: frozenset[str]) -> list[_Atom]:
    """A link, its edge spaces and breaks moved outside (none when empty)."""
    inner = _atoms(node.children, frozenset())
    start, end = 0, len(inner)
    while start < end and inner[start].is_edge:
        start += 1
    while end > start and inner[end - 1].is_edge:
        end -= 1

    def outside(atoms: list[_Atom]) -> list[_Atom]:
        return [replace(atom, marks=atom.marks | marks) for atom in atoms]

    url = node.attrs["href"].strip()
    link = [_Atom("link", marks, url, inner[start:end])] if end > start else []
    return outside(inner[:start]) + link + outside(inner[end:])


def _text_atoms(text: str, marks: frozenset[str]) -> list[_Atom]:
    core = text.strip(" ")
    if not core:
        return [_Atom("text", marks, text)] if text else []
    start = text.index(core)
    pieces = [text[:start], core, text[start + len(core) :]]
    return [_Atom("text", marks, piece) for piece in pieces if piece]


def _build(atoms: list[_Atom], active: frozenset[str]) -> str:
    out = []
    index = 0
    while index < len(atoms):
        atom = atoms[index]
        span = None if atom.is_edge else _longest_span(atoms, index, active)
        if span is None:
            out.append(_atom_markup(atom, active))
            index += 1
            continue
        mark, end = span
        inner = _build(atoms[index:end], active | {mark})
        out.append(f"{_DELIMITERS[mark]}{inner}{_DELIMITERS[mark]}")
        index = end
    return "".join(out)


def _longest_span(
    atoms: list[_Atom], start: int, active: frozenset[str]
) -> tuple[str, int] | None:
    """The mark to open at ``start`` and where its span ends (bold on ties)."""
    best = None
    for mark in ("strong", "em"):
        if mark in active or mark not in atoms[start].marks:
            continue
        end = start
        while end < len(atoms) and mark in atoms[end].marks:
            end += 1
        while atoms[end - 1].is_edge:
            end -= 1
        if best is None or end > best[1]:
            best = (mark, end)
    return best


def _atom_markup(atom: _Atom, active: frozenset[str]) -> str:
    if atom.kind == "text":
        return escape_markup(atom.text)
    if atom.kind == "br":
        return "\n"
    if atom.kind == "sup":
        return _sup_markup(atom.text)
    inner = _build(
        [replace(child, marks=child.marks - atom.marks) for child in atom.children],
        frozenset(),
    )
    return f"[{inner}]({format_destination(atom.text)})"


def _sup_markup(text: str) -> str:
    if len(text) == 1 and text.isalnum():
        return f"^{text}"
    return "^{" + escape_markup(text, "{}") + "}"


def format_destination(url: str) -> str:
    if url.count("(") == url.count(")") and not re.search(r"[\s<>]", url):
        return escape_markup(url)
    return "<" + escape_markup(url, "<>") + ">"
