"""The values the notes stage gives: a ``Note`` and the relations its fields may declare."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import NamedTuple

from conceptgraph.diagnostics import Report
from conceptgraph.markup.scanner import Scan
from conceptgraph.markup.wikilinks import LinkText
from conceptgraph.notes.frontmatter import Source
from conceptgraph.notes.papers import Paper
from conceptgraph.types import NoteName, Slug, SourcePath


@dataclass(frozen=True)
class Relation:
    """A typed relation declared in mkdocs.yml: ``typeOf`` "Type of" / "Subtypes"."""

    key: str
    label: str
    inverse: str
    taxonomy: bool = False


LINK_RELATION = Relation("link", "Links to", "Mentioned in")

BASE_KEYS = {
    "title": "display title (text)",
    "aliases": "other names (a list of text)",
    "description": "one-sentence summary (text)",
    "tags": "tags (a list of text)",
    "activation": "activation-function registry name, or the name of the function a formula "
                  "defines (text)",
    "params": "activation parameters (a mapping of name: number)",
    "formula": 'a new activation function of x (text), e.g. "x + sin(a*x)**2 / a"',
    "parameters": "the formula's parameters and their values (a mapping of name: number)",
    "plot": "the plotted interval of the formula's function: {x: [low, high]}",
    "foundationalPaper": '"Title (Authors, Year)"',
    "keyPapers": 'a list of "Title (Authors, Year)"',
    "cssclasses": "CSS classes for the page's article (a list of text)",
    "publish": "false keeps the note out of the site (true or false)",
    "permalink": "the page's address in the site (text), e.g. about/team",
    "image": "the social image: a web address or a path in the vault (text)",
    "cover": "the social image, as image (text)",
}
# Obsidian's deprecated spellings, still read (with a warning)
DEPRECATED_KEYS = {"alias": "aliases", "tag": "tags", "cssclass": "cssclasses"}


class RelationRef(NamedTuple):
    """A wiki-link written in a relation field of the frontmatter (a named tuple, as
    ``wikilinks.Link``)."""

    relation: str
    text: LinkText
    line: int


@dataclass
class Note:
    """One concept note, read and validated."""

    name: NoteName
    path: SourcePath
    rel: str  # relative to the knowledge-base folder, with "/": "Leaky ReLU.md"
    slug: Slug
    title: str
    aliases: tuple[str, ...]
    source: Source
    scan: Scan
    relations: list[RelationRef] = field(default_factory=list)
    papers: list[tuple[Paper, str, int]] = field(default_factory=list)  # (paper, role, line)
    description: str = ""
    tags: tuple[str, ...] = ()
    activation: str | None = None
    activation_line: int = 0
    params: dict[str, str] = field(default_factory=dict)
    # Obsidian's standard properties
    cssclasses: tuple[str, ...] = ()
    publish: bool = True
    permalink: str | None = None  # the page's path in the site, without slashes around it
    image: str | None = None  # the social image: a URL, or a vault path
    # Any other key, shown in the Properties panel: (key, value, line)
    properties: list[tuple[str, object, int]] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"Note({self.name!r} <{self.path}>)"

    @property
    def body(self) -> str:
        return self.source.body

    def line_of(self, key: str) -> int:
        f = self.source.fields.get(key)
        return f.line if f else 1


def without_permalink(note: Note, held_by: str, report: Report) -> Note:
    """A copy of ``note`` published at its own address, as its ``permalink`` is ``held_by``
    (another page's address), and a warning at the permalink's line. The note itself is not
    changed: the live preview keeps it."""
    report.warning(note.path, note.line_of("permalink"), f"permalink {note.permalink!r} is "
                   f"{held_by}; the note is published at its own address instead",
                   "choose another permalink", "permalink-clash")
    return replace(note, permalink=None)
