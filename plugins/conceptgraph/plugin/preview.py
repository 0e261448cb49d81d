"""The incremental preview (``mkdocs serve --dirty``): an edit writes only the pages it changes.

MkDocs' dirty reload builds a page only when its ``File.is_modified()``; the plugin decides
that for the pages it generates (``conceptgraph.changes``: the edited note, the pages whose
relations, backlinks, mention snippets, breadcrumb or transclusions change, the generated pages
whose Markdown changed). The state between rebuilds lives here, in the plugin instance that
MkDocs keeps while it serves:

- the notes as read (``ReadCache``): a note is read again only when its file changed, and its
  links resolved again only then or when a name changed (``KeptLinks``);
- MkDocs' URL of each page, and the theme's templates as Jinja compiled them;
- the last plan, to compare the new one with;
- each page's search entries, made by Material's search plugin when the page was last built:
  a dirty build indexes only the pages it builds, so the index is put together again here, in
  the order of a clean build (Material's own dirty-reload merge keeps one page's entries);
- the files the last build wrote, so that a page whose note is gone is removed.

Pages of docs/ that show the knowledge base (a wiki-link, the live counts) are built every
time. A page of the nav that is not built keeps the title of its last build: the nav shows
the titles of the pages in it, which MkDocs knows only for pages it read in this build. A
change to mkdocs.yml, to a page of docs/, to the theme's templates or to the site's shape (a
generated page appears or goes, an attachment, a note held back) builds every page.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from conceptgraph.build import SitePlan
from conceptgraph.changes import changed_pages
from conceptgraph.graph.build import KeptLinks
from conceptgraph.notes.read import ReadCache
from conceptgraph.types import Url

log = get_plugin_logger(__name__)
_DIRTY_WARNING = "A 'dirty' build is being performed"


class PlannedFile(File):
    """A page or file the plugin generates, built by a dirty build only when ``changed``."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed


class _Templates(jinja2.BytecodeCache):
    """The theme's templates as compiled by an earlier build (MkDocs makes a new Jinja
    environment for every build, which compiles every template again); Jinja checks each
    against its template's source."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class _QuietDirty(logging.Filter):
    """Drops MkDocs' warning that a dirty build makes navigation and links inaccurate: with
    this plugin it does not (see the module's docstring)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DIRTY_WARNING)


class Preview:
    """What one ``mkdocs serve --dirty`` keeps from one build to the next."""

    def __init__(self) -> None:
        self.reads = ReadCache()
        self.links = KeptLinks()
        self.previous: SitePlan | None = None
        self.templates = _Templates()
        self.urls: dict[str, Url] = {}  # MkDocs' URL of each source path
        self._titles: dict[str, str | None] = {}  # each page's title when it was last built
        self._shows_kb: dict[str, bool] = {}  # pages of docs/: whether they show the kb
        self._key = ""
        self._extensions: tuple[str, ...] = ()
        self._search: Any = None
        self._possible = True
        self._site_dir = ""
        self._entries: dict[str, list[dict[str, Any]]] = {}
        self._seen = 0
        self._written: set[str] = set()
        self._files = Files([])  # of the build under way
        logger = logging.getLogger("mkdocs.commands.build")
        if not any(isinstance(f, _QuietDirty) for f in logger.filters):
            logger.addFilter(_QuietDirty())

    def configure(self, config: MkDocsConfig, settings: object) -> None:
        """A new build's configuration: with another mkdocs.yml, theme or docs/, start over."""
        search = config.plugins.get("search") or config.plugins.get("material/search")
        # Another search plugin's index would lose the pages a dirty build does not build
        self._possible = search is None or hasattr(search, "search_index_prev")
        self._search = search if self._possible else None
        self._site_dir = config.site_dir
        key = _site_key(config, settings)
        if key != self._key:
            self.reads, self.links, self.previous = ReadCache(), KeptLinks(), None
            self.urls, self._key = {}, key

    def plan(self, plan: SitePlan, files: Files, extensions: tuple[str, ...]
             ) -> frozenset[str] | None:
        """The pages of ``plan`` to build (None: every page), and ``plan`` kept for the next.
        ``extensions`` are the Markdown extensions this build added for the syntax its pages
        use (plugin/markdown.py): when they change, every page may render otherwise."""
        previous, self.previous, self._files = self.previous, plan, files
        same, self._extensions = extensions == self._extensions, extensions
        self._seen = 0
        dirty = None
        if previous is not None and self._possible and same:
            dirty = changed_pages(previous, plan)
        # A page of docs/ that may show the knowledge base (a wiki-link, the live counts) is
        # built every time, any page of docs/ when every page is: MkDocs builds a page of docs/
        # whose output is missing (and one whose file is newer than its output)
        for f in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
            again = dirty is None or self._shows_kb.get(f.src_uri, True)
            if again and not isinstance(f, PlannedFile) and os.path.isfile(f.abs_dest_path):
                os.remove(f.abs_dest_path)
        if dirty is not None:
            pages = sum(1 for src in plan.files if src.endswith(".md"))
            log.info(f"{len(dirty)} of {pages} generated pages changed")
        return dirty

    def docs_page(self, src: str, shows_kb: bool) -> None:
        """Page ``src`` of docs/ was built: whether it shows the knowledge base."""
        self._shows_kb[src] = shows_kb

    def keep_titles(self, pages: list[Any]) -> None:
        """Before pages are read: the pages of the nav this build does not build keep the
        title they had (MkDocs knows a page's title only once it read the page)."""
        for page in pages:
            if page.title is None and not page.file.is_modified():
                page.title = self._titles.get(page.file.src_uri)

    def indexed(self, page: Any) -> None:
        """After Material's search plugin indexed ``page``: keep that page's entries (and its
        title)."""
        src = page.file.src_uri
        self._titles[src] = page.title
        index = getattr(self._search, "search_index", None)
        if index is not None:
            self._entries[src] = index.entries[self._seen:]
            self._seen = len(index.entries)

    def finish(self) -> None:
        """Before the search index is written: every page's entries in a clean build's order;
        the files the last build wrote and this one does not, removed."""
        files = self._files
        index = getattr(self._search, "search_index", None)
        if index is not None:
            order = [f.src_uri for f in
                     files.documentation_pages(inclusion=InclusionLevel.is_in_serve)]
            self._entries = {src: self._entries[src] for src in order if src in self._entries}
            index.entries = [e for src in order for e in self._entries.get(src, ())]
            self._search.search_index_prev = None  # Material's merge of one page: not needed
        written = {f.abs_dest_path for f in files}
        for gone in sorted(self._written - written):
            _remove(gone, self._site_dir)
        self._written = written


def _site_key(config: MkDocsConfig, settings: object) -> str:
    """A digest of what every page depends on besides the knowledge base: mkdocs.yml, the
    plugin's settings, the pages of docs/ and the templates of the theme's own folders."""
    digest = hashlib.sha256(repr(settings).encode())
    if config.config_file_path:
        digest.update(Path(config.config_file_path).read_bytes())
    for folder in [config.docs_dir, config.theme.custom_dir]:
        if folder is None:
            continue
        for path in sorted(Path(folder).rglob("*")):
            if path.suffix in (".md", ".html") and path.is_file():
                digest.update(f"{path}\0{path.stat().st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _remove(path: str, site_dir: str) -> None:
    """Remove a file the last build wrote, and the folders of the site it leaves empty."""
    if os.path.isfile(path):
        os.remove(path)
        folder, top = os.path.dirname(path), os.path.abspath(site_dir)
        while os.path.abspath(folder).startswith(top + os.sep) and not os.listdir(folder):
            os.rmdir(folder)
            folder = os.path.dirname(folder)
