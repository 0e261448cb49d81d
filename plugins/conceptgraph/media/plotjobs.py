"""What an activation plot is (``PlotJob``), its content key, and the cached rendering of many.

A ``PlotJob`` says what to draw; its content key (sha256 of everything that decides the picture,
library versions and ``PLOT_STYLE_VERSION`` included) names the file, so a URL changes exactly when
its plot does. ``render_plots`` takes the cached SVGs and renders only the misses
(``plots.render_job``), on every core. Nothing here imports numpy or matplotlib.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from conceptgraph.activations.registry import activations
from conceptgraph.media.cache import ContentCache, library_version, source_digest
from conceptgraph.media.svgout import THEMES

if TYPE_CHECKING:
    import multiprocessing.context

__all__ = ["PLOT_STYLE_VERSION", "PlotJob", "RenderResult", "render_plots"]

# Bump whenever drawing code or the numbers behind a plot change: every cache key changes.
PLOT_STYLE_VERSION = 1

# An edit to the code that computes or draws a plot (or to the table of limits) makes new plots.
PLOT_MODULES = tuple(f"conceptgraph.{m}" for m in (
    "activations.registry", "activations.table", "activations.numeric", "activations.smooth",
    "activations.defined", "activations.evaluate", "media.plots", "media.svgout"))

Kind = Literal["activation", "spark", "overlay-f", "overlay-df"]
KINDS: tuple[str, ...] = ("activation", "spark", "overlay-f", "overlay-df")
Params = tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class PlotJob:
    """One plot to render: what (``kind``), of which function and parameters, in which theme.

    ``name`` is a canonical activation name (``None`` for the overlays); ``params`` are sorted
    ``(name, value)`` pairs overriding the defaults. ``definitions`` are the functions notes
    define (``activations.defined``, as JSON): the one a plot of such a function draws, or
    those an overlay draws besides the built-in ones.
    """

    kind: Kind
    name: str | None
    params: Params = ()
    theme: Literal["light", "dark"] = "light"
    definitions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown plot kind {self.kind!r}; expected one of {KINDS}")
        if self.theme not in THEMES:
            raise ValueError(f"unknown theme {self.theme!r}; expected one of {sorted(THEMES)}")
        if (self.name is None) != self.kind.startswith("overlay"):
            raise ValueError(f"a {self.kind!r} plot {'needs' if self.name is None else 'takes no'}"
                             " function name")
        object.__setattr__(self, "params", tuple(sorted((k, float(v)) for k, v in self.params)))

    @classmethod
    def of(
        cls,
        kind: Kind,
        name: str | None,
        params: Mapping[str, float] | None = None,
        theme: Literal["light", "dark"] = "light",
    ) -> PlotJob:
        """A job with ``name`` resolved to its canonical spelling and ``params`` as a mapping."""
        canonical = None if name is None else activations.get(name).name
        return cls(kind, canonical, tuple((params or {}).items()), theme)

    @property
    def key(self) -> str:
        """sha256 over everything that determines the SVG bytes."""
        resolved = {} if self.name is None or self.definitions else \
            activations.get(self.name).params(dict(self.params))
        payload = {
            "definitions": list(self.definitions),
            "kind": self.kind,
            "name": self.name,
            "params": sorted(resolved.items()),
            "theme": self.theme,
            "numpy": library_version("numpy"),
            "matplotlib": library_version("matplotlib"),
            "style": PLOT_STYLE_VERSION,
            # An edit to the code that computes or draws a plot makes new plots.
            "source": source_digest(*PLOT_MODULES),
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    @property
    def filename(self) -> str:
        """``activation-relu-<hash12>-light.svg``; the hash is the content key."""
        stem = self.kind if self.name is None else f"{self.kind}-{_slug(self.name)}"
        return f"{stem}-{self.key[:12]}-{self.theme}.svg"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


class RenderResult(dict[PlotJob, bytes]):
    """SVG bytes by job, plus how many came from the cache (``hits``) or were drawn (``misses``)."""

    hits: int = 0
    misses: int = 0

    def summary(self) -> str:
        """``"rendered 42 plots, 40 from cache"``."""
        return f"rendered {len(self)} plots, {self.hits} from cache"


def _context() -> multiprocessing.context.BaseContext:
    import multiprocessing  # a warm build renders no plot: it never imports the pool

    # Never fork a process that may hold threads (MkDocs serve does); forkserver starts
    # workers from a clean server that has already imported numpy and matplotlib.
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["conceptgraph.media.plots"])
        return ctx
    return multiprocessing.get_context("spawn")


def _render(misses: list[PlotJob], cache: ContentCache, result: RenderResult,
            processes: int | None) -> None:
    from conceptgraph.media.plots import render_job  # numpy and matplotlib: only to draw

    def store(rendered: Iterable[bytes]) -> None:
        for job, svg in zip(misses, rendered, strict=True):
            cache.put(job.key, svg)
            result[job] = svg

    workers = min(processes or os.cpu_count() or 1, len(misses))
    if workers <= 1:
        store(map(render_job, misses))
        return
    from concurrent.futures import ProcessPoolExecutor  # imported only when plots are drawn

    chunk = max(1, math.ceil(len(misses) / (workers * 4)))
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        store(pool.map(render_job, misses, chunksize=chunk))


def render_plots(
    jobs: Iterable[PlotJob], cache: ContentCache, processes: int | None = None
) -> RenderResult:
    """SVG bytes for every job: cache hits read, misses rendered (in parallel) and stored.

    ``processes`` defaults to every core; 1 (or a single miss) renders in this process.
    """
    unique = list(dict.fromkeys(jobs))
    result = RenderResult()
    misses = []
    for job in unique:
        svg = cache.get(job.key)
        if svg is None:
            misses.append(job)
        else:
            result[job] = svg
    result.hits = len(unique) - len(misses)
    result.misses = len(misses)
    if misses:
        _render(misses, cache, result, processes)
    ordered = RenderResult((job, result[job]) for job in unique)
    ordered.hits, ordered.misses = result.hits, result.misses
    return ordered
