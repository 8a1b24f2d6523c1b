"""HTML read back as newsletter markup (the writer's side).

Enters: the rich text of a day, HTML of the interchange subset (``p``,
``strong``/``b``, ``em``/``i``, ``sup``, ``br``, ``ul``, ``ol``, ``li``,
``a[href]``). Leaves: its paragraphs and lists (:func:`html_blocks`), each
as canonical markup (:func:`inline_markup`). The HTML goes through the one
sanitiser first (`campaign.blocks.sanitiser`): anything else degrades to its
text there (headings and ``div`` to paragraphs), scripts, styles and links
the markup cannot write are dropped; nested lists become flat items here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from campaign.blocks.sanitiser import TO_INTERCHANGE, Element, sanitised_tree
from campaign.formats.markup.escapes import (
    check_url,
    escape_markup,
    format_destination,
)

_LISTS = frozenset({"ul", "ol"})


def _markup_link(attributes: dict) -> dict | None:
    """A link the markup can write back (see `check_url`), else its text."""
    href = (attributes.get("href") or "").strip()
    return {"href": href} if href and check_url(href) is None else None


Block = tuple[str, list]  # ("p", inline children) or ("ul"/"ol", [children…])


def html_blocks(html: str) -> list[Block]:
    """Split HTML into paragraphs and lists of inline content."""
    blocks: list[Block] = []
    # The tree of the sanitised HTML (`campaign.blocks.sanitiser`):
    # paragraphs, lists, marks, breaks and links the markup can write.
    _collect_blocks(sanitised_tree(html, TO_INTERCHANGE, _markup_link), blocks)
    return blocks


def _collect_blocks(element: Element, out: list[Block]) -> None:
    inline: list[Element | str] = []

    def flush() -> None:
        if _has_content(inline):
            out.append(("p", list(inline)))
        inline.clear()

    for child in element.children:
        if isinstance(child, str) or child.tag not in _LISTS | {"p", "li"}:
            inline.append(child)
            continue
        flush()
        if child.tag == "p":
            if _has_content(child.children):
                out.append(("p", child.children))
        elif child.tag in _LISTS:
            items: list[list[Element | str]] = []
            _collect_items(child, items)
            if items:
                out.append((child.tag, items))
        else:  # an item out of any list
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
            elif isinstance(part, Element) and part.tag == "p":
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
        elif _has_content(node.children):
            return True
    return False


def _text_of(nodes: list[Element | str]) -> str:
    parts = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(node)
        elif node.tag == "br":
            parts.append(" ")
        else:
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

_MARKS = frozenset({"strong", "em"})  # the sanitiser's names for bold and italic
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
        elif node.tag in _MARKS:
            atoms += _atoms(node.children, marks | {node.tag})
        elif node.tag == "sup":
            text = _normalise_space(_text_of(node.children))
            atoms += [_Atom("sup", marks, text)] if text.strip() else []
        elif node.tag == "a":
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
