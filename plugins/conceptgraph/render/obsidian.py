"""Obsidian's line semantics for note pages, as a Python-Markdown preprocessor."""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown import Markdown
from markdown.preprocessors import Preprocessor

_LIST_START = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}|\$\$)")
_QUOTE = re.compile(r"(?: {0,3}>[ ]?)+")  # the '>' markers of a blockquote (or callout) line


class NotePreprocessor(Preprocessor):
    """A preprocessor for note pages only: ``active`` says whether the page being converted is
    a note; ``convert`` is run on a note's lines, other pages' lines are left as they are."""

    def __init__(self, active: Callable[[], bool], md: Markdown):
        super().__init__(md)
        self._active = active

    def run(self, lines: list[str]) -> list[str]:
        return self.convert(lines) if self._active() else lines

    def convert(self, lines: list[str]) -> list[str]:
        raise NotImplementedError


class ObsidianLines(NotePreprocessor):
    """Notes are written in Obsidian, which shows a single line break as a break (unless the
    vault sets *Strict line breaks*: ``hard_breaks`` says) and lets a list start right under a
    paragraph line. Python-Markdown does neither, so for note pages only: a list that follows a
    paragraph line gets the blank line it needs (so does a quote indented under a list item),
    and a line inside a paragraph ends with a hard break. Both hold inside blockquotes and
    callouts too, between lines of the same depth (``>``, ``> >``). Code and math blocks are
    left alone, inside quotes too."""

    def __init__(self, active: Callable[[], bool], md: Markdown,
                 hard_breaks: Callable[[], bool] = lambda: True):
        super().__init__(active, md)
        self._hard_breaks = hard_breaks

    def convert(self, lines: list[str]) -> list[str]:
        breaks = self._hard_breaks()
        out: list[str] = []
        fence: str | None = None
        prev_text = False  # the previous line is paragraph text
        prev_blank = True
        prev_depth = 0  # the previous line's blockquote depth
        in_list = prev_nested = False  # in a list item; the previous line a quote indented in it
        fence_depth = 0  # the quote depth a fence was opened at (inside a callout: 1 or more)
        for line in lines:
            quote = _QUOTE.match(line)
            prefix = quote.group() if quote else ""
            depth, content = prefix.count(">"), line[len(prefix):]
            m = _FENCE.match(content)
            if fence is not None and depth < fence_depth:
                fence = None  # a fence inside a quote ends with the quote
            if fence is not None:
                if m and m.group(1)[0] == fence[0] and depth == fence_depth:
                    fence = None
                out.append(line)
                continue
            if m:
                fence, fence_depth = m.group(1), depth
                out.append(line)
                prev_text, prev_blank, prev_depth = False, False, depth
                continue
            if depth != prev_depth:  # another quote level: a new block
                prev_text, prev_blank = False, True
            blank = not content.strip()
            indented = content.startswith(("    ", "\t"))
            prev_depth = depth
            if indented and prev_blank:  # indented code: untouched
                out.append(line)
                continue
            is_list = bool(_LIST_START.match(content))
            # A quote (or callout) indented under a list item's line: it needs a blank line too
            nested_quote = indented and content.lstrip().startswith(">")
            structural = blank or content.lstrip().startswith(("#", "|", "<", "{:")) or \
                is_list or nested_quote
            if is_list and (prev_text or prev_nested) or nested_quote and in_list and \
                    not prev_blank and not prev_nested:
                out.append(prefix.rstrip())  # a blank line, inside the same quote
            elif breaks and prev_text and not structural and out and \
                    not out[-1].endswith("  "):
                out[-1] += "  "
            out.append(line)
            prev_text = not structural and not indented or (prev_text and indented and
                                                            not blank)
            prev_blank, prev_nested = blank, nested_quote
            in_list = is_list or (in_list and (blank or indented))
        return out
