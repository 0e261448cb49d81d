"""Obsidian Flavored Markdown on note pages, as one Python-Markdown extension.

- **Callouts** (``> [!tip]- Title``) become Material admonitions, or collapsible ``<details>``
  when foldable, through the maintained ``mkdocs-callouts`` converter (``render/callouts.py``:
  its ``CalloutParser`` writes the ``!!!``/``???`` syntax that ``admonition`` and
  ``pymdownx.details`` render). Every Obsidian type and alias maps to its Material style
  (``callout_class``); an unknown type is styled as *note* and keeps its name as a class,
  ``callout-<type>``.
- **Inline footnotes** (``text^[a note]``) become numbered footnotes of ``footnotes``.
- **Tasks** done with any mark (``- [?]``, ``- [-]``) are done tasks of ``pymdownx.tasklist``,
  each with its mark as ``data-task``.
- **Tags** written in the text (``#tag``) become links to their tag pages.

Comments (``%%…%%``) never reach Markdown: the notes stage takes them out
(``markup.comments``). Highlights, strike-through, tasks and Mermaid are the extensions the
adapter enables (``plugin.markdown``). All of this runs on note pages only.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

from markdown import Extension, Markdown
from markdown.blockparser import BlockParser
from markdown.extensions.tables import TableProcessor
from markdown.treeprocessors import Treeprocessor

from conceptgraph.markup.lexer import CODE_SPAN, fence_closes, fence_open, unquote
from conceptgraph.markup.tags import TAG_RE, tag_name
from conceptgraph.render.lists import ListIndents
from conceptgraph.render.obsidian import NotePreprocessor
from conceptgraph.render.tag_pages import TagHref


class CalloutBlocks(NotePreprocessor):
    """``> [!type]`` blockquotes as admonitions. Fenced code was set aside before (its
    placeholders are single lines), so a callout written inside code stays code."""

    def convert(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "[!" not in text:
            return lines
        from conceptgraph.render.callouts import Callouts  # only a page with a callout

        # The converter indents admonition bodies with tabs; Python-Markdown reads spaces
        # (it had turned the note's own tabs into spaces already).
        return Callouts().parse(text).replace("\t", "    ").split("\n")



class QuotedFences(NotePreprocessor):
    """A fence inside a quote is written with one space after its ``>``: up to three extra
    spaces of indentation, as Markdown allows, or none at all (the space after ``>`` is
    optional: obsidian-help's *Style guide* closes a fence with ``>`` and the backticks), so
    that the closing fence closes it as in Obsidian: superfences, which sets fences in quotes
    aside next, wants both at the same indentation. A fence its quote ends before it is
    closed is closed there, as Markdown and Obsidian close it (obsidian-help's Chinese *Basic
    formatting syntax*): left open, it made code of the rest of the page and its callouts."""

    def convert(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        fence: tuple[int, str] | None = None  # the open fence: its quote depth and marker
        for line in lines:
            if line.startswith((">", " ")):
                line = _QUOTED_FENCE.sub(r"\1 ", line)
            depth, rest = unquote(line)
            if fence is not None and depth < fence[0]:  # the quote ended: so does its code
                out.append("> " * fence[0] + fence[1])
                fence = None
            if fence is not None:
                if depth == fence[0] and fence_closes(rest, fence[1]):
                    fence = None
            elif (opened := fence_open(rest)) is not None:
                fence = (depth, opened)
            out.append(line)
        if fence is not None and fence[0]:
            out.append("> " * fence[0] + fence[1])
        return out


_QUOTED_FENCE = re.compile(r"^((?:[ ]{0,3}>)+)[ ]{0,4}(?=`{3,}|~{3,})")


_INLINE_NOTE = re.compile(rf"{CODE_SPAN.pattern}|\^\[(?P<note>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]")
INLINE_LABEL = "cg-inline-{}"


class InlineFootnotes(NotePreprocessor):
    """``text^[note]`` → ``text[^cg-inline-1]`` and that footnote's definition at the end;
    ``footnotes`` numbers them with the others, in order of first reference."""

    def convert(self, lines: list[str]) -> list[str]:
        if not any("^[" in line for line in lines):
            return lines
        notes: list[str] = []

        def replace(m: re.Match[str]) -> str:
            if m.group("note") is None:
                return m.group()  # a code span, kept as written
            notes.append(m.group("note").strip())
            return f"[^{INLINE_LABEL.format(len(notes))}]"

        out = [_INLINE_NOTE.sub(replace, line) if "^[" in line else line for line in lines]
        for i, note in enumerate(notes, 1):  # each its own block: no line break joins them
            out += ["", f"[^{INLINE_LABEL.format(i)}]: {note}"]
        return out


_NO_TAGS = frozenset({"code", "pre", "a", "h1", "h2", "h3", "h4", "h5", "h6", "script",
                      "style", "kbd", "samp", "cg-link"})


class TagLinks(Treeprocessor):
    """Each ``#tag`` in the page's text becomes ``<a class="tag" href>`` to the tag's page; in
    code, links, headings and math it stays text."""

    def __init__(self, hrefs: Callable[[], TagHref | None], md: Markdown):
        super().__init__(md)
        self._hrefs = hrefs

    def run(self, root: etree.Element) -> None:
        href = self._hrefs()
        if href is not None:
            self._walk(root, href)

    def _walk(self, el: etree.Element, href: TagHref) -> None:
        if el.tag in _NO_TAGS or "arithmatex" in el.get("class", ""):
            return
        if el.text and "#" in el.text:
            el.text, made = _split(el.text, href, tail=False)
            for i, a in enumerate(made):
                el.insert(i, a)
        for child in list(el):
            self._walk(child, href)
            if child.tail and "#" in child.tail:
                child.tail, made = _split(child.tail, href, tail=True)
                at = list(el).index(child) + 1
                for i, a in enumerate(made):
                    el.insert(at + i, a)


def _split(text: str, href: TagHref, tail: bool) -> tuple[str, list[etree.Element]]:
    """``text`` up to its first tag link, and the links, each with the text after it as tail.
    A tail follows an element, so a ``#`` at its very start is not after white space."""
    first, pos = None, 0
    made: list[etree.Element] = []
    for m in TAG_RE.finditer(text):
        url = href(tag_name(m.group("name")))
        if url is None or (tail and m.start() == 0):
            continue
        if made:
            made[-1].tail = text[pos:m.start()]
        else:
            first = text[:m.start()]
        a = etree.Element("a", {"class": "tag", "href": url})
        a.text = m.group()
        made.append(a)
        pos = m.end()
    if not made:
        return text, []
    made[-1].tail = text[pos:]
    return first or "", made


_LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")
_TASK = re.compile(r"^((?: {0,3}>[ ]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)\[([^\]\t])\](?=\s|$)")


class TaskMarks(NotePreprocessor):
    """``- [?] item``, ``- [-] item``: in Obsidian any character in the brackets marks a task
    done; ``pymdownx.tasklist`` reads only ``x``, so the others are written as ``x``. Each
    task's mark is kept, in order, in ``marks`` for ``TaskData``. Indented code (after a blank
    line) is left as written."""

    def __init__(self, active: Callable[[], bool], marks: list[str], md: Markdown):
        super().__init__(active, md)
        self._marks = marks

    def run(self, lines: list[str]) -> list[str]:
        self._marks.clear()  # every page, a note or not: TaskData reads them after
        return super().run(lines)

    def convert(self, lines: list[str]) -> list[str]:
        if not any("[" in line for line in lines):
            return lines
        out, code, blank, in_list = [], False, True, False
        for line in lines:
            indented = line.startswith(("    ", "\t"))
            # Indented after a blank line is code, unless it continues a list (a nested item)
            code = indented and (code or blank and not in_list) or (code and not line.strip())
            if not code and line.strip() and not indented:
                in_list = bool(_LIST_ITEM.match(line))
            blank = not line.strip()
            task = None if code else _TASK.match(line)
            if task is None:
                out.append(line)
                continue
            self._marks.append(task.group(2))
            done = "x" if task.group(2) not in " X" else task.group(2)
            out.append(f"{task.group(1)}[{done}]{line[task.end():]}")
        return out


class TaskData(Treeprocessor):
    """Each task item gets Obsidian's ``data-task`` with its mark (``x``, ``?``, ``-``; a space
    for an open task), for themes that draw custom statuses. Only when the items and the marks
    found in the text agree one to one; otherwise none is set."""

    def __init__(self, marks: list[str], md: Markdown):
        super().__init__(md)
        self._marks = marks

    def run(self, root: etree.Element) -> None:
        if not self._marks:
            return
        items = [li for li in root.iter("li") if "task-list-item" in li.get("class", "")]
        if len(items) == len(self._marks):
            for li, mark in zip(items, self._marks, strict=True):
                li.set("data-task", mark)


class ObsidianTables(TableProcessor):
    """Python-Markdown's tables, with each row's outer pipes optional on their own, as GFM and
    Obsidian read them: under a header written without them, a row written ``| a | b``
    (obsidian-help's *Obsidian Flavored Markdown*) had an empty first cell and lost its last.
    Pages of ``docs/`` keep Python-Markdown's reading."""

    def __init__(self, parser: BlockParser, config: dict[str, Any], active: Callable[[], bool]):
        super().__init__(parser, config)
        self._active = active

    def _split_row(self, row: str) -> list[str]:
        if self.border or not self._active():
            return super()._split_row(row)
        return self._split(self.RE_END_BORDER.sub("", row[1:] if row.startswith("|") else row))


class ObsidianExtension(Extension):
    """Register with ``active``: whether the page being rendered is a note; ``tag_hrefs``:
    the current page's tag links (None: tags stay text)."""

    def __init__(self, active: Callable[[], bool], tag_hrefs: Callable[[], TagHref | None]):
        super().__init__()
        self._active = active
        self._tag_hrefs = tag_hrefs

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        # After fenced code (25) and raw HTML (20) are set aside; footnotes before the line
        # breaks (ObsidianLines: 5), callouts after them (they read the blockquotes as written)
        md.preprocessors.register(ListIndents(self._active, md), "conceptgraph-lists", 8)
        md.preprocessors.register(InlineFootnotes(self._active, md), "conceptgraph-footnotes", 7)
        marks: list[str] = []  # the marks of the page's tasks, in order
        md.preprocessors.register(TaskMarks(self._active, marks, md), "conceptgraph-tasks", 6)
        md.treeprocessors.register(TaskData(marks, md), "conceptgraph-task-data", 24)
        md.preprocessors.register(CalloutBlocks(self._active, md), "conceptgraph-callouts", 4)
        # Before fenced code (25), which would not see a fence indented inside its quote
        md.preprocessors.register(QuotedFences(self._active, md), "conceptgraph-fences", 27)
        if "table" in md.parser.blockprocessors:  # the tables extension's, replaced in place
            tables = md.parser.blockprocessors["table"]
            md.parser.blockprocessors.register(ObsidianTables(
                md.parser, getattr(tables, "config", {"use_align_attribute": False}),
                self._active), "table", 75)
        # After MkDocs' relpath (0): tag links are final URLs, not pages for it to check
        md.treeprocessors.register(TagLinks(self._tag_hrefs, md), "conceptgraph-tags", -2)
