"""The Python-Markdown extension that renders wiki-links: the one way a link is made.

1. An inline pattern turns each ``[[...]]`` into a placeholder element, ``<cg-link href>``, with
   the URL the page's ``PageLinks`` gives (or a ``<span class="cg-missing">`` for a concept that
   has no note). It runs after code spans, escapes and inline HTML were set aside (priority
   below ``html``), so a ``[[link]]`` in code or in a tag's attribute is never converted.
   Everything Markdown does with the rest of the line still applies to the label, and the
   table of contents and the page title read the label as plain text.
2. Once MkDocs has rewritten the links it knows (its ``relpath`` step, which would check every
   ``<a>``), a last tree step makes each placeholder the ``<a class="cg-link">`` it stands for,
   or plain text where no link can go: inside another link.

A link inside an attribute list (``{: title="see [[X]]" }``) stays text: its label.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, INLINE_PLACEHOLDER_RE, STX

from conceptgraph.markup.wikilinks import LINK_RE, LinkText
from conceptgraph.render.links import PageLinks
from conceptgraph.render.obsidian import ObsidianLines

PRIORITY = 85  # below 'html' (90): tags are stashed first; above 'entity' and emphasis
PLACEHOLDER = "cg-link"
_ESCAPED = re.compile(STX + r"(\d+)" + ETX)  # how Markdown's escape pattern stashes `\x`
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # `\_` shows as `_`
# An attribute list still open before the link, closed after it on the same line (attr_list)
_OPEN_ATTRIBUTES = re.compile(r"\{:?[^{}\n]*$")
_CLOSE_ATTRIBUTES = re.compile(r"[^{}\n]*\}")


class WikiLinkProcessor(InlineProcessor):
    def __init__(self, links: Callable[[], PageLinks | None], md: Markdown):
        super().__init__(LINK_RE.pattern, md)
        self._links = links

    def handleMatch(self, m: Any, data: str) -> tuple[Any, int | None, int | None]:  # noqa: N802
        links = self._links()
        if links is None:
            return None, None, None
        # Escapes (`\|` in a table, `\_`) were set aside before this pattern runs; put them back
        # as written, so the link reads as the scanner read it (markup.wikilinks.scan).
        inner = m.group("inner")
        if STX in inner:
            inner = INLINE_PLACEHOLDER_RE.sub(self._escape_as_written, inner)
        name, bar, label_part = inner.partition("|")
        if STX in name:
            # A code span in the heading is the heading as written: put it back as written
            target, hash_, heading = name.partition("#")
            name = target + hash_ + INLINE_PLACEHOLDER_RE.sub(self._code_as_written, heading)
            if STX in name:
                # Code, HTML or an autolink inside the name: not a link (the notes' reading
                # warns: markup.scanner.markup_in_name)
                return None, None, None
            inner = name + bar + label_part
        text = LinkText.parse(inner)
        label = text.display()
        if "\\" in label:
            label = _UNESCAPE.sub(r"\1", label)
        # An attribute list is on one line: look back to the line's start, not the node's
        start = m.start()
        line_start = data.rfind("\n", 0, start) + 1
        if data.find("{", line_start, start) >= 0 and \
                _OPEN_ATTRIBUTES.search(data, line_start, start) and \
                _CLOSE_ATTRIBUTES.match(data, m.end()):
            return label, m.start(0), m.end(0)
        result = links.render(text)
        if result.url is None:
            el = etree.Element("span", {"class": result.kind, "title": result.title})
        else:
            el = etree.Element(PLACEHOLDER, {"href": result.url})
        el.text = label
        return el, m.start(0), m.end(0)

    def _code_as_written(self, placeholder: re.Match[str]) -> str:
        """A stashed code span as the note wrote it (`` `x` ``); any other stash unchanged."""
        stashed = self.md.treeprocessors["inline"].stashed_nodes.get(placeholder.group(1))
        if isinstance(stashed, etree.Element) and stashed.tag == "code" and not len(stashed):
            return "`" + html.unescape(stashed.text or "") + "`"
        return placeholder.group(0)

    def _escape_as_written(self, placeholder: re.Match[str]) -> str:
        """A stashed backslash escape as the note wrote it (``\\|``); other stashes unchanged."""
        stashed = self.md.treeprocessors["inline"].stashed_nodes.get(placeholder.group(1))
        escape = _ESCAPED.fullmatch(stashed) if isinstance(stashed, str) else None
        return "\\" + chr(int(escape.group(1))) if escape else placeholder.group(0)


class LinkElements(Treeprocessor):
    """Each placeholder becomes its link; inside another link, a wiki-link is only its label,
    and so is a link inside a wiki-link's label (a web address there, which magiclink links)."""

    def run(self, root: etree.Element) -> None:
        self._walk(root, inside_link=False)

    def _walk(self, parent: etree.Element, inside_link: bool) -> None:
        for child in list(parent):
            is_link = child.tag == PLACEHOLDER or child.tag == "a"
            self._walk(child, inside_link or is_link)
            if child.tag == PLACEHOLDER and not inside_link:
                href = child.attrib.pop("href")
                child.tag = "a"
                child.attrib = {"class": "cg-link", "href": href}
            elif inside_link and (child.tag in (PLACEHOLDER, "a") or  # links do not nest
                                  child.get("class") in ("cg-missing", "cg-unpublished")):
                _unwrap(parent, child)


def _unwrap(parent: etree.Element, child: etree.Element) -> None:
    """Put ``child``'s text and children in its place."""
    at = list(parent).index(child)
    text = (child.text or "")
    if at == 0:
        parent.text = (parent.text or "") + text
    else:
        before = parent[at - 1]
        before.tail = (before.tail or "") + text
    inner = list(child)
    parent.remove(child)
    for offset, el in enumerate(inner):
        parent.insert(at + offset, el)
    tail = child.tail or ""
    if inner:
        inner[-1].tail = (inner[-1].tail or "") + tail
    elif at == 0:
        parent.text = (parent.text or "") + tail
    else:
        before.tail = (before.tail or "") + tail


class WikiLinkExtension(Extension):
    """Register with ``links``: a callable giving the current page's links (None: leave every
    ``[[...]]`` as written), ``obsidian``: whether the page is a note (``ObsidianLines``), and
    ``hard_breaks``: whether a line break inside a note's paragraph is a break."""

    def __init__(self, links: Callable[[], PageLinks | None],
                 obsidian: Callable[[], bool] = lambda: False,
                 hard_breaks: Callable[[], bool] = lambda: True):
        super().__init__()
        self._links = links
        self._obsidian = obsidian
        self._hard_breaks = hard_breaks

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        md.inlinePatterns.register(WikiLinkProcessor(self._links, md),
                                   "conceptgraph-wikilink", PRIORITY)
        # After fenced code (superfences: 32, fenced_code: 25) and raw HTML (20) are set aside.
        md.preprocessors.register(ObsidianLines(self._obsidian, md, self._hard_breaks),
                                  "conceptgraph-lines", 5)
        # After MkDocs' relpath (0), which would check each <a> as a link it must resolve
        md.treeprocessors.register(LinkElements(md), "conceptgraph-links", -1)
