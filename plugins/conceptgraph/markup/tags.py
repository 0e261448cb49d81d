"""Obsidian tags written in a note's text: ``#tag`` and ``#nested/tag`` (obsidian.md §7).

A tag starts at a line's start or after white space; its name is letters of any script, digits,
``_``, ``-`` and ``/``, with at least one letter or ``_`` (``#1984`` is not a tag). It is never
in code, a heading line, a link's address (``page#part``), an HTML tag or an escape (``\\#``):
the ``#`` there follows a character other than white space, or the line is skipped.
"""

from __future__ import annotations

import re

from conceptgraph.markup.lexer import CODE_SPAN, fenced_lines

TAG_RE = re.compile(r"(?<!\S)#(?P<name>[\w/-]*[^\W\d][\w/-]*)")
_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
# Skipped on a line: code spans, HTML tags and comments, wiki-links (their `#heading` parts)
_HIDDEN = re.compile(rf"{CODE_SPAN.pattern}|<[^<>\n]*>|\[\[[^\[\]\n]*\]\]")


def tag_name(raw: str) -> str:
    """A tag as written (``#a/b/``, ``a``) as its name: no ``#``, no ``/`` at either end."""
    return raw.strip().lstrip("#").strip("/")


def inline_tags(body: str, first_line: int = 1) -> list[tuple[str, int]]:
    """``(name, line)`` of each tag in ``body``, in order; ``first_line`` is the body's first
    line in its file."""
    if "#" not in body:
        return []
    found = []
    lines = body.split("\n")
    blank_before = True
    for number, (line, fenced) in enumerate(zip(lines, fenced_lines(lines), strict=True)):
        indented_code = blank_before and line.startswith(("    ", "\t"))
        blank_before = not line.strip() or (blank_before and indented_code)
        if fenced or indented_code or "#" not in line or _HEADING.match(line):
            continue
        text = _HIDDEN.sub(lambda m: " " * len(m.group()), line)
        for m in TAG_RE.finditer(text):
            name = tag_name(m.group("name"))
            if name:
                found.append((name, first_line + number))
    return found
