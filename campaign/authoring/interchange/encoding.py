"""Import files as text: UTF-8, or a problem saying what the file is.

Communicators save their letter from Word, LibreOffice or the Windows
Notepad: the file may be UTF-16 ("Unicode" in Notepad), Windows-1252 (the
"ANSI" of older Windows), a Word document, a PDF… Each gets a message
naming what it is and how to save it as UTF-8 text, with the line when
there is one. A UTF-8 byte-order mark is just skipped.
"""

import codecs
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from campaign.formats.lines import LineIndex
from campaign.formats.problems import Problem


def how_to_save_as_utf8():
    """Where to find the setting, in the programs communicators use."""
    # Translators: name the menus as the programs say them in your language.
    return _(
        "open it and save it again with “Save As…”, choosing “Encoding: UTF-8” "
        "(Notepad; LibreOffice: “Character set: Unicode (UTF-8)”; Word: type "
        "“Plain Text”, then “Unicode (UTF-8)”)"
    )


def how_to_save_as_text():
    # Translators: name the menus as the programs say them in your language.
    return _(
        "save the newsletter as text with “Save As…”, type “Plain Text (.txt)” "
        "(Word) or “Text (.txt)” (LibreOffice), encoding UTF-8"
    )


UTF32_LE = gettext_lazy("UTF-32 (little-endian)")
UTF32_BE = gettext_lazy("UTF-32 (big-endian)")
UTF16_LE = gettext_lazy("UTF-16 (little-endian)")
UTF16_BE = gettext_lazy("UTF-16 (big-endian)")

_BOMS = (  # the UTF-32 ones first: b"\xff\xfe" starts both LE marks
    (codecs.BOM_UTF32_LE, UTF32_LE),
    (codecs.BOM_UTF32_BE, UTF32_BE),
    (codecs.BOM_UTF16_LE, UTF16_LE),
    (codecs.BOM_UTF16_BE, UTF16_BE),
)

# The share of control bytes above which a file is binary, not text with a
# stray character in it (and a few at least: a short text may hold one).
_BINARY_SHARE = 0.05
_BINARY_MINIMUM = 3
_SAMPLE = 8192
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")
# Control characters have no place in a letter (tab and line ends aside).
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MAX_CONTROL_PROBLEMS = 20


def to_text(data):
    """(text, problems): the file's text with its line ends made ``\\n``, or
    None and the problems (never an empty list then)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return None, [_wrong_encoding(1, name)]
    kind = _binary_kind(data)
    if kind is not None:
        return None, [kind]
    wide = _wide_without_bom(data)
    if wide is not None:
        return None, [_wrong_encoding(1, wide)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if _looks_binary(data):
            return None, [_binary(_line_at(data, _first_control(data)))]
        return None, [_not_utf8(data, error.start)]
    problems = _control_characters(text)
    if problems:
        return None, problems
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def _line_at(data, offset):
    return data.count(b"\n", 0, offset) + 1


def _wrong_encoding(line, name):
    return Problem(
        line,
        _("file encoded in %(encoding)s, not in UTF-8: %(how)s.")
        % {"encoding": name, "how": how_to_save_as_utf8()},
    )


def _binary(line):
    return Problem(
        line,
        _(
            "this is not a text file (binary content): expected a newsletter as "
            "text (.txt, .md) or a JSON file (.json)."
        ),
    )


def _binary_kind(data):
    """A problem naming the document type of a known binary file, or None."""
    head = data[:_SAMPLE]
    message = None
    if head.startswith(b"%PDF-"):
        message = _("this is a PDF document, not a text file: %(how)s.")
    elif head.startswith(b"PK\x03\x04"):
        message = _zip_kind(data)
    elif head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        message = _(
            "this is a Word or Excel document (old format .doc, .xls), not a "
            "text file: %(how)s."
        )
    elif head.startswith(b"{\\rtf"):
        message = _(
            "this is an RTF document (WordPad, Word), not a text file: %(how)s."
        )
    if message is not None:
        return Problem(1, message % {"how": how_to_save_as_text()})
    image = None
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        image = "PNG"
    elif head.startswith(b"\xff\xd8\xff"):
        image = "JPEG"
    elif head.startswith((b"GIF87a", b"GIF89a")):
        image = "GIF"
    elif head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        image = "WebP"
    if image is not None:
        return Problem(
            1,
            _(
                "this is a %(format)s image, not a text file: expected a "
                "newsletter as text (.txt, .md) or a JSON file (.json)."
            )
            % {"format": image},
        )
    return None


def _zip_kind(data):
    """What a ZIP archive holds, from the names of its first entries: the
    problem's message, its %(how)s still to fill."""
    if b"word/" in data:
        return _("this is a Word document (.docx), not a text file: %(how)s.")
    if b"xl/" in data:
        return _("this is an Excel workbook (.xlsx), not a text file: %(how)s.")
    if b"ppt/" in data:
        return _("this is a PowerPoint presentation (.pptx), not a text file: %(how)s.")
    if b"application/vnd.oasis.opendocument.text" in data:
        return _(
            "this is a LibreOffice Writer document (.odt), not a text file: %(how)s."
        )
    if b"application/vnd.oasis.opendocument" in data:
        return _(
            "this is a LibreOffice document (.ods, .odp…), not a text file: %(how)s."
        )
    return _("this is a ZIP archive, not a text file: %(how)s.")


def _wide_without_bom(data):
    """The name of the encoding when the file is UTF-16 or UTF-32 text
    without its mark (zero bytes at regular places), else None."""
    size = min(len(data), _SAMPLE)
    sample = data[: size - size % 4]
    if len(sample) < 8:
        return None

    def zeros(offset, step):
        column = sample[offset::step]
        return column.count(0) / len(column)

    # Code points below U+10000 (all of French) leave two bytes of four zero.
    if zeros(2, 4) == zeros(3, 4) == 1 and zeros(0, 4) < 0.5:
        return UTF32_LE
    if zeros(0, 4) == zeros(1, 4) == 1 and zeros(3, 4) < 0.5:
        return UTF32_BE
    even, odd = sample[0::2], sample[1::2]
    for zero_bytes, others, name in (
        (odd, even, UTF16_LE),
        (even, odd, UTF16_BE),
    ):
        if zero_bytes.count(0) >= 0.9 * len(zero_bytes) and others.count(0) == 0:
            return name
    return None


def _first_control(data):
    match = _CONTROL_BYTES.search(data)
    return match.start() if match else 0


def _looks_binary(data):
    sample = data[:_SAMPLE]
    return _too_many(len(_CONTROL_BYTES.findall(sample)), len(sample))


def _too_many(controls, size):
    return controls >= _BINARY_MINIMUM and controls > _BINARY_SHARE * size


def _not_utf8(data, offset):
    """Windows-1252 (or Latin-1) text, most of the time: say so, with the
    word where the first unreadable byte is, as that encoding reads it."""
    start = data.rfind(b"\n", 0, offset) + 1
    end = data.find(b"\n", offset)
    line = data[start : end if end >= 0 else len(data)]
    text = line.decode("cp1252", errors="replace")
    position = offset - start
    words = list(re.finditer(r"\S+", text))
    word = next((w[0] for w in words if w.start() <= position < w.end()), "")
    if word and len(word) <= 40 and not _CONTROL_CHARS.search(word):
        return Problem(
            _line_at(data, offset),
            _(
                "file encoded in Windows-1252 or Latin-1, not in UTF-8 (read that "
                "way: “%(word)s”): %(how)s."
            )
            % {"word": word, "how": how_to_save_as_utf8()},
        )
    return Problem(
        _line_at(data, offset),
        _("the file is not encoded in UTF-8 (unreadable byte): %(how)s.")
        % {"how": how_to_save_as_utf8()},
    )


def _control_characters(text):
    """One problem per line holding an invisible control character."""
    sample = text[:_SAMPLE]
    if _too_many(len(_CONTROL_CHARS.findall(sample)), len(sample)):
        first = _CONTROL_CHARS.search(text)
        return [_binary(LineIndex(text).number(first.start()))]
    lines = LineIndex(text)
    problems, seen, more = [], set(), 0
    for match in _CONTROL_CHARS.finditer(text):
        line = lines.number(match.start())
        if line in seen:
            continue
        seen.add(line)
        if len(problems) == _MAX_CONTROL_PROBLEMS:
            more += 1
            continue
        char = match[0]
        problems.append(
            Problem(
                line,
                _(
                    "invisible character %(code)s (%(name)s) in column "
                    "%(column)s: delete it."
                )
                % {
                    "code": f"U+{ord(char):04X}",
                    "name": _control_name(char),
                    "column": match.start() - lines.start(line) + 1,
                },
            )
        )
    if more:
        problems.append(
            Problem(
                problems[-1].line,
                ngettext(
                    "and %(count)s other line with invisible characters: "
                    "delete them too.",
                    "and %(count)s other lines with invisible characters: "
                    "delete them too.",
                    more,
                )
                % {"count": more},
            )
        )
    return problems


def _control_name(char):
    names = {
        "\x00": _("null character"),
        "\x0b": _("vertical tab, Word’s manual line break"),
        "\x0c": _("page break"),
    }
    return names.get(char) or _("control character")
