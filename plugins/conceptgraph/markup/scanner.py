"""The scanner: the wiki-links and headings of a note body, with their line numbers.

It skips what Markdown does not render as text: fenced and indented code, code spans, ``\\``
escapes, raw HTML tags and blocks. Every pattern is linear: nothing in it can backtrack over
more than one line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from conceptgraph.markup.lexer import CODE_SPAN, FENCE_MARKERS, Fences
from conceptgraph.markup.wikilinks import (
    DEFAULT_IDS,
    LINK_RE,
    Heading,
    HeadingIds,
    Link,
    LinkText,
    plain_text,
)

# Things on one line that hide a `[[` from Markdown, tried left to right at each position.
_INLINE = re.compile(
    rf"""
      (?P<escape>\\.)                              # backslash escape: \[ is a literal bracket
    | (?P<code>{CODE_SPAN.pattern})                # a closed code span (lexer.py)
    | (?P<openticks>`+)                            # a backtick run that never closes: literal
    | (?P<comment><!--.*?-->)                      # an HTML comment on one line
    | (?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)   # an inline HTML tag, attributes and all
    | (?P<link>\[\[(?P<inner>[^\[\]\n]*)\]\])      # the wiki-link itself
    """,
    re.VERBOSE,
)
# Every _INLINE token starts with one of these. The regex engine cannot skip ahead to them by
# itself (each alternative opens with a group), so the tokenizer jumps from one to the next.
_TOKEN_START = re.compile(r"[\\`<\[]")
_UNESCAPED_BAR = re.compile(r"(?<!\\)\|")
# `text ^block-id` at the end of a line, or `^block-id` alone on one (Obsidian's block ids)
BLOCK_ID = re.compile(r"(?:^|[ \t])\^(?P<id>[A-Za-z0-9-]+)[ \t]*$")
_CARET_ID = re.compile(r"\^[A-Za-z0-9-]+[ \t]*$", re.MULTILINE)  # BLOCK_ID, caret first


def has_block_id(body: str) -> bool:
    """Whether a line of ``body`` ends in a block id (``BLOCK_ID``: after a space, or alone)."""
    return any(m.start() == 0 or body[m.start() - 1] in " \t\n"
               for m in _CARET_ID.finditer(body))


# What Markdown renders before wiki-links inside a link's name: a code span, a tag, a comment
# or an autolink (`<https://…>`). Such a `[[…]]` is not a link.
_MARKUP = re.compile(r"`|<(?:/?[A-Za-z][^<>]*|!--.*?--|[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>")


def markup_in_name(name: str) -> bool:
    """Whether a link's name (``Note#Heading``, without the label) holds markup that makes it
    no link: a code span, tag or autolink in the note's name, or a tag in the heading. A code
    span in the heading is the heading as written (obsidian-help's ``[[Filters#`wikilink`]]``
    for the heading ``### `wikilink```): the renderer puts it back (render/markdown_ext.py)."""
    if "`" not in name and "<" not in name:
        return False
    target, _, heading = name.partition("#")
    return _MARKUP.search(target) is not None or (
        "<" in heading and _MARKUP.search(heading.replace("`", "")) is not None)


_HEADING = re.compile(r"^ {0,3}(?P<level>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_LIST_MARKERS = frozenset("-*+")  # or a digit: \d is exactly str.isdecimal()
_HTML_BLOCK = re.compile(
    r"^ {0,3}<(?:/?(?:address|article|aside|blockquote|details|dialog|div|dl|fieldset|figcaption"
    r"|figure|footer|form|h[1-6]|header|hr|iframe|li|main|nav|noscript|ol|p|pre|script|section"
    r"|style|summary|table|tbody|td|tfoot|th|thead|tr|ul|video|audio|canvas|object|embed|svg|math)"
    r"(?:[\s/>]|$)|!--)",
    re.IGNORECASE,
)


@dataclass
class Scan:
    """What the scanner found in one body: links, headings, and table rows whose link has an
    unescaped ``|`` (left as text, since Markdown splits the cell there)."""

    links: list[Link]
    headings: list[Heading]
    table_pipe_lines: list[int]
    markup_links: list[tuple[int, str]] = field(default_factory=list)  # (line, raw): not links
    # Obsidian block ids (``^id`` at the end of a paragraph, list item or line): id → line
    blocks: dict[str, int] = field(default_factory=dict)
    # ``[[`` that Markdown will not make a link: (line, why), for a warning at that line
    leftovers: list[tuple[int, str]] = field(default_factory=list)


def scan(body: str, first_line: int = 1, ids: HeadingIds = DEFAULT_IDS) -> Scan:
    """Find the links and headings of a Markdown body; line numbers start at ``first_line``,
    headings get their ids as the site's table of contents makes them (``ids``)."""
    links: list[Link] = []
    headings: list[Heading] = []
    pipes: list[int] = []
    markup: list[tuple[int, str]] = []
    used: set[str] = set()
    blocks: dict[str, int] = {}
    leftovers: list[tuple[int, str]] = []
    fences = Fences()
    in_html = False
    in_list = False
    prev_blank = True
    prev_code = False
    for offset, line in enumerate(body.split("\n")):
        number = first_line + offset
        blank = not line.strip()
        if fences.fence is not None and fences.holds(line):
            continue
        if in_html:
            if blank:
                in_html = False
                prev_blank = True
            elif "[[" in line:
                leftovers.append((number, "inside raw HTML, where Markdown is not read"))
            continue
        spaces = len(line) - len(line.lstrip(" "))
        # Fences, HTML blocks, list items and headings all start with at most three spaces and
        # a marker character: each pattern is only tried on a line that has its marker.
        marker = line[spaces] if spaces <= 3 and spaces < len(line) else ""
        if (marker in FENCE_MARKERS or marker == ">") and fences.opens(line):
            prev_blank, prev_code = False, False
            continue
        indent = len(line) - len(line.lstrip(" \t").expandtabs(4)) if line.startswith("\t") \
            else spaces
        if not blank and indent >= 4 and (prev_blank or prev_code) and not in_list:
            prev_code, prev_blank = True, False
            continue
        prev_code = False
        if blank:
            prev_blank = True
            continue
        if marker == "<" and prev_blank and _HTML_BLOCK.match(line):
            in_html = True
            prev_blank = False
            if "[[" in line:
                leftovers.append((number, "inside raw HTML, where Markdown is not read"))
            continue
        if (marker in _LIST_MARKERS or marker.isdecimal()) and _LIST_ITEM.match(line):
            in_list = True
        elif indent == 0 and prev_blank:
            in_list = False
        prev_blank = False
        h = _HEADING.match(line) if marker == "#" else None
        if h:
            text = plain_text(h.group("text") or "")
            headings.append(Heading(len(h.group("level")), text, ids.anchor(text, used),
                                    number))
        if "^" in line:
            block = BLOCK_ID.search(line)
            if block and block.group("id") not in blocks and "`" not in line[block.start():]:
                blocks[block.group("id")] = number
        if "[[" not in line:  # the tokenizer works line by line: no bracket pair, no link
            continue
        table_row = line.lstrip().startswith("|")
        # Without a backslash, backtick or '<' the line's only tokens are links.
        plain = "\\" not in line and "`" not in line and "<" not in line
        for tok in LINK_RE.finditer(line) if plain else _link_tokens(line):
            inner = tok.group("inner")
            if table_row and _UNESCAPED_BAR.search(inner):
                # Markdown splits the cell at this bar: the link would render half-converted.
                pipes.append(number)
                continue
            if markup_in_name(inner.partition("|")[0]):
                # Markdown sets code, tags and autolinks aside first: the name would be broken.
                markup.append((number, tok.group()))
                continue
            links.append(Link(LinkText.parse(inner), tok.group(), number, tok.start() + 1, line))
        if "[[" in _rest(line, plain):
            leftovers.append((number, "not closed by ']]' on its line"))
    return Scan(links, headings, pipes, markup, blocks, leftovers)


def _rest(line: str, plain: bool) -> str:
    """``line`` without its code spans, escapes, tags and wiki-links: what is left of it."""
    if plain:
        return LINK_RE.sub("", line)
    out, pos = [], 0
    while start := _TOKEN_START.search(line, pos):
        tok = _INLINE.match(line, start.start())
        if tok is None:
            out.append(line[pos:start.start() + 1])
            pos = start.start() + 1
            continue
        out.append(line[pos:tok.start()])
        pos = tok.end()
        if tok.group("tag") is not None and "[[" in tok.group():
            out.append("")  # a link in a tag's attribute is not shown: nothing to warn of
    out.append(line[pos:])
    return "".join(out)


def _link_tokens(line: str) -> Iterator[re.Match[str]]:
    """The wiki-links among ``_INLINE.finditer(line)``: the tokenizer is tried only where a
    token can start, which is what finditer does, without trying every other character."""
    pos = 0
    while start := _TOKEN_START.search(line, pos):
        tok = _INLINE.match(line, start.start())
        if tok is None:
            pos = start.start() + 1
            continue
        pos = tok.end()
        if tok.group("link") is not None:
            yield tok
