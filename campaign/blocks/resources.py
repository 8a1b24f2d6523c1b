import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from wagtail import blocks
from wagtail.admin.utils import get_admin_base_url
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from campaign import visibility
from campaign.blocks.api_models import ImageOut
from campaign.blocks.kind import BlockKind, items, mapping, string, text
from campaign.formats import markup
from campaign.formats.newsletter import messages
from campaign.formats.newsletter.grammar import (
    BULLET_CHARS,
    Heading,
    heading_text,
    short,
)
from campaign.formats.newsletter.lexer import Line, plain
from campaign.formats.newsletter.sections import Path, Reading, Section, Writing
from campaign.formats.problems import Problem
from campaign.reference.text import fold

# The initial value of the heading field, stored as the day's own text: content in
# the site's language (the demo's French), not interface wording, so not
# translated (a lazy default would follow each editor's admin language).
DEFAULT_RESOURCES_HEADING = "Ressources ONISEP ou autres"


class ResourceLinkValue(blocks.StructValue):
    """A resource link, whatever it points to."""

    def public_page(self):
        """The page linked to, when it is public (else None: the link is not
        shown, and does not name the page, until the page is public)."""
        page = self.get("page")
        if page is None:
            return None
        if not hasattr(self, "_public_page"):
            self._public_page = page if visibility.is_public_page(page.pk) else None
        return self._public_page

    def href(self):
        if self.get("page"):
            page = self.public_page()
            return page.url if page else ""
        if self.get("document"):
            return self["document"].url
        return self.get("url") or ""

    def full_href(self, request=None):
        """Absolute URL, for e-mail and headless clients."""
        if self.get("page"):
            page = self.public_page()
            return page.get_full_url(request) if page else ""
        if self.get("document"):
            return get_admin_base_url() + self["document"].url
        return self.get("url") or ""


class ResourceLinkBlock(blocks.StructBlock):
    """A link to a resource: a web address, a page of the site or a document."""

    title = blocks.CharBlock(label=_("Title"), max_length=300)
    url = blocks.URLBlock(
        required=False,
        label=_("Web address"),
        help_text=_("A full address, for example https://www.onisep.fr/…"),
    )
    page = blocks.PageChooserBlock(required=False, label=_("or a page of the site"))
    document = DocumentChooserBlock(required=False, label=_("or a document"))
    image = ImageChooserBlock(
        required=False,
        label=_("Thumbnail"),
        help_text=_("Optional: an illustration (remember its alternative text)."),
    )
    source = blocks.CharBlock(
        required=False,
        max_length=100,
        label=_("Source"),
        help_text=_("Optional: who publishes the resource, for example “ONISEP”."),
    )

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context)
        if value.get("page") and value.public_page() is None:
            data["page"] = None  # not public yet: not even its id
        return data

    def clean(self, value):
        value = super().clean(value)
        targets = [name for name in ("url", "page", "document") if value.get(name)]
        if len(targets) != 1:
            message = (
                _("Give only one destination: a web address, a page or a document.")
                if targets
                else _("Give a destination: a web address, a page or a document.")
            )
            raise StructBlockValidationError(
                block_errors={"url": ValidationError(message)}
            )
        return value

    class Meta:
        icon = "link"
        label = _("Resource")
        value_class = ResourceLinkValue
        template = "campaign/blocks/resources/resource_link.html"
        # The admin's block picker shows it with the public styles.
        preview_template = "campaign/blocks/block_preview.html"


class ResourcesStructValue(blocks.StructValue):
    def shown_links(self):
        """The links that lead somewhere public."""
        return [link for link in self["links"] if link.href()]


class ResourceLinkOut(Schema):
    title: str = Field(min_length=1)
    url: str = Field(description=_("Absolute address (uri)."))
    source: str | None = None
    image: ImageOut | None = None


class ResourcesValue(Schema):
    heading: str
    links: list[ResourceLinkOut]


class ResourcesBlock(BlockKind, blocks.StructBlock):
    """Useful links of the day (ONISEP or other sources)."""

    name = "resources"
    api_model = ResourcesValue

    heading = blocks.CharBlock(
        label=_("Section heading"),
        default=DEFAULT_RESOURCES_HEADING,
        max_length=200,
    )
    links = blocks.ListBlock(
        ResourceLinkBlock(),
        min_num=0,
        default=[],
        label=_("Links"),
        help_text=_("Without any link, the section is not shown on the site."),
    )

    def to_interchange(self, value, out):
        links = []
        for link in value["links"]:
            item = {"title": link["title"], "url": link["url"] or out.url_of(link)}
            if link["source"]:
                item["source"] = link["source"]
            image = out.image(link["image"]) if link["image"] else None
            if image is not None:
                item["image"] = image
            links.append(item)
        return {"heading": value["heading"], "links": links}

    def to_api(self, value, out):
        data = self.to_interchange(value, out)
        # A link to a page that is not public (yet) is not given at all.
        data["links"] = [link for link in data["links"] if link["url"]]
        return data

    def from_interchange(self, data, into, where):
        data = mapping(data)
        return {
            "heading": string(data.get("heading")) or DEFAULT_RESOURCES_HEADING,
            "links": [
                {
                    "title": text(link.get("title")),
                    "url": string(link.get("url")),
                    "page": None,
                    "document": None,
                    "image": None,
                    "source": string(link.get("source")),
                }
                for link in map(mapping, items(data.get("links")))
            ],
        }

    class Meta:
        icon = "doc-full"
        label = _("Resources")
        description = _("Useful links: ONISEP pages, documents, partners’ sites.")
        template = "campaign/blocks/resources/page.html"
        # The admin's block picker shows it with the public styles.
        preview_template = "campaign/blocks/block_preview.html"
        value_class = ResourcesStructValue
        preview_value = {
            "heading": DEFAULT_RESOURCES_HEADING,
            "links": [
                {
                    "title": "Le décrochage scolaire",
                    "url": "https://www.onisep.fr/",
                    "source": "ONISEP",
                }
            ],
        }

    # -- The newsletter text format (BlockKind) -------------------------

    newsletter_tags = ("ressources", "resources")

    def newsletter_heading(self, text: str, next_text: str | None) -> Heading | None:
        heading = heading_text(text)
        if short(heading) and _RESOURCES_KEY.match(fold(heading)):
            return Heading(self.name, plain(heading))
        return None

    def newsletter_section(self, line: int, heading: Heading) -> Section:
        return ResourcesSection(self.name, line, heading.heading)

    def to_newsletter(self, value, writing: Writing) -> str:
        heading = writing.heading(self.name, value.get("heading"))
        links = [_write_link(link) for link in value.get("links") or []]
        return "\n\n".join([heading, "\n".join(links)]) if links else heading


# -- The newsletter text format ------------------------------------------------
#
# Resources lines: ``- [TITLE](URL)``, optionally followed by the source as
# `` (ONISEP)`` or `` — ONISEP`` (→ ``"source"``, the key is omitted when
# absent); the bullet is optional.

_RESOURCES_KEY = re.compile(r"^ressources?\b")


def _link_expected() -> str:
    return gettext(
        "expected a link “- [TITLE](https://…)”, possibly followed by its "
        "source “(ONISEP)”"
    )


def link_without_title() -> str:
    return gettext("link without a title: %(expected)s") % {
        "expected": _link_expected()
    }


def unexpected_resource_line(protected: str) -> str:
    return gettext("unexpected line in the resources “%(line)s”: %(expected)s") % {
        "line": messages.shown(protected),
        "expected": _link_expected(),
    }


def read_link(text: str) -> tuple[dict | None, str | None]:
    """``- [TITLE](URL) (SOURCE)`` → ({title, url[, source]}, None); (None,
    None) when the line is no link, (None, message) when it is a bad one."""
    match = re.match(rf"^(?:[{BULLET_CHARS}]\s*|\d{{1,3}}[.)]\s+)?\[", text)
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
    link = {"title": plain(text[opening + 1 : closing]), "url": url}
    if source_match is not None:
        link["source"] = plain(source_match["s"] or source_match["t"])
    if not link["title"]:
        return None, link_without_title()
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


def _write_link(link: dict) -> str:
    title = markup.plain_to_markup(link["title"])
    text = f"- [{title}]({markup.format_destination(link['url'])})"
    if link.get("source"):
        text += f" ({markup.plain_to_markup(link['source'], '()')})"
    return text


class ResourcesSection(Section):
    """The resources: one link a line."""

    def __init__(self, kind: str, line: int, heading: str | None) -> None:
        super().__init__(kind, line, heading)
        self.links: list[dict] = []
        self.link_lines: list[int] = []

    def feed(self, reading: Reading, line: Line) -> None:
        link, problem = (None, None) if line.escaped else read_link(line.text)
        if link is not None:
            self.links.append(link)
            self.link_lines.append(line.number)
            return
        if problem is None:
            problem = unexpected_resource_line(line.text)
        reading.error(line.number, problem)

    def block(self, problems: list[Problem]) -> dict | None:
        return {"type": self.kind, "value": self.headed({"links": self.links})}

    def value_lines(self) -> dict[Path, int]:
        lines = super().value_lines()
        for index, number in enumerate(self.link_lines):
            lines["value", "links", index] = number
        return lines
