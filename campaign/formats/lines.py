"""The lines of an input text, cut in one place: what ends a line (``\\n``,
``\\r\\n`` or ``\\r``), and on which 1-based line an offset stands."""

import bisect
import re

LINE_END = re.compile(r"\r\n|\r|\n")


def split_lines(text):
    """The lines of `text`, without their ends (a final end gives a last empty line)."""
    return LINE_END.split(text)


class LineIndex:
    """Line numbers of the offsets of one text."""

    def __init__(self, text):
        self.starts = [0] + [match.end() for match in LINE_END.finditer(text)]

    def number(self, offset):
        """The 1-based line holding `offset`."""
        return bisect.bisect_right(self.starts, offset)

    def start(self, line):
        """The offset where 1-based `line` starts."""
        return self.starts[line - 1]
