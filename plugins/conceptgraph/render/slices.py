"""What a transclusion shows of a note: all of it, a heading's section, or one block."""

from __future__ import annotations

import re

from conceptgraph.links.resolve import find_heading
from conceptgraph.notes.note import Note

_LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]")


def note_slice(note: Note, sub: str) -> tuple[str, int] | None:
    """The text ``sub`` names in ``note`` (all of it, a heading's section or a block) and the
    file line it starts at; None when there is no such heading or block."""
    lines = note.body.split("\n")
    first = note.source.body_line
    if not sub:
        return note.body, first
    if sub.startswith("^"):
        line = note.scan.blocks.get(sub[1:])
        if line is None:
            return None
        i = line - first
        if lines[i].strip() == sub:  # the block above
            end = i - 1
            while end > 0 and not lines[end].strip():
                end -= 1
            start = end
            while start > 0 and lines[start - 1].strip():
                start -= 1
            return "\n".join(lines[start:end + 1]), first + start
        item = _LIST_ITEM.match(lines[i])
        if item:  # the item and the items under it
            indent = len(item.group("indent").expandtabs(4))
            end = i + 1
            while end < len(lines) and lines[end].strip() and \
                    len(lines[end]) - len(lines[end].lstrip()) > indent:
                end += 1
            part = [x[indent:] if x[:indent].isspace() else x for x in lines[i:end]]
            return "\n".join(part), first + i
        start = i
        while start > 0 and lines[start - 1].strip() and \
                not lines[start - 1].lstrip().startswith("#"):
            start -= 1
        return "\n".join(lines[start:i + 1]), first + start
    heading = find_heading(note.scan.headings, sub)
    if heading is None:
        return None
    start = heading.line - first
    end = next((h.line - first for h in note.scan.headings
                if h.line > heading.line and h.level <= heading.level), len(lines))
    return "\n".join(lines[start:end]), first + start


_QUOTE = re.compile(r"^(?:[ \t]*>[ \t]?)+")
_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+")


def container(line: str) -> str:
    """What each line of a transclusion written on ``line`` must start with to stay inside its
    block: the ``> `` of a quote (or callout), the indentation of a list item's content, or
    that of an indented line."""
    quote = _QUOTE.match(line)
    if quote:
        return quote.group().rstrip() + " "
    item = _ITEM.match(line)
    if item:
        return " " * (len(item.group("indent").expandtabs(4)) + 4)
    return line[:len(line) - len(line.lstrip(" \t"))]
