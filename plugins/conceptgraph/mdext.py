"""Python-Markdown extension that renders wiki-links.

It runs after code spans, escapes and inline HTML have been set aside (priority below ``html``),
so a ``[[link]]`` inside code or inside a tag's attribute is never converted. A resolved link
becomes ``<a href="relative/page.md#anchor">``, which MkDocs then checks and turns into a URL; an
unresolved one becomes a visibly missing ``<span>`` with no ``href``.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor

from .wikilinks import LINK_RE, LinkText

PRIORITY = 85  # below 'html' (90): tags are stashed first; above 'entity' and emphasis


@dataclass(frozen=True)
class Rendered:
    """What a link renders to: an ``href`` for a resolved link, or None when it is missing."""

    href: str | None
    title: str = ""


LinkRenderer = Callable[[LinkText], Rendered]


class WikiLinkProcessor(InlineProcessor):
    def __init__(self, render: Callable[[], LinkRenderer | None], md: Markdown):
        super().__init__(LINK_RE.pattern, md)
        self._render = render

    def handleMatch(self, m: Any, data: str) -> tuple[Any, int, int]:  # noqa: N802
        renderer = self._render()
        if renderer is None:
            return None, None, None
        text = LinkText.parse(m.group("inner"))
        result = renderer(text)
        if result.href is None:
            el = etree.Element("span", {"class": "cg-missing"})
            el.set("title", result.title or f"Missing concept: {text.target}")
        else:
            el = etree.Element("a", {"href": result.href, "class": "cg-link"})
            if result.title:
                el.set("title", result.title)
        el.text = text.display()
        return el, m.start(0), m.end(0)


class WikiLinkExtension(Extension):
    """Register with ``render``: a callable giving the current page's link renderer (or None)."""

    def __init__(self, render: Callable[[], LinkRenderer | None]):
        super().__init__()
        self._render = render

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        md.inlinePatterns.register(WikiLinkProcessor(self._render, md), "conceptgraph-wikilink",
                                   PRIORITY)
