"""Obsidian comments: ``%%hidden%%`` on a line, or ``%%`` lines around a block of them.

A comment is shown only in Obsidian's editor, so it is taken out of the note before anything
reads the body: the page, the search index, the links and tags found in it. Its line breaks
stay, so every line keeps its number. In code (fenced blocks and code spans) ``%%`` is text; an
unclosed ``%%`` hides the rest of the note, as in Obsidian.
"""

from __future__ import annotations

import re

from conceptgraph.markup.lexer import CODE_SPAN, fenced_lines

_MARK = "%%"
_TOKEN = re.compile(rf"{CODE_SPAN.pattern}|(?P<mark>%%)")


def strip_comments(body: str, first_line: int = 1) -> tuple[str, int | None]:
    """``body`` without its comments, and the line of a ``%%`` that is never closed (or None).
    ``first_line`` is the line number of the body's first line in its file."""
    if _MARK not in body:
        return body, None
    lines = body.split("\n")
    out: list[str] = []
    opened: int | None = None  # the line of the %% of the comment still open
    for number, (line, fenced) in enumerate(zip(lines, fenced_lines(lines), strict=True)):
        if opened is None and (fenced or _MARK not in line):
            out.append(line)
            continue
        pieces, pos = [], 0
        if opened is not None:  # inside a comment: up to its closing %%
            end = line.find(_MARK)
            if end < 0:
                out.append("")
                continue
            pos, opened = end + 2, None
        while True:
            m = _TOKEN.search(line, pos)
            if m is None:
                pieces.append(line[pos:])
                break
            if m.group("mark") is None:  # a code span: kept as written
                pieces.append(line[pos:m.end()])
                pos = m.end()
                continue
            pieces.append(line[pos:m.start()])
            end = line.find(_MARK, m.end())
            if end < 0:
                opened = first_line + number
                break
            pos = end + 2
        # Spaces before a comment that ended the line would read as a hard line break
        out.append("".join(pieces).rstrip(" "))
    return "\n".join(out), opened
