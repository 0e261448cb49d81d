"""The one lexer for what Markdown does not read as text: fenced code (and math) blocks and
code spans. The link scanner, the limits on a note body and the unsafe-HTML scan all use it.

A fence is three or more backticks or tildes (or, for math, ``$$``) after at most three
spaces; a backtick fence's info string holds no backtick. It is closed by a line of the same
character, at least as long, with at most three spaces before it and nothing but white space
after. A block left open runs to the end of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

FENCE_MARKERS = frozenset("`~")
_MATH_MARKERS = frozenset("`~$")
_FENCE_OPEN = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)")
_MATH_OPEN = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,}|\$\$)(?P<info>.*)")

# A closed code span: a run of backticks, then anything up to the next run of the same length.
CODE_SPAN = re.compile(r"(?P<ticks>`+)(?:[^`]|(?!(?P=ticks))`+)*?(?P=ticks)(?!`)")


def fence_open(line: str, math: bool = False) -> str | None:
    """The fence ``line`` opens (```` ``` ````, ``~~~~``, with ``math`` also ``$$``), or None."""
    spaces = len(line) - len(line.lstrip(" "))
    if spaces > 3 or spaces == len(line) or \
            line[spaces] not in (_MATH_MARKERS if math else FENCE_MARKERS):
        return None
    m = (_MATH_OPEN if math else _FENCE_OPEN).fullmatch(line)
    if m is None or m.group("fence")[0] == "`" and "`" in m.group("info"):
        return None
    return m.group("fence")


def fence_closes(line: str, fence: str) -> bool:
    """Whether ``line`` closes the block that ``fence`` opened."""
    stripped = line.strip()
    return stripped.startswith(fence[0]) and set(stripped) == {fence[0]} and \
        len(stripped) >= len(fence) and len(line) - len(line.lstrip(" ")) <= 3


def fenced_lines(lines: Iterable[str], math: bool = False) -> Iterator[bool]:
    """For each line, whether it belongs to a fenced code block (with ``math``, also to a
    ``$$`` block): its opening line, the lines inside and its closing line."""
    fence: str | None = None
    for line in lines:
        if fence is None:
            fence = fence_open(line, math)
            yield fence is not None
        else:
            if fence_closes(line, fence):
                fence = None
            yield True


def code_spans(line: str) -> Iterator[tuple[int, int]]:
    """The ``(start, end)`` of each closed code span in ``line``, left to right."""
    for m in CODE_SPAN.finditer(line):
        yield m.span()
