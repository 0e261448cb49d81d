"""The one lexer for what Markdown does not read as text: fenced code (and math) blocks and
code spans. The link scanner, the limits on a note body and the unsafe-HTML scan all use it.

A fence is three or more backticks or tildes (or, for math, ``$$``) after at most three
spaces; a backtick fence's info string holds no backtick. It is closed by a line of the same
character, at least as long, with at most three spaces before it and nothing but white space
after. A block left open runs to the end of the text. A fence may stand in a blockquote or a
callout (``> ```css``): its lines then carry the quote's ``>`` markers, and a line without
them ends the quote and so the block.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

FENCE_MARKERS = frozenset("`~")
_MATH_MARKERS = frozenset("`~$")
_FENCE_OPEN = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)")
_MATH_OPEN = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,}|\$\$)(?P<info>.*)")
_MAY_OPEN = re.compile(r" {0,3}[`~$>]")  # a line that may open a fence (or a quote holding one)
_QUOTE_MARK = re.compile(r" {0,3}> ?")  # one level of a blockquote: '>' and one optional space

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


def unquote(line: str, levels: int | None = None) -> tuple[int, str]:
    """How many blockquote markers (``>``) open ``line``, up to ``levels`` (None: all), and
    the line after them."""
    depth = 0
    while (levels is None or depth < levels) and ">" in line[:4]:
        m = _QUOTE_MARK.match(line)
        if m is None:
            break
        line, depth = line[m.end():], depth + 1
    return depth, line


class Fences:
    """Follows fenced blocks line by line, in blockquotes and callouts too: a block opened
    after ``depth`` quote markers holds the lines that carry as many, and ends at its closing
    fence or at the first line that carries fewer (the quote has ended)."""

    def __init__(self, math: bool = False) -> None:
        self.math = math
        self.fence: str | None = None
        self.depth = 0

    def opens(self, line: str) -> bool:
        """Whether ``line`` opens a block (when none is open); the block is then open."""
        if ">" in line[:4]:
            self.depth, line = unquote(line)
        else:
            self.depth = 0
        self.fence = fence_open(line, self.math)
        return self.fence is not None

    def holds(self, line: str) -> bool:
        """Whether ``line`` belongs to the open block, its closing fence included; a line
        that leaves the block's quote ends the block and is not in it."""
        assert self.fence is not None
        depth, rest = unquote(line, self.depth) if self.depth else (0, line)
        if depth < self.depth:
            self.fence = None
            return False
        if fence_closes(rest, self.fence):
            self.fence = None
        return True


def fenced_lines(lines: Iterable[str], math: bool = False) -> Iterator[bool]:
    """For each line, whether it belongs to a fenced code block (with ``math``, also to a
    ``$$`` block): its opening line, the lines inside and its closing line. (Every note is
    read line by line several times: a line that cannot open a fence is not handed to
    ``Fences`` at all.)"""
    fences = Fences(math)
    opens, holds, may_open = fences.opens, fences.holds, _MAY_OPEN.match
    for line in lines:
        yield fences.fence is not None and holds(line) or \
            may_open(line) is not None and opens(line)


def code_spans(line: str) -> Iterator[tuple[int, int]]:
    """The ``(start, end)`` of each closed code span in ``line``, left to right."""
    for m in CODE_SPAN.finditer(line):
        yield m.span()
