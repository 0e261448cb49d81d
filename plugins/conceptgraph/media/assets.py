"""Formulas, plots and computed figures for the site: which notes get them, and the files.

A note is an activation function when its frontmatter says so (``activation: <name>``, with
optional ``params:``) or, failing that, when its name or an alias is in the registry. Plots and
figures are rendered once per content hash (see ``plots.PlotCache``), so a warm build renders
none.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from conceptgraph.diagnostics import Report
from conceptgraph.media.cache import source_digest
from conceptgraph.notes.read import Note

PLOTS_DIR = "assets/plots"
THEMES: tuple[Literal["light", "dark"], ...] = ("light", "dark")
FIGURES_DIR = "assets/figures"


@dataclass
class Media:
    """Per-note activation entries and figures, and the SVG files to publish."""

    activation: dict[str, tuple[object, dict[str, float]]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    plot_src: dict[tuple, str] = field(default_factory=dict)  # (kind, name, params, theme) → path
    figure_src: dict[tuple[str, str], str] = field(default_factory=dict)
    rendered: int = 0
    cached: int = 0
    markdown: MarkdownCache | None = None


def url_dir(src: str, use_directory_urls: bool = True) -> str:
    """The folder a page's URL is in: ``concepts/relu.md`` is served at ``concepts/relu/``."""
    stem = src[: -len(".md")]
    if use_directory_urls and posixpath.basename(stem) != "index":
        return stem
    return posixpath.dirname(stem)


def href(from_src: str, to_path: str, use_directory_urls: bool = True) -> str:
    """A URL relative to page ``from_src`` for a raw-HTML ``src`` (MkDocs does not rewrite it)."""
    return posixpath.relpath(to_path, url_dir(from_src, use_directory_urls) or ".")


def match_activations(notes: list[Note], report: Report) -> dict[str, tuple[object, dict]]:
    """slug → (registry entry, params) for every note that is an activation function.

    The same rules as ``conceptgraph check`` (``checks.note_activation``); bad names and
    parameters are reported, with the note's file and line."""
    from conceptgraph.activations.match import activation_diagnostics, note_activation
    from conceptgraph.activations.registry import validate_params

    out: dict[str, tuple[object, dict]] = {}
    for note in notes:
        found = activation_diagnostics(note)
        report.extend(found)
        entry = None if found else note_activation(note)
        if entry is not None:
            out[note.slug] = (entry, validate_params(entry, note.params))
    return out


def check_figures(notes: list[Note], report: Report) -> dict[str, list[str]]:
    """slug → figure names used in the note's body; malformed or unknown blocks are errors."""
    from conceptgraph.activations.match import figure_diagnostics

    used: dict[str, list[str]] = {}
    for note in notes:
        found = figure_diagnostics(note)
        report.extend(found)
        if "figure" in note.body.lower() and not found:
            from conceptgraph.activations.figures import find_figure_blocks

            used[note.slug] = [b.name for b in find_figure_blocks(note.body) if b.name]
    return used


def render_media(matched: dict[str, tuple[object, dict]], figure_names: set[str],
                 cache_dir: Path, processes: int | None) -> Media:
    """Render (or read from the cache) every plot and figure the site needs."""
    from conceptgraph.activations.registry import activations
    from conceptgraph.media.plots import PlotCache, PlotJob, render_plots

    media = Media(activation=matched, markdown=MarkdownCache(cache_dir))
    jobs = []
    for entry, params in matched.values():
        for theme in THEMES:
            jobs.append(PlotJob.of("activation", entry.name, params, theme))  # type: ignore[attr-defined,arg-type]
    for name in activations.names():
        for theme in THEMES:
            jobs.append(PlotJob.of("spark", name, None, theme))
    for kind in ("overlay-f", "overlay-df"):
        for theme in THEMES:
            jobs.append(PlotJob.of(kind, None, None, theme))  # type: ignore[arg-type]
    result = render_plots(jobs, PlotCache(cache_dir / "plots"), processes)
    media.rendered, media.cached = result.misses, result.hits
    for job, svg in result.items():
        path = f"{PLOTS_DIR}/{job.filename}"
        media.files[path] = svg
        media.plot_src[(job.kind, job.name, job.params, job.theme)] = path
    for name in sorted(figure_names):
        from conceptgraph.activations import (
            figures,  # matplotlib and the experiments: only for a site with figures
        )

        spec = figures.get(name)
        for theme in THEMES:
            cached = cache_dir / "figures" / f"{spec.cache_key}-{theme}.svg"
            if cached.is_file():
                svg = cached.read_bytes()
                media.cached += 1
            else:
                svg = spec.render(theme)
                cached.parent.mkdir(parents=True, exist_ok=True)
                tmp = cached.with_suffix(f".{hashlib.sha256(svg).hexdigest()[:8]}.tmp")
                tmp.write_bytes(svg)
                tmp.replace(cached)
                media.rendered += 1
            path = f"{FIGURES_DIR}/{spec.filename(theme)}"
            media.files[path] = svg
            media.figure_src[(name, theme)] = path
    return media


class MarkdownCache:
    """Generated formula Markdown on disk, keyed by its inputs and the code that writes it.

    Deriving and simplifying f′ with sympy takes seconds; a warm build reads the result."""

    MODULES = ("conceptgraph.render.activation_page", "conceptgraph.activations.formulas",
               "conceptgraph.activations.numeric")

    def __init__(self, cache_dir: Path):
        self.path = cache_dir / "markdown"

    def get_or_make(self, parts: object, make: Callable[[], str]) -> str:
        key = hashlib.sha256(json.dumps([parts, source_digest(*self.MODULES)], sort_keys=True,
                                        default=str).encode()).hexdigest()
        file = self.path / f"{key}.md"
        if file.is_file():
            return file.read_text(encoding="utf-8")
        text = make()
        self.path.mkdir(parents=True, exist_ok=True)
        tmp = file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(file)
        return text


def _markdown(media: Media) -> MarkdownCache:
    assert media.markdown is not None, "render_media() sets the Markdown cache"
    return media.markdown


def activation_markdown(media: Media, slug: str, src: str) -> str:
    """The Formula / Plot / Properties sections of one note's page ('' if it has none)."""
    from conceptgraph.media.plots import PlotJob

    if slug not in media.activation:
        return ""
    entry, params = media.activation[slug]
    paths = {}
    for theme in THEMES:
        job = PlotJob.of("activation", entry.name, params, theme)  # type: ignore[attr-defined]
        paths[theme] = href(src, media.plot_src[(job.kind, job.name, job.params, job.theme)])

    def make() -> str:
        from conceptgraph.render.activation_page import activation_section

        return activation_section(entry, params, paths)  # type: ignore[arg-type]

    return _markdown(media).get_or_make(["activation", entry.name, params, paths], make)  # type: ignore[attr-defined]


def body_with_figures(media: Media, body: str, src: str) -> str:
    """The note body with each ```figure block replaced by its figure."""
    if "```" not in body and "~~~" not in body:  # no fenced block, so no figure block
        return body
    from conceptgraph.activations.figures import figure_markdown, replace_figure_blocks

    def render(block: object) -> str:
        name = block.name  # type: ignore[attr-defined]
        return "\n" + figure_markdown(name, href(src, media.figure_src[(name, "light")]),
                                      href(src, media.figure_src[(name, "dark")])) + "\n"

    return replace_figure_blocks(body, render)


def comparison_markdown(media: Media, notes_by_slug: dict[str, Note], src: str) -> str:
    """The Activation functions page."""
    from conceptgraph.activations.registry import activations
    from conceptgraph.media.plots import PlotJob
    from conceptgraph.render.activation_page import comparison_page  # noqa: F401 - cheap; formulas load lazily
    from conceptgraph.render.pages import concept_src, rel

    def pair(kind: str, name: str | None) -> dict[str, str]:
        out: dict[str, str] = {}
        for theme in THEMES:
            job = PlotJob.of(kind, name, None, theme)  # type: ignore[arg-type]
            out[theme] = href(src, media.plot_src[(job.kind, job.name, job.params, job.theme)])
        return out

    plot_paths: dict[str, dict[str, str]] = {k: pair(k, None) for k in ("overlay-f",
                                                                         "overlay-df")}
    links: dict[str, str] = {}
    for name in activations.names():
        plot_paths[name] = pair("spark", name)
    for slug, (entry, _) in sorted(media.activation.items()):
        links.setdefault(entry.name, rel(src, concept_src(notes_by_slug[slug])))  # type: ignore[attr-defined]
    entries = [activations.get(n) for n in activations.names()]
    return _markdown(media).get_or_make(["comparison", plot_paths, links],
                                      lambda: comparison_page(entries, plot_paths, links))
