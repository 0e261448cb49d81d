"""Stated limits on a note body, checked in one linear pass before Markdown sees it.

Python-Markdown is recursive and, for brackets, quadratic: each ``[`` is read forward to its
matching ``]`` (or to the end of the paragraph), nested lists, quotes, HTML blocks and emphasis
recurse once per level. A note from a stranger could make a build take hours or end in a
RecursionError. These limits are far above what a concept note needs, and each finding says
which line passes it and how to fix it.
"""

from __future__ import annotations

import re

# Markdown's bracket reading, summed over a paragraph: for each `[`, the characters up to its
# matching `]` or, without one, to the end of the paragraph. 2,000,000 is about a second.
MAX_BRACKET_WORK = 2_000_000
MAX_BRACKET_WORK_NOTE = 4 * MAX_BRACKET_WORK  # all paragraphs of a note together
MAX_NESTING = 32  # list, quote and indentation levels (4 columns each)
MAX_EMPHASIS = 200  # `*` and `_` in one paragraph
MAX_MARKDOWN_HTML = 32  # HTML blocks whose content is Markdown (`<div markdown>`)

_BRACKET = re.compile(r"(?<!\\)[\[\]]")  # `\[` is a literal bracket: Markdown skips it
_EMPHASIS = re.compile(r"(?<!\\)[*_]")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CONTAINER = re.compile(r"[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))")
_MARKDOWN_ATTR = re.compile(r"<[A-Za-z][^<>]*\smarkdown(?:\s*=|[\s>])", re.IGNORECASE)


def body_limits(body: str, first_line: int) -> list[tuple[int, str, str]]:
    """``(line, problem, fix)`` for each limit the body passes (at most one per kind)."""
    found: dict[str, tuple[int, str, str]] = {}
    block_start = 0
    lines = body.split("\n")
    markdown_html = 0
    fence: str | None = None
    for i, line in enumerate([*lines, ""]):
        m = _FENCE.match(line)
        if fence is not None or m:  # fenced code is neither nested nor read for inline syntax
            if fence is None:
                fence = m.group(1)  # type: ignore[union-attr]
            elif m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
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
    """Characters Markdown reads looking for each ``[``'s match: one pass with a stack."""
    work = 0
    open_at: list[int] = []
    for m in _BRACKET.finditer(text):
        if m.group() == "[":
            open_at.append(m.start())
        elif open_at:
            work += m.start() - open_at.pop()
    return work + sum(len(text) - i for i in open_at)
