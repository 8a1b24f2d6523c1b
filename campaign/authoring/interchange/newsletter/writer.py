"""Write a day as newsletter text that reads back to the same content.

Enters: one interchange day (``persev-day/1``, with "campaign" and "body").
Leaves: its text, in the grammar of :mod:`.grammar`; the writer asks the
grammar's own recognisers whether a line would read as structure, and
escapes it when it would.
"""

from __future__ import annotations

import re

from campaign.authoring.interchange import markup
from campaign.authoring.interchange.newsletter.grammar import (
    BULLET_CHARS,
    OPENING_QUOTES,
    WRITTEN_TAGS,
    classify,
    list_item,
    lone_url,
    read_establishments,
    strong_title,
)
from campaign.authoring.interchange.newsletter.lexer import make_line

_SAMPLE_TITLE = markup.protect('- ★ " **TITRE** "')


def write_newsletter(day: dict) -> str:
    """Write one interchange day (with "campaign" and "body") as text."""
    campaign = day.get("campaign") or {}
    parts = [_write_rich(campaign.get("intro") or "")]
    parts += [_write_block(block) for block in day.get("body") or []]
    parts += [
        _write_final(kind, campaign.get(kind) or "") for kind in ("closing", "credits")
    ]
    text = "\n\n".join(part for part in parts if part)
    return text + "\n" if text else ""


def _write_block(block: dict) -> str:
    kind, value = block.get("type"), block.get("value")
    if kind == "actions":
        return _write_actions(value)
    if kind == "zoom":
        title = _guard(markup.plain_to_markup(value.get("title", "")), "rich")
        body = _write_rich(value.get("body") or "")
        return "\n\n".join(part for part in ("ZOOM du jour", title, body) if part)
    if kind == "resources":
        lines = [_heading_line("resources", value.get("heading"))]
        links = [_write_link(link) for link in value.get("links") or []]
        return "\n\n".join([lines[0], "\n".join(links)]) if links else lines[0]
    if kind == "partnership":
        heading = _heading_line("partnership", value.get("heading"))
        body = _write_rich(value.get("body") or "")
        return f"{heading}\n\n{body}" if body else heading
    if kind == "text":
        body = _write_rich(value or "")
        return f"{{texte}}\n\n{body}" if body else "{texte}"
    raise ValueError(f"unknown block type {kind!r}")


def _write_actions(value: dict) -> str:
    lines = [_heading_line("actions", value.get("heading")), ""]
    for action in value.get("actions") or []:
        lines.append(f'- ★ " **{markup.plain_to_markup(action["title"])}** "')
        establishments = action.get("establishments") or []
        lines.append(" / ".join(_write_establishment(e) for e in establishments))
        if action.get("url"):
            url = action["url"]
            lines.append(url if lone_url(markup.protect(url)) == url else f"<{url}>")
        description = _write_rich(action.get("description") or "", "description")
        if description:
            lines += ["", description, ""]
    return "\n".join(lines).rstrip("\n")


def _write_establishment(establishment: dict) -> str:
    def field_markup(text: str, extra: str = "") -> str:
        escaped = markup.plain_to_markup(text, extra)
        return re.sub(r"(?<=\s)/|/(?=\s)", r"\\/", escaped)

    name = field_markup(establishment["name"])
    if name[:1] in BULLET_CHARS + markup.STARS + OPENING_QUOTES + "{#":
        name = "\\" + name  # not a list item, a title or a tag
    town = field_markup(establishment["town"], "()")
    return f"{name} (*{town} - {establishment['department']}*)"


def _write_link(link: dict) -> str:
    title = markup.plain_to_markup(link["title"])
    text = f"- [{title}]({markup.format_destination(link['url'])})"
    if link.get("source"):
        text += f" ({markup.plain_to_markup(link['source'], '()')})"
    return text


def _heading_line(kind: str, heading: str | None) -> str:
    tag = "{" + WRITTEN_TAGS[kind] + "}"
    if not heading:
        return tag
    text = markup.plain_to_markup(heading)
    candidate = text + " :" if kind == "actions" else text
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
    return "{" + WRITTEN_TAGS[kind] + "}\n" + _write_rich(html)


def _write_rich(html: str, context: str = "rich", guard_first: bool = True) -> str:
    out = []
    for kind, content in markup.html_blocks(html):
        if kind == "p":
            lines = _markup_lines(content)
            if not lines:
                continue
            if guard_first or out:
                lines[0] = _guard(lines[0], context)
            lines[1:] = [_guard(line, context) for line in lines[1:]]
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
            rest = [_guard(line, context) for line in lines[1:]]
            items.append("\\\n  ".join([prefix + first, *rest]))
        if items:
            out.append("\n".join(items))
    return "\n\n".join(out)


def _markup_lines(content: list) -> list[str]:
    lines = [line.strip() for line in markup.inline_markup(content).split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _is_structural(raw: str, context: str) -> bool:
    """Would the parser read this line as anything but text?"""
    line = make_line(0, raw)
    if line.blank or line.escaped:
        return False
    text = line.text
    if classify(text, _SAMPLE_TITLE) is not None:
        return True
    if list_item(text) or strong_title(text) is not None:
        return True
    if context == "description":
        return read_establishments(text, True) is not None or bool(lone_url(text))
    return False


def _guard(line: str, context: str) -> str:
    """Escape a text line that the parser would otherwise read as structure.

    A backslash before the first character when that character is literal
    text; else the final parenthesis escaped (an establishment look-alike);
    else the line-level escape ``"\\ "``, which changes nothing else.
    """
    if not _is_structural(line, context):
        return line
    candidates = []
    if line[0] not in "*[^\\":  # those start a mark, a link or a superscript
        candidates.append("\\" + line)
    closing = line.rfind(")")
    if closing >= 0:
        candidates.append(line[:closing] + "\\)" + line[closing + 1 :])
    for candidate in candidates:
        if not _is_structural(candidate, context):
            return candidate
    return "\\ " + line
