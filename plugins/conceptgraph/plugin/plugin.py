"""The MkDocs adapter: MkDocs events in, the core's build out, nothing more.

Relations induce a graph, not a tree: a page's backlinks need every other note. So the whole
knowledge base is read, resolved and planned in ``on_files`` (``conceptgraph.build``), before any
page renders; page events then only hand each page its links, clean notes' HTML and put the
panels around it. The plan is checked against the written site at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from conceptgraph.build import BuildOptions, SitePlan, build, concept_meta
from conceptgraph.diagnostics import Report
from conceptgraph.links.policy import apply_unresolved
from conceptgraph.markup.sanitize import clean_html
from conceptgraph.notes.relations import parse_relations
from conceptgraph.plugin.assets import link_assets, publish_assets, wants_math
from conceptgraph.plugin.config import ConceptGraphConfig
from conceptgraph.plugin.markdown import ensure_extensions, extensions_in_use, heading_ids
from conceptgraph.plugin.pages import drop_from_nav, markdown_renderer, page_extras
from conceptgraph.plugin.preview import PlannedFile, Preview
from conceptgraph.plugin.publish import edit_url, held_back, publish, relative
from conceptgraph.render.fragments import Transclusion, fill_fragments
from conceptgraph.render.integrity import verify_site
from conceptgraph.render.links import STATS_MARKER, PageLinks, page_links
from conceptgraph.render.markdown_ext import WikiLinkExtension
from conceptgraph.render.ofm import ObsidianExtension
from conceptgraph.render.panels import aliases_html, fill, wrap
from conceptgraph.render.tag_pages import TagHref, one_tag_page, page_tags, tag_links
from conceptgraph.types import Url

log = get_plugin_logger(__name__)


class ConceptGraphPlugin(BasePlugin[ConceptGraphConfig]):
    def __init__(self) -> None:
        self.plan = SitePlan(Report())
        self.links: PageLinks | None = None  # of the page being rendered
        self.on_note = False  # whether that page is a note (Obsidian's line breaks)
        self.tag_href: TagHref | None = None  # that note's links to tag pages
        self.serving = False
        self.preview: Preview | None = None  # mkdocs serve --dirty: the incremental preview
        self.files = Files([])  # of the build under way
        self.dirty: frozenset[str] | None = None  # the pages it builds again (None: all)
        self.counts = False  # whether the page of docs/ being built shows the live counts

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # A failed serve rebuild stalls every request, so serve shows the notes that can be
        # read and lists the errors (``keep_going``).
        self.serving = command == "serve"
        self.preview = Preview() if self.serving and dirty else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.relations = parse_relations(self.config.relations)
        except ValueError as exc:
            raise PluginError(f"mkdocs.yml: plugins → conceptgraph → {exc}") from None
        root = Path(config.config_file_path or ".").resolve().parent
        self.kb_dir = (root / self.config.kb_dir).resolve()
        self.cache_dir = root / self.config.plots_cache_dir
        # Notes are named relative to mkdocs.yml in messages and pages, never by machine path
        self.kb_display = relative(self.kb_dir, root)
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
        options = BuildOptions(
            self.kb_display, self.relations, graph_json=self.config.graph_json,
            url_of=self._url_of(config.use_directory_urls),
            plots=self.config.plots_enabled, cache_dir=self.cache_dir,
            plot_processes=self.config.plots_processes, keep_going=self.serving,
            unresolved=self.config.unresolved, docs_files=frozenset(f.src_uri for f in files),
            undeclared=self.config.undeclared,
            require_frontmatter=self.config.require_frontmatter,
            strict_line_breaks=self.config.strict_line_breaks,
            graph_page=self.config.assets,
            reads=self.preview.reads if self.preview is not None else None,
            links=self.preview.links if self.preview is not None else None,
            heading_ids=heading_ids(config))
        self.plan = build(self.kb_dir, options)
        publish(self.plan.findings, fatal=not self.serving)
        log.debug("; ".join(f"{stage} {s:.2f} s" for stage, s in self.plan.timings.items()))
        if self.config.plots_enabled:
            log.info("plots and figures: {} rendered, {} from cache".format(*self.plan.plots))
        for line in held_back(self.plan, self.kb_display):
            log.info(line)
        drop_from_nav(config, self.plan.omitted)
        added = extensions_in_use(config, [
            *(text for src, text in self.plan.files.items()
              if isinstance(text, str) and src.endswith(".md")),
            *(f.markdown for page in self.plan.fragments.values() for f in page
              if isinstance(f, Transclusion))])
        self.dirty = dirty = self.preview.plan(self.plan, files, added) if self.preview \
            else None
        if dirty is not None:
            pages = sum(1 for src in self.plan.files if src.endswith(".md"))
            log.info(f"{len(dirty)} of {pages} generated pages changed")
        self.files = files
        taken = {f.src_uri for f in files}
        for src, content in sorted(self.plan.files.items()):
            if src in taken:
                raise PluginError(f"{config.docs_dir}/{src}: clashes with a page the "
                                  "conceptgraph plugin generates; rename or remove it")
            level = InclusionLevel.NOT_IN_NAV if src in self.plan.notes or \
                one_tag_page(src) else InclusionLevel.UNDEFINED
            file = PlannedFile.generated(config, src, content=content, inclusion=level)
            assert isinstance(file, PlannedFile)
            file.changed = dirty is None or src in dirty or not file.is_documentation_page()
            files.append(file)
            taken.add(src)
        for src, path in sorted(self.plan.attachments.items()):  # copied, never run
            if src in taken:
                raise PluginError(f"{config.docs_dir}/{src}: clashes with an attachment of "
                                  "the knowledge base; rename or remove it")
            files.append(File.generated(config, src, abs_src_path=path,
                                        inclusion=InclusionLevel.NOT_IN_NAV))
        if self.config.assets:
            publish_assets(config, files, wants_math(config, added), self.plan.notes)
        # GitHub Pages: publish as is, no Jekyll. MkDocs skips dotfiles unless told to include.
        files.append(File.generated(config, ".nojekyll", content="",
                                    inclusion=InclusionLevel.INCLUDED))
        return files

    def _url_of(self, directory_urls: bool) -> Callable[[str], Url]:
        """MkDocs' URL of a page or file by its source path (``File.url``); the preview keeps
        them from one build to the next (until mkdocs.yml changes)."""
        known = self.preview.urls if self.preview is not None else {}

        def url_of(src: str) -> Url:
            if src not in known:
                known[src] = Url(File(src, None, "", directory_urls).url)
            return known[src]
        return url_of

    @event_priority(100)  # first, as if MkDocs had read the metadata from the page
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        src, graph = page.file.src_uri, self.plan.graph
        note = self.plan.notes.get(src)
        self.on_note, self.links, self.tag_href = note is not None, None, None
        if note is not None and graph is not None:
            page.meta = {**concept_meta(note), **page.meta}
            self.links = PageLinks(graph, self.plan.urls, Url(page.url), note.scan.headings,
                                   note)
            self.tag_href = tag_links(self.plan.urls, Url(page.url))
            planned = self.plan.files[src]  # MkDocs read a copy of it: the page keeps the
            if isinstance(planned, str) and planned == markdown:  # plan's, not a second one
                markdown = planned
        elif graph is not None and src not in self.plan.files:  # a page of docs/
            self.counts = STATS_MARKER in markdown
            self.links, markdown, report = page_links(graph, self.plan.urls, src, Url(page.url),
                                                      markdown, config.docs_dir,
                                                      heading_ids(config))
            publish(apply_unresolved(report, self.config.unresolved))
        return markdown

    @event_priority(-100)  # last: what other plugins make of a note page is cleaned too
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        # Note bodies are untrusted; hand-written docs/ pages are the maintainers' own.
        src = page.file.src_uri
        note = self.plan.notes.get(src)
        if note is None:
            if self.preview is not None and self.links is not None:  # a page of docs/
                self.preview.docs_page(src, self.counts or self.links.asked)
            return html
        cleaned = fill_fragments(clean_html(html), self.plan.fragments.get(src, []),
                                 markdown_renderer(config))
        return wrap(cleaned, aliases_html(note), page.title)

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
        if note is not None and config.repo_url and config.edit_uri:
            page.edit_url = edit_url(config, self.kb_display, note.rel)
        if note is not None and note.tags:  # Material shows them above the page
            context["tags"] = page_tags(note, self.plan.urls)
        return context

    @event_priority(50)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.preview is not None:
            self.preview.finish(self.files)
        plan, graph_json = self.plan, self.config.graph_json
        if plan.graph is None:  # the build stopped on errors: nothing was published
            return
        problems = verify_site(Path(config.site_dir), plan.notes, plan.urls, graph_json,
                               plan.files[graph_json], plan.graph_nodes, self.dirty)
        if problems:
            raise PluginError("conceptgraph: the built site does not match the knowledge "
                              "base:\n" + "\n".join(problems) + "\nfix: another plugin or "
                              "step changed or removed these files after the build wrote "
                              "them; build again without it (if the problem stays, it is a "
                              "conceptgraph bug: please report it)")

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.kb_dir))
        return server

