"""The plugin's own front-end files, published by the plugin itself: zero configuration.

The stylesheet of the panels, the graph views (force-graph, ``conceptgraph-graph.js``) and the
math renderer (KaTeX, ``conceptgraph-math.js``) ship inside the package (``plugin/assets/``,
package data) and are published under ``assets/conceptgraph/``, a folder that belongs to the
plugin: no file of docs/ and no note's page may be published in it. Their URLs go first in
``extra_css`` and ``extra_javascript``, before the site's own, so that a site's stylesheet
overrides the plugin's. The math files only when the pages have arithmatex's generic markup
(mkdocs.yml lists ``pymdownx.arithmatex`` with ``generic: true``, or the plugin enabled it for
the notes: ``plugin/markdown.py``) and mkdocs.yml loads no KaTeX or MathJax of its own, which
would render every formula a second time. ``assets: false`` publishes none of them.

Nothing from the notes chooses these paths: they are the package's files, listed here.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from conceptgraph.notes.note import Note
from conceptgraph.plugin.publish import relative

PACKAGED = Path(__file__).parent / "assets"
SITE_DIR = "assets/conceptgraph"  # where the site has them
# What the build (and `conceptgraph check`) says of a page published there, and the fix
HELD = f"{SITE_DIR}/, which holds the conceptgraph plugin's stylesheets and scripts"
MOVE_IT = "move or rename it, or set 'assets: false' under plugins → conceptgraph and link your own"
MATH_FILES = ("vendor/katex/", "conceptgraph-math.js")  # a folder ends in "/"
RECORD = "vendor/VENDORED.json"  # the vendoring record, for the tests: not published
# In the order pages load them (KaTeX before the script that calls it, force-graph before the
# graph views); each pair's first half only with math.
_CSS = (("vendor/katex/katex.min.css",), ("conceptgraph.css",))
_JS = (("vendor/katex/katex.min.js", "conceptgraph-math.js"),
       ("vendor/force-graph/force-graph.min.js", "conceptgraph-graph.js"))
_OWN_MATH = ("katex", "mathjax")  # a site script naming one of them renders math itself
ARITHMATEX = "pymdownx.arithmatex"


def packaged_files(math: bool) -> dict[str, Path]:
    """The files to publish, by their path under ``SITE_DIR``, sorted."""
    files = {p.relative_to(PACKAGED).as_posix(): p
             for p in sorted(PACKAGED.rglob("*")) if p.is_file()}
    return {rel: p for rel, p in files.items() if rel != RECORD
            and (math or not any(rel.startswith(m) for m in MATH_FILES))}


def asset_urls(math: bool) -> tuple[list[str], list[str]]:
    """The URLs (from the site root) of the plugin's stylesheets and of its scripts, in the
    order pages load them; with ``math``, KaTeX's too."""
    def pick(pairs: tuple[tuple[str, ...], tuple[str, ...]]) -> list[str]:
        return [f"{SITE_DIR}/{rel}" for rel in (*(pairs[0] if math else ()), *pairs[1])]
    return pick(_CSS), pick(_JS)


def link_assets(config: MkDocsConfig, math: bool) -> None:
    """Put the URLs of the plugin's stylesheets and scripts first in ``config.extra_css``
    and ``config.extra_javascript``, in their order; again with ``math``, the math ones too."""
    css, js = asset_urls(math)
    config.extra_css[:] = [*css, *(c for c in config.extra_css if c not in css)]
    config.extra_javascript[:] = [*(ExtraScriptValue(path) for path in js),
                                  *(s for s in config.extra_javascript if str(s) not in js)]


def wants_math(config: MkDocsConfig, added: tuple[str, ...]) -> bool:
    """Whether the pages need the plugin's KaTeX: arithmatex's generic markup is on them (the
    plugin ``added`` it, or mkdocs.yml lists it with ``generic: true``), and mkdocs.yml loads
    no KaTeX or MathJax of its own."""
    listed = ARITHMATEX in config.markdown_extensions and \
        bool(config.mdx_configs.get(ARITHMATEX, {}).get("generic"))
    own = any(name in str(s).lower() for s in config.extra_javascript for name in _OWN_MATH
              if not str(s).startswith(SITE_DIR + "/"))
    return (ARITHMATEX in added or listed) and not own


def publish_assets(config: MkDocsConfig, files: Files, math: bool,
                   notes: Mapping[str, Note]) -> None:
    """Add the plugin's files to ``files`` (the site's files: docs/ and the pages the plugin
    generates, ``notes`` by their page's source path) and link them; a file of the site
    published in ``SITE_DIR`` is an error naming it."""
    for file in files:
        if file.dest_uri.startswith(SITE_DIR + "/"):
            raise PluginError(_clash(config, file, notes.get(file.src_uri)))
    for rel, path in packaged_files(math).items():
        files.append(File.generated(config, f"{SITE_DIR}/{rel}", abs_src_path=str(path),
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    link_assets(config, math)


def _clash(config: MkDocsConfig, file: File, note: Note | None) -> str:
    """The error for ``file``, published in ``SITE_DIR``: where it comes from, and the fix."""
    if note is not None:  # only a permalink puts a note's page outside concepts/
        return (f"{note.path}:{note.line_of('permalink')}: permalink {note.permalink!r} puts "
                f"the page in {HELD}; choose another permalink")
    if file.generated_by is not None:
        return (f"{file.src_uri} (made by the {file.generated_by} plugin) is published in "
                f"{HELD}; publish it somewhere else")
    root = Path(config.config_file_path or ".").resolve().parent
    docs = relative(Path(config.docs_dir).resolve(), root)
    return f"{docs}/{file.src_uri}: is published in {HELD}; {MOVE_IT}"
