"""Note bodies are untrusted: raw HTML in them is cleaned with Ammonia (nh3) after rendering,
and every dangerous construct the note contains is reported at its line.

The allow-list covers what Markdown, its extensions and this plugin produce (tables, footnotes,
admonitions, math, figures, code highlighting); scripts, frames, forms, styles, event handlers
and ``javascript:`` URLs never survive.
"""

from __future__ import annotations

import re
from typing import Any

import nh3

from conceptgraph.markup.lexer import CODE_SPAN, fenced_lines

_TAGS = set(nh3.ALLOWED_TAGS) | {"figure", "figcaption", "details", "summary", "span", "div",
                                  "input", "label", "sup", "sub", "section"}
_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "title", "lang", "dir", "aria-label", "aria-hidden", "role"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start", "type"},
    "input": {"type", "checked", "disabled"},
    "details": {"open"},
    "code": {"tabindex"},
    "pre": {"tabindex"},
}

# What a reader of the note source should be told about, and which the sanitiser removes.
_RISKY = re.compile(
    r"""
      (?P<tag><\s*(?:script|iframe|frame|object|embed|style|link|meta|base|form|svg|math)\b)
    | (?P<handler><[^>]*\son[a-z]+\s*=)          # an on*= event handler inside a tag
    | (?P<url>(?:javascript|vbscript|data)\s*:)  # a script URL scheme
    """,
    re.IGNORECASE | re.VERBOSE,
)


_CLEAN: dict[str, Any] = {
    "tags": _TAGS, "attributes": _ATTRIBUTES,
    "clean_content_tags": {"script", "style", "iframe", "object", "embed", "template"},
    "generic_attribute_prefixes": {"data-"}, "link_rel": None,
    # obsidian: the URI of another vault's note (markup/uri.py), left to readers who have it
    "url_schemes": {"http", "https", "mailto", "obsidian"}, "strip_comments": True}
# Made once: nh3.clean would convert the allow-list from Python on every call (a fifth of its
# time on a concept page). nh3 releases the GIL while it cleans.
_CLEANER = nh3.Cleaner(**_CLEAN)


def clean_html(html: str) -> str:
    """Rendered page HTML with everything outside the allow-list removed."""
    return _CLEANER.clean(html)


def risky_html(body: str, first_line: int) -> list[tuple[int, str]]:
    """``(line, what)`` for each script, frame, handler or script URL written in a note body,
    outside code (where it is shown as text, not run)."""
    # A tag or handler needs a '<'; a script URL needs a ':' after its scheme, or a '`' there
    # when a code span stands between them (code is blanked out first). A line without any is
    # not read with the case-insensitive pattern, which is slow; most bodies have none at all.
    def may_be_risky(text: str) -> bool:
        return "<" in text or ":" in text or "`" in text

    if not may_be_risky(body):
        return []
    found = []
    lines = body.split("\n")
    for offset, (line, fenced) in enumerate(zip(lines, fenced_lines(lines), strict=True)):
        if fenced or line.startswith(("    ", "\t")) or not may_be_risky(line):
            continue
        text = CODE_SPAN.sub(lambda c: " " * len(c.group()), line) if "`" in line else line
        for hit in _RISKY.finditer(text):
            what = hit.group("tag") or hit.group("url") or "an on…= event handler"
            what = re.sub(r"\s+", "", what.strip("<")) if hit.group("tag") else what
            found.append((first_line + offset, what))
            break
    return found
