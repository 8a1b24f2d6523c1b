"""Read a newsletter text (the grammar is in :mod:`campaign.formats.newsletter.grammar`).

The reader names no kind of block: it asks each kind whether a line opens
one of its blocks (:func:`classify`) and hands the lines that follow to that
kind's section (:meth:`campaign.blocks.kind.BlockKind.newsletter_section`);
it keeps the intro, the closing and the credits, which are the campaign's.

Enters: the text. Leaves: a :class:`ParsedNewsletter` (the campaign's intro,
closing and credits, the day's body blocks as in ``persev-day/1``, and the
line of every value); or :class:`NewsletterError` with every problem of the
text, each on its line, and what could be read all the same.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from campaign.blocks.day_body import kinds
from campaign.formats import markup
from campaign.formats.newsletter import messages
from campaign.formats.newsletter.grammar import (
    CLOSING_KEY,
    CREDITS_KEY,
    TAG_LINE,
    Heading,
    heading_text,
    read_establishments,
    tag_heading,
)
from campaign.formats.newsletter.lexer import Line, lex
from campaign.formats.newsletter.sections import RichSection, Section
from campaign.formats.problems import Problem
from campaign.reference.text import fold

# The tags of the closing and the credits, which are the campaign's, not
# blocks: the first of each is the one written.
FINAL_TAGS = {"closing": ("clôture", "closing"), "credits": ("crédits", "credits")}


def _kinds_in_order():
    """The kinds of block, in the order their heading recognisers run."""
    return sorted(kinds(), key=lambda kind: kind.newsletter_order)


def written_tags():
    """Every tag, as the reader lists them: "{actions}", …, "{crédits}"."""
    names = [kind.newsletter_tags[0] for kind in kinds() if kind.newsletter_tags]
    names += [tags[0] for tags in FINAL_TAGS.values()]
    return ["{" + name + "}" for name in names]


def classify(text: str, next_text: str | None) -> Heading | None:
    """Recognise a section line; ``next_text`` is the next non-blank line."""
    match = TAG_LINE.match(text)
    if match:
        return _tag(match["tag"].strip(), match["rest"].strip())
    key = fold(heading_text(text))
    if CREDITS_KEY.match(key):
        return Heading("credits")
    if CLOSING_KEY.match(key):
        return Heading("closing")
    for kind in _kinds_in_order():
        heading = kind.newsletter_heading(text, next_text)
        if heading is not None:
            return heading
    return None


def _tag(tag: str, rest: str) -> Heading:
    key = fold(tag)
    for final, tags in FINAL_TAGS.items():
        if key in (fold(name) for name in tags):
            return Heading(final, rest=rest or None, tag=True)
    for kind in kinds():
        if key in (fold(name) for name in kind.newsletter_tags):
            return tag_heading(kind.name, rest)
    return Heading("unknown", heading=markup.unprotect(tag, literal=True))


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
        self._kinds = {kind.name: kind for kind in kinds()}

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
                tags = written_tags()
                self.error(line.number, messages.unknown_tag(heading.heading, tags))
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
        section = self._kinds[kind].newsletter_section(line.number, heading)
        section.opened(self, line, heading)
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
