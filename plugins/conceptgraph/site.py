"""Assembling the site from the knowledge base: read notes → resolve links → build the graph →
render the virtual files (concept pages, index pages, graph.json). No MkDocs here."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Report
from .graph import ConceptGraph, build_graph
from .notes import Note, Relation, load_notes
from .pages import GENERATED, concept_page, concept_src


@dataclass
class Site:
    """Everything one build publishes from the knowledge base."""

    graph: ConceptGraph | None
    report: Report
    files: dict[str, str | bytes] = field(default_factory=dict)
    notes_by_src: dict[str, Note] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start


def assemble(kb_dir: Path, display: str, relations: dict[str, Relation],
             graph_json: str = "graph.json") -> Site:
    """Read and render the knowledge base. Check ``site.report.errors`` before publishing."""
    site = Site(None, Report())
    with site.stage("read"):
        notes, report = load_notes(kb_dir, display, relations)
    site.report = report
    with site.stage("graph"):
        cg = build_graph(notes, relations, report)
    site.graph = cg
    if report.errors:
        return site
    with site.stage("render"):
        urls = {}
        for note in cg.notes.values():
            src = concept_src(note)
            site.notes_by_src[src] = note
            site.files[src] = concept_page(cg, note, note.body)
            urls[note.slug] = src[: -len(".md")] + "/"
        for src, make in GENERATED.items():
            site.files[src] = make(cg)
        site.files[graph_json] = cg.to_json(urls)
    return site
