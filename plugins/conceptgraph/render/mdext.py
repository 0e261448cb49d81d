"""Python-Markdown extension that renders wiki-links.

It runs after code spans, escapes and inline HTML have been set aside (priority below ``html``),
so a ``[[link]]`` inside code or inside a tag's attribute is never converted.

A link whose label is plain words (the common case) becomes its label between markers
(``marks.py``), made a link once the page's HTML is final. A label with markup in it (code,
emphasis, an escape) becomes an ``<a href="page.md#anchor">`` element instead, rendered by
Markdown and turned into a URL by MkDocs. A missing link is a ``<span class="cg-missing">`` with
no ``href`` either way.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, INLINE_PLACEHOLDER_RE, STX

from conceptgraph.markup.wikilinks import LINK_RE, LinkText
from conceptgraph.render.marks import MARK_OPEN, PLAIN_LABEL, PageLinks, strip_marks

PRIORITY = 85  # below 'html' (90): tags are stashed first; above 'entity' and emphasis
_ESCAPED = re.compile(STX + r"(\d+)" + ETX)  # how Markdown's escape pattern stashes `\x`
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # `\_` shows as `_`


class WikiLinkProcessor(InlineProcessor):
    def __init__(self, links: Callable[[], PageLinks | None], md: Markdown):
        super().__init__(LINK_RE.pattern, md)
        self._links = links

    def handleMatch(self, m: Any, data: str) -> tuple[Any, int | None, int | None]:  # noqa: N802
        links = self._links()
        if links is None or links.render is None:
            return None, None, None
        # Escapes (`\|` in a table, `\_`) were set aside before this pattern runs; put them back
        # as written, so the link reads as the scanner read it (wikilinks.scan).
        inner = INLINE_PLACEHOLDER_RE.sub(self._escape_as_written, m.group("inner"))
        if STX in inner.partition("|")[0]:
            # Code, HTML or an autolink inside the name: not a link (scan warns), left as written.
            return None, None, None
        text = LinkText.parse(inner)
        label = text.display()
        plain = PLAIN_LABEL.fullmatch(label) is not None
        result = links.render(text, not plain)
        if plain:
            return links.mark(result, label), m.start(0), m.end(0)
        if result.url is None:
            el = etree.Element("span", {"class": "cg-missing"})
            el.set("title", result.title or f"Missing concept: {text.target}")
        else:
            el = etree.Element("a", {"href": result.href, "class": "cg-link"})
            if result.title:
                el.set("title", result.title)
        el.text = _UNESCAPE.sub(r"\1", label)
        return el, m.start(0), m.end(0)

    def _escape_as_written(self, placeholder: re.Match[str]) -> str:
        """A stashed backslash escape as the note wrote it (``\\|``); other stashes unchanged."""
        stashed = self.md.treeprocessors["inline"].stashed_nodes.get(placeholder.group(1))
        escape = _ESCAPED.fullmatch(stashed) if isinstance(stashed, str) else None
        return "\\" + chr(int(escape.group(1))) if escape else placeholder.group(0)


_LIST_START = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}|\$\$)")


class ObsidianLines(Preprocessor):
    """Notes are written in Obsidian, which shows a single line break as a break and lets a list
    start right under a paragraph line. Python-Markdown does neither, so for note pages only:
    a list that follows a paragraph line gets the blank line it needs, and a line inside a
    paragraph ends with a hard break. Code and math blocks are left alone."""

    def __init__(self, active: Callable[[], bool], md: Markdown):
        super().__init__(md)
        self._active = active

    def run(self, lines: list[str]) -> list[str]:
        if not self._active():
            return lines
        out: list[str] = []
        fence: str | None = None
        prev_text = False  # the previous line is paragraph text
        prev_blank = True
        for line in lines:
            if not line and fence is None:  # an empty line (most blank lines): nothing to do
                out.append(line)
                prev_text, prev_blank = False, True
                continue
            # Only a line with a fence character can open or close a fence.
            m = _FENCE.match(line) if "`" in line or "~" in line or "$" in line else None
            if fence is not None:
                if m and m.group(1)[0] == fence[0]:
                    fence = None
                out.append(line)
                continue
            if m:
                fence = m.group(1)
                out.append(line)
                prev_text, prev_blank = False, False
                continue
            blank = not line.strip()
            indented = line.startswith(("    ", "\t"))
            if indented and prev_blank:  # indented code: untouched
                out.append(line)
                continue
            is_list = bool(_LIST_START.match(line))
            structural = blank or line.lstrip().startswith(("#", "|", ">", "<", "{:")) or is_list
            if is_list and prev_text:
                out.append("")
            elif prev_text and not structural and out and not out[-1].endswith("  "):
                out[-1] += "  "
            out.append(line)
            prev_text = not structural and not indented or (prev_text and indented and
                                                            not blank)
            prev_blank = blank
        return out


class MarkGuard(Treeprocessor):
    """A marked label may only become a link in running text: inside an attribute (``{: title=
    "[[X]]" }`` with attr_list) or inside another link it stays plain text."""

    def __init__(self, links: Callable[[], PageLinks | None], md: Markdown):
        super().__init__(md)
        self._links = links

    def run(self, root: etree.Element) -> None:
        links = self._links()
        if links is None or not links.marks:
            return
        for el in root.iter():
            for key, value in el.items():
                if MARK_OPEN in value:
                    el.set(key, strip_marks(value))
            if el.tag == "a":
                for inner in el.iter():
                    if inner.text and MARK_OPEN in inner.text:
                        inner.text = strip_marks(inner.text)
                    if inner is not el and inner.tail and MARK_OPEN in inner.tail:
                        inner.tail = strip_marks(inner.tail)


class WikiLinkExtension(Extension):
    """Register with ``links``: a callable giving the current page's links (or None).

    ``obsidian`` says whether the page being rendered is a note (see ``ObsidianLines``).
    """

    def __init__(self, links: Callable[[], PageLinks | None],
                 obsidian: Callable[[], bool] = lambda: False):
        super().__init__()
        self._links = links
        self._obsidian = obsidian

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        # MkDocs makes a Markdown instance for each page, once the page's links are known: a
        # page with no wiki-link left in its Markdown (all marked) is spared the pattern.
        links = self._links()
        if links is None or links.inline:
            md.inlinePatterns.register(WikiLinkProcessor(self._links, md),
                                       "conceptgraph-wikilink", PRIORITY)
        # After fenced code (superfences: 32, fenced_code: 25) and raw HTML (20) are set aside.
        md.preprocessors.register(ObsidianLines(self._obsidian, md), "conceptgraph-lines", 5)
        # After inline patterns (20) and attr_list (8), before the table of contents (5).
        md.treeprocessors.register(MarkGuard(self._links, md), "conceptgraph-marks", 6)
