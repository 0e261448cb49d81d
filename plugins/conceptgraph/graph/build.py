"""Building the concept graph: every link of every note resolved, the taxonomy checked for cycles.

Only the edges are collected here; networkx makes its multigraph from them when first asked
(``ConceptGraph.graph``), and is imported here only to list a taxonomy cycle in full.
"""

from __future__ import annotations

from collections.abc import Iterable
from graphlib import CycleError, TopologicalSorter
from typing import NamedTuple

from conceptgraph.diagnostics import Diagnostic, Report
from conceptgraph.graph.model import ConceptGraph, Edge, Want
from conceptgraph.links.resolve import Resolver, Target, is_file_name
from conceptgraph.markup.wikilinks import LinkText
from conceptgraph.notes.note import LINK_RELATION, Note, Relation


class _Resolved(NamedTuple):
    """One note's links as a build resolved them: its edges, its links to notes not written
    yet (target, line, relation) and the findings of resolving them."""

    scan: object  # the note's scan and relations as read: the same objects while unchanged
    relations: object
    edges: list[Edge]
    wants: list[tuple[str, int, str]]
    findings: list[Diagnostic]


class KeptLinks:
    """The live preview's resolved links of each note, kept from one build to the next.

    What a note's links resolve to depends on the note and on what every note is called
    (path, title, aliases, headings, block ids), the attachments and the notes held back. While
    those names stay the same, a note read from an unchanged file (the preview's ``ReadCache``
    hands out the same scan) keeps its edges and findings: a rebuild after an edit resolves the
    edited note's links only, and keeps the edges of the others rather than making them all
    again (at 5,000 notes, 70,000 of them)."""

    def __init__(self) -> None:
        self._names: object = None
        self._kept: dict[str, _Resolved] = {}

    def start(self, notes: list[Note], relations: dict[str, Relation],
              attachments: list[str], held: list[tuple[str, str]]) -> None:
        """A new build: keep the notes' links only if every name is the same as before."""
        # Tuples of strings only: kept, they cost the garbage collector nothing
        names = (tuple((n.rel, n.slug, n.path, n.name, n.title, n.aliases,
                        tuple((h.text, h.anchor) for h in n.scan.headings),
                        tuple(n.scan.blocks)) for n in notes),
                 tuple(attachments), tuple(held),
                 tuple((k, r.taxonomy) for k, r in relations.items()))
        if names != self._names:
            self._names, self._kept = names, {}

    def get(self, note: Note) -> _Resolved | None:
        kept = self._kept.get(note.rel)
        if kept is not None and kept.scan is note.scan and kept.relations is note.relations:
            return kept
        return None

    def keep(self, note: Note, resolved: _Resolved) -> None:
        self._kept[note.rel] = resolved


def build_graph(notes: list[Note], relations: dict[str, Relation], report: Report,
                attachments: Iterable[str] = (), held: Iterable[tuple[str, str]] = (),
                kept: KeptLinks | None = None) -> ConceptGraph:
    """Resolve every link of every note and build the typed concept graph.

    Problems (unresolved links, self-links, taxonomy cycles) go to ``report``, each with the
    file and line that declared the link. ``attachments`` are the vault paths of the other
    files, ``held`` the notes that are not published (vault path, why): links to them resolve
    to no page, without a warning. A frontmatter key holding links that is not a declared
    relation makes edges labelled with the key. ``kept``: the live preview's links of the
    last build, reused for the notes that did not change.
    """
    attachments, held = list(attachments), list(held)
    resolver = Resolver(notes, report, attachments, held)
    relations = dict(relations)
    for note in notes:
        for ref in note.relations:
            if ref.relation not in relations:
                relations[ref.relation] = Relation(ref.relation, ref.relation, ref.relation)
    if kept is not None:
        kept.start(notes, relations, attachments, held)
    by_slug: dict[str, Note] = {n.slug: n for n in sorted(notes, key=lambda n: n.slug)}
    edges: list[Edge] = []
    wanted: dict[str, list[Want]] = {}
    named: dict[tuple[str, str], Target] = {}

    def resolve(link: LinkText, note: Note, line: int, report: Report,
                where: str = "link") -> Target | None:
        # A link by name alone resolves to the same note from every note of a folder and
        # reports nothing when it resolves to one note, so each name is resolved once there.
        if link.heading is None and link.target:
            key = (link.target, note.rel.rpartition("/")[0])
            target = named.get(key)
            if target is None:
                target = resolver.resolve(link, note, line, report, where)
                found = resolver.find(link.target, note)
                if target is not None and found is not None and not found.candidates:
                    named[key] = target
            return target
        return resolver.resolve(link, note, line, report, where)

    def want(link: LinkText, note: Note, line: int, relation: str,
             wants: list[tuple[str, int, str]]) -> None:
        # A missing attachment (photo.png) is not a concept to write
        if link.target and not is_file_name(link.target) and \
                resolver.find(link.target, note) is None:
            wants.append((" ".join(link.target.split()), line, relation))

    def links_of(note: Note) -> _Resolved:
        own = Report()
        out: list[Edge] = []
        wants: list[tuple[str, int, str]] = []
        for ref in note.relations:
            target = resolve(ref.text, note, ref.line, own, f"'{ref.relation}' link")
            if target is None:
                want(ref.text, note, ref.line, ref.relation, wants)
            elif target.note is None:
                continue  # an attachment: not a concept
            elif target.note is note and not relations[ref.relation].taxonomy:
                own.warning(note.path, ref.line, f"'{ref.relation}' links the note to itself",
                            "remove the self-reference", "self-link")
            else:
                out.append(Edge(note.slug, target.note.slug, ref.relation, note.path,
                                ref.line))
        for link in note.scan.links:
            target = resolve(link.text, note, link.line, own)
            if target is None:
                want(link.text, note, link.line, LINK_RELATION.key, wants)
            elif target.note is not None and target.note is not note:
                out.append(Edge(note.slug, target.note.slug, LINK_RELATION.key, note.path,
                                link.line, link, target.anchor))
        return _Resolved(note.scan, note.relations, out, wants, own.items)

    for note in by_slug.values():
        resolved = kept.get(note) if kept is not None else None
        if resolved is None:
            resolved = links_of(note)
            if kept is not None:
                kept.keep(note, resolved)
        edges += resolved.edges
        report.extend(resolved.findings)
        for key, line, relation in resolved.wants:
            wanted.setdefault(key, []).append(Want(key, note, line, relation))
    cg = ConceptGraph(by_slug, relations, resolver, tuple(edges),
                      dict(sorted(wanted.items(), key=lambda kv: kv[0].casefold())))
    _check_taxonomy_cycles(cg, report)
    return cg


def _check_taxonomy_cycles(cg: ConceptGraph, report: Report) -> None:
    """An error for each cycle along taxonomy relations (at most about 50), shortest first."""
    taxonomy = cg.taxonomy_relations()
    edges = sorted((e for e in cg.declared if e.relation in taxonomy),
                   key=lambda e: (e.source, e.relation, e.target, e.line))
    # Most knowledge bases have no cycle: the standard library's topological sort says so
    # without networkx; only a cycle found is then listed in full, with networkx.
    order: TopologicalSorter[str] = TopologicalSorter()
    for e in edges:
        order.add(e.source, e.target)
    try:
        order.prepare()
        return
    except CycleError:
        pass
    import networkx as nx

    sub = nx.DiGraph()
    lines: dict[tuple[str, str], Edge] = {}
    for e in edges:
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
