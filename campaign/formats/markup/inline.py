"""Inline markup read: ``**bold**``, ``*italic*``, ``^e`` and ``^{er}``
superscripts, ``[text](url)`` links, as a tree of :class:`Node`, rendered as
interchange HTML or as plain text.

Enters: one paragraph's markup, its lines joined by ``SOFT_BREAK`` or
``HARD_BREAK``. Leaves: its HTML (every character of the text escaped), or
its plain text (a title's); refused links told to ``report(position,
message)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from campaign.formats.markup.emphasis import Delimiter, match_fully
from campaign.formats.markup.escapes import (
    HARD_BREAK,
    SOFT_BREAK,
    check_url,
    escape_html,
    protect,
    to_modifier_letters,
    unprotect,
)

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


@dataclass
class _Bracket:
    position: int
    bottom: Delimiter  # last delimiter before the bracket
    token: list  # ["[", state, url]
    active: bool = True


class _InlineParser:
    """Inline markup (already protected) → tokens → tree of :class:`Node`."""

    def __init__(self, source: str, report: Reporter | None) -> None:
        self.s = source
        self.report = report
        self.tokens: list = []  # str | Delimiter | list (bracket) | Node
        self.head = self.tail = Delimiter()
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
        run = Delimiter(end - i, not after.isspace(), not before.isspace())
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

    def _remove(self, delimiter: Delimiter) -> None:
        previous, following = delimiter.previous, delimiter.next
        if previous is not None:
            previous.next = following
        if following is not None:
            following.previous = previous
        else:
            self.tail = previous  # type: ignore[assignment]
        delimiter.previous = delimiter.next = None

    def _resolve(self, bottom: Delimiter) -> None:
        """Match the runs after ``bottom``, then drop them from the stack."""
        runs = []
        run = bottom.next
        while run is not None:
            runs.append(run)
            run = run.next
        if not match_fully(runs):
            self._process_emphasis(bottom)
        while bottom.next is not None:
            self._remove(bottom.next)

    @staticmethod
    def _odd_match(opener: Delimiter, closer: Delimiter) -> bool:
        """CommonMark's "rule of 3" for runs that can both open and close."""
        both = opener.can_close or closer.can_open
        total = opener.original + closer.original
        multiples = opener.original % 3 == 0 and closer.original % 3 == 0
        return both and total % 3 == 0 and not multiples

    def _find_opener(self, closer: Delimiter, floor: Delimiter) -> Delimiter | None:
        opener = closer.previous
        while opener is not None and opener is not floor:
            if opener.can_open and not self._odd_match(opener, closer):
                return opener
            opener = opener.previous
        return None

    def _process_emphasis(self, bottom: Delimiter) -> None:
        openers_bottom: dict[tuple[int, bool], Delimiter] = {}
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
            elif isinstance(token, Delimiter):
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
