"""``conceptgraph check``: the whole knowledge base validated without building the site, as
strictly as ``mkdocs build --strict`` (CI) by default.

The same reader, resolver, graph, activation and formula matching (``media.assets``), image
check, embed expansion (``render.embeds``: cycles, Markdown links to nothing) and link policy
as a build, so the findings are the build's findings; the wiki-links of
the hand-written pages in ``docs/`` are checked as the build checks them, and so are the
``{{ figure-value … }}`` placeholders (their numbers read from the build's cache, or computed
when it has none). Nothing is rendered: formulas are analysed once per content hash in the
project's cache, like a build's. By default a warning fails (as it fails the strict build);
``--lenient`` fails on errors only.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from conceptgraph.build import (
    ACTIVATIONS_PAGE,
    SCHEMA_FILE,
    fallback_pages,
    own_addresses,
    site_sources,
)
from conceptgraph.cli.output import format_github, format_text, summary
from conceptgraph.cli.project import display_path, load_project, require_kb
from conceptgraph.diagnostics import Diagnostic, Report
from conceptgraph.graph.build import build_graph
from conceptgraph.graph.model import ConceptGraph
from conceptgraph.links.policy import apply_undeclared, apply_unresolved
from conceptgraph.media.assets import check_figures, match_activations
from conceptgraph.media.figure_values import FigureValues
from conceptgraph.notes.files import list_canvases
from conceptgraph.notes.note import Relation
from conceptgraph.notes.read import load_vault
from conceptgraph.plugin.assets import HELD, MOVE_IT, SITE_DIR
from conceptgraph.render.attachments import large_attachments, published_attachments
from conceptgraph.render.canvas_pages import canvas_pages
from conceptgraph.render.embeds import Embeds
from conceptgraph.render.index_pages import wanted_pages
from conceptgraph.render.links import page_links
from conceptgraph.render.mermaid import mermaid_links
from conceptgraph.render.note_images import check_images
from conceptgraph.render.redirects import redirect_stubs, site_owners
from conceptgraph.render.tag_pages import tag_sources
from conceptgraph.render.urls import UrlOf, attachment_src, concept_src
from conceptgraph.types import Url


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    """Validate the knowledge base; 1 on errors or warnings (errors only with --lenient).

    MkDocs' warnings about mkdocs.yml count as warnings too: ``mkdocs build --strict`` stops
    on them.
    """
    project = load_project(args.config, args.kb_dir)
    shown = display_path(project.kb_dir)
    require_kb(project.kb_dir, shown)
    docs = (project.docs_dir, project.docs_files) if project.docs_files is not None else None
    result = check_kb(project.kb_dir, shown, project.relations, project.plots_cache_dir,
                      docs, project.unresolved, project.undeclared,
                      project.require_frontmatter,
                      lambda src: Url(project.page_urls({src: src})[src]),
                      project.plots, project.assets, project.graph_json)
    findings = result.findings()
    line = format_github if args.format == "github" else format_text
    for d in findings:
        print(line(d), file=out)
    print(summary(findings, result.files), file=out)
    levels = {d.level for d in [*findings, *project.warnings]}
    return 1 if "error" in levels or (not args.lenient and "warning" in levels) else 0


@dataclass
class CheckResult:
    """What ``check_kb`` found: how many note files it read (Obsidian's excluded files are
    not), the graph (None if unreadable), the findings."""

    files: int
    graph: ConceptGraph | None
    report: Report

    def findings(self) -> list[Diagnostic]:
        """Every finding once, sorted by file, line, level and message."""
        return sorted(set(self.report.items))


def check_kb(kb_dir: Path, display: str, relations: dict[str, Relation],
             cache_dir: Path | None = None, docs: tuple[Path, tuple[str, ...]] | None = None,
             unresolved: str = "warn", undeclared: str = "show",
             require_frontmatter: bool = True, url_of: UrlOf | None = None,
             plots: bool = True, assets: bool = True, graph_json: str = "graph.json"
             ) -> CheckResult:
    """Read, resolve and validate every note under ``kb_dir``; ``display`` names it in messages.

    Formulas are analysed, and the numbers of figure-value placeholders read or stored, under
    ``cache_dir`` (None: computed, not cached); with ``docs`` (the docs folder and the files
    MkDocs publishes from it), the images in notes and the wiki-links of its pages are checked
    too, and a file there at the address of a page or attachment the build writes; with
    ``url_of`` (MkDocs' URL rule), the permalinks that are another page's address, the
    redirects of permalinks and aliases, and (with ``assets``, the plugin's option) the pages
    that would be published among the plugin's own files. ``plots``: whether the build
    publishes the page of activation functions; ``graph_json``: where it writes the graph."""
    # The vault's Obsidian settings are read with it: their findings, the excluded files
    vault, report = load_vault(kb_dir, display, relations, require_frontmatter)
    large_attachments(vault.attachments, display, report)
    published = published_attachments(vault.attachments, display, report)
    notes = vault.notes
    files = len(notes) + len(vault.unpublished) + len(vault.broken)
    if url_of is not None:  # a permalink that is another page's address, refused as a build does
        notes, clashes = own_addresses(notes, docs[1] if docs else (), url_of)
        report.extend(clashes.items)
    values = FigureValues(cache_dir)
    for note in notes:
        report.extend(values.prepare(note))
    cg = build_graph(notes, relations, report, vault.attachments, vault.held())
    apply_unresolved(report, unresolved)
    apply_undeclared(report, undeclared)
    matched = match_activations(notes, report, cache_dir)
    check_figures(notes, report)
    # Canvases, drawn as the build draws them, for their findings (the pages are not kept)
    drawn = Report()
    canvases, _ = canvas_pages(list_canvases(kb_dir, vault.settings.excludes), display, cg,
                 {concept_src(n): Url("") for n in cg.notes.values()}, lambda src: Url(""), drawn)
    report.extend(apply_unresolved(drawn, unresolved).items)
    bodies: dict[str, str] = {}
    if docs is not None:
        docs_dir, pages = docs
        # A file of docs/ where the build writes a page or an attachment of its own stops it
        made = {*(concept_src(n) for n in cg.notes.values()), *wanted_pages(cg),
                *tag_sources(cg.notes.values()), *canvases, graph_json, SCHEMA_FILE}
        if plots and matched:
            made.add(ACTIVATIONS_PAGE)
        for src, what in [*((s, "a page the conceptgraph plugin generates") for s in made),
                          *((s, "an attachment of the knowledge base") for s in published)]:
            if src in pages:
                report.error(f"{docs_dir.name}/{src}", 1, f"clashes with {what}",
                             "rename or remove it", "docs-clash")
        sources = frozenset({*pages, *(concept_src(n) for n in cg.notes.values())})
        images, bodies = check_images(cg.notes.values(), sources, frozenset(vault.attachments),
                                      frozenset(vault.excluded))
        report.extend(images)
        for src in sorted(p for p in pages if p.endswith(".md")):
            text = (docs_dir / src).read_text(encoding="utf-8", errors="replace")
            _, _, found = page_links(cg, {}, src, Url(""), text, str(docs_dir))
            report.extend(apply_unresolved(found, unresolved).items)
    # Transclusions and Markdown links, expanded as the build expands them (against the site's
    # pages as the build lists them, with the default assets) for what they find: an embed
    # cycle, a link to nothing. The pages are not kept.
    docs_files = frozenset(docs[1]) if docs is not None else None
    srcs = [concept_src(n) for n in cg.notes.values()]
    site = site_sources(srcs, published, tag_sources(cg.notes.values()),
                        fallback_pages(srcs, docs_files, True))
    addresses = dict.fromkeys(site, Url(""))
    embeds = Embeds(cg, addresses, report, docs_files, kb_dir.resolve().name)
    drawn = Report()  # Mermaid's links, made as the build makes them
    for note in cg.notes.values():
        embeds.page(note, mermaid_links(note, bodies.get(note.slug, note.body),
                                        note.source.body_line, cg.resolver, addresses, drawn))
    report.extend(apply_unresolved(drawn, unresolved).items)
    if url_of is not None:  # redirects, against the site's pages and files as the build has them
        by_src = {concept_src(n): n for n in cg.notes.values()}
        attached: dict[str, str] = {}
        for rel in vault.attachments:  # of attachments sharing an address, the first is published
            attached.setdefault(attachment_src(rel), f"{display}/{rel}")
        owners = site_owners(docs_files or (), site, by_src, attached)
        report.extend(redirect_stubs(by_src, owners, url_of)[1].items)
    if assets and url_of is not None:
        _in_plugin_folder(cg, docs, url_of, report)
    return CheckResult(files, cg, report)


def _in_plugin_folder(cg: ConceptGraph, docs: tuple[Path, tuple[str, ...]] | None,
                      url_of: UrlOf, report: Report) -> None:
    """An error for each page a note's permalink or a file of docs/ would publish in the
    folder of the plugin's own stylesheets and scripts, which stops the build."""
    def inside(src: str) -> bool:
        return (url_of(src) if src.endswith(".md") else src).startswith(SITE_DIR + "/")

    for note in cg.notes.values():
        if note.permalink and inside(concept_src(note)):
            report.error(note.path, note.line_of("permalink"), f"permalink {note.permalink!r} "
                         f"puts the page in {HELD}", "choose another permalink", "assets-clash")
    docs_dir, pages = docs if docs is not None else (Path("docs"), ())
    for src in pages:
        if inside(src):
            report.error(f"{docs_dir.name}/{src}", 1, f"is published in {HELD}", MOVE_IT,
                         "assets-clash")

