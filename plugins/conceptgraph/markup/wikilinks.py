"""The wiki-link grammar, shared by the body scanner, the frontmatter and the Markdown renderer.

``[[Name]]``, ``[[Name|label]]``, ``[[Name#Heading]]``, ``[[Name#Heading|label]]``,
``[[#Heading]]``; a found link (``Link``) and heading (``Heading``) with their lines, and the
plain text a reader sees. ``scanner.py`` finds them in a note body.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from markdown.extensions.toc import slugify_unicode, unique

from conceptgraph.markup.lexer import CODE_SPAN

MAX_TARGET_LENGTH = 200

# The inside of a link: no brackets and no line break, so a stray `[[` costs one step.
LINK_RE = re.compile(r"\[\[(?P<inner>[^\[\]\n]*)\]\]")

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

    A named tuple rather than a frozen dataclass: a note has ten or so, made as it is read,
    and a tuple is made several times faster."""

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
    return _plain(markdown_line).strip()


def plain_text_with_code(markdown_line: str) -> str:
    """``plain_text``, but code spans are kept as written (with their backticks), so that
    whoever shows the text can show them as code."""
    if "`" not in markdown_line:
        return plain_text(markdown_line)
    parts, pos = [], 0
    for m in CODE_SPAN.finditer(markdown_line):
        parts += [_plain(markdown_line[pos:m.start()]), m.group()]
        pos = m.end()
    parts.append(_plain(markdown_line[pos:]))
    return "".join(parts).strip()


def _plain(markdown_line: str) -> str:
    text = markdown_line
    if "[[" in text:
        text = _EMBED_OR_LINK.sub(_display, text)
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "<" in text:
        text = _TAG.sub("", text)
    if "*" in text or "_" in text or "`" in text:
        text = _EMPHASIS.sub("", text)
    return text


_EMBED_OR_LINK = re.compile(r"!?" + LINK_RE.pattern)  # an embed reads as its link's text


def _display(link: re.Match[str]) -> str:
    return LinkText.parse(link.group("inner")).display()


class HeadingIds:
    """How the site's table of contents makes a heading's id: Python-Markdown ``toc``'s
    ``slugify`` and ``separator``. By default ``slugify_unicode``, which the plugin gives a
    site that sets no slugify of its own: the ASCII slug of ASCII text, and readable ids for
    headings in other scripts (``## 数据`` → ``#数据``, where toc's default gives ``_1``)."""

    def __init__(self, slugify: Callable[[str, str], str] = slugify_unicode,
                 separator: str = "-"):
        self.slugify, self.separator = slugify, separator
        # Notes share headings ("Definition", "Properties"), and a slugify is slow (NFKD,
        # two regexes): short ones are remembered.
        self._cached = functools.lru_cache(maxsize=4096)(self._slug)

    def _slug(self, text: str) -> str:
        # toc slugs a heading's text with its whitespace runs made single spaces (strip_tags)
        return self.slugify(" ".join(text.split()), self.separator)

    def __repr__(self) -> str:
        return f"HeadingIds({getattr(self.slugify, '__name__', self.slugify)!r}, " \
            f"{self.separator!r})"

    def anchor(self, text: str, used: set[str] | None = None) -> str:
        """The id of a heading with this (plain) text; ``used``: the ids of the headings
        above it on the page (a repeated one gets ``_1``, ``_2``, as toc numbers them)."""
        slug = self._cached(text) if len(text) <= 256 else self._slug(text)
        return unique(slug, used) if used is not None else slug


DEFAULT_IDS = HeadingIds()


def heading_anchor(text: str, used: set[str] | None = None) -> str:
    """The id a site with toc's default settings and the plugin's slugify gives a heading."""
    return DEFAULT_IDS.anchor(text, used)


# A sentence ends at . ! or ? before a space, but not after "et al", "e.g", "i.e", "vs", "Fig".
_SENTENCE_END = re.compile(r"[.!?](?=\s)(?<!\bal\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bvs\.)"
                           r"(?<!\bFig\.)")


# The markers a line starts with: lists, quotes (nested too), a heading, and a callout's type
_LINE_MARKER = re.compile(r"""
    ^(?:\s*(?:(?:[-*+]|\d+[.)]|\#+)\s+|>\s*))+  # list items, quotes, a heading, any number
    (?:\[![^\]\n]*\][+-]?\s*)?           # a callout's [!type], folded or not
""", re.VERBOSE)


@functools.lru_cache(maxsize=64)
def _sentence_ends(line_text: str) -> list[int]:
    return [m.end() for m in _SENTENCE_END.finditer(line_text)]


def _sentence(line_text: str, start: int, end: int) -> str:
    """The sentence of ``line_text`` that holds the span ``start:end``, as plain text (code
    spans kept as written).

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
    sentence = ("…" if clipped else "") + plain_text_with_code(line_text[left:right])
    marker = _LINE_MARKER.match(sentence)
    return sentence[marker.end() if marker else 0:][:300]


def links_in_value(text: str) -> list[LinkText]:
    """The wiki-links in one frontmatter string (no code or escapes there: YAML is not Markdown)."""
    return [LinkText.parse(m.group("inner")) for m in LINK_RE.finditer(text)]
