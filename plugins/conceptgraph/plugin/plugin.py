"""The MkDocs adapter: wires MkDocs events to the core, nothing more.

Relations induce a graph, not a tree: a page's backlinks need every other note. So the whole
knowledge base is read, resolved and rendered to virtual files in ``on_files``, before any page
renders; page events then only choose how wiki-links render and fill in per-page details.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from conceptgraph.diagnostics import Report
from conceptgraph.markup.sanitize import clean_html
from conceptgraph.notes.relations import parse_relations
from conceptgraph.plugin.config import ConceptGraphConfig
from conceptgraph.render.links import page_renderer
from conceptgraph.render.marks import MARK_OPEN, PageLinks, strip_marks
from conceptgraph.render.mdext import WikiLinkExtension
from conceptgraph.render.pages import concept_meta
from conceptgraph.render.site import MediaOptions, Site, assemble

log = get_plugin_logger(__name__)


class ConceptGraphPlugin(BasePlugin[ConceptGraphConfig]):
    def __init__(self) -> None:
        self.site: Site | None = None
        self._parallel = False  # a second process for this build (never under mkdocs serve)
        self._links: PageLinks | None = None
        self._linked: dict[str, str] = {}  # page → its content with the links in
        self._on_note = False
        self._serving = False
        self._panels_logged = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds; state is reset
        # in on_config, so a deleted note disappears everywhere. A failed serve rebuild stalls
        # every request, so serve shows the notes that can be read and lists the errors.
        self._serving = command == "serve"
        if dirty:
            log.info("--dirty re-renders only changed pages: backlinks on other pages go stale")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.relations = parse_relations(self.config.relations)
        except ValueError as exc:
            raise PluginError(f"mkdocs.yml: plugins → conceptgraph → {exc}") from None
        self.root = root = Path(config.config_file_path or ".").resolve().parent
        self.kb_dir = (root / self.config.kb_dir).resolve()
        # How notes are named in messages and pages: relative to mkdocs.yml, never a machine path.
        try:
            self.kb_display = self.kb_dir.relative_to(root).as_posix()
        except ValueError:
            self.kb_display = self.kb_dir.name
        self.site, self._links, self._linked = None, None, {}
        self._parallel = self.config.parallel and not self._serving
        gc.unfreeze()  # the previous build's notes and graph (mkdocs serve) may be collected
        self._panels_logged = False
        config.markdown_extensions.append(WikiLinkExtension(  # type: ignore[arg-type]
            lambda: self._links, lambda: self._on_note))
        if "attr_list" not in config.markdown_extensions:
            config.markdown_extensions.append("attr_list")
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        options = MediaOptions(self.config.plots_enabled, self.root / self.config.plots_cache_dir,
                               self.config.plots_processes)
        # Assembling makes the objects of every note and the graph, all alive until the build
        # ends: the cycle collector would walk them again and again, for nothing. So it pauses
        # while they are made, and they are frozen out of its reach until the next build
        # starts (on_config), or the process ends.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self.site = assemble(self.kb_dir, self.kb_display, self.relations,
                                 self.config.graph_json, options, config.use_directory_urls,
                                 keep_going=self._serving,
                                 parallel=self._parallel)
        finally:
            gc.freeze()
            if collecting:
                gc.enable()
        _publish_report(self.site.report, fatal=not self._serving)
        if self.site.media is not None:
            log.info(f"plots and figures: {self.site.media.rendered} rendered, "
                     f"{self.site.media.cached} from cache")
        # Content set later: deferred files in on_env, index pages in on_pre_page
        later = dict.fromkeys([*self.site.deferred, *self.site.index_srcs], "")
        for src, content in sorted({**self.site.files, **later}.items()):
            if files.get_file_from_path(src) is not None:
                raise PluginError(f"{config.docs_dir}/{src}: clashes with a page the "
                                  "conceptgraph plugin generates; rename or remove it")
            level = InclusionLevel.NOT_IN_NAV if src in self.site.notes_by_src else \
                InclusionLevel.UNDEFINED
            files.append(File.generated(config, src, content=content, inclusion=level))
        # GitHub Pages: publish as is, no Jekyll. MkDocs skips dotfiles unless told to include.
        files.append(File.generated(config, ".nojekyll", content="",
                                    inclusion=InclusionLevel.INCLUDED))
        return files

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        # An index page is made from the graph in the second process: collected when MkDocs
        # first reads one (notes before it in the folder were rendered meanwhile).
        src = page.file.src_uri
        if self.site is not None and self.site.from_graph and src in self.site.index_srcs:
            markdown, links = self.site.from_graph().pages[src]
            page.file.content_string = markdown
            self.site.links[src] = links
        return page

    @event_priority(100)  # first, as if MkDocs had read it from the page's frontmatter
    def _concept_meta(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                      files: Files) -> str:
        # A concept page's Markdown has no frontmatter: its metadata is set here, directly.
        note = self.site.notes_by_src.get(page.file.src_uri) if self.site is not None else None
        if note is not None:
            page.meta = {**concept_meta(note), **page.meta}
        return markdown

    def _page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                       files: Files) -> str:
        assert self.site is not None and self.site.graph is not None
        note = self.site.notes_by_src.get(page.file.src_uri)
        self._on_note = note is not None
        marked = self.site.links.get(page.file.src_uri)
        if marked is not None:  # a note or an index page: links marked when it was assembled
            self._links = marked
            return markdown
        self._links, markdown, report = page_renderer(
            self.site.graph, page.file.src_uri, markdown, config.docs_dir,
            config.use_directory_urls)
        _publish_report(report)
        return markdown

    on_page_markdown = CombinedEvent(_concept_meta, _page_markdown)

    @event_priority(-100)  # last: what other plugins make of a note page is cleaned too
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        src = page.file.src_uri
        # Note bodies are untrusted; hand-written docs/ pages are the maintainers' own.
        is_note = self.site is not None and src in self.site.notes_by_src
        if is_note:
            html = clean_html(html)
        if self._links is not None:  # lists of a generated page, made as HTML
            html = self._links.put_blocks(html)
        linked = None
        if self._links is not None and self._links.marks:
            # Search indexes the labels as text; the links go in after it (on_page_context).
            linked, html = self._links.fill(html), strip_marks(html)
            _strip_toc(page.toc)
            title = getattr(page, "_title_from_render", None)  # a docs/ page titled by its h1
            if title:
                page._title_from_render = strip_marks(title)
        if is_note:
            assert self.site is not None
            html = self.site.panels.wrap(src, html)
            linked = None if linked is None else self.site.panels.wrap(src, linked)
        if linked is not None:
            self._linked[src] = linked
        return html

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if self.site is not None and page.file.src_uri in self.site.panels:
            output = self.site.panels.fill(page.file.src_uri, output)
            if not self._panels_logged:
                self._panels_logged = True
                log.debug("; ".join(f"{stage} {seconds:.2f} s" for stage, seconds
                                    in self.site.timings.items()))
        return output

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        # Pages are rendered; static files are written next: the files computed in the second
        # process are collected now.
        if self.site is not None:
            for src, make in self.site.deferred.items():
                file = files.get_file_from_path(src)
                if file is not None:
                    file.content_string = make()
        return env

    @event_priority(-100)  # after the search plugin has indexed the page's text
    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig,
                        nav: Any) -> Any:
        linked = self._linked.pop(page.file.src_uri, None)
        if linked is not None:
            page.content = linked
        note = self.site.notes_by_src.get(page.file.src_uri) if self.site else None
        if note is not None and config.repo_url and config.edit_uri:
            page.edit_url = _edit_url(config, self.kb_display, note.rel)
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        from conceptgraph.render.integrity import verify_site

        if self.site is not None and self.site.graph is not None:
            problems = verify_site(Path(config.site_dir), self.site, self.config.graph_json)
            if problems:
                raise PluginError("conceptgraph: the built site does not match the knowledge "
                                  "base:\n" + "\n".join(problems) + "\nfix: another plugin "
                                  "or step changed or removed these files after the build "
                                  "wrote them; build again without it (if the problem stays, "
                                  "it is a conceptgraph bug: please report it)")

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.kb_dir))
        return server


def _strip_toc(items: Any) -> None:
    """Table-of-contents titles show a heading's linked labels as plain text."""
    for item in items:
        if MARK_OPEN in item.title:
            item.title = strip_marks(item.title)
        if item.children:
            _strip_toc(item.children)


def _publish_report(report: Report, fatal: bool = True) -> None:
    for d in report.warnings:
        log.warning(str(d))
    if report.errors:
        for d in report.errors:
            log.error(str(d))
        n = len(report.errors)
        if not fatal:
            log.error(f"conceptgraph: {n} error{'s' * (n != 1)} in the knowledge base (listed "
                      "above); the preview leaves those notes out until they are fixed, and "
                      "`mkdocs build` stops on them")
            return
        raise PluginError(f"conceptgraph: {n} error{'s' * (n != 1)} in the knowledge base "
                          "(listed above); fix them and build again")


def _edit_url(config: MkDocsConfig, kb_display: str, rel: str) -> str:
    """The edit link of a note: the site's edit_uri points into docs/, notes live in kb/."""
    from urllib.parse import quote, urljoin

    edit_uri = config.edit_uri or ""
    repo_url = config.repo_url or ""
    docs = Path(config.docs_dir).name
    base = edit_uri.rstrip("/")
    base = base[: -len(docs)].rstrip("/") if base.endswith("/" + docs) else base
    path = f"{base}/{kb_display}/{rel}"
    return urljoin(repo_url.rstrip("/") + "/", quote(path))
