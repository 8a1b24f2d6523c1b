"""Rich text in a newsletter: paragraphs and lists of one field, fed line by
line, made HTML (the interchange subset) with the problems of their inline
marks on the line where each mark stands."""

from __future__ import annotations

import bisect
import sys
from dataclasses import replace

from campaign.formats import markup
from campaign.formats.newsletter.grammar import list_item
from campaign.formats.newsletter.lexer import Line
from campaign.formats.problems import Problem


class RichText:
    """Paragraphs and lists of one rich-text field, fed line by line."""

    def __init__(self) -> None:
        # ("p", [lines]) or ("ul"/"ol", [[item lines], …])
        self.blocks: list[tuple[str, list[list[Line]]]] = []
        self._open: str | None = None
        self._after_blank = False

    def add(self, line: Line) -> None:
        item = None if line.escaped else list_item(line.text)
        if item is not None:
            kind, body = item
            if self._open == kind:
                self.blocks[-1][1].append([replace(line, text=body)])
            else:
                self.blocks.append((kind, [[replace(line, text=body)]]))
            self._open = kind
        elif self._open in ("ul", "ol") and line.indented and not self._after_blank:
            self.blocks[-1][1][-1].append(line)
        elif self._open == "p" and not self._after_blank:
            self.blocks[-1][1][0].append(line)
        else:
            self.blocks.append(("p", [[line]]))
            self._open = "p"
        self._after_blank = False

    @property
    def first_line(self) -> int | None:
        """The line the field starts on; None while it is empty."""
        return self.blocks[0][1][0][0].number if self.blocks else None

    def blank(self) -> None:
        self._after_blank = True
        if self._open == "p":
            self._open = None

    def html(self, problems: list[Problem]) -> str:
        """The HTML; empty paragraphs and items (a lone ``\\``) are left out."""
        blocks: list[tuple[str, list[str]]] = []
        for kind, groups in self.blocks:
            contents = [_inline_html(group, problems) for group in groups]
            contents = [content for content in contents if content]
            if contents and kind != "p" and blocks and blocks[-1][0] == kind:
                blocks[-1][1].extend(contents)  # only an empty paragraph between
            elif contents:
                blocks.append((kind, contents))
        out = []
        for kind, contents in blocks:
            if kind == "p":
                out.append(f"<p>{contents[0]}</p>")
            else:
                items = "".join(f"<li>{content}</li>" for content in contents)
                out.append(f"<{kind}>{items}</{kind}>")
        return "".join(out)


def _inline_html(lines: list[Line], problems: list[Problem]) -> str:
    """HTML of the lines of one paragraph or item.

    Lines join with a space, or with as many ``<br>`` as there are hard breaks
    between them (a line holding only ``\\`` adds one); breaks at the start or
    the end are dropped.
    """
    parts: list[str] = []
    origins: list[tuple[int, int]] = []  # (offset in the protected text, line)
    offset = hard_breaks = 0
    for line in lines:
        if line.text:
            if parts:
                separator = markup.HARD_BREAK * hard_breaks or markup.SOFT_BREAK
                parts.append(separator)
                offset += len(separator)
            origins.append((offset, line.number))
            parts.append(markup.unprotect(line.text))
            offset += len(line.text)
            hard_breaks = 0
        hard_breaks += line.hard_break and bool(parts)

    def report(position: int, message: str) -> None:
        index = bisect.bisect_right(origins, (position, sys.maxsize)) - 1
        problems.append(Problem(origins[max(index, 0)][1], message))

    return markup.inline_to_html("".join(parts), report)
