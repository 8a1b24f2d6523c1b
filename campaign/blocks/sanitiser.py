"""The one HTML sanitiser of the campaign's rich text.

Enters: any HTML (a page saved by an editor or by code, an imported file, a
hostile upload). Leaves: HTML with only what the rich-text features allow
(`rich_text.RICH_TEXT_FEATURES`): p, b/strong, i/em, sup, br, ul, ol, li and
links to safe targets, in the dialect asked for. Wagtail's database dialect
writes <b> and <i> and internal links as <a linktype="page" id="3">
(`clean_rich_text`); the interchange format (`persev-day/1`) <strong>, <em>
and <a href> only (`campaign.authoring.interchange.html`). Whatever the
dialect: scripts, styles and embedded objects are dropped with their
content, other tags with their attributes (event handlers…) leaving their
text, headings and divisions become paragraphs, loose text is put in a
paragraph, a mark inside the same mark adds nothing, empty paragraphs and
lists vanish, and tags nested deeper than MAX_DEPTH are dropped.

What leaves is a tree (`sanitised_tree`: `Element`s and text), rendered as
HTML by `render` (`sanitise` does both); the newsletter writer walks the
tree itself (`campaign.authoring.interchange.newsletter.from_html`).
"""

from collections import Counter
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# Tags of the interchange format, and their names in Wagtail's database format.
TO_DB = {"strong": "b", "em": "i", "b": "b", "i": "i"}
TO_INTERCHANGE = {"b": "strong", "i": "em", "strong": "strong", "em": "em"}
KEPT = {"p", "sup", "br", "ul", "ol", "li", "a"}
BLOCK_TAGS = {"p", "ul", "ol"}
# Headings are not part of a campaign's rich text: they become paragraphs.
AS_PARAGRAPH = {"h1", "h2", "h3", "h4", "h5", "h6", "div", "blockquote"}
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "template",
    "noscript",
    "svg",
    "math",
}
VOID = {"br"}
# Marks that add nothing inside themselves (<b><b>…</b></b>).
MARKS = {"b", "i", "strong", "em", "sup", "a"}
# Rich text nests a few levels (a list in a list item, a link in bold…):
# deeper tags are dropped, their text kept, so that whatever reads the
# stored HTML (Wagtail's rich text, the e-mail, the writer) stays shallow.
MAX_DEPTH = 16
TOO_DEEP = gettext_noop(
    "rich text nested too deeply (more than %(max)s tags inside one another): "
    "the extra tags were removed; simplify this text"
)
SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")


def safe_href(href):
    """The link target if it is safe to publish, else None."""
    href = (href or "").strip()
    if href.lower().startswith(SAFE_SCHEMES) or (
        href.startswith("/") and not href.startswith("//")
    ):
        return href
    return None


@dataclass
class Element:
    """An element of sanitised rich text; its children are elements and
    strings (text, not escaped)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list = field(default_factory=list)


class _Sanitiser(HTMLParser):
    """`resolve_link(attributes)` gives the attributes of a link as written
    (a dict), or None to keep only its text."""

    def __init__(self, tag_map, resolve_link):
        super().__init__(convert_charrefs=True)
        self.tag_map = tag_map
        self.resolve_link = resolve_link
        self.root = Element("root")
        self.nodes = [self.root]  # the emitted elements still open
        # Stack of the emitted tags' names, and of dropped tags as (tag,).
        self.open = []
        self.emitted = Counter()  # open emitted tags by name: no stack scans
        self.skip_depth = 0
        self.in_block = 0
        self.too_deep = False

    def _name(self, tag):
        if tag in AS_PARAGRAPH:
            return "p"
        if tag in self.tag_map:
            return self.tag_map[tag]
        return tag if tag in KEPT else None

    def _push(self, entry):
        self.open.append(entry)
        if isinstance(entry, str):
            self.emitted[entry] += 1

    def _pop(self):
        top = self.open.pop()
        if isinstance(top, str):
            self.emitted[top] -= 1
        return top

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED_WITH_CONTENT:
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        name = self._name(tag)
        if name in MARKS and self.emitted[name]:
            name = None
        elif (
            name is not None and name not in VOID and self.emitted.total() >= MAX_DEPTH
        ):
            self.too_deep = True
            name = None
        if name is None:
            if tag not in VOID:
                self._push((tag,))
            return
        if name in BLOCK_TAGS and self.emitted["p"]:
            # HTML paragraphs cannot hold blocks: close the open paragraph first.
            self.handle_endtag("p")
        if name not in BLOCK_TAGS and name != "li" and not self.in_block:
            self._open_paragraph()
        if name == "a":
            link = self.resolve_link(dict(attrs))
            if link is None:
                self._push((tag,))
                return
            self._open_element(name, link)
        elif name in VOID:
            self.nodes[-1].children.append(Element(name))
            return
        else:
            self._open_element(name)
        if name in BLOCK_TAGS:
            self.in_block += 1
        self._push(name)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self._name(tag) not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in DROPPED_WITH_CONTENT:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if self.skip_depth or tag in VOID or not self.open:
            return
        top = self.open[-1]
        if top == (tag,):
            self._pop()  # closes its dropped tag
            return
        name = self._name(tag)
        if not self.emitted[name]:
            if isinstance(top, tuple):
                self._pop()  # closes a dropped tag
            return  # else a stray closing tag
        # Close everything opened since the matching tag.
        while self.open:
            top = self._pop()
            if isinstance(top, str):
                self.nodes.pop()
                if top in BLOCK_TAGS:
                    self.in_block -= 1
            if top == name:
                break

    def handle_data(self, data):
        if self.skip_depth or not data:
            return
        if not self.in_block:
            if not data.strip():
                return
            self._open_paragraph()
        children = self.nodes[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)

    def _open_element(self, name, attrs=None):
        element = Element(name, attrs or {})
        self.nodes[-1].children.append(element)
        self.nodes.append(element)

    def _open_paragraph(self):
        self._open_element("p")
        self._push("p")
        self.in_block += 1

    def result(self):
        """The tree, without its empty paragraphs, items and lists."""
        for tag in ("p", "li", "ul", "ol"):
            _drop_empty(self.root, tag)
        return self.root


def _drop_empty(element, tag):
    """Drop the elements named `tag` that are empty before this pass (one
    pass a tag: an item emptied of its paragraph goes, a list emptied of its
    items goes, an item emptied of an empty list stays)."""
    kept = []
    for child in element.children:
        if isinstance(child, Element):
            if child.tag == tag and not child.children:
                continue
            _drop_empty(child, tag)
        kept.append(child)
    element.children = kept


def render(element, styles=None):
    """The HTML of an element's children; `styles` ({tag: CSS}) gives tags a
    style attribute (the e-mail, whose clients ignore style sheets)."""
    styles = styles or {}
    out = []
    for child in element.children:
        if isinstance(child, str):
            out.append(escape(child, quote=False))
        elif child.tag in VOID:
            out.append(f"<{child.tag}>")
        else:
            attributes = {"style": styles[child.tag]} if child.tag in styles else {}
            attributes.update(child.attrs)
            attrs = "".join(
                f' {key}="{escape(value, quote=True)}"'
                for key, value in attributes.items()
            )
            out.append(f"<{child.tag}{attrs}>{render(child, styles)}</{child.tag}>")
    return "".join(out)


def sanitised_tree(html, tag_map, resolve_link, report=None):
    """The tree of `html` with only the allowed tags, named through `tag_map`
    (TO_DB or TO_INTERCHANGE), its links' attributes as `resolve_link` says.

    `report(message)` hears (translated) when tags nested too deep were dropped.
    """
    parser = _Sanitiser(tag_map, resolve_link)
    parser.feed(html or "")
    parser.close()
    if parser.too_deep and report is not None:
        report(_(TOO_DEEP) % {"max": MAX_DEPTH})
    return parser.result()


def sanitise(html, tag_map, resolve_link, report=None):
    """`html` sanitised (see `sanitised_tree`), as HTML."""
    return render(sanitised_tree(html, tag_map, resolve_link, report))


def stored_link(attributes):
    """A link of Wagtail's database format: internal (page, document) by its
    type and id, or to a safe address."""
    linktype, pk = attributes.get("linktype"), attributes.get("id")
    if linktype:
        # In the order Wagtail's whitelister stored them (by name).
        return {"id": pk, "linktype": linktype} if pk else None
    href = safe_href(attributes.get("href"))
    return {"href": href} if href else None
