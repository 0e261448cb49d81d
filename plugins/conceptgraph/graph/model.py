"""The concept graph as a value: notes, their resolved edges, and what is asked of them.

Relations induce a graph, not a tree, so every link is resolved before any page renders:
backlinks ("Mentioned in", inverse relations) need every note. Nodes are note slugs; edges carry
their relation, the file and the line that declared them.

The networkx multigraph is made from the declared edges when first asked for: by the panels,
the index pages and ``graph.json``, which a build computes in its second process
(``render/background.py``). A page's links, the home page's counts and the ``typeOf`` cycle
check need only the declared edges, so the process that renders pages never imports networkx.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from conceptgraph.links.resolve import Resolver
from conceptgraph.markup.wikilinks import Link
from conceptgraph.notes.note import LINK_RELATION, Note, Relation
from conceptgraph.notes.papers import Paper

if TYPE_CHECKING:
    import networkx as nx


class Edge(NamedTuple):
    """One typed edge: ``source --relation--> target``, declared at ``path:line``.

    A named tuple rather than a frozen dataclass: a build makes one per link, and a tuple is
    made three times faster.
    """

    source: str
    target: str
    relation: str
    path: str
    line: int
    link: Link | None = None  # a body link: its sentence is the edge's context
    anchor: str | None = None

    @property
    def context(self) -> str:
        return self.link.context if self.link is not None else ""


@dataclass(frozen=True)
class Want:
    """A link to a concept that has no note yet."""

    target: str
    note: Note
    line: int
    relation: str


@dataclass(frozen=True)
class ConceptGraph:
    """Notes, their resolved edges, and what is wanted but missing (made by ``build_graph``)."""

    notes: dict[str, Note]  # by slug, sorted
    relations: dict[str, Relation]
    resolver: Resolver
    # Every edge in the order the notes declare it: a note's typed relations, then its links.
    declared: tuple[Edge, ...] = ()
    wanted: dict[str, list[Want]] = field(default_factory=dict)  # by target, sorted

    @functools.cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The typed multigraph, made on first use.

        Typed edges are keyed by their relation, so a relation declared twice between two notes
        is one edge (the later declaration); each link in the text is an edge of its own.
        """
        import networkx as nx

        g = nx.MultiDiGraph()
        g.add_nodes_from(self.notes)
        for e in self.declared:
            if e.relation == LINK_RELATION.key:
                g.add_edge(e.source, e.target, edge=e)
            else:
                g.add_edge(e.source, e.target, key=e.relation, edge=e)
        return g

    def counts(self) -> tuple[int, int]:
        """How many typed relations and how many links in the text the graph holds."""
        link = LINK_RELATION.key
        typed = {(e.source, e.target, e.relation) for e in self.declared if e.relation != link}
        links = sum(1 for e in self.declared if e.relation == link)
        return len(typed), links

    def edges(self, relation: str | None = None) -> list[Edge]:
        """The graph's edges (of one relation, or all), sorted by source, relation, target."""
        return sorted((e for _, _, e in self.graph.edges(data="edge")
                       if relation is None or e.relation == relation),
                      key=lambda e: (e.source, e.relation, e.target, e.line))

    # -- neighbours ------------------------------------------------------------------------
    def outgoing(self, slug: str) -> dict[str, list[Note]]:
        """Relation key → target notes, for the relations declared by ``slug``'s note."""
        return self._grouped((target, e) for _, target, e in
                             self.graph.out_edges(slug, data="edge"))

    def incoming(self, slug: str) -> dict[str, list[Note]]:
        """Relation key → source notes, for relations other notes declare towards ``slug``."""
        return self._grouped((source, e) for source, _, e in
                             self.graph.in_edges(slug, data="edge"))

    def _grouped(self, pairs: Iterable[tuple[str, Edge]]) -> dict[str, list[Note]]:
        """Typed neighbours by relation, in the order the relations come; each in title order."""
        groups: dict[str, dict[str, Note]] = {}
        for slug, e in pairs:
            if e.relation != LINK_RELATION.key:
                groups.setdefault(e.relation, {})[slug] = self.notes[slug]
        return {k: sorted(v.values(), key=_title_key) for k, v in groups.items()}

    def mentions(self, slug: str) -> list[tuple[Note, str]]:
        """Notes whose text links to ``slug``, each with the sentence around the first link."""
        first: dict[str, Edge] = {}
        for source, _, e in self.graph.in_edges(slug, data="edge"):
            if e.relation == LINK_RELATION.key and source != slug and \
                    (source not in first or e.line < first[source].line):
                first[source] = e
        return sorted(((self.notes[s], e.context) for s, e in first.items()),
                      key=lambda pair: _title_key(pair[0]))

    # -- taxonomy --------------------------------------------------------------------------
    def taxonomy_relations(self) -> set[str]:
        return {k for k, r in self.relations.items() if r.taxonomy}

    @functools.cached_property
    def taxonomy(self) -> nx.DiGraph:
        """The taxonomy alone: an edge from each note to each note it is a type of."""
        import networkx as nx

        relations = self.taxonomy_relations()
        g = nx.DiGraph()
        g.add_nodes_from(self.notes)
        g.add_edges_from((s, t) for s, t, e in self.graph.edges(data="edge")
                         if e.relation in relations)
        return g

    def parents(self, slug: str) -> list[Note]:
        """The notes ``slug`` is a type of, in title order."""
        return sorted(map(self.notes.__getitem__, self.taxonomy.succ[slug]), key=_title_key)

    def children(self, slug: str) -> list[Note]:
        """The notes that are a type of ``slug``, in title order."""
        return sorted(map(self.notes.__getitem__, self.taxonomy.pred[slug]), key=_title_key)

    def breadcrumbs(self, slug: str, limit: int = 4) -> list[list[Note]]:
        """Each ``typeOf`` chain from a root down to the note (at most ``limit`` chains).

        The walk up never passes through a note twice, so a chain above a taxonomy cycle
        (an error, but ``mkdocs serve`` keeps going) stops at it.
        """
        chains: list[list[Note]] = []

        def up(node: str, path: list[Note]) -> None:
            if len(chains) >= limit:
                return
            parents = self.parents(node)
            if not parents:
                chains.append(list(reversed(path)))
                return
            for p in parents:
                if all(p.slug != q.slug for q in path):
                    up(p.slug, [*path, p])

        up(slug, [self.notes[slug]])
        return chains

    def roots(self) -> list[Note]:
        """Notes with no taxonomy parent: the tops of the Taxonomy page."""
        return sorted((n for n in self.notes.values() if not self.parents(n.slug)),
                      key=_title_key)

    def family(self, slug: str) -> str | None:
        """The top family below the taxonomy root: ``leaky-relu`` → ``rectifiers``."""
        chains = self.breadcrumbs(slug, limit=1)
        chain = chains[0] if chains else []
        if len(chain) >= 2:
            return chain[1].slug
        return chain[0].slug if chain and self.children(chain[0].slug) else None

    # -- papers ----------------------------------------------------------------------------
    def papers(self) -> dict[str, tuple[Paper, list[tuple[Note, str]]]]:
        """Paper key → (paper, citing notes with their role), merged across notes by title."""
        out: dict[str, tuple[Paper, list[tuple[Note, str]]]] = {}
        for note in sorted(self.notes.values(), key=_title_key):
            for paper, role, _ in note.papers:
                entry = out.setdefault(paper.key, (paper, []))
                if all(n is not note for n, _ in entry[1]):
                    entry[1].append((note, role))
        return dict(sorted(out.items(), key=lambda kv: (kv[1][0].year or 0, kv[0])))


def _title_key(note: Note) -> tuple[str, str]:
    return (note.title.casefold(), note.slug)
