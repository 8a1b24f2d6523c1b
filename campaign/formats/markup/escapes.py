"""The characters of the newsletter markup: escapes, superscripts as
modifier letters, accepted link addresses, and plain text written as markup.

Enters: plain text, or a line of markup. Leaves: the line with its escapes
protected (placeholders that no structural pattern matches) and back; text
escaped so that the markup reads it back as it was.
"""

from __future__ import annotations

import re
import string

from django.utils.translation import gettext as _

STARS = "★☆⭐✩✪✯✰"
ESCAPABLE = frozenset(string.punctuation) | frozenset(STARS + "«»“”„–—•")
SOFT_BREAK = "\n"
HARD_BREAK = "\r"

# Escaped characters are swapped for private-use placeholders while the
# structure of a line is analysed, so that ``\)`` or ``\*`` never match a
# structural pattern.
_PLACEHOLDER_BASE = 0xF0000
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_PLACEHOLDERS = re.compile("[\U000f0000-\U000fffff]")

_MODIFIER_LETTERS = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz0123456789",
        "\u1d43\u1d47\u1d9c\u1d48\u1d49\u1da0\u1d4d\u02b0\u2071\u02b2\u1d4f\u02e1"
        "\u1d50\u207f\u1d52\u1d56\U000107a5\u02b3\u02e2\u1d57\u1d58\u1d5b\u02b7"
        "\u02e3\u02b8\u1dbb\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078"
        "\u2079",
        strict=True,
    )
)
_FROM_MODIFIER = {mod: char for char, mod in _MODIFIER_LETTERS.items()}

_SAFE_URL = re.compile(r"^(?:https?://[^\s/]|mailto:\S|tel:\S|/(?!/))", re.IGNORECASE)
_MARKUP_CHARS = frozenset("\\*^[]")


# -- escapes -----------------------------------------------------------------


def protect(text: str) -> str:
    """Replace each escape ``\\X`` by a placeholder character."""

    def swap(match: re.Match[str]) -> str:
        char = match[1]
        return chr(_PLACEHOLDER_BASE + ord(char)) if char in ESCAPABLE else match[0]

    return _ESCAPE.sub(swap, text)


def _placeholder_char(char: str) -> str | None:
    code = ord(char) - _PLACEHOLDER_BASE
    if 0 <= code < 0x10000 and chr(code) in ESCAPABLE:
        return chr(code)
    return None


def unprotect(text: str, *, literal: bool = False) -> str:
    """Turn placeholders back into escapes (or into the bare characters)."""

    def swap(match: re.Match[str]) -> str:
        original = _placeholder_char(match[0])
        if original is None:
            return match[0]
        return original if literal else "\\" + original

    return _PLACEHOLDERS.sub(swap, text)


def escape_html(text: str, *, quote: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text


def check_url(url: str) -> str | None:
    """Return an error message when ``url`` is not an accepted address."""
    if _SAFE_URL.match(url) and not re.search(r"\s", url):
        return None
    return _(
        "link address refused “%(url)s”: expected a full address starting "
        "with https://, http://, mailto: or tel:"
    ) % {"url": shorten(url)}


def shorten(text: str, limit: int = 80) -> str:
    """``text`` as a message quotes it: at most ``limit`` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_modifier_letters(text: str) -> str | None:
    """``er`` → ``ᵉʳ``; None when a character has no modifier letter."""
    mapped = [_MODIFIER_LETTERS.get(char) for char in text]
    if not text or None in mapped:
        return None
    return "".join(mapped)  # type: ignore[arg-type]


# -- text → markup (writer side) ---------------------------------------------


def escape_markup(text: str, extra: str = "") -> str:
    """Escape the characters that the inline markup would interpret."""
    special = _MARKUP_CHARS | frozenset(extra)
    return "".join("\\" + char if char in special else char for char in text)


def plain_to_markup(text: str, extra: str = "") -> str:
    """Markup of a plain-text title: modifier letters become ``^e``/``^{er}``."""
    out: list[str] = []
    run: list[str] = []

    def flush_run() -> None:
        if run:
            letters = "".join(run)
            out.append(f"^{letters}" if len(letters) == 1 else f"^{{{letters}}}")
            run.clear()

    for char in text:
        if char in _FROM_MODIFIER:
            run.append(_FROM_MODIFIER[char])
            continue
        flush_run()
        out.append(escape_markup(char, extra))
    flush_run()
    return "".join(out)


def format_destination(url: str) -> str:
    if url.count("(") == url.count(")") and not re.search(r"[\s<>]", url):
        return escape_markup(url)
    return "<" + escape_markup(url, "<>") + ">"
