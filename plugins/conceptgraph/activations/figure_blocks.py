"""The note syntax that places a figure: a fenced block whose info string is ``figure``::

    ```figure
    gradient-depth
    ```

``find_figure_blocks`` locates those blocks (with 1-based line numbers and character offsets),
``replace_figure_blocks`` swaps each for what the caller makes of it, and ``figure_diagnostics``
reports the blocks that cannot be rendered. Pure text: the figure names come from
``figures.py``, which computes nothing to list them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from conceptgraph.activations.figures import UnknownFigure, get, names
from conceptgraph.diagnostics import Diagnostic


@dataclass(frozen=True)
class FigureBlock:
    """A ```` ```figure ```` block in a note.

    ``line`` is the 1-based line of the opening fence; ``start:end`` is the block in the text as
    given (from the first character of the opening line to the end of the closing fence, line
    ending excluded). A block that cannot name one figure has ``name == ""`` and the reason in
    ``error``; the caller reports it as ``file:line: error``.
    """

    name: str
    line: int
    start: int
    end: int
    error: str = ""


_LINE = re.compile(r"[^\r\n]*")  # one line's content; \n, \r\n and \r all end a line

_OPEN = re.compile(
    r"""
    (?P<indent>[ ]{0,3})      # up to three spaces; four would make an indented code block
    (?P<fence>`{3,}|~{3,})    # three or more backticks or tildes
    (?P<info>.*)              # the info string (backtick fences may not contain backticks)
    """,
    re.VERBOSE,
)

_CLOSE = re.compile(
    r"""
    [ ]{0,3}                  # up to three spaces of indentation
    (?P<fence>`{3,}|~{3,})    # the same character as the opening fence, at least as many
    [ \t]*                    # and nothing after it but blanks
    """,
    re.VERBOSE,
)


def _lines(text: str) -> list[tuple[str, int, int]]:
    """``(content, start, end)`` of every line; offsets exclude the line ending."""
    out, pos = [], 0
    while pos <= len(text):
        m = _LINE.match(text, pos)
        assert m is not None  # the pattern matches the empty string
        out.append((m.group(), m.start(), m.end()))
        pos = m.end() + (2 if text.startswith("\r\n", m.end()) else 1)
        if pos >= len(text):  # no empty line after a final line ending
            break
    return out


def _block(body: list[str], line: int, start: int, end: int, closed: bool) -> FigureBlock:
    if not closed:
        return FigureBlock("", line, start, end, "unclosed figure block: add the closing fence")
    tokens = " ".join(body).split()
    if len(tokens) == 1:
        return FigureBlock(tokens[0], line, start, end)
    if not tokens:
        return FigureBlock("", line, start, end, "empty figure block: expected one figure name")
    listed = ", ".join(tokens)
    return FigureBlock(
        "", line, start, end, f"expected one figure name, received {len(tokens)}: {listed}"
    )


def find_figure_blocks(markdown_text: str) -> list[FigureBlock]:
    """Every fenced block whose info string is ``figure`` (any case), in document order.

    Fences follow CommonMark: ``` or ~~~ (three or more), indented by at most three spaces,
    closed by a run of the same character at least as long. Fences inside another fenced block
    are content, not figures. Line endings may be \\n, \\r\\n or \\r.
    """
    blocks: list[FigureBlock] = []
    open_fence: tuple[str, int, bool, int, int] | None = None  # char, length, figure?, line, start
    body: list[str] = []
    last_end = 0
    for number, (content, start, end) in enumerate(_lines(markdown_text), 1):
        last_end = end
        if open_fence is None:
            m = _OPEN.fullmatch(content)
            if m is None or (m["fence"][0] == "`" and "`" in m["info"]):
                continue
            is_figure = m["info"].strip().lower() == "figure"
            open_fence = (m["fence"][0], len(m["fence"]), is_figure, number, start)
            body = []
            continue
        char, length, is_figure, line, block_start = open_fence
        m = _CLOSE.fullmatch(content)
        if m and m["fence"][0] == char and len(m["fence"]) >= length:
            if is_figure:
                blocks.append(_block(body, line, block_start, end, closed=True))
            open_fence = None
        elif is_figure:
            body.append(content)
    if open_fence is not None and open_fence[2]:
        blocks.append(_block(body, open_fence[3], open_fence[4], last_end, closed=False))
    return blocks


def replace_figure_blocks(markdown_text: str, render: Callable[[FigureBlock], str]) -> str:
    """``markdown_text`` with each figure block replaced by ``render(block)``."""
    parts, pos = [], 0
    for block in find_figure_blocks(markdown_text):
        parts += [markdown_text[pos : block.start], render(block)]
        pos = block.end
    parts.append(markdown_text[pos:])
    return "".join(parts)


def figure_diagnostics(path: str, markdown_text: str) -> list[Diagnostic]:
    """Errors for the figure blocks of one note that cannot be rendered: a malformed block, or
    an unknown name (with a "did you mean"). ``path`` is how the note is named in messages."""
    out = []
    for block in find_figure_blocks(markdown_text):
        if block.error:
            hint = f"write one of: {', '.join(names())}"
            out.append(Diagnostic(path, block.line, "error", block.error, hint, "figure-block"))
            continue
        try:
            get(block.name)
        except UnknownFigure as exc:
            close = " or ".join(repr(s) for s in exc.suggestions)
            hint = f"did you mean {close}?" if close else f"known figures: {', '.join(names())}"
            message = f"unknown figure {block.name!r}"
            out.append(Diagnostic(path, block.line, "error", message, hint, "figure-unknown"))
    return out
