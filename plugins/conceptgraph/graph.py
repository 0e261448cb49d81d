"""The concept graph: typed relations from frontmatter plus body links, built once for all pages.

Relations induce a graph, not a tree, so the whole graph is built before any page renders:
backlinks ("Mentioned in", inverse relations) need every note. Nodes are note slugs; edges carry
their relation, the file and the line that declared them.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .diagnostics import Report
from .notes import LINK_RELATION, Note, Relation
from .papers import Paper
from .resolve import Resolver, Target
from .wikilinks import LinkText


@dataclass(frozen=True)
class Edge:
    """One typed edge: ``source --relation--> target``, declared at ``path:line``."""

    source: str
    target: str
    relation: str
    path: str
    line: int
    context: str = ""
    anchor: str | None = None


@dataclass(frozen=True)
class Want:
    """A link to a concept that has no note yet."""

    target: str
    note: Note
    line: int
    relation: str


@dataclass
class ConceptGraph:
    """Notes, their resolved edges, and what is wanted but missing."""

    notes: dict[str, Note]
    relations: dict[str, Relation]
    graph: nx.MultiDiGraph
    resolver: Resolver
    wanted: dict[str, list[Want]] = field(default_factory=dict)
    body_targets: dict[tuple[str, int, int], Target | None] = field(default_factory=dict)

    # -- queries ---------------------------------------------------------------------------
    def edges(self, relation: str | None = None) -> list[Edge]:
        out = [d["edge"] for _, _, d in self.graph.edges(data=True)]
        return sorted((e for e in out if relation is None or e.relation == relation),
                      key=lambda e: (e.source, e.relation, e.target, e.line))

    def outgoing(self, slug: str) -> dict[str, list[Note]]:
        """Relation key → target notes, for the relations declared by ``slug``'s note."""
        return self._typed(self.graph.out_edges(slug, data=True), far=1)

    def incoming(self, slug: str) -> dict[str, list[Note]]:
        """Relation key → source notes, for relations other notes declare towards ``slug``."""
        return self._typed(self.graph.in_edges(slug, data=True), far=0)

    def _typed(self, edges: Any, far: int) -> dict[str, list[Note]]:
        """Typed (non-link) edges grouped by relation; ``far`` picks the other end's index."""
        groups: dict[str, dict[str, Note]] = defaultdict(dict)
        for edge in edges:
            e: Edge = edge[2]["edge"]
            if e.relation != LINK_RELATION.key:
                groups[e.relation][edge[far]] = self.notes[edge[far]]
        return {k: sorted(v.values(), key=_title_key) for k, v in groups.items()}

    def mentions(self, slug: str) -> list[tuple[Note, str]]:
        """Notes whose text links to ``slug``, each with the sentence around the first link."""
        seen: dict[str, tuple[Note, str]] = {}
        for source, _, data in sorted(self.graph.in_edges(slug, data=True),
                                      key=lambda t: (t[0], t[2]["edge"].line)):
            e: Edge = data["edge"]
            if e.relation == LINK_RELATION.key and source != slug and source not in seen:
                seen[source] = (self.notes[source], e.context)
        return sorted(seen.values(), key=lambda t: _title_key(t[0]))

    @functools.cached_property
    def _taxonomy(self) -> tuple[dict[str, list[Note]], dict[str, list[Note]]]:
        """Parents and children of every node along taxonomy relations, computed once."""
        taxonomy = self.taxonomy_relations()
        up: dict[str, dict[str, Note]] = defaultdict(dict)
        down: dict[str, dict[str, Note]] = defaultdict(dict)
        for source, target, data in self.graph.edges(data=True):
            if data["edge"].relation in taxonomy:
                up[source][target] = self.notes[target]
                down[target][source] = self.notes[source]
        return ({k: sorted(v.values(), key=_title_key) for k, v in up.items()},
                {k: sorted(v.values(), key=_title_key) for k, v in down.items()})

    def parents(self, slug: str) -> list[Note]:
        return self._taxonomy[0].get(slug, [])

    def children(self, slug: str) -> list[Note]:
        return self._taxonomy[1].get(slug, [])

    def taxonomy_relations(self) -> set[str]:
        return {k for k, r in self.relations.items() if r.taxonomy}

    def breadcrumbs(self, slug: str, limit: int = 4) -> list[list[Note]]:
        """Each ``typeOf`` chain from a root down to the note (at most ``limit`` chains)."""
        chains: list[list[Note]] = []

        def up(node: str, path: list[Note]) -> None:
            if len(chains) >= limit:
                return
            parents = self.parents(node)
            if not parents:
                chains.append(list(reversed(path)))
                return
            for p in parents:
                if p not in path:
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

    def papers(self) -> dict[str, tuple[Paper, list[tuple[Note, str]]]]:
        """Paper key → (paper, citing notes with their role), merged across notes by title."""
        out: dict[str, tuple[Paper, list[tuple[Note, str]]]] = {}
        for note in sorted(self.notes.values(), key=_title_key):
            for paper, role, _ in note.papers:
                entry = out.setdefault(paper.key, (paper, []))
                if all(n is not note for n, _ in entry[1]):
                    entry[1].append((note, role))
        return dict(sorted(out.items(), key=lambda kv: (kv[1][0].year or 0, kv[0])))

    def to_json(self, url_of: Mapping[str, str]) -> str:
        """``graph.json``: nodes, edges and relations, sorted and compact, byte-stable."""
        nodes = [{"id": s, "title": n.title, "url": url_of[s], "family": self.family(s),
                  "degree": self.graph.degree(s)} for s, n in sorted(self.notes.items())]
        edges = sorted({(e.source, e.target, e.relation) for e in self.edges()})
        relations = [{"key": r.key, "label": r.label, "inverse": r.inverse}
                     for r in [*self.relations.values(), LINK_RELATION]]
        data = {"nodes": nodes, "edges": [{"source": s, "target": t, "relation": r}
                                          for s, t, r in edges], "relations": relations}
        # ensure_ascii keeps the file pure ASCII; "<", ">" and "&" are escaped as well so the
        # same text is safe inside an HTML <script> element.
        text = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _title_key(note: Note) -> tuple[str, str]:
    return (note.title.casefold(), note.slug)


def build_graph(notes: list[Note], relations: dict[str, Relation], report: Report) -> \
        ConceptGraph:
    """Resolve every link of every note and build the typed multigraph."""
    resolver = Resolver(notes, report)
    g = nx.MultiDiGraph()
    by_slug: dict[str, Note] = {n.slug: n for n in sorted(notes, key=lambda n: n.slug)}
    g.add_nodes_from(by_slug)
    cg = ConceptGraph(by_slug, relations, g, resolver)

    def want(link: LinkText, note: Note, line: int, relation: str) -> None:
        if link.target and resolver.lookup(link.target) is None:
            key = " ".join(link.target.split())
            cg.wanted.setdefault(key, []).append(Want(key, note, line, relation))

    for note in by_slug.values():
        for ref in note.relations:
            target = resolver.resolve(ref.text, note, ref.line, report,
                                      where=f"'{ref.relation}' link")
            if target is None:
                want(ref.text, note, ref.line, ref.relation)
                continue
            if target.note is note and not relations[ref.relation].taxonomy:
                report.warning(note.path, ref.line, f"'{ref.relation}' links the note to itself",
                               "remove the self-reference", "self-link")
                continue
            g.add_edge(note.slug, target.note.slug, key=ref.relation,
                       edge=Edge(note.slug, target.note.slug, ref.relation, note.path, ref.line))
        for link in note.scan.links:
            target = resolver.resolve(link.text, note, link.line, report)
            cg.body_targets[(note.slug, link.line, link.column)] = target
            if target is None:
                want(link.text, note, link.line, LINK_RELATION.key)
            elif target.note is not note:
                g.add_edge(note.slug, target.note.slug,
                           edge=Edge(note.slug, target.note.slug, LINK_RELATION.key, note.path,
                                     link.line, link.context, target.anchor))
    _check_taxonomy_cycles(cg, report)
    cg.wanted = dict(sorted(cg.wanted.items(), key=lambda kv: kv[0].casefold()))
    return cg


def _check_taxonomy_cycles(cg: ConceptGraph, report: Report) -> None:
    taxonomy = cg.taxonomy_relations()
    sub = nx.DiGraph()
    lines: dict[tuple[str, str], Edge] = {}
    for e in cg.edges():
        if e.relation in taxonomy:
            sub.add_edge(e.source, e.target)
            lines.setdefault((e.source, e.target), e)
    seen: set[frozenset[str]] = set()
    for cycle in sorted(nx.simple_cycles(sub), key=lambda c: (len(c), sorted(c))):
        members = frozenset(cycle)
        if members in seen:
            continue
        seen.add(members)
        start = cycle.index(min(cycle))
        cycle = cycle[start:] + cycle[:start]
        steps = [lines[(a, cycle[(i + 1) % len(cycle)])] for i, a in enumerate(cycle)]
        chain = " → ".join(f"{cg.notes[e.source].name} ({e.path}:{e.line})" for e in steps)
        chain += f" → {cg.notes[cycle[0]].name}"
        first = steps[0]
        relation = first.relation
        report.error(first.path, first.line, f"'{relation}' cycle: {chain}",
                     f"a concept cannot be a type of itself; remove one '{relation}' link",
                     "cycle")
        if len(seen) > 50:
            break
