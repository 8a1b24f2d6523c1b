from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """Something wrong in an input file, where it is and what to do about it (French)."""

    file: str
    line: int
    message: str

    def __str__(self):
        return f"{self.file}:{self.line}: {self.message}"


class ImportRefused(Exception):
    """The input had problems: nothing was written."""

    def __init__(self, problems):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line))
        super().__init__("\n".join(str(p) for p in self.problems))
