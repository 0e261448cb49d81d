"""The plan meets MkDocs' files: what the core build is told about the site (its options, with
MkDocs' URL rule), and the pages, attachments and assets it gives back, added to the files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from conceptgraph.build import BuildOptions, SitePlan
from conceptgraph.notes.note import Relation
from conceptgraph.plugin.assets import publish_assets, wants_math
from conceptgraph.plugin.config import ConceptGraphConfig
from conceptgraph.plugin.markdown import heading_ids
from conceptgraph.plugin.preview import PlannedFile, Preview
from conceptgraph.plugin.publish import relative
from conceptgraph.render.fragments import Transclusion
from conceptgraph.render.tag_pages import one_tag_page
from conceptgraph.render.urls import UrlOf
from conceptgraph.types import Url


def kb_paths(config: MkDocsConfig, settings: ConceptGraphConfig) -> tuple[Path, Path, str]:
    """The knowledge base's folder, the plots' cache and how messages and pages name the
    folder: relative to mkdocs.yml, never by machine path."""
    root = Path(config.config_file_path or ".").resolve().parent
    kb_dir = (root / settings.kb_dir).resolve()
    return kb_dir, root / settings.plots_cache_dir, relative(kb_dir, root)


def build_options(settings: ConceptGraphConfig, config: MkDocsConfig, files: Files,
                  kb_display: str, relations: dict[str, Relation], cache_dir: Path,
                  serving: bool, preview: Preview | None) -> BuildOptions:
    """What ``conceptgraph.build`` needs of mkdocs.yml, the site's files and the preview."""
    return BuildOptions(
        kb_display, relations, graph_json=settings.graph_json,
        url_of=url_rule(config.use_directory_urls, preview.urls if preview else {}),
        plots=settings.plots_enabled, cache_dir=cache_dir,
        plot_processes=settings.plots_processes, keep_going=serving,
        unresolved=settings.unresolved, docs_files=frozenset(f.src_uri for f in files),
        undeclared=settings.undeclared, require_frontmatter=settings.require_frontmatter,
        strict_line_breaks=settings.strict_line_breaks, graph_page=settings.assets,
        reads=preview.reads if preview is not None else None,
        links=preview.links if preview is not None else None,
        heading_ids=heading_ids(config))


def url_rule(directory_urls: bool, known: dict[str, Url]) -> UrlOf:
    """MkDocs' URL of a page or file by its source path (``File.url``), remembered in
    ``known`` (the preview keeps them from one build to the next, until mkdocs.yml changes)."""
    def url_of(src: str) -> Url:
        if src not in known:
            known[src] = Url(File(src, None, "", directory_urls).url)
        return known[src]
    return url_of


def planned_markdown(plan: SitePlan) -> Iterable[str]:
    """The Markdown of every page the plan generates, transclusions included."""
    for src, text in plan.files.items():
        if isinstance(text, str) and src.endswith(".md"):
            yield text
    for page in plan.fragments.values():
        yield from (f.markdown for f in page if isinstance(f, Transclusion))


def add_files(config: MkDocsConfig, files: Files, plan: SitePlan, dirty: frozenset[str] | None,
              assets: bool, extensions: tuple[str, ...]) -> None:
    """Add the plan's pages and files, its attachments (copied, never run) and the plugin's
    assets to ``files``; a dirty build writes only the ``dirty`` pages (None: all). A file of
    docs/ at the address of one of them stops the build: one of the two would be lost."""
    taken = {f.src_uri for f in files}
    for src, content in sorted(plan.files.items()):
        if src in taken:
            raise PluginError(f"{config.docs_dir}/{src}: clashes with a page the "
                              "conceptgraph plugin generates; rename or remove it")
        level = InclusionLevel.NOT_IN_NAV if src in plan.notes or one_tag_page(src) \
            else InclusionLevel.UNDEFINED
        file = PlannedFile.generated(config, src, content=content, inclusion=level)
        assert isinstance(file, PlannedFile)
        file.changed = dirty is None or src in dirty or not file.is_documentation_page()
        files.append(file)
        taken.add(src)
    for src, path in sorted(plan.attachments.items()):
        if src in taken:
            raise PluginError(f"{config.docs_dir}/{src}: clashes with an attachment of "
                              "the knowledge base; rename or remove it")
        files.append(File.generated(config, src, abs_src_path=path,
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    if assets:
        publish_assets(config, files, wants_math(config, extensions), plan.notes)
    # GitHub Pages: publish as is, no Jekyll. MkDocs skips dotfiles unless told to include.
    files.append(File.generated(config, ".nojekyll", content="",
                                inclusion=InclusionLevel.INCLUDED))
