"""Stated limits on a note body, checked in one linear pass before Markdown sees it.

Python-Markdown is recursive and, for brackets, quadratic: each ``[`` is read forward to its
matching ``]`` (or to the end of the paragraph), nested lists, quotes, HTML blocks and emphasis
recurse once per level. A note from a stranger could make a build take hours or end in a
RecursionError. These limits are far above what a concept note needs, and each finding says
which line passes it and how to fix it.
"""

from __future__ import annotations

import re
from itertools import accumulate
from operator import mul, sub

from conceptgraph.markup.lexer import fenced_lines

# Markdown's bracket reading, summed over a paragraph: for each `[`, the characters up to its
# matching `]` or, without one, to the end of the paragraph. 2,000,000 is about a second.
MAX_BRACKET_WORK = 2_000_000
MAX_BRACKET_WORK_NOTE = 4 * MAX_BRACKET_WORK  # all paragraphs of a note together
MAX_NESTING = 32  # list, quote and indentation levels (4 columns each)
MAX_EMPHASIS = 200  # `*` and `_` in one paragraph
MAX_MARKDOWN_HTML = 32  # HTML blocks whose content is Markdown (`<div markdown>`)

_BRACKET = re.compile(r"(?<!\\)[\[\]]")  # `\[` is a literal bracket: Markdown skips it
_EMPHASIS = re.compile(r"(?<!\\)[*_]")
_CONTAINER = re.compile(r"[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))")
_MARKDOWN_ATTR = re.compile(r"<[A-Za-z][^<>]*\smarkdown(?:\s*=|[\s>])", re.IGNORECASE)
# A line nested more than MAX_NESTING levels starts with more than MAX_NESTING characters that
# _CONTAINER and the indentation read: each level takes at least one of them. (Written with
# the line break in front rather than `^`: a literal first character is searched for fast.)
_DEEP_LINE = re.compile(rf"\n[ \t>*+\-.)\d]{{{MAX_NESTING + 1}}}")
_MARKDOWN_WORD = re.compile("markdown", re.IGNORECASE)  # in every line _MARKDOWN_ATTR finds


def _clearly_within(body: str) -> bool:
    """True when the whole body is too small to pass any limit, by bounds that read it a few
    times in C instead of line by line in Python. Notes as people write them pass this test;
    only a body near a limit is read line by line."""
    return (body.count("[") * len(body) <= MAX_BRACKET_WORK  # no paragraph reads more
            and body.count("*") + body.count("_") <= MAX_EMPHASIS
            and _DEEP_LINE.search("\n" + body) is None
            and (body.count("<") <= MAX_MARKDOWN_HTML
                 or len(_MARKDOWN_WORD.findall(body)) <= MAX_MARKDOWN_HTML))


def body_limits(body: str, first_line: int) -> list[tuple[int, str, str]]:
    """``(line, problem, fix)`` for each limit the body passes (at most one per kind)."""
    if _clearly_within(body):
        return []
    found: dict[str, tuple[int, str, str]] = {}
    block_start = 0
    lines = body.split("\n")
    padded = [*lines, ""]  # a blank line after the last closes the last paragraph
    markdown_html = 0
    for i, (line, fenced) in enumerate(zip(padded, fenced_lines(padded), strict=True)):
        if fenced:  # fenced code is neither nested nor read for inline syntax
            line = ""
        if not line.strip():
            if i > block_start:
                _paragraph(lines[block_start:i], first_line + block_start, found)
            block_start = i + 1
            continue
        depth, pos = 0, 0
        while marker := _CONTAINER.match(line, pos):  # `> - 1. ` each open a level
            depth, pos = depth + 1, marker.end()
        lead, rest = line[:len(line) - len(line.lstrip(" \t"))], line[pos:]
        indent = lead + (rest[:len(rest) - len(rest.lstrip(" \t"))] if pos else "")
        depth += len(indent.expandtabs(4)) // 4  # indented 4 columns a level
        if depth > MAX_NESTING and "nesting" not in found:
            found["nesting"] = (first_line + i, f"nested {depth} levels deep (limit "
                                f"{MAX_NESTING})", "flatten the lists, quotes or indentation")
        if _MARKDOWN_ATTR.search(line):
            markdown_html += 1
            if markdown_html > MAX_MARKDOWN_HTML and "html" not in found:
                found["html"] = (first_line + i, "more than "
                                 f"{MAX_MARKDOWN_HTML} HTML blocks with Markdown inside",
                                 "use Markdown without the HTML blocks")
    return sorted(v for k, v in found.items() if not k.startswith("_"))


def _paragraph(lines: list[str], first: int, found: dict[str, tuple[int, str, str]]) -> None:
    text = "\n".join(lines)
    emphasis = len(_EMPHASIS.findall(text))
    if emphasis > MAX_EMPHASIS and "emphasis" not in found:
        found["emphasis"] = (first, f"{emphasis:,} '*' and '_' in one paragraph (limit "
                             f"{MAX_EMPHASIS})", "split the paragraph, or write '\\*' for a "
                             "literal star")
    work = bracket_work(text)
    if work > MAX_BRACKET_WORK and "brackets" not in found:
        found["brackets"] = (first, f"{text.count('['):,} '[' in one paragraph that Markdown "
                             f"would read {work:,} characters for (limit "
                             f"{MAX_BRACKET_WORK:,})", "close or remove the stray '[' "
                             "(write '\\[' for a literal bracket), or split the paragraph")
    total = found.get("_work", (0, "", ""))[0] + work
    found["_work"] = (total, "", "")
    if total > MAX_BRACKET_WORK_NOTE and "brackets" not in found:
        found["brackets"] = (first, f"the note's paragraphs hold '[' that Markdown would read "
                             f"{total:,} characters for (limit {MAX_BRACKET_WORK_NOTE:,})",
                             "close or remove stray '[' (write '\\[' for a literal bracket)")


def bracket_work(text: str) -> int:
    """Characters Markdown reads looking for each ``[``'s match.

    With a stack of open brackets (a ``]`` closes the latest, or nothing), each ``[`` reads from
    where it opens to where it closes or to the end: every character is read once per bracket
    open there. The work is the stack's height summed over the text, counted here between one
    bracket and the next without a Python step per bracket (a paragraph may hold millions).
    """
    brackets = list(_BRACKET.finditer(text))
    if not brackets:
        return 0
    # The height ignores a `]` on an empty stack: it is the plain running sum of +1 and -1
    # minus its lowest value so far, when that is below zero.
    running = list(accumulate(map(_STEP.__getitem__, map(re.Match.group, brackets))))
    lowest = accumulate(running, min, initial=0)
    next(lowest)
    heights = map(sub, running, lowest)
    starts = list(map(re.Match.start, brackets))
    spans = map(sub, [*starts[1:], len(text)], starts)  # from each bracket to the next
    return sum(map(mul, heights, spans))


_STEP = {"[": 1, "]": -1}
