"""Reading rendered HTML the way a reader sees it (its text and its links),
and the way a browser does (its tags, its forms and what they submit)."""

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


class _Tags(HTMLParser):
    """Every start tag of a document, with its attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def tags(html, name=None):
    """Every start tag (named `name`, if given) as (tag, {attribute: value})."""
    reader = _Tags()
    reader.feed(html)
    reader.close()
    return [(tag, attrs) for tag, attrs in reader.tags if name in (None, tag)]


class _Forms(HTMLParser):
    """Every form of a page: its action, fields (name → value) and buttons,
    plus the srcdoc of every iframe."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.srcdocs = []
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "action": attrs.get("action", ""),
                    "enctype": attrs.get("enctype", ""),
                    "fields": {},
                    "types": {},
                    "options": {},
                    "buttons": [],
                }
            )
            return
        if tag == "iframe" and "srcdoc" in attrs:
            self.srcdocs.append(attrs["srcdoc"])
        if not self.forms:
            return
        form = self.forms[-1]
        if tag == "input" and attrs.get("name"):
            form["fields"][attrs["name"]] = attrs.get("value", "")
            form["types"][attrs["name"]] = attrs.get("type", "text")
        elif tag == "select":
            self.select = attrs.get("name")
            form["options"][self.select] = []
        elif tag == "option" and self.select:
            form["options"][self.select].append(attrs.get("value", ""))
        elif tag == "button":
            form["buttons"].append((attrs.get("name"), attrs.get("value")))

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None


def read_forms(html):
    """The forms of a page (.forms: action, enctype, fields, types, options,
    buttons) and the srcdoc of its iframes (.srcdocs)."""
    reader = _Forms()
    reader.feed(html)
    reader.close()
    return reader


class _FormFields(HTMLParser):
    """The named inputs, textareas and selects of the form with id `form_id`
    (values as a browser would submit them, unchecked boxes left out)."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.depth = 0  # > 0 inside the form
        self.fields = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if self.depth:
                self.depth += 1
            elif attrs.get("id") == self.form_id:
                self.depth = 1
            return
        if not self.depth:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields[name] = attrs.get("value") or (
                "on" if kind in {"checkbox", "radio"} else ""
            )
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form" and self.depth:
            self.depth -= 1
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def submitted_fields(html, form_id):
    """{name: value} of the form with id `form_id`, as a browser submits it
    ({} when the page has no such form)."""
    parser = _FormFields(form_id)
    parser.feed(html)
    parser.close()
    return parser.fields
