import re
from dataclasses import dataclass, field

from django.apps import apps
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from wagtail import blocks

from campaign.blocks.action import ActionBlock, action_api_model
from campaign.blocks.api_models import built_once
from campaign.blocks.kind import BlockKind, items, mapping, string, text
from campaign.formats import markup
from campaign.formats.newsletter import messages
from campaign.formats.newsletter.grammar import (
    BULLET_CHARS,
    OPENING_QUOTES,
    Heading,
    establishment_field,
    heading_text,
    lone_url,
    read_establishments,
    short,
    strong_title,
    title_text,
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
from campaign.reference.text import fold

# The initial value of the heading field, stored as the day's own text: content in
# the site's language (the demo's French), not interface wording, so not
# translated (a lazy default would follow each editor's admin language).
DEFAULT_ACTIONS_HEADING = "Quelques actions de la région académique"


def _api_model():
    """The API's model of an actions block (its establishments' model names
    the kinds of establishment: built when first used)."""

    ActionOut = action_api_model()

    class ActionsValue(Schema):
        heading: str
        actions: list[ActionOut] = Field(min_length=1)

    return ActionsValue


class ActionsBlock(BlockKind, blocks.StructBlock):
    """The day's actions of schools, under one heading."""

    name = "actions"

    @built_once
    def api_model():
        return _api_model()

    heading = blocks.CharBlock(
        label=_("Section heading"),
        default=DEFAULT_ACTIONS_HEADING,
        max_length=200,
    )
    actions = blocks.ListBlock(ActionBlock(), min_num=1, label=_("Actions"))

    def to_interchange(self, value, out):
        actions = []
        for action in value["actions"]:
            item = {
                "title": action["title"],
                "establishments": [
                    out.establishment(e) for e in action["establishments"] if e
                ],
            }
            if not item["establishments"]:
                # Deleted from a shell (the admin refuses to): the format
                # needs one establishment per action, at least. The site
                # still shows the action by its title.
                out.left_out(
                    f"action « {action['title']} » (none of its establishments "
                    "exists any more)"
                )
                continue
            description = out.html(action["description"])
            if description:
                item["description"] = description
            if action["url"]:
                item["url"] = action["url"]
            actions.append(item)
        if not actions:
            return None
        return {"heading": value["heading"], "actions": actions}

    def from_interchange(self, data, into, where):
        data = mapping(data)
        actions = []
        for index, action in enumerate(items(data.get("actions"))):
            action = mapping(action)
            at = [*where, "actions", index]
            ids = [
                into.establishment_id(e, [*at, "establishments", e_index])
                for e_index, e in enumerate(items(action.get("establishments")))
                if isinstance(e, dict)
            ]
            actions.append(
                {
                    "title": text(action.get("title")),
                    "establishments": [pk for pk in ids if pk is not None],
                    "description": into.html(
                        action.get("description", ""), [*at, "description"]
                    ),
                    "url": string(action.get("url")),
                }
            )
        return {
            "heading": string(data.get("heading")) or DEFAULT_ACTIONS_HEADING,
            "actions": actions,
        }

    def school_actions(self, value):
        return list(value["actions"])

    def search_text(self, value):
        """Each action's title, then the names and towns of its
        establishments (the chooser blocks index nothing by themselves)."""
        titles = [action["title"] for action in value["actions"]]
        return "\n".join([*titles, super().search_text(value)]).strip("\n")

    def get_preview_value(self):
        # The model by name: blocks sit below the models and import none.
        Establishment = apps.get_model("campaign", "Establishment")
        # Real establishments make a truthful preview: one for the first
        # action, two others for the second (fewer on a new site).
        establishments = list(Establishment.objects.order_by("pk")[:3])
        return self.to_python(
            {
                "heading": DEFAULT_ACTIONS_HEADING,
                "actions": [
                    {
                        "title": "Parce que revenir à la base est essentiel",
                        "establishments": [
                            e.pk for e in establishments[:1]
                        ],  # one school
                        "description": "",
                        "url": "",
                    },
                    {
                        "title": "De la gestion des émotions pour une scolarité réussie",
                        "establishments": [e.pk for e in establishments[1:]],
                        "description": "",
                        "url": "",
                    },
                ],
            }
        )

    class Meta:
        icon = "list-ul"
        label = _("Establishments’ actions")
        description = _(
            "The actions of schools, collèges and lycées: a title and the establishments that lead it."
        )
        template = "campaign/blocks/actions/page.html"
        # The admin's block picker shows it with the public styles.
        preview_template = "campaign/blocks/block_preview.html"

    # -- The newsletter text format (BlockKind) -------------------------

    newsletter_tags = ("actions",)
    # "Quelques actions" would also claim "Actions de partenariat :".
    newsletter_order = 200

    def newsletter_heading(self, text: str, next_text: str | None) -> Heading | None:
        heading = heading_text(text)
        announced = text.rstrip(" *").endswith(":") or (
            next_text is not None and strong_title(next_text) is not None
        )
        if short(heading) and _ACTIONS_KEY.match(fold(heading)) and announced:
            return Heading(self.name, plain(heading))
        return None

    def newsletter_section(self, line: int, heading: Heading) -> Section:
        return ActionsSection(self.name, line, heading.heading)

    def to_newsletter(self, value, writing: Writing) -> str:
        lines = [writing.heading(self.name, value.get("heading"), " :"), ""]
        for action in value.get("actions") or []:
            lines.append(f'- ★ " **{markup.plain_to_markup(action["title"])}** "')
            establishments = action.get("establishments") or []
            lines.append(" / ".join(_write_establishment(e) for e in establishments))
            if action.get("url"):
                url = action["url"]
                lines.append(
                    url if lone_url(markup.protect(url)) == url else f"<{url}>"
                )
            description = writing.rich(
                action.get("description") or "", _structural_in_description
            )
            if description:
                lines += ["", description, ""]
        return "\n".join(lines).rstrip("\n")


# -- The newsletter text format ------------------------------------------------

_ACTIONS_KEY = re.compile(r"^(?:(?:quelques|les|nos|des|autres)\s+)?actions?\b")


def _structural_in_description(text: str) -> bool:
    """Would an action's description read this line as more than text?"""
    return read_establishments(text, True) is not None or bool(lone_url(text))


def _write_establishment(establishment: dict) -> str:
    name = establishment_field(establishment["name"])
    if name[:1] in BULLET_CHARS + markup.STARS + OPENING_QUOTES + "{#":
        name = "\\" + name  # not a list item, a title or a tag
    town = establishment_field(establishment["town"], "()")
    return f"{name} (*{town} - {establishment['department']}*)"


def _title_expected() -> str:
    return gettext('expected “- ★ " **TITLE** "”')


def empty_title() -> str:
    return gettext("empty action title: %(expected)s") % {"expected": _title_expected()}


def establishment_after_description() -> str:
    return gettext(
        "establishment placed after the action's description: the "
        "establishments follow the action's title directly"
    )


def unexpected_line_before_actions(protected: str) -> str:
    return gettext(
        "unexpected line before the first action “%(line)s”: %(expected)s"
    ) % {
        "line": messages.shown(protected),
        "expected": _title_expected(),
    }


def second_link(title: str, url: str) -> str:
    return gettext(
        "second link for the action “%(title)s”: an action has only one link "
        "(already “%(url)s”)"
    ) % {"title": markup.shorten(title), "url": markup.shorten(url)}


def missing_establishment(title: str) -> str:
    return gettext(
        "action “%(title)s” without an establishment: expected on the next "
        "line “NAME (TOWN - DEPARTMENT)”, for example “Collège Henri Bretin "
        "(Neuvic - 24)”"
    ) % {"title": markup.shorten(title)}


def no_action(heading: str | None) -> str:
    return gettext(
        "section “%(heading)s” without an action: %(expected)s followed by an "
        "establishment"
    ) % {"heading": markup.shorten(heading or "actions"), "expected": _title_expected()}


@dataclass
class Action:
    title: str
    line: int
    establishments: list[dict] = field(default_factory=list)
    establishment_lines: list[int] = field(default_factory=list)
    url: str | None = None
    url_line: int | None = None
    description: RichText = field(default_factory=RichText)
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

    def value_lines(self, path: Path) -> dict[Path, int]:
        lines = {path: self.line}
        for index, number in enumerate(self.establishment_lines):
            lines[(*path, "establishments", index)] = number
        if self.url_line is not None:
            lines[(*path, "url")] = self.url_line
        return {**lines, **text_lines((*path, "description"), self.description)}


class ActionsSection(Section):
    """The actions: a title line, establishment lines, an optional URL line
    and description, for each action."""

    def __init__(self, kind: str, line: int, heading: str | None) -> None:
        super().__init__(kind, line, heading)
        self.actions: list[Action] = []

    def feed(self, reading: Reading, line: Line) -> None:
        strong = None if line.escaped else strong_title(line.text)
        if strong is not None:
            self._start(reading, line, strong)
            return
        action = self.actions[-1] if self.actions else None
        if action is None:
            if not line.escaped and reading.next_is_establishment(line.number - 1):
                self._start(reading, line, line.text)
            else:
                reading.error(line.number, unexpected_line_before_actions(line.text))
            return
        if line.escaped or not self._structural(reading, action, line):
            self._describe(reading, action, line)

    def _structural(self, reading: Reading, action: Action, line: Line) -> bool:
        """Handle establishment, title and URL lines; False for description."""
        strict = action.describing or bool(action.establishments)
        found = read_establishments(line.text, strict)
        if found is not None and action.describing:
            reading.error(line.number, establishment_after_description())
            return True
        if found is not None:
            action.establishments.extend(found.found)
            action.establishment_lines.extend(line.number for _ in found.found)
            for message in found.errors:
                reading.error(line.number, message)
            action.flagged = action.flagged or bool(found.errors)
            return True
        if reading.next_is_establishment(line.number - 1):
            self._start(reading, line, line.text)
            return True
        url = lone_url(line.text)
        if url is None:
            return False
        problem = markup.check_url(url)
        if problem is None and action.url is not None:
            problem = second_link(action.title, action.url)
        if problem:
            reading.error(line.number, problem)
        else:
            action.url, action.url_line = url, line.number
        return True

    def _describe(self, reading: Reading, action: Action, line: Line) -> None:
        if not action.establishments and not action.flagged:
            self._missing_establishment(reading, action)
        action.describing = True
        action.description.add(line)

    def _start(self, reading: Reading, line: Line, body: str) -> None:
        self._close_action(reading)
        title = title_text(body)
        if not title:
            reading.error(line.number, empty_title())
        self.actions.append(Action(title, line.number))

    def _close_action(self, reading: Reading) -> None:
        if self.actions:
            action = self.actions[-1]
            if not action.establishments and not action.flagged:
                self._missing_establishment(reading, action)

    @staticmethod
    def _missing_establishment(reading: Reading, action: Action) -> None:
        action.flagged = True
        reading.error(action.line, missing_establishment(action.title))

    def blank(self) -> None:
        if self.actions and self.actions[-1].describing:
            self.actions[-1].description.blank()

    def finish(self, reading: Reading) -> None:
        self._close_action(reading)
        if not self.actions:
            reading.error(self.line, no_action(self.heading))

    def block(self, problems: list[Problem]) -> dict | None:
        actions = [action.value(problems) for action in self.actions]
        return {"type": self.kind, "value": self.headed({"actions": actions})}

    def value_lines(self) -> dict[Path, int]:
        lines = super().value_lines()
        for index, action in enumerate(self.actions):
            lines.update(action.value_lines(("value", "actions", index)))
        return lines
