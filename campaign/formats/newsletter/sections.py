"""What a section of a newsletter is: the lines of one block (or of the
intro, the closing or the credits), fed by the reader.

Enters: the lines the reader gives a section (its heading is read already).
Leaves: a body block in the interchange form (``{"type", "value"}``), the
problems of its lines, and :meth:`Section.value_lines`: the line of the
block, of each value of it written on a line of its own.

Each kind of block has its own :class:`Section` (in its module), made by
:meth:`campaign.blocks.kind.BlockKind.newsletter_section`; it asks the reader
only what :class:`Reading` offers, and writes its block with what
:class:`Writing` offers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from campaign.formats.newsletter.grammar import Heading, strong_title
from campaign.formats.newsletter.lexer import Line
from campaign.formats.newsletter.rich_text import RichText
from campaign.formats.problems import Problem

Path = tuple  # a path into a block: ("value", "actions", 0, "title")


class Reading(Protocol):
    """What a section asks of the reader."""

    def error(self, line: int, message: str) -> None:
        """Report a problem on a line (1-based)."""

    def next_is_establishment(self, index: int) -> bool:
        """Is the line after ``lines[index]`` (0-based) an establishment line?"""

    def misplaced_action(self, line: Line) -> None:
        """An action title outside the actions (reported once a letter)."""


class Writing(Protocol):
    """What a kind asks of the writer, which knows every kind's headings."""

    def rich(self, html: str, structural: Callable[[str], bool] | None = None) -> str:
        """A rich text as paragraphs and lists of markup, each line escaped
        when a reader would take it for structure (a heading, a tag, an item
        of a list…, or what `structural`, given a line's protected text, says
        the kind's own section would read as structure)."""

    def line(self, text: str) -> str:
        """One line of markup (a title), escaped like a rich text's lines."""

    def heading(self, kind: str, heading: str | None, suffix: str = "") -> str:
        """The heading line of a block of `kind`: the heading (plus `suffix`)
        when it reads back as that kind's heading, else after the kind's
        first tag (``{ressources} HEADING``); the tag alone without heading."""


class Section:
    """The lines of one block; subclasses read their own kind's."""

    def __init__(self, kind: str, line: int, heading: str | None = None) -> None:
        self.kind = kind
        self.line = line
        self.heading = heading

    def opened(self, reading: Reading, line: Line, heading: Heading) -> None:
        """The section's heading line was read; a section that takes content
        on it (``{texte} Un paragraphe``) reads ``heading.rest`` here."""

    def feed(self, reading: Reading, line: Line) -> None:
        """A non-blank line of the section."""
        raise NotImplementedError

    def blank(self) -> None:
        """A blank line inside the section."""

    def finish(self, reading: Reading) -> None:
        """The section ends: report what is missing."""

    def block(self, problems: list[Problem]) -> dict | None:
        """The block read, in the interchange form (None: not a block)."""
        return None

    def value_lines(self) -> dict[Path, int]:
        """The line of the block, and of each value in it written on a line
        of its own, by their path in the block."""
        return {(): self.line}

    def headed(self, value: dict) -> dict:
        """`value` with the section's heading first, when it has one."""
        return {"heading": self.heading, **value} if self.heading is not None else value


def text_lines(path: Path, rich: RichText) -> dict[Path, int]:
    """The line of a rich text, when it has one."""
    return {path: rich.first_line} if rich.first_line is not None else {}


class RichSection(Section):
    """Rich text only: the intro, the closing and the credits, and the kinds
    made of one rich text (their `block` says where it goes)."""

    #: Where the rich text stands in the block.
    text_path: Path = ("value", "body")

    def __init__(self, kind: str, line: int, heading: str | None = None) -> None:
        super().__init__(kind, line, heading)
        self.rich = RichText()

    def feed(self, reading: Reading, line: Line) -> None:
        if not line.escaped and strong_title(line.text) is not None:
            if reading.next_is_establishment(line.number - 1):
                reading.misplaced_action(line)
        self.rich.add(line)

    def blank(self) -> None:
        self.rich.blank()

    def value_lines(self) -> dict[Path, int]:
        return {**super().value_lines(), **text_lines(self.text_path, self.rich)}
