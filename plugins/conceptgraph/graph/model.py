"""The concept graph as a value: notes, their resolved edges, and what is asked of them.

Relations induce a graph, not a tree, so every link is resolved before any page renders:
backlinks ("Mentioned in", inverse relations) need every note. Nodes are note slugs; edges carry
their relation, the file and the line that declared them.

The networkx multigraph is made from the declared edges when first asked for. What a page
asks of it (its typed neighbours, the notes that mention it, its taxonomy parents) is read from
the multigraph in one pass over its adjacency (``Neighbours``), not by a query per page: a
build asks it of every note.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from conceptgraph.graph.neighbours import Neighbours, read_neighbours, title_key
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


class Want(NamedTuple):
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
        """The typed multigraph, made on first use and kept (the CLI and tests ask it).

        A build needs only ``neighbours``, which does not keep one."""
        return self._multigraph()

    def _multigraph(self) -> nx.MultiDiGraph:
        """A new typed multigraph of the declared edges.

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
    @functools.cached_property
    def neighbours(self) -> Neighbours:
        """What pages and graph.json ask of the graph, indexed in one pass over its edges
        (``graph/neighbours.py``)."""
        return read_neighbours(self.declared, self.notes, self.taxonomy_relations())

    def _notes(self, slugs: tuple[str, ...]) -> tuple[Note, ...]:
        return tuple(map(self.notes.__getitem__, slugs))

    def outgoing(self, slug: str) -> dict[str, tuple[Note, ...]]:
        """Relation key → target notes, for the relations declared by ``slug``'s note."""
        return {k: self._notes(v) for k, v in self.neighbours.outgoing[slug].items()}

    def incoming(self, slug: str) -> dict[str, tuple[Note, ...]]:
        """Relation key → source notes, for relations other notes declare towards ``slug``."""
        return {k: self._notes(v) for k, v in self.neighbours.incoming[slug].items()}

    def mentions(self, slug: str) -> list[tuple[Note, str]]:
        """Notes whose text links to ``slug``, each with the sentence around the first link."""
        first = self.neighbours.first_links[slug]
        return sorted(((self.notes[s], e.context) for s, e in first.items()),
                      key=lambda pair: title_key(pair[0]))

    # -- taxonomy --------------------------------------------------------------------------
    def taxonomy_relations(self) -> set[str]:
        return {k for k, r in self.relations.items() if r.taxonomy}

    def parents(self, slug: str) -> tuple[Note, ...]:
        """The notes ``slug`` is a type of, in title order."""
        return self._notes(self.neighbours.parents[slug])

    def children(self, slug: str) -> tuple[Note, ...]:
        """The notes that are a type of ``slug``, in title order."""
        return self._notes(self.neighbours.children[slug])

    def breadcrumbs(self, slug: str, limit: int = 4) -> list[list[Note]]:
        """Each ``typeOf`` chain from a root down to the note (at most ``limit`` chains).

        The walk up never passes through a note twice, so a chain above a taxonomy cycle
        (an error, but ``mkdocs serve`` keeps going) stops at it.
        """
        chains: list[list[Note]] = []
        parents_of = self.neighbours.parents

        def up(node: str, path: list[str]) -> None:
            if len(chains) >= limit:
                return
            parents = parents_of[node]
            if not parents:
                chains.append([self.notes[s] for s in reversed(path)])
                return
            for p in parents:
                if p not in path:
                    up(p, [*path, p])

        up(slug, [slug])
        return chains

    def roots(self) -> list[Note]:
        """Notes with no taxonomy parent: the tops of the Taxonomy page."""
        parents = self.neighbours.parents
        return sorted((n for n in self.notes.values() if not parents[n.slug]), key=title_key)

    def family(self, slug: str) -> str | None:
        """The top family below the taxonomy root: ``leaky-relu`` → ``rectifiers``."""
        chains = self.breadcrumbs(slug, limit=1)
        chain = chains[0] if chains else []
        if len(chain) >= 2:
            return chain[1].slug
        return chain[0].slug if chain and self.neighbours.children[chain[0].slug] else None

    # -- papers ----------------------------------------------------------------------------
    def papers(self) -> dict[str, tuple[Paper, list[tuple[Note, str]]]]:
        """Paper key → (paper, citing notes with their role), merged across notes by title."""
        out: dict[str, tuple[Paper, list[tuple[Note, str]]]] = {}
        for note in sorted(self.notes.values(), key=title_key):
            for paper, role, _ in note.papers:
                entry = out.setdefault(paper.key, (paper, []))
                if all(n is not note for n, _ in entry[1]):
                    entry[1].append((note, role))
        return dict(sorted(out.items(), key=lambda kv: (kv[1][0].year or 0, kv[0])))



