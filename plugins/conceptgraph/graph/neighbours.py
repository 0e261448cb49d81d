"""What every page asks of the graph, indexed in one pass over its edges.

A build asks each note for its typed neighbours both ways, the notes that mention it, its
taxonomy parents and children; ``graph.json`` asks for every node's degree. Querying networkx
per page costs a view and a sort per question and keeps the multigraph (five dicts an edge)
alive while pages render; making the multigraph only to read it once costs as much as the rest
of the graph stage. So the index is made from the declared edges themselves, with the
multigraph's semantics and order (``tests/test_graph.py`` checks it against networkx).

The index names notes by slug, not by their ``Note``: the live preview makes a new index
each rebuild, and tuples and dicts of strings are let go by the garbage collector, where
tuples of notes would be walked by every later full collection.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from conceptgraph.notes.note import LINK_RELATION, Note

if TYPE_CHECKING:
    from conceptgraph.graph.model import Edge

Groups = dict[str, tuple[str, ...]]  # relation key → the notes' slugs, in title order


class Neighbours(NamedTuple):
    """Every note's neighbours (all by slug), and its degree for graph.json."""

    outgoing: dict[str, Groups]  # the relations the note declares, in networkx's order
    incoming: dict[str, Groups]  # the relations declared towards it
    first_links: dict[str, dict[str, Edge]]  # each note linking to it → its first link there
    parents: dict[str, tuple[str, ...]]  # the notes it is a type of, in title order
    children: dict[str, tuple[str, ...]]  # the notes that are a type of it, in title order
    degree: dict[str, int]  # edges in and out, each link in the text counted


def title_key(note: Note) -> tuple[str, str]:
    return (note.title.casefold(), note.slug)


def read_neighbours(edges: Iterable[Edge], notes: dict[str, Note],
                    taxonomy: set[str]) -> Neighbours:
    """The index of the typed multigraph of ``edges`` over ``notes`` (``ConceptGraph.graph``):
    a typed edge is keyed by its relation (declared twice between two notes, it is one edge,
    the later declaration, in the place of the first), each link is an edge of its own. Each
    note's neighbours come in the order their first edge was declared, as networkx keeps
    them.

    Typed edges and links are read apart: most edges are links, and a link only counts
    towards the degrees and may be the first link from its note. The order of the groups
    does not change, as each note declares its typed relations before its links, and the
    edges come note after note.
    """
    link = LINK_RELATION.key
    # note → neighbour → relations between them, each pair in the order it was first declared
    succ: dict[str, dict[str, dict[str, None]]] = {slug: {} for slug in notes}
    pred: dict[str, dict[str, dict[str, None]]] = {slug: {} for slug in notes}
    first_links: dict[str, dict[str, Edge]] = {slug: {} for slug in notes}
    degree = dict.fromkeys(notes, 0)
    order = {slug: title_key(note) for slug, note in notes.items()}

    def by_title(slugs: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(slugs, key=order.__getitem__))

    for e in edges:
        source, target = e.source, e.target
        if e.relation == link:
            degree[source] += 1
            degree[target] += 1
            if source != target:
                first = first_links[target]
                known = first.get(source)
                if known is None or e.line < known.line:
                    first[source] = e
            continue
        keyed = succ[source].get(target)
        if keyed is None:  # one dict per pair, seen from both ends
            keyed = succ[source][target] = pred[target][source] = {}
        if e.relation not in keyed:
            keyed[e.relation] = None
            degree[source] += 1
            degree[target] += 1

    def grouped(adjacency: dict[str, dict[str, dict[str, None]]]) -> dict[str, Groups]:
        out: dict[str, Groups] = {}
        for slug, others in adjacency.items():
            groups: dict[str, list[str]] = {}
            for other, keyed in others.items():
                for relation in keyed:
                    groups.setdefault(relation, []).append(other)
            out[slug] = {k: by_title(v) for k, v in groups.items()}
        return out

    def taxonomy_of(groups: dict[str, Groups]) -> dict[str, tuple[str, ...]]:
        return {slug: by_title({other for key, members in by.items() if key in taxonomy
                                for other in members})
                for slug, by in groups.items()}

    outgoing, incoming = grouped(succ), grouped(pred)
    return Neighbours(outgoing, incoming, first_links, taxonomy_of(outgoing),
                      taxonomy_of(incoming), degree)
