"""Write a day as newsletter text that reads back to the same content.

Enters: one interchange day (``persev-day/1``, with "campaign" and "body").
Leaves: its text, in the grammar of :mod:`campaign.formats.newsletter.grammar`.
Each block is written by its kind (``to_newsletter``), which asks
:class:`Writing` for its headings and rich text: the writer asks every kind's
recognisers (the reader's :func:`~.reader.classify`) whether a line would read
as structure, and escapes it when it would.
"""

from __future__ import annotations

from collections.abc import Callable

from campaign.authoring.interchange.newsletter.from_html import (
    html_blocks,
    inline_markup,
)
from campaign.authoring.interchange.newsletter.reader import FINAL_TAGS, classify
from campaign.blocks.day_body import kinds
from campaign.formats import markup
from campaign.formats.newsletter.grammar import list_item, strong_title
from campaign.formats.newsletter.lexer import make_line

_SAMPLE_TITLE = markup.protect('- ★ " **TITRE** "')

Structural = Callable[[str], bool] | None


def write_newsletter(day: dict) -> str:
    """Write one interchange day (with "campaign" and "body") as text."""
    campaign = day.get("campaign") or {}
    writing = Writing()
    by_name = {kind.name: kind for kind in kinds()}
    parts = [_write_rich(campaign.get("intro") or "")]
    for block in day.get("body") or []:
        kind = by_name.get(block.get("type"))
        if kind is None:
            raise ValueError(f"unknown block type {block.get('type')!r}")
        parts.append(kind.to_newsletter(block.get("value"), writing))
    parts += [
        _write_final(kind, campaign.get(kind) or "") for kind in ("closing", "credits")
    ]
    text = "\n\n".join(part for part in parts if part)
    return text + "\n" if text else ""


class Writing:
    """What a kind asks of the writer (:class:`campaign.formats.newsletter.sections.Writing`)."""

    def __init__(self) -> None:
        self._tags = {
            kind.name: kind.newsletter_tags[0]
            for kind in kinds()
            if kind.newsletter_tags
        }

    def rich(self, html: str, structural: Structural = None) -> str:
        return _write_rich(html, structural)

    def line(self, text: str) -> str:
        return _guard(text, None)

    def heading(self, kind: str, heading: str | None, suffix: str = "") -> str:
        tag = "{" + self._tags[kind] + "}"
        if not heading:
            return tag
        text = markup.plain_to_markup(heading)
        candidate = text + suffix
        line = make_line(0, candidate)
        found = None if line.escaped else classify(line.text, _SAMPLE_TITLE)
        if found and found.kind == kind and found.heading == heading and not found.tag:
            return candidate
        return f"{tag} {text}"


def _write_final(kind: str, html: str) -> str:
    """Closing or credits: as is when recognised, else after its tag."""
    text = _write_rich(html, guard_first=False)
    if not text:
        return ""
    first = make_line(0, text.split("\n", 1)[0])
    found = None if first.escaped else classify(first.text, None)
    if found is not None and found.kind == kind and not found.tag:
        return text
    return "{" + FINAL_TAGS[kind][0] + "}\n" + _write_rich(html)


def _write_rich(
    html: str, structural: Structural = None, guard_first: bool = True
) -> str:
    out = []
    for kind, content in html_blocks(html):
        if kind == "p":
            lines = _markup_lines(content)
            if not lines:
                continue
            if guard_first or out:
                lines[0] = _guard(lines[0], structural)
            lines[1:] = [_guard(line, structural) for line in lines[1:]]
            out.append("\\\n".join(lines))
            continue
        items = []
        for number, item in enumerate(content, 1):
            lines = _markup_lines(item)
            if not lines:
                continue
            prefix = "- " if kind == "ul" else f"{number}. "
            first = lines[0]
            if first[:1] in markup.STARS + '"“”«„':
                first = "\\" + first
            rest = [_guard(line, structural) for line in lines[1:]]
            items.append("\\\n  ".join([prefix + first, *rest]))
        if items:
            out.append("\n".join(items))
    return "\n\n".join(out)


def _markup_lines(content: list) -> list[str]:
    lines = [line.strip() for line in inline_markup(content).split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _is_structural(raw: str, structural: Structural) -> bool:
    """Would the parser read this line as anything but text?"""
    line = make_line(0, raw)
    if line.blank or line.escaped:
        return False
    text = line.text
    if classify(text, _SAMPLE_TITLE) is not None:
        return True
    if list_item(text) or strong_title(text) is not None:
        return True
    return structural is not None and structural(text)


def _guard(line: str, structural: Structural) -> str:
    """Escape a text line that the parser would otherwise read as structure.

    A backslash before the first character when that character is literal
    text; else the final parenthesis escaped (an establishment look-alike);
    else the line-level escape ``"\\ "``, which changes nothing else.
    """
    if not _is_structural(line, structural):
        return line
    candidates = []
    if line[0] not in "*[^\\":  # those start a mark, a link or a superscript
        candidates.append("\\" + line)
    closing = line.rfind(")")
    if closing >= 0:
        candidates.append(line[:closing] + "\\)" + line[closing + 1 :])
    for candidate in candidates:
        if not _is_structural(candidate, structural):
            return candidate
    return "\\ " + line
