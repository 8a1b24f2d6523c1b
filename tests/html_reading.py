"""Reading rendered HTML the way a reader sees it: its text and its links."""

from dataclasses import dataclass
from html.parser import HTMLParser

BLOCK_TAGS = {
    *("p", "li", "h1", "h2", "h3", "h4", "div", "section", "article", "header"),
    *("footer", "nav", "main", "br", "ul", "ol", "table", "tr", "td", "th"),
}
BREAK = "\x00"  # a line break between blocks; source newlines are mere blanks


@dataclass
class Link:
    href: str
    rel: str
    text: str


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.links = []
        self.open_link = None
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "head"}:
            self.skip += 1
        if tag == "a":
            attrs = dict(attrs)
            self.open_link = Link(attrs.get("href") or "", attrs.get("rel") or "", "")
            self.links.append(self.open_link)
        if tag in BLOCK_TAGS:
            self.parts.append(BREAK)

    def handle_endtag(self, tag):
        if tag in {"script", "style", "head"}:
            self.skip = max(0, self.skip - 1)
        if tag == "a" and self.open_link:
            self.open_link.text = " ".join(self.open_link.text.split())
            self.open_link = None
        if tag in BLOCK_TAGS:
            self.parts.append(BREAK)

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)
        if self.open_link:
            self.open_link.text += data


def _read(html):
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def visible_text(html):
    """The text of a page or fragment, entities decoded, one line per block,
    blanks collapsed: "<p>Un <b>partenariat</b></p>" reads "Un partenariat"."""
    text = "".join(_read(html).parts)
    lines = (" ".join(line.split()) for line in text.split(BREAK))
    return "\n".join(line for line in lines if line)


def paragraphs(html):
    """The text of each paragraph or list item of a rich-text fragment."""
    return visible_text(html).split("\n")


def links(html):
    """Every link of the page, in order, as Link(href, rel, text)."""
    return _read(html).links


def hrefs(html):
    """Every link target of the page, in order."""
    return [link.href for link in links(html) if link.href]


def line_with(text, needle):
    """The first line of `visible_text(...)` output that contains `needle`, or ""."""
    return next((line for line in text.split("\n") if needle in line), "")


class _TagReader(HTMLParser):
    def __init__(self, tag):
        super().__init__(convert_charrefs=True)
        self.tag = tag
        self.depth = 0
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag == self.tag:
            if not self.depth:
                self.found.append("")
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == self.tag and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.found[-1] += data


def texts_of(html, tag):
    """The text of every `tag` element, blanks collapsed: texts_of(html, "h1")."""
    reader = _TagReader(tag)
    reader.feed(html)
    reader.close()
    return [" ".join(text.split()) for text in reader.found]
