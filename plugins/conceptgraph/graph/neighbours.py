"""What every page asks of the graph, read from the multigraph in one pass.

A build asks each note for its typed neighbours both ways, the notes that mention it, its
taxonomy parents and children; ``graph.json`` asks for every node's degree. Querying networkx
per page costs a view and a sort per question and keeps the multigraph (five dicts an edge)
alive while pages render; this index is made from one pass over its adjacency, in networkx's
own order, and the multigraph can then go.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from conceptgraph.notes.note import LINK_RELATION, Note

if TYPE_CHECKING:
    import networkx as nx

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


def read_neighbours(g: nx.MultiDiGraph, notes: dict[str, Note],
                    taxonomy: set[str]) -> Neighbours:
    """The index of multigraph ``g`` (its edges carry their ``Edge`` as ``edge``)."""
    link = LINK_RELATION.key

    def grouped(adjacency: dict) -> dict[str, Groups]:
        out: dict[str, Groups] = {}
        for slug, others in adjacency.items():
            groups: dict[str, dict[str, Note]] = {}
            for other, keyed in others.items():
                for data in keyed.values():
                    relation = data["edge"].relation
                    if relation != link:
                        groups.setdefault(relation, {})[other] = notes[other]
            out[slug] = {k: by_title(v.values()) for k, v in groups.items()}
        return out

    def taxonomy_of(groups: dict[str, Groups]) -> dict[str, tuple[Note, ...]]:
        return {slug: by_title({n.slug: n for key, members in by.items() if key in taxonomy
                                for n in members}.values())
                for slug, by in groups.items()}

    first_links: dict[str, dict[str, Edge]] = {}
    for slug, sources in g.pred.items():
        first = first_links[slug] = {}
        for source, keyed in sources.items():
            for data in keyed.values():
                e = data["edge"]
                if e.relation == link and source != slug and \
                        (source not in first or e.line < first[source].line):
                    first[source] = e
    outgoing, incoming = grouped(g.succ), grouped(g.pred)
    return Neighbours(outgoing, incoming, first_links, taxonomy_of(outgoing),
                      taxonomy_of(incoming), dict(g.degree()))
