"""The MkDocs adapter: MkDocs events in, the core's build out, nothing more.

Relations induce a graph, not a tree: a page's backlinks need every other note. So the whole
knowledge base is read, resolved and planned in ``on_files`` (``conceptgraph.build``), before any
page renders; page events then only hand each page its links, clean notes' HTML and put the
panels around it. The plan is checked against the written site at the end.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from conceptgraph.build import SitePlan, build
from conceptgraph.diagnostics import Report
from conceptgraph.plugin.assets import link_assets
from conceptgraph.plugin.config import ConceptGraphConfig, relations_of
from conceptgraph.plugin.files import add_files, build_options, kb_paths, planned_markdown
from conceptgraph.plugin.markdown import ensure_extensions, extensions_in_use
from conceptgraph.plugin.pages import (
    docs_page_links,
    drop_from_nav,
    note_context,
    note_html,
    note_page_links,
    page_extras,
)
from conceptgraph.plugin.preview import Preview
from conceptgraph.plugin.publish import announce, check_site
from conceptgraph.render.links import STATS_MARKER, PageLinks
from conceptgraph.render.markdown_ext import WikiLinkExtension
from conceptgraph.render.ofm import ObsidianExtension
from conceptgraph.render.panels import fill
from conceptgraph.render.tag_pages import TagHref


class ConceptGraphPlugin(BasePlugin[ConceptGraphConfig]):
    def __init__(self) -> None:
        self.plan = SitePlan(Report())
        self.links: PageLinks | None = None  # of the page being rendered
        self.on_note = False  # whether that page is a note (Obsidian's line breaks)
        self.tag_href: TagHref | None = None  # that note's links to tag pages
        self.serving = False
        self.preview: Preview | None = None  # mkdocs serve --dirty: the incremental preview
        self.dirty: frozenset[str] | None = None  # the pages it builds again (None: all)
        self.counts = False  # whether the page of docs/ being built shows the live counts

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # A failed serve rebuild stalls every request: serve shows what it can (keep_going)
        self.serving = command == "serve"
        self.preview = Preview() if self.serving and dirty else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.relations = relations_of(self.config)
        self.kb_dir, self.cache_dir, self.kb_display = kb_paths(config, self.config)
        self.plan, self.links = SitePlan(Report()), None
        config.markdown_extensions.append(WikiLinkExtension(  # type: ignore[arg-type]
            lambda: self.links, lambda: self.on_note, lambda: self.plan.hard_breaks))
        config.markdown_extensions.append(ObsidianExtension(  # type: ignore[arg-type]
            lambda: self.on_note, lambda: self.tag_href))
        ensure_extensions(config)
        if self.config.assets:  # the math ones once the notes are read (on_files)
            link_assets(config, math=False)
        if self.preview is not None:
            self.preview.configure(config, self.config)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        self.plan = plan = build(self.kb_dir, build_options(
            self.config, config, files, self.kb_display, self.relations, self.cache_dir,
            self.serving, self.preview))
        announce(plan, self.kb_display, self.config.plots_enabled, self.serving)
        drop_from_nav(config, plan.omitted)
        added = extensions_in_use(config, planned_markdown(plan))
        self.dirty = self.preview.plan(plan, files, added) if self.preview else None
        add_files(config, files, plan, self.dirty, self.config.assets, added)
        return files

    @event_priority(100)  # first, as if MkDocs had read the metadata from the page
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        src, graph = page.file.src_uri, self.plan.graph
        note = self.plan.notes.get(src)
        self.on_note, self.links, self.tag_href = note is not None, None, None
        if graph is None:
            return markdown
        if note is not None:
            self.links, self.tag_href = note_page_links(self.plan, note, page)
            planned = self.plan.files[src]  # MkDocs read a copy of it: the page keeps the
            return planned if planned == markdown else markdown  # plan's, not a second one
        if src not in self.plan.files:  # a page of docs/
            self.counts = STATS_MARKER in markdown
            self.links, markdown = docs_page_links(self.plan, page, markdown, config,
                                                   self.config.unresolved)
        return markdown

    @event_priority(-100)  # last: what other plugins make of a note page is cleaned too
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        note = self.plan.notes.get(page.file.src_uri)
        if note is not None:  # its body is untrusted; pages of docs/ are the maintainers' own
            return note_html(html, note, self.plan, page, config)
        if self.preview is not None and self.links is not None:  # a page of docs/
            self.preview.docs_page(page.file.src_uri, self.counts or self.links.asked)
        return html

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        note, panels = self.plan.notes.get(page.file.src_uri), self.plan.panels
        if note is None or panels is None:
            return output
        return page_extras(fill(output, *panels.around(note)), note.cssclasses,
                           panels.image(note), page.url, config.site_url)

    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        if self.preview is not None:
            self.preview.keep_titles(nav.pages)
        return nav

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        if self.preview is not None:
            env.bytecode_cache = self.preview.templates
        return env

    @event_priority(-50)  # after the search plugin, which indexes the page here
    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig,
                        nav: Any) -> Any:
        if self.preview is not None:
            self.preview.indexed(page)
        note = self.plan.notes.get(page.file.src_uri)
        if note is not None:
            note_context(context, note, self.plan, page, config, self.kb_display)
        return context

    @event_priority(50)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.preview is not None:
            self.preview.finish()
        if self.plan.graph is not None:  # else the build stopped on errors: nothing published
            check_site(config.site_dir, self.plan, self.config.graph_json, self.dirty)
        # Let go of the plan before the search plugin writes its index, where a build peaks
        self.plan, self.links = SitePlan(Report()), None

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.kb_dir))
        return server

