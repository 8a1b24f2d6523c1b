"""Which runs of ``*`` open and close which marks (bold, italic).

Enters: the runs of stars of a span of inline markup (:class:`Delimiter`).
Leaves: for each run, the marks it closes and opens, when every star can be
matched with no mark inside the same mark and no two same marks side by side
(always the case for what the writer produces): a small dynamic programme
over the runs finds that reading in linear time, so adjacent marks
(``*a***b**``, ``***a*b*c***``) read back as written. Otherwise the inline
parser falls back to CommonMark's "process emphasis" algorithm.
"""

from __future__ import annotations

from collections.abc import Iterator


class Delimiter:
    """A run of ``*``; also the sentinel at the bottom of the delimiter stack."""

    def __init__(self, count: int = 0, can_open: bool = False, can_close: bool = False):
        self.count = self.original = count
        self.can_open, self.can_close = can_open, can_close
        self.opens: list[str] = []  # innermost first
        self.closes: list[str] = []  # innermost first
        self.previous: Delimiter | None = None
        self.next: Delimiter | None = None


_STACKS: tuple[tuple[str, ...], ...] = (
    (),
    ("em",),
    ("strong",),
    ("strong", "em"),
    ("em", "strong"),
)
_SIZE = {"em": 1, "strong": 2}
_OPENINGS = {
    0: [()],
    1: [("em",)],
    2: [("strong",)],
    3: [("strong", "em"), ("em", "strong")],
}


def _moves(
    run: Delimiter, stack: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    """Ways a run can close then open marks, using all of its stars."""
    for closing in range(min(2, len(stack)), -1, -1):
        if closing and not run.can_close:
            continue
        closed = stack[len(stack) - closing :][::-1]  # innermost first
        left = run.count - sum(_SIZE[mark] for mark in closed)
        rest = stack[: len(stack) - closing]
        for opened in _OPENINGS.get(left, []):  # outermost first
            if opened and not run.can_open:
                continue
            if set(opened) & set(rest) or (closed and closed[-1] in opened):
                continue  # a mark inside itself, or two same marks side by side
            yield closed, opened, rest + opened


def match_fully(runs: list[Delimiter]) -> bool:
    """Match every star of ``runs`` (see above); False when impossible."""
    ending: list[set[tuple[str, ...]]] = [set() for _ in runs] + [{()}]
    for index in range(len(runs) - 1, -1, -1):
        for stack in _STACKS:
            moves = _moves(runs[index], stack)
            if any(after in ending[index + 1] for _c, _o, after in moves):
                ending[index].add(stack)
    if () not in ending[0]:
        return False
    stack: tuple[str, ...] = ()
    for index, run in enumerate(runs):
        for closed, opened, after in _moves(run, stack):
            if after in ending[index + 1]:
                run.closes, run.opens, run.count = list(closed), list(opened[::-1]), 0
                stack = after
                break
    return True
