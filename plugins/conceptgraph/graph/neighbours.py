"""What every page asks of the graph, indexed in one pass over its edges.

A build asks each note for its typed neighbours both ways, the notes that mention it, its
taxonomy parents and children; ``graph.json`` asks for every node's degree. Querying networkx
per page costs a view and a sort per question and keeps the multigraph (five dicts an edge)
alive while pages render; making the multigraph only to read it once costs as much as the rest
of the graph stage. So the index is made from the declared edges themselves, with the
multigraph's semantics and order (``tests/test_graph.py`` checks it against networkx).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from conceptgraph.notes.note import LINK_RELATION, Note

if TYPE_CHECKING:
    from conceptgraph.graph.model import Edge

Groups = dict[str, tuple[Note, ...]]  # relation key → notes, in title order


class Neighbours(NamedTuple):
    """Every note's neighbours (by slug), and its degree for graph.json."""

    outgoing: dict[str, Groups]  # the relations the note declares, in networkx's order
    incoming: dict[str, Groups]  # the relations declared towards it
    first_links: dict[str, dict[str, Edge]]  # each note linking to it → its first link there
    parents: dict[str, tuple[Note, ...]]  # the notes it is a type of, in title order
    children: dict[str, tuple[Note, ...]]  # the notes that are a type of it, in title order
    degree: dict[str, int]  # edges in and out, each link in the text counted


def title_key(note: Note) -> tuple[str, str]:
    return (note.title.casefold(), note.slug)


def by_title(notes: Iterable[Note]) -> tuple[Note, ...]:
    return tuple(sorted(notes, key=title_key))


def read_neighbours(edges: Iterable[Edge], notes: dict[str, Note],
                    taxonomy: set[str]) -> Neighbours:
    """The index of the typed multigraph of ``edges`` over ``notes`` (``ConceptGraph.graph``):
    a typed edge is keyed by its relation (declared twice between two notes, it is one edge,
    the later declaration, in the place of the first), each link is an edge of its own. Each
    note's neighbours come in the order their first edge was declared, as networkx keeps
    them."""
    link = LINK_RELATION.key
    succ: dict[str, dict[str, dict[object, Edge]]] = {slug: {} for slug in notes}
    pred: dict[str, dict[str, dict[object, Edge]]] = {slug: {} for slug in notes}
    for i, e in enumerate(edges):
        keyed = succ[e.source].get(e.target)
        if keyed is None:  # one dict per pair, seen from both ends
            keyed = succ[e.source][e.target] = pred[e.target][e.source] = {}
        keyed[i if e.relation == link else e.relation] = e

    def grouped(adjacency: dict[str, dict[str, dict[object, Edge]]]) -> dict[str, Groups]:
        out: dict[str, Groups] = {}
        for slug, others in adjacency.items():
            groups: dict[str, dict[str, Note]] = {}
            for other, keyed in others.items():
                for e in keyed.values():
                    if e.relation != link:
                        groups.setdefault(e.relation, {})[other] = notes[other]
            out[slug] = {k: by_title(v.values()) for k, v in groups.items()}
        return out

    def taxonomy_of(groups: dict[str, Groups]) -> dict[str, tuple[Note, ...]]:
        return {slug: by_title({n.slug: n for key, members in by.items() if key in taxonomy
                                for n in members}.values())
                for slug, by in groups.items()}

    first_links: dict[str, dict[str, Edge]] = {}
    for slug, sources in pred.items():
        first = first_links[slug] = {}
        for source, keyed in sources.items():
            for e in keyed.values():
                if e.relation == link and source != slug and \
                        (source not in first or e.line < first[source].line):
                    first[source] = e
    degree = {slug: sum(map(len, succ[slug].values())) + sum(map(len, pred[slug].values()))
              for slug in notes}
    outgoing, incoming = grouped(succ), grouped(pred)
    return Neighbours(outgoing, incoming, first_links, taxonomy_of(outgoing),
                      taxonomy_of(incoming), degree)
