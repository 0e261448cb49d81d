"""The build, as one pure function: a knowledge-base folder in, a ``SitePlan`` out.

    read notes → resolve links → build the typed graph → match activation functions, render
    plots and figures → write pages, panels, index pages, graph.json and the schema

Relations induce a graph, not a tree: a page's backlinks need every other note, so the whole
plan is made before any page renders. No MkDocs here: the adapter hands in MkDocs' URL rule
(``BuildOptions.url_of``) and publishes the plan's files and findings.
"""

from __future__ import annotations

import html
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from conceptgraph.diagnostics import Report
from conceptgraph.graph.build import KeptLinks, build_graph
from conceptgraph.graph.export import node_ids, to_json
from conceptgraph.graph.model import ConceptGraph
from conceptgraph.links.policy import apply_undeclared, apply_unresolved
from conceptgraph.markup.wikilinks import DEFAULT_IDS, HeadingIds
from conceptgraph.media.assets import check_figures, match_activations, render_media
from conceptgraph.media.figure_values import FigureValues
from conceptgraph.notes.broken import stand_ins
from conceptgraph.notes.files import list_canvases
from conceptgraph.notes.note import Note, Relation
from conceptgraph.notes.read import ReadCache, load_vault
from conceptgraph.render.attachments import large_attachments, published_attachments
from conceptgraph.render.canvas_pages import canvas_pages
from conceptgraph.render.embeds import Embeds
from conceptgraph.render.fragments import Fragment
from conceptgraph.render.index_pages import (
    GENERATED,
    IndexLinks,
    graph_page,
    home_page,
    wanted_pages,
)
from conceptgraph.render.media_sections import (
    activation_markdown,
    body_with_figures,
    comparison_markdown,
)
from conceptgraph.render.mermaid import mermaid_links
from conceptgraph.render.note_images import check_images
from conceptgraph.render.panels import Panels
from conceptgraph.render.redirects import redirect_stubs, site_owners
from conceptgraph.render.schema import schema_json
from conceptgraph.render.tag_pages import tag_pages, tag_sources
from conceptgraph.render.text import frontmatter, page_markdown
from conceptgraph.render.urls import UrlOf, concept_src, free_permalinks
from conceptgraph.types import Url

ACTIVATIONS_PAGE = "activation-functions.md"
HOME_PAGE = "index.md"
GRAPH_PAGE = "graph.md"
SCHEMA_FILE = "schema/note.schema.json"


@dataclass(frozen=True)
class BuildOptions:
    """What a build needs besides the folder: how it names the folder in messages, the
    relations, MkDocs' URL rule, where graph.json goes, and plots."""

    display: str
    relations: Mapping[str, Relation]
    url_of: UrlOf
    graph_json: str = "graph.json"
    plots: bool = True
    cache_dir: Path = Path(".cache/conceptgraph")
    plot_processes: int | None = None
    # The live preview: publish the notes that could be read, stand-ins for those with errors
    keep_going: bool = False
    # Links to notes not written yet: "warn" (strict builds fail) or "info" (links/policy.py)
    unresolved: str = "warn"
    # The site's source paths (docs/ and generated), to check the images in notes; None: not
    docs_files: frozenset[str] | None = None
    # Frontmatter keys that are neither known nor declared relations: "show" them (in the
    # Properties panel; keys holding links become graph edges) or "warn" about them as well
    undeclared: str = "show"
    # A note without frontmatter: an error (this project's knowledge base) or a note without
    # properties (an Obsidian vault)
    require_frontmatter: bool = True
    # The live preview's notes as read by its earlier builds: only changed files are read,
    # and only their links resolved again
    reads: ReadCache | None = None
    links: KeptLinks | None = None
    # Obsidian's "Strict line breaks" (notes/settings.py); None: the vault's own setting
    strict_line_breaks: bool | None = None
    # Whether the site has the graph explorer's script (the adapter publishes it): then a
    # graph page is generated when neither docs/ nor a note's permalink has one
    graph_page: bool = False
    # How the site's table of contents makes heading ids (toc's slugify and separator)
    heading_ids: HeadingIds = DEFAULT_IDS


@dataclass(frozen=True)
class SitePlan:
    """Everything one build publishes from the knowledge base.

    ``files`` are the virtual files by path (pages as Markdown, plots, graph.json, the schema,
    redirect stubs as HTML); ``notes`` the notes by the source path of their page; ``panels``
    makes what goes around each concept page when it is written; ``urls`` every page's URL by
    its source path. With errors in ``findings`` (and not ``keep_going``) nothing is planned
    but the findings."""

    findings: Report
    graph: ConceptGraph | None = None
    files: Mapping[str, str | bytes] = field(default_factory=dict)
    notes: Mapping[str, Note] = field(default_factory=dict)
    panels: Panels | None = None
    urls: Mapping[str, Url] = field(default_factory=dict)
    plots: tuple[int, int] = (0, 0)  # rendered, read from the cache
    timings: Mapping[str, float] = field(default_factory=dict)
    # The vault's other files: their source path in the site → the file to copy
    attachments: Mapping[str, str] = field(default_factory=dict)
    # Per page source: the HTML of its players and PDFs, and its table cells' transclusions
    # (render/embeds.py)
    fragments: Mapping[str, list[Fragment]] = field(default_factory=dict)
    held_back: int = 0  # notes with publish: false
    # The generated pages left out because they would be empty (no papers, no taxonomy…)
    omitted: frozenset[str] = frozenset()
    # The vault paths of the notes and files that are not published (publish: false, errors,
    # Obsidian's excluded files)
    held: frozenset[str] = frozenset()
    # Per note page source: the slugs of the notes it transcludes (render/embeds.py)
    transcludes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Whether a single line break inside a note's paragraph is a break (Obsidian's default)
    hard_breaks: bool = True
    # The notes and the other files left out by Obsidian's "Excluded files"
    excluded: tuple[int, int] = (0, 0)
    graph_nodes: tuple[str, ...] = ()  # the ids of graph.json's nodes, read back from it


def build(kb_dir: Path, options: BuildOptions) -> SitePlan:
    """Read, check and render the knowledge base in ``kb_dir``."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage], clock = now - clock, now

    relations = dict(options.relations)
    vault, report = load_vault(kb_dir, options.display, relations,
                               options.require_frontmatter, options.reads, options.heading_ids)
    notes = vault.notes
    strict = options.strict_line_breaks
    hard_breaks = not (vault.settings.strict_line_breaks if strict is None else strict)
    large_attachments(vault.attachments, options.display, report)
    # A permalink that is the address of another page is refused before any address is used
    notes, clashes = own_addresses(notes, options.docs_files or (), options.url_of)
    report.extend(clashes.items)
    lap("read")
    values = FigureValues(options.cache_dir)  # {{ figure-value … }}: checked, then filled in
    for note in notes:
        report.extend(values.prepare(note))
    lap("values")
    cg = build_graph(notes, relations, report, vault.attachments, vault.held(), options.links)
    apply_unresolved(report, options.unresolved)
    apply_undeclared(report, options.undeclared)
    lap("graph")
    # Always matched, so a build without plots finds what `conceptgraph check` finds.
    matched = match_activations(notes, report, options.cache_dir)
    figures_used = check_figures(notes, report)
    lap("match")
    if report.errors:
        if not options.keep_going:
            return SitePlan(report, cg)
        # The preview: a note with errors becomes a stand-in that lists them (notes/broken.py)
        bad = {d.path for d in report.errors}
        notes = [n for n in notes if n.path not in bad]
        good = {n.slug for n in notes}
        notes += stand_ins(kb_dir, options.display, relations, report.errors, good,
                           options.require_frontmatter)
        matched = {s: m for s, m in matched.items() if s in good}
        figures_used = {s: f for s, f in figures_used.items() if s in good}
        again = Report()
        cg = build_graph(notes, relations, again, vault.attachments,
                         [held for held in vault.held() if held[1] != "broken"])
        # Links to a stand-in resolve now: the unresolved links are the second graph's.
        linked = [d for d in apply_unresolved(again, options.unresolved).items
                  if d.code == "unresolved-link"]
        report.items = [d for d in report.items if d.code != "unresolved-link"] + linked
    media = None
    if options.plots and (matched or figures_used):  # a vault without activations: nothing
        wanted = {name for names in figures_used.values() for name in names}
        media = render_media(matched, wanted, options.cache_dir, options.plot_processes)
        lap("plots")
    attachments = published_attachments(vault.attachments, options.display, report)
    image_problems, bodies = check_images(cg.notes.values(), options.docs_files,
                                          frozenset(vault.attachments), frozenset(vault.excluded))
    report.extend(image_problems)
    tag_srcs = tag_sources(cg.notes.values())  # none when no note has a tag
    srcs = [concept_src(n) for n in cg.notes.values()]
    fallbacks = fallback_pages(srcs, options.docs_files, options.graph_page)
    home, graph = [HOME_PAGE] * (HOME_PAGE in fallbacks), [GRAPH_PAGE] * (GRAPH_PAGE in fallbacks)
    urls = {src: options.url_of(src) for src in
            site_sources(srcs, attachments, tag_srcs, fallbacks)}
    embeds = Embeds(cg, urls, report, options.docs_files, kb_dir.resolve().name)
    files: dict[str, str | bytes] = {}
    by_src: dict[str, Note] = {}
    drawn = Report()  # the Mermaid links' findings
    for src, note in zip(srcs, cg.notes.values(), strict=True):
        body = mermaid_links(note, bodies.get(note.slug, note.body), note.source.body_line,
                             cg.resolver, urls, drawn)
        body = embeds.page(note, body)
        body, extra = values.fill(body), ""
        if media is not None:
            body = body_with_figures(media, body, urls[src])
            extra = activation_markdown(media, note.slug, urls[src])
        files[src] = page_markdown(body, extra)
        by_src[src] = note
    pages = wanted_pages(cg)
    for src, make in GENERATED.items():
        if src in pages:
            files[src] = make(cg, IndexLinks(src, urls, pages))
    for src in graph:
        files[src] = graph_page(IndexLinks(src, urls, pages))
    for src in home:
        files[src] = home_page(cg, IndexLinks(src, urls, pages | set(graph)))
    report.extend(apply_unresolved(drawn, options.unresolved).items)
    files.update(tag_pages(cg.notes.values(), urls))
    if media is not None:
        files.update(media.files)
    if media is not None and matched:
        files[ACTIVATIONS_PAGE] = frontmatter("Activation functions", hide=("navigation",)) \
            + comparison_markdown(media, cg.notes, ACTIVATIONS_PAGE, urls[ACTIVATIONS_PAGE])
    # Canvases (.canvas): a page each, drawn from the graph's notes (render/canvas_pages.py)
    canvas_report = Report()
    canvases, canvas_urls = canvas_pages(list_canvases(kb_dir, vault.settings.excludes),
                                         options.display, cg, urls, options.url_of,
                                         canvas_report)
    report.extend(apply_unresolved(canvas_report, options.unresolved).items)
    files.update(canvases)
    urls.update(canvas_urls)
    files[options.graph_json] = made = to_json(cg, {n.slug: urls[src] for src, n in by_src.items()})
    files[SCHEMA_FILE] = schema_json(relations)
    # Redirects from the addresses notes left (permalinks, aliases holding a vault path)
    shown = {path: f"{options.display}/{rel}" for rel, path in vault.attachments.items()}
    owners = site_owners(options.docs_files or (), files, by_src,
                         {src: shown[path] for src, path in attachments.items()})
    stubs, moved = redirect_stubs(by_src, owners, options.url_of)
    report.extend(moved.items)
    files.update(stubs)
    lap("render")
    plots = (media.rendered, media.cached) if media is not None else (0, 0)
    omitted = frozenset(src for src in [*GENERATED, ACTIVATIONS_PAGE] if src not in files)
    excluded = vault.excluded_notes()
    return SitePlan(report, cg, files, by_src, Panels(cg, urls), urls, plots, timings,
                    attachments, embeds.fragments, len(vault.unpublished), omitted,
                    frozenset(rel for rel, _ in vault.held()), embeds.uses, hard_breaks,
                    (excluded, len(vault.excluded) - excluded), node_ids(made))


def fallback_pages(srcs: list[str], docs_files: frozenset[str] | None,
                   graph_page: bool) -> list[str]:
    """The pages generated only when the site has none of its own (``srcs``: the notes' pages,
    ``docs_files``: docs/, None when not known): the home page of a vault published with
    nothing else, and the graph explorer's page when the plugin publishes its script."""
    if docs_files is None:
        return []
    home = HOME_PAGE not in srcs and not {HOME_PAGE, "README.md"} & docs_files
    graph = graph_page and GRAPH_PAGE not in srcs and GRAPH_PAGE not in docs_files
    return [HOME_PAGE] * home + [GRAPH_PAGE] * graph


def own_addresses(notes: list[Note], docs_files: Iterable[str], url_of: UrlOf
                  ) -> tuple[list[Note], Report]:
    """``notes`` with each permalink that is the address of a page the plugin generates or a
    file of docs/ refused, and a warning for each (``free_permalinks``): for a build and for
    ``conceptgraph check``."""
    taken = [*GENERATED, ACTIVATIONS_PAGE, *tag_sources(notes), *docs_files]
    return free_permalinks(notes, taken, url_of)


def site_sources(srcs: Iterable[str], attachments: Iterable[str], tag_srcs: Iterable[str],
                 fallbacks: Iterable[str]) -> list[str]:
    """The source path of every page and file a build publishes from the knowledge base
    (besides canvases, plots and graph.json): what a Markdown link in a note may name."""
    return [*srcs, *GENERATED, ACTIVATIONS_PAGE, *attachments, *fallbacks, *tag_srcs]


def concept_meta(note: Note) -> dict[str, object]:
    """The metadata of a concept page, as MkDocs would read it from frontmatter; the title is
    HTML-escaped, since Material writes it into the page as HTML. Set directly, not written as
    YAML for MkDocs to parse back: a thousand notes would cost a thousand YAML parses."""
    meta: dict[str, object] = {"title": html.escape(note.title, quote=True),
                               "cg_note": note.path}
    if note.description:
        meta["description"] = html.escape(note.description, quote=True)  # Material: raw HTML
    if note.tags:  # Material's search indexes a page's tags
        meta["tags"] = list(note.tags)
    return meta
