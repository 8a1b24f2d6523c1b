"""The sections of a newsletter: what each reads of its lines, the block it
makes, and the line of each of that block's values.

Enters: the lines the reader gives a section (its heading is read already).
Leaves: a body block in the interchange form (``{"type", "value"}``), the
problems of its lines, and :meth:`Section.value_lines`: the line of the
block, of each action, establishment, link, title and text in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from campaign.authoring.interchange import markup
from campaign.authoring.interchange.newsletter import messages
from campaign.authoring.interchange.newsletter.grammar import (
    list_item,
    lone_url,
    read_establishments,
    read_link,
    strong_title,
    title_text,
)
from campaign.authoring.interchange.newsletter.lexer import Line, plain
from campaign.authoring.interchange.newsletter.rich_text import RichText
from campaign.authoring.problems import Problem

Path = tuple  # a path into a block: ("value", "actions", 0, "title")


class Reading(Protocol):
    """What a section asks of the reader (:class:`~.reader.Reader`)."""

    def error(self, line: int, message: str) -> None: ...

    def next_is_establishment(self, index: int) -> bool: ...

    def misplaced_action(self, line: Line) -> None: ...


class Section:
    kind = ""

    def __init__(self, line: int, heading: str | None = None) -> None:
        self.line = line
        self.heading = heading

    def feed(self, reading: Reading, line: Line) -> None:
        raise NotImplementedError

    def blank(self) -> None:
        """A blank line inside the section."""

    def finish(self, reading: Reading) -> None:
        """The section ends: report what is missing."""

    def block(self, problems: list[Problem]) -> dict | None:
        return None

    def value_lines(self) -> dict[Path, int]:
        """The line of the block, and of each value in it written on a line
        of its own, by their path in the block."""
        return {(): self.line}

    def _headed(self, value: dict) -> dict:
        return {"heading": self.heading, **value} if self.heading is not None else value


def _text_lines(path: Path, rich: RichText) -> dict[Path, int]:
    """The line of a rich text, when it has one."""
    return {path: rich.first_line} if rich.first_line is not None else {}


class RichSection(Section):
    """Intro, partnership, text, closing and credits: rich text only."""

    def __init__(self, kind: str, line: int, heading: str | None = None) -> None:
        super().__init__(line, heading)
        self.kind = kind
        self.rich = RichText()

    def feed(self, reading: Reading, line: Line) -> None:
        if not line.escaped and strong_title(line.text) is not None:
            if reading.next_is_establishment(line.number - 1):
                reading.misplaced_action(line)
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

    def value_lines(self) -> dict[Path, int]:
        path = ("value",) if self.kind == "text" else ("value", "body")
        return {**super().value_lines(), **_text_lines(path, self.rich)}


class ZoomSection(Section):
    kind = "zoom"

    def __init__(self, line: int, title: str | None) -> None:
        super().__init__(line)
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
            reading.error(self.line, messages.NO_ZOOM_TITLE)
        self.rich.add(line)

    def blank(self) -> None:
        if self.title is not None:
            self.rich.blank()

    def finish(self, reading: Reading) -> None:
        if self.title is None:
            reading.error(self.line, messages.NO_ZOOM_TITLE)

    def block(self, problems: list[Problem]) -> dict | None:
        body = self.rich.html(problems)
        return {"type": "zoom", "value": {"title": self.title or "", "body": body}}

    def value_lines(self) -> dict[Path, int]:
        return {
            **super().value_lines(),
            ("value", "title"): self.title_line,
            **_text_lines(("value", "body"), self.rich),
        }


class ResourcesSection(Section):
    kind = "resources"

    def __init__(self, line: int, heading: str | None) -> None:
        super().__init__(line, heading)
        self.links: list[dict] = []
        self.link_lines: list[int] = []

    def feed(self, reading: Reading, line: Line) -> None:
        link, problem = (None, None) if line.escaped else read_link(line.text)
        if link is not None:
            self.links.append(link)
            self.link_lines.append(line.number)
            return
        if problem is None:
            problem = messages.unexpected_resource_line(line.text)
        reading.error(line.number, problem)

    def block(self, problems: list[Problem]) -> dict | None:
        return {"type": "resources", "value": self._headed({"links": self.links})}

    def value_lines(self) -> dict[Path, int]:
        lines = super().value_lines()
        for index, number in enumerate(self.link_lines):
            lines["value", "links", index] = number
        return lines


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
        return {**lines, **_text_lines((*path, "description"), self.description)}


class ActionsSection(Section):
    kind = "actions"

    def __init__(self, line: int, heading: str | None) -> None:
        super().__init__(line, heading)
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
                reading.error(
                    line.number, messages.unexpected_line_before_actions(line.text)
                )
            return
        if line.escaped or not self._structural(reading, action, line):
            self._describe(reading, action, line)

    def _structural(self, reading: Reading, action: Action, line: Line) -> bool:
        """Handle establishment, title and URL lines; False for description."""
        strict = action.describing or bool(action.establishments)
        found = read_establishments(line.text, strict)
        if found is not None and action.describing:
            reading.error(line.number, messages.ESTABLISHMENT_AFTER_DESCRIPTION)
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
            problem = messages.second_link(action.title, action.url)
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
            reading.error(line.number, messages.EMPTY_TITLE)
        self.actions.append(Action(title, line.number))

    def _close_action(self, reading: Reading) -> None:
        if self.actions:
            action = self.actions[-1]
            if not action.establishments and not action.flagged:
                self._missing_establishment(reading, action)

    @staticmethod
    def _missing_establishment(reading: Reading, action: Action) -> None:
        action.flagged = True
        reading.error(action.line, messages.missing_establishment(action.title))

    def blank(self) -> None:
        if self.actions and self.actions[-1].describing:
            self.actions[-1].description.blank()

    def finish(self, reading: Reading) -> None:
        self._close_action(reading)
        if not self.actions:
            reading.error(self.line, messages.no_action(self.heading))

    def block(self, problems: list[Problem]) -> dict | None:
        actions = [action.value(problems) for action in self.actions]
        return {"type": "actions", "value": self._headed({"actions": actions})}

    def value_lines(self) -> dict[Path, int]:
        lines = super().value_lines()
        for index, action in enumerate(self.actions):
            lines.update(action.value_lines(("value", "actions", index)))
        return lines
