import re

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from wagtail import blocks

from campaign.blocks.api_models import HTML
from campaign.blocks.kind import BlockKind, mapping, text
from campaign.blocks.rich_text import RICH_TEXT_FEATURES
from campaign.formats import markup
from campaign.formats.newsletter.grammar import (
    Heading,
    heading_text,
    list_item,
    strong_title,
)
from campaign.formats.newsletter.lexer import Line, plain
from campaign.formats.newsletter.rich_text import RichText
from campaign.formats.newsletter.sections import (
    Path,
    Reading,
    Section,
    Writing,
    text_lines,
)
from campaign.formats.problems import Problem


class ZoomValue(Schema):
    title: str = Field(min_length=1)
    body: HTML


class ZoomBlock(BlockKind, blocks.StructBlock):
    """The "ZOOM du jour": one subject explained in a few paragraphs."""

    name = "zoom"
    api_model = ZoomValue

    title = blocks.CharBlock(label=_("Zoom title"), max_length=200)
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))

    def to_interchange(self, value, out):
        return {"title": value["title"], "body": out.html(value["body"])}

    def from_interchange(self, data, into, where):
        data = mapping(data)
        return {
            "title": text(data.get("title")),
            "body": into.html(data.get("body"), [*where, "body"]),
        }

    def listing_title(self, raw):
        return mapping(raw).get("title", "")

    class Meta:
        icon = "search"
        label = _("ZOOM of the day")
        description = _(
            "The subject put forward that day: a title and a few paragraphs."
        )
        template = "campaign/blocks/zoom/page.html"
        # The admin's block picker shows it with the public styles.
        preview_template = "campaign/blocks/block_preview.html"
        preview_value = {
            "title": "Les clauses sociales",
            "body": "<p>Les clauses sociales permettent à des jeunes de 16 à 25 ans en "
            "situation de décrochage scolaire de réaliser un parcours de formation "
            "sécurisé en entreprise.</p>",
        }

    # -- The newsletter text format (BlockKind) -------------------------

    def newsletter_heading(self, text: str, next_text: str | None) -> Heading | None:
        zoom = _ZOOM.match(heading_text(text))
        return Heading(self.name, rest=zoom["title"]) if zoom else None

    def newsletter_section(self, line: int, heading: Heading) -> Section:
        return ZoomSection(self.name, line, heading.rest)

    def to_newsletter(self, value, writing: Writing) -> str:
        title = writing.line(markup.plain_to_markup(value.get("title", "")))
        body = writing.rich(value.get("body") or "")
        return "\n\n".join(part for part in (ZOOM_LINE, title, body) if part)


# -- The newsletter text format ------------------------------------------------

# The newsletter's zoom line: "ZOOM du jour", its title on the next line or
# after it ("ZOOM du jour : TITRE").
_ZOOM = re.compile(
    r"^(?:le\s+)?zoom(?:\s+du\s+jour)?(?:\s*[:\-–—]\s*(?P<title>.*\S))?$",
    re.IGNORECASE,
)
ZOOM_LINE = "ZOOM du jour"


def no_zoom_title() -> str:
    return gettext(
        "“ZOOM du jour” without a title: expected the zoom's title on the "
        "next line, for example “Les clauses sociales”"
    )


class ZoomSection(Section):
    """The zoom's lines: its title (unless on the zoom line), then rich text."""

    def __init__(self, kind: str, line: int, title: str | None) -> None:
        super().__init__(kind, line)
        self.title = plain(title) if title is not None else None
        self.title_line = line
        self.rich = RichText()

    def feed(self, reading: Reading, line: Line) -> None:
        if self.title is None:
            structural = not line.escaped and (
                list_item(line.text) or strong_title(line.text) is not None
            )
            self.title = "" if structural else plain(line.text)
            if self.title:
                self.title_line = line.number
                return
            reading.error(self.line, no_zoom_title())
        self.rich.add(line)

    def blank(self) -> None:
        if self.title is not None:
            self.rich.blank()

    def finish(self, reading: Reading) -> None:
        if self.title is None:
            reading.error(self.line, no_zoom_title())

    def block(self, problems: list[Problem]) -> dict | None:
        body = self.rich.html(problems)
        return {"type": self.kind, "value": {"title": self.title or "", "body": body}}

    def value_lines(self) -> dict[Path, int]:
        return {
            **super().value_lines(),
            ("value", "title"): self.title_line,
            **text_lines(("value", "body"), self.rich),
        }
