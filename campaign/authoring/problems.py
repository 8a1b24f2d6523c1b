"""The problems of an import, each with its file and line, and the refusal
that carries them all: nothing is written while there is one.

:class:`Problem` is the one type of problem, from the readers of a file up to
the importer; it lives below the blocks (``campaign.formats.problems``), whose
newsletter sections report their own."""

from campaign.formats.problems import Problem, printable


class ImportRefused(Exception):
    """The input had problems: nothing was written."""

    def __init__(self, problems):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line))
        super().__init__("\n".join(str(p) for p in self.problems))


__all__ = ["ImportRefused", "Problem", "printable"]
