"""Formulas, plots and computed figures for the site: which notes get them, and the files.

A note is an activation function when its frontmatter says so (``activation: <name>``, with
optional ``params:``), when it defines one (``formula:``, analysed in ``formula_cache.py``) or,
failing that, when its name or an alias is in the registry. Plots and
figures are rendered once per content key into the one ``ContentCache`` (``cache.py``), so a
warm build renders none and imports neither numpy nor matplotlib. The page Markdown made from
them is written by ``render/media_sections.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from conceptgraph.activations import figures
from conceptgraph.activations.defined import FormulaActivation
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
from conceptgraph.media.formula_cache import define_functions
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

    @property
    def formulas(self) -> list[FormulaActivation]:
        """The functions notes define, by name."""
        found = {e.name: e for e, _ in self.activation.values() if isinstance(e, FormulaActivation)}
        return [found[n] for n in sorted(found, key=lambda n: (n.casefold(), n))]

    def entries(self) -> list[Activation]:
        """Every function of the comparison page: the built-in ones and the notes' own."""
        both = [*activations, *self.formulas]
        return sorted(both, key=lambda e: (e.name.casefold(), e.name))

    def overlay(self) -> tuple[str, ...]:
        """What the overlay plots carry besides the built-ins: the notes' definitions."""
        return tuple(e.definition for e in self.formulas)


def match_activations(notes: list[Note], report: Report, cache_dir: Path | None = None
                      ) -> dict[str, tuple[Activation, dict[str, float]]]:
    """slug → (registry entry, params) for every note that is an activation function, the ones
    ``formula:`` defines included (analysed once per content hash under ``cache_dir``).

    ``conceptgraph check`` calls this too, so both find the same; bad names, parameters and
    formulas are reported, with the note's file and line."""
    out: dict[str, tuple[Activation, dict[str, float]]] = {}
    for slug, defined in define_functions(notes, report, cache_dir).items():
        out[slug] = (defined, dict(defined.defaults))
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
            names = [b.name for b in find_figure_blocks(note.body) if b.name]
            if names:  # the word alone ("see figure 2") asks for nothing
                used[note.slug] = names
    return used


def plot_job(kind: str, entry: Activation | None, params: dict[str, float] | None,
             theme: Literal["light", "dark"], overlay: tuple[str, ...] = ()) -> PlotJob:
    """The job of one plot of the site (``kind`` as in ``PlotJob``); a note's own function, and
    the overlays, carry their definitions."""
    if isinstance(entry, FormulaActivation):
        return PlotJob(kind, entry.name, (), theme, (entry.definition,))  # type: ignore[arg-type]
    if entry is None:
        return PlotJob(kind, None, (), theme, overlay)  # type: ignore[arg-type]
    return PlotJob.of(kind, entry.name, params, theme)  # type: ignore[arg-type]


def render_media(matched: dict[str, tuple[Activation, dict[str, float]]], figure_names: set[str],
                 cache_dir: Path, processes: int | None) -> Media:
    """Render (or read from the cache) every plot and figure the site needs."""
    media = Media(activation=matched, markdown=ContentCache(cache_dir / "markdown", ".md"))
    jobs = []
    for entry, params in matched.values():
        for theme in THEMES:
            jobs.append(plot_job("activation", entry, params, theme))
    for entry in media.entries():
        for theme in THEMES:
            jobs.append(plot_job("spark", entry, None, theme))
    for kind in ("overlay-f", "overlay-df"):
        for theme in THEMES:
            jobs.append(plot_job(kind, None, None, theme, media.overlay()))
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
