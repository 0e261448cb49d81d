"""Bare web addresses as links, as Obsidian links them: ``pymdownx.magiclink`` with GFM's rule
for a closing parenthesis.

Magiclink ends every bare address before a ``)``, so a Wikipedia address such as
``https://en.wikipedia.org/wiki/Rectifier_(neural_networks)`` lost its last character and led
nowhere. GFM (and Obsidian) keep a ``)`` that closes a ``(`` of the address, and leave out one
that closes nothing (``(see https://x.org/a)``). The plugin loads this extension by its module
name in the place of ``pymdownx.magiclink`` when it enables bare links for the notes
(``plugin/markdown.py``); a site that lists magiclink itself keeps its own.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown
from markdown.util import AtomicString
from pymdownx.magiclink import RE_LINK, MagiclinkExtension, MagiclinkPattern


class BalancedLink(MagiclinkPattern):  # type: ignore[misc]
    """Magiclink's bare address, then the ``)`` right after it that close its open ``(``."""

    def handleMatch(self, m: re.Match[str], data: str) -> Any:  # noqa: N802
        el, start, end = super().handleMatch(m, data)
        href = el.get("href", "")
        closes = 0
        while closes < href.count("(") - href.count(")") and data.startswith(")", end + closes):
            closes += 1
        if closes:
            el.set("href", href + ")" * closes)
            el.text = AtomicString(el.text + ")" * closes)
        return el, start, end + closes


class AutolinksExtension(MagiclinkExtension):  # type: ignore[misc]
    """Magiclink, its bare-address pattern replaced by ``BalancedLink`` (same name, same
    priority, same settings)."""

    def setup_autolinks(self, md: Markdown, config: dict[str, Any]) -> None:
        super().setup_autolinks(md, config)
        pattern = BalancedLink(RE_LINK, md)
        pattern.config = config
        md.inlinePatterns.register(pattern, "magic-link", 85)


def makeExtension(**kwargs: Any) -> AutolinksExtension:  # noqa: N802 - Markdown's entry point
    return AutolinksExtension(**kwargs)
