"""The page Markdown made from the media: a concept page's Formula / Plot / Properties sections,
its figure blocks replaced by the figures, and the Activation functions page.

Each piece is made once per content key and then read from the Markdown cache of ``Media``
(``media.cache.ContentCache``): deriving f′ with sympy takes seconds, and a figure's caption
needs the experiments, so a warm build imports neither.
"""

from __future__ import annotations

import posixpath

from conceptgraph.activations.figure_blocks import FigureBlock, replace_figure_blocks
from conceptgraph.activations.figures import figure_markdown
from conceptgraph.activations.registry import activations
from conceptgraph.media.assets import THEMES, Media, plot_job
from conceptgraph.media.cache import ContentCache
from conceptgraph.notes.read import Note
from conceptgraph.render.activation_page import activation_section, comparison_page
from conceptgraph.render.pages import concept_src, rel

# The code that writes the sections; an edit to it makes new cache keys.
FORMULA_MODULES = tuple(f"conceptgraph.{m}" for m in (
    "render.media_sections", "render.activation_page", "activations.formulas",
    "activations.registry", "activations.table", "activations.numeric", "activations.smooth"))
FIGURE_MODULES = tuple(f"conceptgraph.{m}" for m in (
    "render.media_sections", "activations.figures", "activations.experiments",
    "activations.unit_stats"))


def url_dir(src: str, use_directory_urls: bool = True) -> str:
    """The folder a page's URL is in: ``concepts/relu.md`` is served at ``concepts/relu/``."""
    stem = src[: -len(".md")]
    if use_directory_urls and posixpath.basename(stem) != "index":
        return stem
    return posixpath.dirname(stem)


def href(from_src: str, to_path: str, use_directory_urls: bool = True) -> str:
    """A URL relative to page ``from_src`` for a raw-HTML ``src`` (MkDocs does not rewrite it)."""
    return posixpath.relpath(to_path, url_dir(from_src, use_directory_urls) or ".")


def _markdown(media: Media) -> ContentCache:
    assert media.markdown is not None, "render_media() sets the Markdown cache"
    return media.markdown


def _plot_paths(media: Media, src: str, kind: str, name: str | None,
                params: dict[str, float] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for theme in THEMES:
        job = plot_job(kind, name, params, theme)
        out[theme] = href(src, media.plot_src[(job.kind, job.name, job.params, job.theme)])
    return out


def activation_markdown(media: Media, slug: str, src: str) -> str:
    """The Formula / Plot / Properties sections of one note's page ('' if it has none)."""
    if slug not in media.activation:
        return ""
    entry, params = media.activation[slug]
    paths = _plot_paths(media, src, "activation", entry.name, params)

    key = ContentCache.key("activation", entry.name, params, paths, code=FORMULA_MODULES)
    return _markdown(media).text(key, lambda: activation_section(entry, params, paths))


def body_with_figures(media: Media, body: str, src: str) -> str:
    """The note body with each ```figure block replaced by its figure."""
    if "```" not in body and "~~~" not in body:  # no fenced block, so no figure block
        return body

    def render(block: FigureBlock) -> str:
        light = href(src, media.figure_src[(block.name, "light")])
        dark = href(src, media.figure_src[(block.name, "dark")])
        key = ContentCache.key("figure", block.name, light, dark, code=FIGURE_MODULES)
        made = _markdown(media).text(key, lambda: figure_markdown(block.name, light, dark))
        return "\n" + made + "\n"

    return replace_figure_blocks(body, render)


def comparison_markdown(media: Media, notes_by_slug: dict[str, Note], src: str) -> str:
    """The Activation functions page."""
    plot_paths = {k: _plot_paths(media, src, k, None, None) for k in ("overlay-f", "overlay-df")}
    links: dict[str, str] = {}
    for name in activations.names():
        plot_paths[name] = _plot_paths(media, src, "spark", name, None)
    for slug, (entry, _) in sorted(media.activation.items()):
        links.setdefault(entry.name, rel(src, concept_src(notes_by_slug[slug])))
    entries = [activations.get(n) for n in activations.names()]
    key = ContentCache.key("comparison", plot_paths, links, code=FORMULA_MODULES)
    return _markdown(media).text(key, lambda: comparison_page(entries, plot_paths, links))
