"""The one type of problem found in an input: where it is and what to do.

The readers of a file's bytes (``campaign.authoring.interchange.encoding``),
of the newsletter text (each kind of block reading its own lines) and of the
JSON interchange know only the line; ``campaign.authoring.sources`` names the
file (:meth:`Problem.in_file`), and the importer adds the problems it finds
on its own (:class:`campaign.authoring.problems.ImportRefused` carries them).
"""

import re
from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

# What a terminal or a web page cannot show: control characters and lone
# UTF-16 surrogates (which cannot even be encoded to be shown).
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


def printable(text):
    """`text` with its unprintable characters written as \\uXXXX escapes."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", str(text))


@dataclass(frozen=True)
class Problem:
    """Something wrong in an input file, where it is and what to do about it."""

    line: int  # 1-based
    message: str  # translated when the problem is found
    file: str = ""

    def __post_init__(self):
        # Messages quote the file: whatever it holds, they can be shown.
        object.__setattr__(self, "file", printable(self.file))
        object.__setattr__(self, "message", printable(self.message))

    def in_file(self, file):
        """The same problem, in `file`."""
        return replace(self, file=file)

    def __str__(self):
        if not self.file:
            return _("line %(line)s: %(message)s") % {
                "line": self.line,
                "message": self.message,
            }
        return f"{self.file}:{self.line}: {self.message}"
