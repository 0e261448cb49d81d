"""The wiki-link grammar, shared by the body scanner, the frontmatter and the Markdown renderer.

``[[Name]]``, ``[[Name|label]]``, ``[[Name#Heading]]``, ``[[Name#Heading|label]]``,
``[[#Heading]]``.
The scanner finds links in a note body with their line numbers and skips what Markdown does not
render as text: fenced and indented code, code spans, ``\\`` escapes, raw HTML tags and blocks.
Every pattern is linear: nothing in it can backtrack over more than one line.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from markdown.extensions.toc import slugify, unique

MAX_TARGET_LENGTH = 200

# The inside of a link: no brackets and no line break, so a stray `[[` costs one step.
LINK_RE = re.compile(r"\[\[(?P<inner>[^\[\]\n]*)\]\]")

# Things on one line that hide a `[[` from Markdown, tried left to right at each position.
_INLINE = re.compile(
    r"""
      (?P<escape>\\.)                              # backslash escape: \[ is a literal bracket
    | (?P<code>(?P<ticks>`+)(?:[^`]|(?!(?P=ticks))`+)*?(?P=ticks)(?!`))  # a closed code span
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

# What Markdown renders before wiki-links inside a link's name: a code span, a tag, a comment
# or an autolink (`<https://…>`). Such a `[[…]]` is not a link.
_MARKUP = re.compile(r"`|<(?:/?[A-Za-z][^<>]*|!--.*?--|[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>")

_FENCE_OPEN = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_FENCE_MARKERS = frozenset("`~")
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


@dataclass(frozen=True)
class LinkText:
    """The parts of a link's inside: ``target#heading|label``, each stripped."""

    target: str
    heading: str | None
    label: str | None

    @classmethod
    def parse(cls, inner: str) -> LinkText:
        """Split ``Name#Heading|label``; the first ``|`` and the first ``#`` split."""
        return _parse_cached(inner) if len(inner) <= 256 else _parse(inner)

    def display(self) -> str:
        """What a reader sees: the label, else ``Target`` or ``Target › Heading``."""
        if self.label:
            return self.label
        if self.heading and self.target:
            return f"{self.target} › {self.heading}"
        return self.heading or self.target


def _parse(inner: str) -> LinkText:
    # Inside a Markdown table the bar is written escaped (`\|`); it means the same.
    ref, bar, label = inner.replace("\\|", "|").partition("|")
    target, hash_, heading = ref.partition("#")
    return LinkText(
        target=" ".join(target.split()),
        heading=" ".join(heading.split()) if hash_ else None,
        label=" ".join(label.split()) if bar else None,
    )


# The same link is written in many notes, and parsed again for the sentence around each: its
# parts are a pure function of its inside and LinkText is frozen, so short ones are shared.
_parse_cached = functools.lru_cache(maxsize=4096)(_parse)


class Link(NamedTuple):
    """A wiki-link found in a note, where it was written and the line it is on.

    A named tuple rather than a frozen dataclass: a note has ten or so, made as it is read
    and, for a large knowledge base, pickled back from a second process (``notes.Reading``);
    a tuple is made and unpickled several times faster."""

    text: LinkText
    raw: str
    line: int
    column: int
    # The line the link is on; its sentence (``context``) is cut from it when asked for: only
    # the panels' "Mentioned in" shows it, for one link of each note.
    line_text: str = ""

    def __repr__(self) -> str:
        return f"Link({self.raw!r} @{self.line}:{self.column})"

    @property
    def context(self) -> str:
        """The sentence around the link, as plain text (empty in a table row)."""
        start = self.column - 1
        return _sentence(self.line_text, start, start + len(self.raw)) if self.line_text else ""


class Heading(NamedTuple):
    """An ATX heading with the anchor the table of contents gives it (a named tuple, as
    ``Link``)."""

    level: int
    text: str
    anchor: str
    line: int


_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^<>]*>")
_EMPHASIS = re.compile(r"[*_`]+")


def plain_text(markdown_line: str) -> str:
    """A line as a reader reads it: links become their labels, Markdown punctuation is dropped."""
    text = markdown_line
    if "[[" in text:
        text = LINK_RE.sub(_display, text)
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "<" in text:
        text = _TAG.sub("", text)
    if "*" in text or "_" in text or "`" in text:
        text = _EMPHASIS.sub("", text)
    return text.strip()


def _display(link: re.Match[str]) -> str:
    return LinkText.parse(link.group("inner")).display()


def heading_anchor(text: str, used: set[str] | None = None) -> str:
    """The anchor Python-Markdown's ``toc`` gives a heading with this (plain) text."""
    anchor = _toc_slug_cached(text) if len(text) <= 256 else slugify(text, "-")
    return unique(anchor, used) if used is not None else anchor


# Notes share headings ("Definition", "Properties"), and toc's slugify is slow (NFKD, two
# regexes): short ones are remembered.
_toc_slug_cached = functools.lru_cache(maxsize=4096)(lambda text: slugify(text, "-"))


# A sentence ends at . ! or ? before a space, but not after "et al", "e.g", "i.e", "vs", "Fig".
_SENTENCE_END = re.compile(r"[.!?](?=\s)(?<!\bal\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bvs\.)"
                           r"(?<!\bFig\.)")


_LINE_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)]|>|#+)\s+")  # a list, quote or heading marker


@functools.lru_cache(maxsize=64)
def _sentence_ends(line_text: str) -> list[int]:
    return [m.end() for m in _SENTENCE_END.finditer(line_text)]


def _sentence(line_text: str, start: int, end: int) -> str:
    """The sentence of ``line_text`` that holds the span ``start:end``, as plain text.

    A table row has no sentence: the context of a link there is left empty."""
    if line_text.lstrip().startswith("|"):
        return ""
    ends = _sentence_ends(line_text)
    i = bisect.bisect_right(ends, start)
    left = ends[i - 1] if i else 0
    j = bisect.bisect_left(ends, end + 1)
    right = ends[j] if j < len(ends) else len(line_text)
    # A context is at most 300 characters: read a window of the sentence, not all of it, so a
    # line of 20,000 links costs linear time, not 20,000 times the line.
    clipped = left < start - 300
    left, right = max(left, start - 300), min(right, end + 300)
    sentence = ("…" if clipped else "") + plain_text(line_text[left:right])
    marker = _LINE_MARKER.match(sentence)
    return sentence[marker.end() if marker else 0:][:300]


@dataclass
class Scan:
    """What the scanner found in one body: links, headings, and table rows whose link has an
    unescaped ``|`` (left as text, since Markdown splits the cell there)."""

    links: list[Link]
    headings: list[Heading]
    table_pipe_lines: list[int]
    markup_links: list[tuple[int, str]] = field(default_factory=list)  # (line, raw): not links


def scan(body: str, first_line: int = 1) -> Scan:
    """Find the links and headings of a Markdown body; line numbers start at ``first_line``."""
    links: list[Link] = []
    headings: list[Heading] = []
    pipes: list[int] = []
    markup: list[tuple[int, str]] = []
    used: set[str] = set()
    fence: str | None = None
    in_html = False
    in_list = False
    prev_blank = True
    prev_code = False
    for offset, line in enumerate(body.split("\n")):
        number = first_line + offset
        blank = not line.strip()
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence[0]) and set(stripped) == {fence[0]} and \
                    len(stripped) >= len(fence) and len(line) - len(line.lstrip(" ")) <= 3:
                fence = None
            continue
        if in_html:
            if blank:
                in_html = False
                prev_blank = True
            continue
        spaces = len(line) - len(line.lstrip(" "))
        # Fences, HTML blocks, list items and headings all start with at most three spaces and
        # a marker character: each pattern is only tried on a line that has its marker.
        marker = line[spaces] if spaces <= 3 and spaces < len(line) else ""
        m = _FENCE_OPEN.match(line) if marker in _FENCE_MARKERS else None
        if m and not (m.group("fence")[0] == "`" and "`" in m.group("info")):
            fence = m.group("fence")
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
            continue
        if (marker in _LIST_MARKERS or marker.isdecimal()) and _LIST_ITEM.match(line):
            in_list = True
        elif indent == 0 and prev_blank:
            in_list = False
        prev_blank = False
        h = _HEADING.match(line) if marker == "#" else None
        if h:
            text = plain_text(h.group("text") or "")
            headings.append(Heading(len(h.group("level")), text, heading_anchor(text, used),
                                    number))
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
            name = inner.partition("|")[0]
            if ("`" in name or "<" in name) and _MARKUP.search(name):
                # Markdown sets code, tags and autolinks aside first: the name would be broken.
                markup.append((number, tok.group()))
                continue
            links.append(Link(LinkText.parse(inner), tok.group(), number, tok.start() + 1, line))
    return Scan(links, headings, pipes, markup)


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


def links_in_value(text: str) -> list[LinkText]:
    """The wiki-links in one frontmatter string (no code or escapes there: YAML is not Markdown)."""
    return [LinkText.parse(m.group("inner")) for m in LINK_RE.finditer(text)]
