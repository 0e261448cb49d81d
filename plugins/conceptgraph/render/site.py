"""Assembling the site from the knowledge base: read notes → resolve links → build the graph →
render the virtual files (concept pages, index pages, graph.json). No MkDocs here."""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from conceptgraph.diagnostics import Report
from conceptgraph.graph.build import build_graph
from conceptgraph.graph.export import to_json
from conceptgraph.graph.model import ConceptGraph
from conceptgraph.media.assets import (
    Media,
    activation_markdown,
    body_with_figures,
    check_figures,
    comparison_markdown,
    match_activations,
    render_media,
)
from conceptgraph.notes.read import Note, Reading, Relation
from conceptgraph.render.background import Background
from conceptgraph.render.links import SiblingLinks, marked_body
from conceptgraph.render.marks import PageLinks
from conceptgraph.render.pages import (
    GENERATED,
    IndexLinks,
    PanelSet,
    aliases_html,
    concept_page,
    concept_panels,
    concept_src,
    frontmatter,
    page_url,
)
from conceptgraph.render.schema import schema_json


class FromGraph(NamedTuple):
    """What is made from the networkx graph, in the second process when there is one."""

    pages: dict[str, tuple[str, PageLinks]]  # index pages: Markdown and links
    panels: dict[str, tuple[str, str]]
    graph_json: str
    graph_ids: list[str]  # the node ids graph.json holds, read back from the text made
    nodes: int
    seconds: float


@dataclass
class Site:
    """Everything one build publishes from the knowledge base."""

    graph: ConceptGraph | None
    report: Report
    files: dict[str, str | bytes] = field(default_factory=dict)
    notes_by_src: dict[str, Note] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    media: Media | None = None
    panels: PanelSet = field(default_factory=lambda: PanelSet({}, dict))
    # The links of each note and generated page, marked in its Markdown (render_links.py)
    links: dict[str, PageLinks] = field(default_factory=dict)
    # Files whose content is computed in the second process: asked for once pages are rendered
    deferred: dict[str, Callable[[], str]] = field(default_factory=dict)
    # The generated index pages (A–Z, Taxonomy, Papers, Wanted): their Markdown is made from
    # the graph (``from_graph().pages``), asked for when MkDocs is about to read one
    index_srcs: tuple[str, ...] = ()
    # What is made from the graph (index pages, panels, graph.json), waited for on first call
    from_graph: Callable[[], FromGraph] | None = None
    directory_urls: bool = True  # pages at concepts/<slug>/ (else concepts/<slug>.html)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start


@dataclass(frozen=True)
class MediaOptions:
    """Plots and figures: off in tests that do not need them (they cost seconds cold)."""

    enabled: bool = True
    cache_dir: Path = Path(".cache/conceptgraph")
    processes: int | None = None


def assemble(kb_dir: Path, display: str, relations: dict[str, Relation],
             graph_json: str = "graph.json", media: MediaOptions | None = None,
             directory_urls: bool = True, keep_going: bool = False,
             parallel: bool = False, reading: Reading | None = None) -> Site:
    """Read and render the knowledge base. Check ``site.report.errors`` before publishing.

    ``keep_going`` renders the notes that could be read despite errors, without plots (the live
    preview of ``mkdocs serve``, which must not stall on a half-typed note).

    What is made from the networkx graph (the index pages, the panels, ``graph.json``) is made
    when first asked for: ``index_pages``, ``panels``, ``deferred``. With ``parallel``, it is
    made in a second process while MkDocs renders pages (``background.py``). ``reading`` is
    the reading of ``kb_dir`` when it was started before (``notes.Reading``, which reads part
    of a large knowledge base in a second process)."""
    media = media or MediaOptions(enabled=False)
    site = Site(None, Report(), directory_urls=directory_urls)
    with site.stage("read"):
        notes, report = (reading or Reading(kb_dir, display, relations, parallel)).result()
    site.report = report
    with site.stage("graph"):
        cg = build_graph(notes, relations, report)
    site.graph = cg
    if media.enabled:
        with site.stage("match"):
            matched = match_activations(notes, report)
            figures_used = check_figures(notes, report)
    if report.errors and not keep_going:
        return site
    if report.errors:  # keep going without every note an error names (already reported)
        bad = {d.path for d in report.errors}
        notes = [n for n in notes if n.path not in bad]
        cg = site.graph = build_graph(notes, relations, Report())
    rendered = None
    if media.enabled and not report.errors:
        with site.stage("plots"):
            wanted = {n for names in figures_used.values() for n in names}
            rendered = render_media(matched, wanted, media.cache_dir, media.processes)
            site.files.update(rendered.files)
            site.media = rendered
    with site.stage("render"):
        def graph_file() -> str:
            return to_json(cg, {n.slug: page_url(concept_src(n), directory_urls)
                                for n in cg.notes.values()})

        def from_graph() -> FromGraph:
            # Index pages first: MkDocs reads them while it renders notes; panels are filled
            # into finished pages, later.
            start = time.perf_counter()
            pages: dict[str, tuple[str, PageLinks]] = {}
            for src, make in GENERATED.items():
                index_links = IndexLinks(src, directory_urls)
                pages[src] = (make(cg, index_links), index_links)
            parts = {concept_src(n): (p.head, p.tail) for n in cg.notes.values()
                     for p in [concept_panels(cg, n, directory_urls)]}
            text = graph_file()
            ids = sorted(n["id"] for n in json.loads(text)["nodes"])
            return FromGraph(pages, parts, text, ids, len(cg.graph), time.perf_counter() - start)

        work = Background(from_graph, enabled=parallel)

        @functools.cache  # asked for on every page; timed once
        def collect() -> FromGraph:
            done = work.result()
            site.timings["graph, panels and index pages in a second process" if work.forked
                         else "graph, panels and index pages"] = done.seconds
            return done

        after_title: dict[str, str] = {}
        siblings: SiblingLinks = {}
        for note in cg.notes.values():
            src = concept_src(note)
            site.notes_by_src[src] = note
            body, links, marked_report = marked_body(cg, note, src, directory_urls,
                                                     siblings=siblings)
            site.links[src] = links
            site.report.extend(marked_report.items)
            extra = ""
            if rendered is not None:
                body = body_with_figures(rendered, body, src)
                extra = activation_markdown(rendered, note.slug, src)
            page = site.files[src] = concept_page(note, body, extra)
            links.inline = "[[" in page
            after_title[src] = aliases_html(note)
        site.panels = PanelSet(after_title, lambda: collect().panels)
        site.index_srcs = tuple(GENERATED)
        site.from_graph = collect
        if rendered is not None:
            src = "activation-functions.md"
            site.files[src] = frontmatter("Activation functions", hide=("navigation",)) + \
                comparison_markdown(rendered, cg.notes, src)
        # Computed with the panels, collected before static files are written
        site.deferred[graph_json] = lambda: collect().graph_json
        site.files["schema/note.schema.json"] = schema_json(relations)
    return site
