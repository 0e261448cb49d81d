"""The concept graph's exports: ``graph.json`` (the site's graph explorer reads it) and GraphML.

Both take each note's page URL from the caller (``url_of``: slug → URL), since page addresses
are the render stage's to decide. Both are sorted, so the same notes give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from conceptgraph.graph.model import ConceptGraph
from conceptgraph.notes.note import LINK_RELATION


def to_json(cg: ConceptGraph, url_of: Mapping[str, str]) -> str:
    """``graph.json``: nodes, edges (each source, target, relation once) and relations.

    Sorted and compact, pure ASCII; ``<``, ``>`` and ``&`` are escaped as well, so the same
    text is safe inside an HTML ``<script>`` element.
    """
    degree = cg.neighbours.degree
    data = {
        "nodes": [{"id": s, "title": n.title, "url": url_of[s], "family": cg.family(s),
                   "degree": degree[s], "path": n.path} for s, n in sorted(cg.notes.items())],
        "edges": [{"source": s, "target": t, "relation": r} for s, t, r in _triples(cg)],
        "relations": [{"key": r.key, "label": r.label, "inverse": r.inverse}
                      for r in [*cg.relations.values(), LINK_RELATION]],
    }
    text = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def node_ids(text: str | bytes) -> tuple[str, ...]:
    """The ids of the nodes of a ``graph.json`` text, sorted. A build reads them back from the
    text it made, at once (while it holds little else: the parse costs more memory than the
    text), and checks them against its notes when the site is written."""
    return tuple(sorted(node["id"] for node in json.loads(text)["nodes"]))


def to_graphml(cg: ConceptGraph, url_of: Mapping[str, str]) -> str:
    """GraphML of the typed graph: string attributes only, nodes and edges in sorted order."""
    import networkx as nx

    labels = {r.key: r.label for r in [*cg.relations.values(), LINK_RELATION]}
    g = nx.MultiDiGraph()
    for slug, note in sorted(cg.notes.items()):
        g.add_node(slug, title=note.title, name=str(note.name), path=note.path,
                   url=url_of[slug], family=cg.family(slug) or "")
    for source, target, relation in _triples(cg):
        g.add_edge(source, target, key=relation, relation=relation, label=labels[relation])
    return "\n".join(nx.generate_graphml(g, encoding="utf-8", prettyprint=True)) + "\n"


def _triples(cg: ConceptGraph) -> list[tuple[str, str, str]]:
    """Each (source, target, relation) of the graph once, sorted: the declared edges' triples,
    as a relation declared twice between two notes is one edge of the graph."""
    return sorted({(e.source, e.target, e.relation) for e in cg.declared})
