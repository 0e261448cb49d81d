"""Paper references written as ``"Title (Authors, Year)"``, parsed into records."""

from __future__ import annotations

import re
from typing import NamedTuple

from conceptgraph.notes.names import name_key

_PAPER = re.compile(
    r"""
    ^\s*(?P<title>\S.*?)\s*      # the title: everything up to the last parenthesis group
    \(\s*(?P<authors>[^()]*?)    # authors: 'Glorot, Bordes & Bengio' or 'Krizhevsky et al.'
    ,\s*(?P<year>\d{4})[a-z]?    # a comma, then a four-digit year (2011, or 2011a)
    \s*\)\s*$                    # the closing parenthesis ends the string
    """,
    re.VERBOSE,
)


class Paper(NamedTuple):
    """A cited paper. ``parsed`` is False when the text did not follow the form; it is then shown
    exactly as written."""

    text: str
    title: str
    authors: str = ""
    year: int | None = None
    parsed: bool = True

    @property
    def key(self) -> str:
        """Papers are merged across notes by their title, compared as names are
        (``name_key``) and ignoring punctuation."""
        return " ".join(re.sub(r"[^\w\s]", " ", name_key(self.title)).split())

    @property
    def anchor(self) -> str:
        """The anchor of this paper on the Papers page."""
        return "paper-" + "-".join(self.key.split())[:80]

    def citation(self) -> str:
        """``Authors (Year). Title`` for a parsed paper, the text as written otherwise."""
        if not self.parsed:
            return self.text
        return f"{self.authors} ({self.year}). {self.title}"


def parse_paper(text: str) -> Paper:
    """Parse ``"Title (Authors, Year)"``; anything else is kept as written with ``parsed=False``."""
    m = _PAPER.match(text)
    if m is None:
        return Paper(text=text, title=" ".join(text.split()), parsed=False)
    return Paper(text=text, title=m.group("title"), authors=" ".join(m.group("authors").split()),
                 year=int(m.group("year")))
