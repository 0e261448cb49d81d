"""Nested lists as Obsidian nests them, as a Python-Markdown preprocessor for note pages.

Obsidian (like CommonMark) nests a list item under the one above when it is indented as far as
that item's text: two spaces under ``- item``, three under ``1. item``. Python-Markdown nests
only by four spaces (a tab), so a note written with two-space indents came out flat, with its
ordered sublists merged into the list above. For note pages only, each nested item and each
line that continues an item is indented again by four spaces a level; lists already indented
by four spaces or tabs come out as they were.
"""

from __future__ import annotations

import re

from conceptgraph.markup.lexer import unquote
from conceptgraph.render.obsidian import NotePreprocessor

_ITEM = re.compile(r"( *)([-*+]|\d{1,9}[.)])( +)(?=\S)")
_RULE = re.compile(r" {0,3}([-*_])(?: *\1){2,} *$")  # "- - -" is a rule, not an item
TAB = 4  # Python-Markdown's indent of one nesting level


class ListIndents(NotePreprocessor):
    """Re-indent nested lists of a note by CommonMark's rule (see the module)."""

    def convert(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        depth_of_run = -1
        run: list[tuple[str, str]] = []  # lines of one quote depth, read together
        for line in lines:
            depth, text = unquote(line)
            if depth != depth_of_run and run:
                out += _reindent(run)
                run = []
            depth_of_run = depth
            run.append((line[:len(line) - len(text)], text))
        return out + _reindent(run)


def _reindent(run: list[tuple[str, str]]) -> list[str]:
    """The lines of one quote depth (prefix, content), with their lists re-indented."""
    out: list[str] = []
    cols: list[int] = []  # the text column of each open item, outermost first
    prev_blank = True
    inside = False  # this block (since a blank line) began inside an item, not with one
    for prefix, text in run:
        if not text.strip():
            out.append(prefix + text)
            prev_blank, inside = True, False
            continue
        indent = len(text) - len(text.lstrip(" "))
        item = _ITEM.match(text)
        if item and not _RULE.match(text) and (cols or indent < TAB):
            while cols and indent < cols[-1]:  # not inside the items it is left of
                cols.pop()
            new = TAB * len(cols) if cols else indent
            if inside and not prev_blank:  # Markdown would read the item as that block's text
                out.append(prefix.rstrip())
                inside = False
            cols.append(indent + len(item.group(2)) + min(len(item.group(3)), TAB))
            out.append(prefix + " " * new + text[indent:])
        elif cols and not prev_blank:  # continues the paragraph of the innermost item
            new = TAB * len(cols) if len(cols) > 1 and indent else indent
            out.append(prefix + " " * new + text[indent:])
        elif cols and indent >= cols[0]:  # after a blank line: belongs to the item it fits
            k = max(i for i, col in enumerate(cols) if indent >= col)
            del cols[k + 1:]
            inside = True
            extra = indent - cols[k]  # four or more past the item's text: code in the item
            out.append(prefix + " " * (TAB * (k + 1) + (extra if extra >= TAB else 0))
                       + text[indent:])
        else:
            cols = []  # the list has ended
            out.append(prefix + text)
        prev_blank = False
    return out
