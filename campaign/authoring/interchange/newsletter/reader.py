"""Read a newsletter text (the grammar is in :mod:`.grammar`).

Enters: the text. Leaves: a :class:`ParsedNewsletter` (the campaign's intro,
closing and credits, the day's body blocks as in ``persev-day/1``, and the
line of every value); or :class:`NewsletterError` with every problem of the
text, each on its line, and what could be read all the same.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from campaign.authoring.interchange.newsletter import messages
from campaign.authoring.interchange.newsletter.grammar import (
    Heading,
    classify,
    read_establishments,
)
from campaign.authoring.interchange.newsletter.lexer import Line, lex
from campaign.authoring.interchange.newsletter.sections import (
    ActionsSection,
    ResourcesSection,
    RichSection,
    Section,
    ZoomSection,
)
from campaign.authoring.problems import Problem


class NewsletterError(Exception):
    """Every problem found in a newsletter text, sorted by line.

    ``parsed`` is what could be read all the same (None for an empty text):
    its blocks, some incomplete where the problems are, let a caller check
    the rest (against a database…) and report everything at once.
    """

    def __init__(
        self, problems: list[Problem], parsed: ParsedNewsletter | None = None
    ) -> None:
        self.problems = sorted(problems, key=lambda problem: problem.line)
        self.parsed = parsed
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass
class ParsedNewsletter:
    intro: str
    closing: str
    credits: str
    body: list[dict]
    # The 1-based line of each value written on a line of its own, by its
    # path in the day: ("body", 0) for the first block, ("body", 0, "value",
    # "actions", 2, "establishments", 1) for an establishment…
    value_lines: dict[tuple, int]

    @property
    def lines(self) -> list[int]:
        """The line where each body block starts."""
        return [self.value_lines["body", index] for index in range(len(self.body))]

    def line(self, path) -> int:
        """The line of the value at `path`, or of its nearest parent on a line
        of its own (1 for the day itself)."""
        path = tuple(path)
        while path and path not in self.value_lines:
            path = path[:-1]
        return self.value_lines.get(path, 1)


class Reader:
    """One reading of one text: its lines, its sections and its problems."""

    def __init__(self, text: str) -> None:
        self.lines = lex(text)
        self.problems: list[Problem] = []
        self.intro = RichSection("intro", 1)
        self.current: Section = self.intro
        self.body: list[Section] = []
        self.finals: dict[str, RichSection] = {}
        self._misplaced_reported = False

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message))

    def run(self) -> ParsedNewsletter:
        if all(line.blank for line in self.lines):
            raise NewsletterError([Problem(1, messages.EMPTY_FILE)])
        for index, line in enumerate(self.lines):
            if line.blank:
                self.current.blank()
                continue
            heading = None
            if not line.escaped:
                heading = classify(line.text, self._next_text(index))
            if heading is None:
                self.current.feed(self, line)
            elif heading.kind == "unknown":
                self.error(line.number, messages.unknown_tag(heading.heading))
            else:
                self._open(heading, line)
        self.current.finish(self)
        return self._result()

    def _result(self) -> ParsedNewsletter:
        if not self.body and not self.finals:
            self.error(1, messages.NOTHING_FOUND)
        blocks = [section.block(self.problems) for section in self.body]
        texts = {
            kind: section.rich.html(self.problems)
            for kind, section in self.finals.items()
        }
        value_lines = {}
        for kind, section in {"intro": self.intro, **self.finals}.items():
            if section.rich.first_line is not None:
                value_lines["campaign", kind] = section.rich.first_line
        for index, section in enumerate(self.body):
            for path, line in section.value_lines().items():
                value_lines["body", index, *path] = line
        parsed = ParsedNewsletter(
            intro=self.intro.rich.html(self.problems),
            closing=texts.get("closing", ""),
            credits=texts.get("credits", ""),
            body=blocks,
            value_lines=value_lines,
        )
        if self.problems:
            raise NewsletterError(self.problems, parsed)
        return parsed

    def _open(self, heading: Heading, line: Line) -> None:
        self.current.finish(self)
        kind = heading.kind
        if kind in ("closing", "credits"):
            self.current = self._open_final(heading, line)
            return
        if self.finals:
            self.error(line.number, messages.section_after_the_end(line.text))
        section: Section
        if kind == "actions":
            section = ActionsSection(line.number, heading.heading)
        elif kind == "zoom":
            section = ZoomSection(line.number, heading.rest)
        elif kind == "resources":
            section = ResourcesSection(line.number, heading.heading)
        else:
            section = RichSection(kind, line.number, heading.heading)
            if heading.rest:
                section.feed(self, replace(line, text=heading.rest))
        self.body.append(section)
        self.current = section

    def _open_final(self, heading: Heading, line: Line) -> RichSection:
        kind = heading.kind
        section = RichSection(kind, line.number)
        if kind in self.finals:
            self.error(line.number, messages.second_final(kind))
        else:
            self.finals[kind] = section
        content = heading.rest if heading.tag else line.text
        if content:
            section.feed(self, replace(line, text=content))
        return section

    def _next_text(self, index: int) -> str | None:
        for following in range(index + 1, len(self.lines)):
            line = self.lines[following]
            if not line.blank:
                return None if line.escaped else line.text
        return None

    def next_is_establishment(self, index: int) -> bool:
        """Is the line right after ``self.lines[index]`` an establishment?"""
        if index + 1 >= len(self.lines):
            return False
        line = self.lines[index + 1]
        if line.blank or line.escaped:
            return False
        return read_establishments(line.text, strict=True) is not None

    def misplaced_action(self, line: Line) -> None:
        if not self._misplaced_reported:
            self._misplaced_reported = True
            self.error(line.number, messages.MISPLACED_ACTION)


def parse_newsletter(text: str) -> ParsedNewsletter:
    """Parse a newsletter text; raise :class:`NewsletterError` with every problem."""
    return Reader(text).run()
