"""Import files as text: UTF-8, or a French problem saying what the file is.

Communicators save their letter from Word, LibreOffice or the Windows
Notepad: the file may be UTF-16 ("Unicode" in Notepad), Windows-1252 (the
"ANSI" of older Windows), a Word document, a PDF… Each gets a message
naming what it is and how to save it as UTF-8 text, with the line when
there is one. A UTF-8 byte-order mark is just skipped.
"""

import codecs
import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaign.formats.lines import LineIndex
from campaign.formats.problems import Problem


def how_to_save_as_utf8():
    """Where to find the setting, in the programs communicators use."""
    return _(
        "ouvrez-le et enregistrez-le à nouveau avec « Enregistrer sous… » en "
        "choisissant « Encodage : UTF-8 » (Bloc-notes ; LibreOffice : « Jeu de "
        "caractères : Unicode (UTF-8) » ; Word : type « Texte brut », puis "
        "« Unicode (UTF-8) »)"
    )


def how_to_save_as_text():
    return _(
        "enregistrez la lettre en texte avec « Enregistrer sous… », type « Texte "
        "brut (.txt) » (Word) ou « Texte (.txt) » (LibreOffice), encodage UTF-8"
    )


_BOMS = (  # the UTF-32 ones first: b"\xff\xfe" starts both LE marks
    (codecs.BOM_UTF32_LE, "UTF-32 (petit-boutiste)"),
    (codecs.BOM_UTF32_BE, "UTF-32 (gros-boutiste)"),
    (codecs.BOM_UTF16_LE, "UTF-16 (petit-boutiste)"),
    (codecs.BOM_UTF16_BE, "UTF-16 (gros-boutiste)"),
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
        _("fichier encodé en %(encoding)s, pas en UTF-8 : %(how)s.")
        % {"encoding": name, "how": how_to_save_as_utf8()},
    )


def _binary(line):
    return Problem(
        line,
        _(
            "ce n’est pas un fichier texte (contenu binaire) : attendu une lettre "
            "en texte (.txt, .md) ou un fichier JSON (.json)."
        ),
    )


def _binary_kind(data):
    """A problem naming the document type of a known binary file, or None."""
    head = data[:_SAMPLE]
    document = None
    if head.startswith(b"%PDF-"):
        document = _("un document PDF")
    elif head.startswith(b"PK\x03\x04"):
        document = _zip_kind(data)
    elif head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        document = _("un document Word ou Excel (ancien format .doc, .xls)")
    elif head.startswith(b"{\\rtf"):
        document = _("un document RTF (WordPad, Word)")
    if document is not None:
        return Problem(
            1,
            _("c’est %(document)s, pas un fichier texte : %(how)s.")
            % {"document": document, "how": how_to_save_as_text()},
        )
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
                "c’est une image %(format)s, pas un fichier texte : attendu une "
                "lettre en texte (.txt, .md) ou un fichier JSON (.json)."
            )
            % {"format": image},
        )
    return None


def _zip_kind(data):
    """What a ZIP archive holds, from the names of its first entries."""
    if b"word/" in data:
        return _("un document Word (.docx)")
    if b"xl/" in data:
        return _("un classeur Excel (.xlsx)")
    if b"ppt/" in data:
        return _("une présentation PowerPoint (.pptx)")
    if b"application/vnd.oasis.opendocument.text" in data:
        return _("un document LibreOffice Writer (.odt)")
    if b"application/vnd.oasis.opendocument" in data:
        return _("un document LibreOffice (.ods, .odp…)")
    return _("une archive ZIP")


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
        return "UTF-32 (petit-boutiste)"
    if zeros(0, 4) == zeros(1, 4) == 1 and zeros(3, 4) < 0.5:
        return "UTF-32 (gros-boutiste)"
    even, odd = sample[0::2], sample[1::2]
    for zero_bytes, others, name in (
        (odd, even, "UTF-16 (petit-boutiste)"),
        (even, odd, "UTF-16 (gros-boutiste)"),
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
                "fichier encodé en Windows-1252 ou Latin-1, pas en UTF-8 (ainsi se "
                "lit « %(word)s ») : %(how)s."
            )
            % {"word": word, "how": how_to_save_as_utf8()},
        )
    return Problem(
        _line_at(data, offset),
        _("le fichier n’est pas encodé en UTF-8 (octet illisible) : %(how)s.")
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
                    "caractère invisible %(code)s (%(name)s) en colonne %(column)s : "
                    "supprimez-le."
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
                    "et %(count)s autre ligne avec des caractères invisibles : "
                    "supprimez-les aussi.",
                    "et %(count)s autres lignes avec des caractères invisibles : "
                    "supprimez-les aussi.",
                    more,
                )
                % {"count": more},
            )
        )
    return problems


def _control_name(char):
    names = {
        "\x00": _("caractère nul"),
        "\x0b": _("tabulation verticale, le saut de ligne manuel de Word"),
        "\x0c": _("saut de page"),
    }
    return names.get(char) or _("caractère de contrôle")
