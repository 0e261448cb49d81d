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
from conceptgraph.activations.registry import Activation
from conceptgraph.media.assets import THEMES, Media, plot_job
from conceptgraph.media.cache import ContentCache
from conceptgraph.notes.note import Note
from conceptgraph.render.activation_page import activation_section, comparison_page
from conceptgraph.render.urls import concept_src, file_url
from conceptgraph.types import Url

# The code that writes the sections; an edit to it makes new cache keys.
FORMULA_MODULES = tuple(f"conceptgraph.{m}" for m in (
    "render.media_sections", "render.activation_page", "activations.formulas",
    "activations.registry", "activations.table", "activations.numeric", "activations.smooth",
    "activations.defined"))
FIGURE_MODULES = tuple(f"conceptgraph.{m}" for m in (
    "render.media_sections", "activations.figures", "activations.experiments",
    "activations.unit_stats"))


def _markdown(media: Media) -> ContentCache:
    assert media.markdown is not None, "render_media() sets the Markdown cache"
    return media.markdown


def _plot_paths(media: Media, page_url: Url, kind: str, entry: Activation | None,
                params: dict[str, float] | None) -> dict[str, str]:
    """Each theme's plot, as the page at ``page_url`` reaches it (raw HTML: MkDocs does not
    rewrite it)."""
    out: dict[str, str] = {}
    for theme in THEMES:
        job = plot_job(kind, entry, params, theme, media.overlay())
        out[theme] = file_url(media.plot_src[(job.kind, job.name, job.params, job.theme)],
                              page_url)
    return out


def activation_markdown(media: Media, slug: str, page_url: Url) -> str:
    """The Formula / Plot / Properties sections of one note's page ('' if it has none)."""
    if slug not in media.activation:
        return ""
    entry, params = media.activation[slug]
    paths = _plot_paths(media, page_url, "activation", entry, params)
    # A note's own function: its definition (formula, properties, LaTeX) decides the section.
    definition = getattr(entry, "definition", None)
    key = ContentCache.key("activation", entry.name, params, paths, definition,
                           code=FORMULA_MODULES)
    return _markdown(media).text(key, lambda: activation_section(entry, params, paths))


def body_with_figures(media: Media, body: str, page_url: Url) -> str:
    """The note body with each ```figure block replaced by its figure."""
    if "```" not in body and "~~~" not in body:  # no fenced block, so no figure block
        return body

    def render(block: FigureBlock) -> str:
        light = file_url(media.figure_src[(block.name, "light")], page_url)
        dark = file_url(media.figure_src[(block.name, "dark")], page_url)
        key = ContentCache.key("figure", block.name, light, dark, code=FIGURE_MODULES)
        made = _markdown(media).text(key, lambda: figure_markdown(block.name, light, dark))
        return "\n" + made + "\n"

    return replace_figure_blocks(body, render)


def comparison_markdown(media: Media, notes_by_slug: dict[str, Note], src: str,
                        page_url: Url) -> str:
    """The Activation functions page (source path ``src``, at ``page_url``); its links to
    concept pages are Markdown links to their source paths, which MkDocs resolves."""
    plot_paths = {k: _plot_paths(media, page_url, k, None, None)
                  for k in ("overlay-f", "overlay-df")}
    links: dict[str, str] = {}
    entries = media.entries()
    for entry in entries:
        plot_paths[entry.name] = _plot_paths(media, page_url, "spark", entry, None)
    folder = posixpath.dirname(src) or "."
    for slug, (entry, _) in sorted(media.activation.items()):
        target = concept_src(notes_by_slug[slug])
        links.setdefault(entry.name, posixpath.relpath(target, folder))
    key = ContentCache.key("comparison", plot_paths, links, media.overlay(),
                           code=FORMULA_MODULES)
    return _markdown(media).text(key, lambda: comparison_page(entries, plot_paths, links))
