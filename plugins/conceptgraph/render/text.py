"""Note text written into generated pages, so that it shows exactly as written.

Text from notes is untrusted: in Markdown it is written with character references wherever
Markdown, its extensions or math could read syntax (``md_text``); in HTML it is escaped.
"""

from __future__ import annotations

import html
import json
import re

from conceptgraph.markup.lexer import CODE_SPAN

# Characters Markdown, its extensions (arithmatex, tables, attr_list, tilde, caret…) or HTML
# could read as syntax in running text.
_SPECIAL = frozenset("\\`*_{}[]()#+-.!|~^=:<>&\"'$@%")
_INLINE_MATH = re.compile(r"\$([^$\n]+?)\$")


def md_text(text: str) -> str:
    """``text`` as Markdown that renders to exactly these characters, never to markup."""
    return "".join(f"&#{ord(c)};" if c in _SPECIAL else c for c in text)


def md_text_code(text: str) -> str:
    """Text for inside a code span: backticks cannot be escaped there, so they are dropped."""
    return text.replace("`", "'").replace("|", "\\|")


def attr(text: str) -> str:
    """``text`` for an HTML attribute value in double quotes."""
    return html.escape(text, quote=True)


def text_with_math(text: str) -> str:
    """Escaped ``text`` in which each ``$...$`` becomes an inline formula for KaTeX (the TeX is
    escaped too, and KaTeX renders it as math, never as HTML)."""
    parts, pos = [], 0
    for m in _INLINE_MATH.finditer(text):
        parts.append(html.escape(text[pos:m.start()]))
        parts.append(f'<span class="arithmatex">\\({html.escape(m.group(1))}\\)</span>')
        pos = m.end()
    parts.append(html.escape(text[pos:]))
    return "".join(parts)


def text_with_code(text: str) -> str:
    """Escaped ``text`` in which each code span (```code```) is shown as code and each
    ``$...$`` outside them as an inline formula (``text_with_math``)."""
    parts, pos = [], 0
    for m in CODE_SPAN.finditer(text):
        parts.append(text_with_math(text[pos:m.start()]))
        code = m.group()[len(m.group("ticks")):-len(m.group("ticks"))]
        if code.startswith(" ") and code.endswith(" ") and code.strip():
            code = code[1:-1]  # one space each side is padding, as Markdown reads it
        parts.append(f"<code>{html.escape(code)}</code>")
        pos = m.end()
    parts.append(text_with_math(text[pos:]))
    return "".join(parts)


# MkDocs reads a page's first lines as metadata when they look like ``Key: value``
# (MultiMarkdown) or open a ``---`` block, and removes them from the page, so a note that starts
# with ``Status: draft`` would lose that line; a blank first line is, as MkDocs documents, no
# metadata. (The page's metadata is set by the adapter, never read from the text.)
NO_METADATA = "\n"
# What mkdocs.utils.meta reads as metadata starts so: a "---" block, or "Key:" (MultiMarkdown)
_READ_AS_METADATA = re.compile(r"---|[ ]{0,3}[A-Za-z0-9_-]+:")


def page_markdown(body: str, extra: str = "") -> str:
    """A note's page Markdown: its ``body``, then ``extra`` (Markdown the build adds), with a
    blank first line when MkDocs could read the first one as metadata. Otherwise the page is
    the body itself, the same string: a build keeps one copy of each note's text, not two."""
    text = f"{body}\n\n{extra}" if extra else body
    return NO_METADATA + text if _READ_AS_METADATA.match(text) else text


def frontmatter(title: str, hide: tuple[str, ...] = (), **extra: object) -> str:
    """A YAML block MkDocs reads for a generated page; JSON strings are valid YAML text.

    Material writes ``page.meta.title`` into the page as HTML (``<title>``, header, nav), so the
    title is HTML-escaped here: a title is always text."""
    lines = [f"title: {json.dumps(html.escape(title, quote=True), ensure_ascii=True)}"]
    lines += [f"{k}: {json.dumps(v, ensure_ascii=True)}" for k, v in extra.items()]
    if hide:  # Material: hide the navigation or table of contents on a wide page
        lines.append(f"hide: {json.dumps(list(hide))}")
    return "---\n" + "\n".join(lines) + "\n---\n\n"
