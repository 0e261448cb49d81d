"""Formulas, plots and computed figures for the site: which notes get them, and the files.

A note is an activation function when its frontmatter says so (``activation: <name>``, with
optional ``params:``) or, failing that, when its name or an alias is in the registry. Plots and
figures are rendered once per content key into the one ``ContentCache`` (``cache.py``), so a
warm build renders none and imports neither numpy nor matplotlib. The page Markdown made from
them is written by ``render/media_sections.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from conceptgraph.activations import figures
from conceptgraph.activations.figure_blocks import find_figure_blocks
from conceptgraph.activations.match import (
    activation_diagnostics,
    figure_diagnostics,
    note_activation,
)
from conceptgraph.activations.registry import Activation, activations, validate_params
from conceptgraph.diagnostics import Report
from conceptgraph.media import figures as media_figures
from conceptgraph.media.cache import ContentCache
from conceptgraph.media.plotjobs import PlotJob, render_plots
from conceptgraph.notes.note import Note

PLOTS_DIR = "assets/plots"
THEMES: tuple[Literal["light", "dark"], ...] = ("light", "dark")
FIGURES_DIR = "assets/figures"


@dataclass
class Media:
    """Per-note activation entries and figures, the SVG files to publish, and the cache of the
    Markdown made from them."""

    activation: dict[str, tuple[Activation, dict[str, float]]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    plot_src: dict[tuple, str] = field(default_factory=dict)  # (kind, name, params, theme) → path
    figure_src: dict[tuple[str, str], str] = field(default_factory=dict)
    rendered: int = 0
    cached: int = 0
    markdown: ContentCache | None = None


def match_activations(notes: list[Note],
                      report: Report) -> dict[str, tuple[Activation, dict[str, float]]]:
    """slug → (registry entry, params) for every note that is an activation function.

    The same rules as ``conceptgraph check`` (``activations.match``); bad names and parameters
    are reported, with the note's file and line."""
    out: dict[str, tuple[Activation, dict[str, float]]] = {}
    for note in notes:
        found = activation_diagnostics(note)
        report.extend(found)
        entry = None if found else note_activation(note)
        if entry is not None:
            out[note.slug] = (entry, validate_params(entry, note.params))
    return out


def check_figures(notes: list[Note], report: Report) -> dict[str, list[str]]:
    """slug → figure names used in the note's body; malformed or unknown blocks are errors."""
    used: dict[str, list[str]] = {}
    for note in notes:
        found = figure_diagnostics(note)
        report.extend(found)
        if "figure" in note.body.lower() and not found:
            used[note.slug] = [b.name for b in find_figure_blocks(note.body) if b.name]
    return used


def plot_job(kind: str, name: str | None, params: dict[str, float] | None,
             theme: Literal["light", "dark"]) -> PlotJob:
    """The job of one plot of the site (``kind`` as in ``PlotJob``)."""
    return PlotJob.of(kind, name, params, theme)  # type: ignore[arg-type]


def render_media(matched: dict[str, tuple[Activation, dict[str, float]]], figure_names: set[str],
                 cache_dir: Path, processes: int | None) -> Media:
    """Render (or read from the cache) every plot and figure the site needs."""
    media = Media(activation=matched, markdown=ContentCache(cache_dir / "markdown", ".md"))
    jobs = []
    for entry, params in matched.values():
        for theme in THEMES:
            jobs.append(plot_job("activation", entry.name, params, theme))
    for name in activations.names():
        for theme in THEMES:
            jobs.append(plot_job("spark", name, None, theme))
    for kind in ("overlay-f", "overlay-df"):
        for theme in THEMES:
            jobs.append(plot_job(kind, None, None, theme))
    result = render_plots(jobs, ContentCache(cache_dir / "plots", ".svg"), processes)
    media.rendered, media.cached = result.misses, result.hits
    for job, svg in result.items():
        path = f"{PLOTS_DIR}/{job.filename}"
        media.files[path] = svg
        media.plot_src[(job.kind, job.name, job.params, job.theme)] = path
    cache = ContentCache(cache_dir / "figures", ".svg")
    for name in sorted(figure_names):
        spec = figures.get(name)
        for theme in THEMES:
            key = f"{media_figures.cache_key(spec)}-{theme}"
            cached = cache.get(key)
            if cached is None:
                svg = media_figures.render(spec, theme)
                cache.put(key, svg)
                media.rendered += 1
            else:
                svg = cached
                media.cached += 1
            path = f"{FIGURES_DIR}/{media_figures.filename(spec, theme)}"
            media.files[path] = svg
            media.figure_src[(name, theme)] = path
    return media
