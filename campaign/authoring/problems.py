"""The problems of an import, each with its file and line, and the refusal
that carries them all: nothing is written while there is one."""

import re
from dataclasses import dataclass, replace

# What a terminal or a web page cannot show: control characters and lone
# UTF-16 surrogates (which cannot even be encoded to be shown).
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


def printable(text):
    """`text` with its unprintable characters written as \\uXXXX escapes."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", str(text))


@dataclass(frozen=True)
class Problem:
    """Something wrong in an input file, where it is and what to do about it.

    The one type of problem of the whole import: the readers of a file's
    bytes (`interchange.encoding`) and of the newsletter text
    (`interchange.newsletter`) know only the line; `sources` names the file
    (`in_file`), and the importer adds the problems it finds on its own.
    """

    line: int  # 1-based
    message: str  # in French
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
            return f"ligne {self.line} : {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


class ImportRefused(Exception):
    """The input had problems: nothing was written."""

    def __init__(self, problems):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line))
        super().__init__("\n".join(str(p) for p in self.problems))
