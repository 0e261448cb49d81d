"""The concept graph: typed relations from frontmatter plus body links, built once for all pages.

Relations induce a graph, not a tree, so every link is resolved before any page renders:
backlinks ("Mentioned in", inverse relations) need every note. Nodes are note slugs; edges carry
their relation, the file and the line that declared them.

The networkx multigraph itself is made from the resolved edges when first asked for: by the
panels, the index pages and ``graph.json``, which a build computes in its second process
(``background.py``). A page's links, the home page's counts and the ``typeOf`` cycle check
need only the edges, so the process that renders pages never imports networkx.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from json.encoder import encode_basestring_ascii
from typing import TYPE_CHECKING, Any, NamedTuple

from conceptgraph.diagnostics import Report
from conceptgraph.links.resolve import Resolver, Target
from conceptgraph.markup.wikilinks import Link, LinkText
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


class _Neighbours(NamedTuple):
    """What the concept panels show of each node: typed neighbours both ways, and mentions."""

    outgoing: dict[str, dict[str, list[Note]]]
    incoming: dict[str, dict[str, list[Note]]]
    mentions: dict[str, list[tuple[Note, str]]]


@dataclass
class ConceptGraph:
    """Notes, their resolved edges, and what is wanted but missing."""

    notes: dict[str, Note]
    relations: dict[str, Relation]
    resolver: Resolver
    # Every edge by its networkx key (source, target, key), in the order it was added; the
    # same key added again keeps its place and takes the later edge, as networkx does.
    keyed_edges: dict[tuple[str, str, object], Edge] = field(default_factory=dict)
    wanted: dict[str, list[Want]] = field(default_factory=dict)
    # Breadcrumb tables by ``limit``, filled on first use.
    _chains: dict[int, dict[str, list[tuple[Note, ...]]]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    @functools.cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The typed multigraph, made on first use."""
        import networkx as nx

        g = nx.MultiDiGraph()
        g.add_nodes_from(self.notes)
        g.add_edges_from((s, t, k, {"edge": e}) for (s, t, k), e in self.keyed_edges.items())
        return g

    def counts(self) -> tuple[int, int]:
        """How many typed relations and how many links in the text the graph holds."""
        links = sum(1 for e in self.keyed_edges.values() if e.relation == LINK_RELATION.key)
        return len(self.keyed_edges) - links, links

    # -- queries ---------------------------------------------------------------------------
    # The graph does not change once built, so every query below reads tables computed once
    # from it (cached properties): a page render asks for each note's neighbours, and walking
    # networkx's views per note costs more than the rest of the render.
    def edges(self, relation: str | None = None) -> list[Edge]:
        return sorted((e for e in self.keyed_edges.values()
                       if relation is None or e.relation == relation),
                      key=lambda e: (e.source, e.relation, e.target, e.line))

    def outgoing(self, slug: str) -> dict[str, list[Note]]:
        """Relation key → target notes, for the relations declared by ``slug``'s note."""
        return {k: list(v) for k, v in self._neighbours.outgoing.get(slug, {}).items()}

    def incoming(self, slug: str) -> dict[str, list[Note]]:
        """Relation key → source notes, for relations other notes declare towards ``slug``."""
        return {k: list(v) for k, v in self._neighbours.incoming.get(slug, {}).items()}

    def mentions(self, slug: str) -> list[tuple[Note, str]]:
        """Notes whose text links to ``slug``, each with the sentence around the first link."""
        return list(self._neighbours.mentions.get(slug, ()))

    @functools.cached_property
    def _neighbours(self) -> _Neighbours:
        """Typed neighbours and mentions of every node, in one pass over the edges."""
        link = LINK_RELATION.key
        notes = self.notes
        out: dict[str, dict[str, dict[str, Note]]] = {}
        typed_in: dict[str, dict[str, dict[object, dict[str, Any]]]] = {}  # target → source → keys
        first: dict[str, dict[str, Edge]] = {}  # target → source → its link on the first line
        # adjacency() is networkx's fastest walk over the edges: its own dicts, read only.
        for source, successors in self.graph.adjacency():
            for target, keyed in successors.items():
                for data in keyed.values():
                    e: Edge = data["edge"]
                    if e.relation != link:
                        out.setdefault(source, {}).setdefault(e.relation, {})[target] = \
                            notes[target]
                        typed_in.setdefault(target, {})[source] = keyed
                    elif source != target:
                        seen = first.setdefault(target, {})
                        if source not in seen or e.line < seen[source].line:
                            seen[source] = e
        into: dict[str, dict[str, dict[str, Note]]] = {}
        pred = self.graph.pred
        for target, sources in typed_in.items():
            # Relations towards a note are grouped in the order of its predecessors.
            order = sources if len(sources) == 1 else [s for s in pred[target] if s in sources]
            groups = into[target] = {}
            for source in order:
                for data in sources[source].values():
                    e = data["edge"]
                    if e.relation != link:
                        groups.setdefault(e.relation, {})[source] = notes[source]
        rank = self._rank.__getitem__
        return _Neighbours(
            {s: self._sorted_groups(groups) for s, groups in out.items()},
            {s: self._sorted_groups(groups) for s, groups in into.items()},
            {s: [(notes[source], seen[source].context) for source in sorted(seen, key=rank)]
             for s, seen in first.items()})

    @functools.cached_property
    def _rank(self) -> dict[str, int]:
        """Each slug's place in title order (``_title_key``): sorting by it is sorting by title."""
        return {n.slug: i for i, n in enumerate(sorted(self.notes.values(), key=_title_key))}

    def _sorted_groups(self, groups: dict[str, dict[str, Note]]) -> dict[str, list[Note]]:
        """Notes by slug, grouped, as lists in title order."""
        rank = self._rank.__getitem__
        return {k: [v[slug] for slug in sorted(v, key=rank)] if len(v) > 1 else [*v.values()]
                for k, v in groups.items()}

    @functools.cached_property
    def _taxonomy(self) -> tuple[dict[str, list[Note]], dict[str, list[Note]]]:
        """Parents and children of every node along taxonomy relations, computed once."""
        taxonomy = self.taxonomy_relations()
        up: dict[str, dict[str, Note]] = defaultdict(dict)
        down: dict[str, dict[str, Note]] = defaultdict(dict)
        for source, successors in self.graph.adjacency():
            for target, keyed in successors.items():
                if any(data["edge"].relation in taxonomy for data in keyed.values()):
                    up[source][target] = self.notes[target]
                    down[target][source] = self.notes[source]
        return self._sorted_groups(up), self._sorted_groups(down)

    def parents(self, slug: str) -> list[Note]:
        return self._taxonomy[0].get(slug, [])

    def children(self, slug: str) -> list[Note]:
        return self._taxonomy[1].get(slug, [])

    def taxonomy_relations(self) -> set[str]:
        return {k for k, r in self.relations.items() if r.taxonomy}

    def breadcrumbs(self, slug: str, limit: int = 4) -> list[list[Note]]:
        """Each ``typeOf`` chain from a root down to the note (at most ``limit`` chains)."""
        table = self._chains.get(limit)
        if table is None:
            table = self._chains[limit] = self._chain_table(limit)
        if table:
            return [list(chain) for chain in table[slug]]
        return self._walk_up(slug, limit)

    def _chain_table(self, limit: int) -> dict[str, list[tuple[Note, ...]]]:
        """Every note's breadcrumbs, parents before children; empty if the taxonomy has a cycle.

        Without a cycle, the chains of a note are its parents' chains extended by the note, in
        parent order: the first ``limit`` of them are what ``_walk_up`` finds.
        """
        up = self._taxonomy[0]
        waiting = {slug: len(up.get(slug, ())) for slug in self.notes}
        ready = [slug for slug, count in waiting.items() if not count]
        table: dict[str, list[tuple[Note, ...]]] = {}
        while ready:
            slug = ready.pop()
            note = self.notes[slug]
            chains: list[tuple[Note, ...]] = []
            for p in up.get(slug, ()):
                chains += [(*chain, note) for chain in table[p.slug][:limit - len(chains)]]
            if slug not in up:
                chains = [(note,)]
            table[slug] = chains[:limit]
            for child in self.children(slug):
                waiting[child.slug] -= 1
                if not waiting[child.slug]:
                    ready.append(child.slug)
        return table if len(table) == len(self.notes) else {}

    def _walk_up(self, slug: str, limit: int) -> list[list[Note]]:
        """Breadcrumbs by walking up from the note, never through a note twice."""
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
        degree = dict(self.graph.degree())
        nodes = [{"id": s, "title": n.title, "url": url_of[s], "family": self.family(s),
                  "degree": degree[s]} for s, n in sorted(self.notes.items())]
        relations = [{"key": r.key, "label": r.label, "inverse": r.inverse}
                     for r in [*self.relations.values(), LINK_RELATION]]
        # Edges outnumber nodes ten to one, so they are written here, each exactly as
        # json.dumps below writes a dict (keys sorted, ASCII, compact), with each name
        # encoded once.
        quoted: dict[str, str] = {}

        def q(text: str) -> str:
            out = quoted.get(text)
            if out is None:
                out = quoted[text] = encode_basestring_ascii(text)
            return out

        edges = ",".join([f'{{"relation":{q(r)},"source":{q(s)},"target":{q(t)}}}'
                          for s, t, r in self._edge_triples()])
        # ensure_ascii keeps the file pure ASCII; "<", ">" and "&" are escaped as well so the
        # same text is safe inside an HTML <script> element.
        text = "".join([
            '{"edges":[', edges, '],"nodes":', _json(nodes), ',"relations":', _json(relations),
            "}"])
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

    def _edge_triples(self) -> list[tuple[str, str, str]]:
        """Each (source, target, relation) once, sorted."""
        triples: list[tuple[str, str, str]] = []
        for source, successors in sorted(self.graph.adjacency()):
            triples += sorted({(source, target, data["edge"].relation)
                               for target, keyed in successors.items()
                               for data in keyed.values()})
        return triples


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))


def _title_key(note: Note) -> tuple[str, str]:
    return (note.title.casefold(), note.slug)


def build_graph(notes: list[Note], relations: dict[str, Relation], report: Report) -> \
        ConceptGraph:
    """Resolve every link of every note and build the typed multigraph."""
    resolver = Resolver(notes, report)
    by_slug: dict[str, Note] = {n.slug: n for n in sorted(notes, key=lambda n: n.slug)}
    cg = ConceptGraph(by_slug, relations, resolver)
    edges = cg.keyed_edges
    named: dict[str, Target] = {}

    def resolve(link: LinkText, note: Note, line: int, where: str = "link") -> Target | None:
        # A link by name alone resolves to the same note from every note and reports nothing
        # when it resolves, so each name is resolved once.
        if link.heading is None and link.target:
            target = named.get(link.target)
            if target is None:
                target = resolver.resolve(link, note, line, report, where)
                if target is not None:
                    named[link.target] = target
            return target
        return resolver.resolve(link, note, line, report, where)

    def want(link: LinkText, note: Note, line: int, relation: str) -> None:
        if link.target and resolver.lookup(link.target) is None:
            key = " ".join(link.target.split())
            cg.wanted.setdefault(key, []).append(Want(key, note, line, relation))

    for note in by_slug.values():
        # The keys networkx would choose, without its lookups: a note's edges to one target
        # are keyed by relation, and each link by how many edges to it there are already.
        keys: dict[str, set[str]] = {}
        links: dict[str, int] = {}
        for ref in note.relations:
            target = resolve(ref.text, note, ref.line, f"'{ref.relation}' link")
            if target is None:
                want(ref.text, note, ref.line, ref.relation)
                continue
            if target.note is note and not relations[ref.relation].taxonomy:
                report.warning(note.path, ref.line, f"'{ref.relation}' links the note to itself",
                               "remove the self-reference", "self-link")
                continue
            keys.setdefault(target.note.slug, set()).add(ref.relation)
            edges[note.slug, target.note.slug, ref.relation] = \
                Edge(note.slug, target.note.slug, ref.relation, note.path, ref.line)
        for link in note.scan.links:
            target = resolve(link.text, note, link.line)
            if target is None:
                want(link.text, note, link.line, LINK_RELATION.key)
            elif target.note is not note:
                slug = target.note.slug
                key = links.get(slug, 0)
                links[slug] = key + 1
                edges[note.slug, slug, key + len(keys.get(slug, ()))] = \
                    Edge(note.slug, slug, LINK_RELATION.key, note.path, link.line, link,
                         target.anchor)
    _check_taxonomy_cycles(cg, report)
    cg.wanted = dict(sorted(cg.wanted.items(), key=lambda kv: kv[0].casefold()))
    return cg


def _check_taxonomy_cycles(cg: ConceptGraph, report: Report) -> None:
    taxonomy = cg.taxonomy_relations()
    # Most knowledge bases have no cycle: the standard library's topological sort says so
    # without networkx; only a cycle found is then listed in full, with networkx.
    order: TopologicalSorter[str] = TopologicalSorter()
    for e in cg.keyed_edges.values():
        if e.relation in taxonomy:
            order.add(e.source, e.target)
    try:
        order.prepare()
        return
    except CycleError:
        pass
    import networkx as nx

    sub = nx.DiGraph()
    lines: dict[tuple[str, str], Edge] = {}
    edges = [e for _, _, e in cg.graph.edges(data="edge") if e.relation in taxonomy]
    for e in sorted(edges, key=lambda e: (e.source, e.relation, e.target, e.line)):
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
