"""SVG plots of the activation functions, rendered in parallel and cached by content hash.

A ``PlotJob`` says what to draw; its content key (sha256 of everything that decides the picture,
library versions and ``PLOT_STYLE_VERSION`` included) names the file, so a URL changes exactly when
its plot does. ``render_plots`` takes the cached SVGs and renders only the misses, on every core.
Drawing is honest at kinks: a line is split where f′ jumps (no vertical stroke joins the two
sides), the value the convention takes is a filled dot and the other one-sided limit an open one.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import multiprocessing
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from conceptgraph.activations.lazyimport import LazyModule
from conceptgraph.activations.registry import Activation, activations
from conceptgraph.media.cache import source_digest
from conceptgraph.media.svgout import THEMES, Theme, figure_to_svg, new_figure, style_axes

if TYPE_CHECKING:
    import numpy as np
else:  # a warm build reads plots from the cache: numpy only for a plot to draw
    np = LazyModule("numpy", globals(), "np")

__all__ = [
    "PLOT_STYLE_VERSION",
    "PlotCache",
    "PlotJob",
    "RenderResult",
    "render_job",
    "render_plots",
]

# Bump whenever drawing code or the numbers behind a plot change: every cache key changes.
PLOT_STYLE_VERSION = 1

Kind = Literal["activation", "spark", "overlay-f", "overlay-df"]
KINDS: tuple[str, ...] = ("activation", "spark", "overlay-f", "overlay-df")
Params = tuple[tuple[str, float], ...]

# Material's page colours, to fill the open dots so the line does not show through them.
PAGE_BACKGROUND = {"light": "#ffffff", "dark": "#1e2129"}
_SAMPLES = 601
_SPARK_SAMPLES = 121


@dataclass(frozen=True)
class PlotJob:
    """One plot to render: what (``kind``), of which function and parameters, in which theme.

    ``name`` is a canonical activation name (``None`` for the overlays); ``params`` are sorted
    ``(name, value)`` pairs overriding the defaults.
    """

    kind: Kind
    name: str | None
    params: Params = ()
    theme: Literal["light", "dark"] = "light"

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
        resolved = {} if self.name is None else activations.get(self.name).params(dict(self.params))
        payload = {
            "kind": self.kind,
            "name": self.name,
            "params": sorted(resolved.items()),
            "theme": self.theme,
            "numpy": _version("numpy"),
            "matplotlib": _version("matplotlib"),  # without importing it (svgout.py)
            "style": PLOT_STYLE_VERSION,
            # An edit to the code that computes or draws a plot makes new plots.
            "source": source_digest("conceptgraph.activations.numeric", "conceptgraph.media.plots",
                                    "conceptgraph.media.svgout"),
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    @property
    def filename(self) -> str:
        """``activation-relu-<hash12>-light.svg``; the hash is the content key."""
        stem = self.kind if self.name is None else f"{self.kind}-{_slug(self.name)}"
        return f"{stem}-{self.key[:12]}-{self.theme}.svg"


@functools.cache
def _version(distribution: str) -> str:
    from importlib.metadata import version

    return version(distribution)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


def _text(label: str) -> str:
    """A label matplotlib prints verbatim: ``$`` would start mathtext."""
    return label.replace("$", r"\$")


# --------------------------------------------------------------------------- geometry


@dataclass(frozen=True)
class _Curve:
    segments: list[tuple[np.ndarray, np.ndarray]]
    filled: list[tuple[float, float]]  # the convention's value at a jump
    hollow: list[tuple[float, float]]  # the other one-sided limit


def _curve(
    fn: Callable[..., Any], params: Mapping[str, float], kinks: Sequence[float],
    xlim: tuple[float, float], samples: int,
) -> _Curve:
    """Sample ``fn`` over ``xlim``, split at its jumps, with the dots that explain them."""
    lo, hi = xlim
    xs = np.union1d(np.linspace(lo, hi, samples), [k for k in kinks if lo < k < hi])
    jumps: list[float] = []
    filled: list[tuple[float, float]] = []
    hollow: list[tuple[float, float]] = []
    for k in kinks:
        if not lo < k < hi:
            continue
        h = 1e-9 * max(1.0, abs(k))
        left, right = float(fn(k - h, **params)), float(fn(k + h, **params))
        at = float(fn(k, **params))
        if abs(left - right) <= 1e-6 * max(1.0, abs(left), abs(right)):
            continue
        jumps.append(k)
        filled.append((k, at))
        hollow.extend((k, v) for v in (left, right) if abs(v - at) > 1e-9 * max(1.0, abs(v)))
    segments = []
    bounds = [lo, *jumps, hi]
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        seg = xs[(xs >= a) & (xs <= b)]
        ys = np.array(fn(seg, **params), dtype=float)
        # Segment ends take the one-sided limits, not the value the convention puts at a jump.
        if a in jumps:
            ys[0] = float(fn(a + 1e-9 * max(1.0, abs(a)), **params))
        if b in jumps:
            ys[-1] = float(fn(b - 1e-9 * max(1.0, abs(b)), **params))
        segments.append((seg, ys))
    return _Curve(segments, filled, hollow)


def _xlim(entry: Activation, kinks: Sequence[float]) -> tuple[float, float]:
    lo, hi = entry.xlim
    if kinks:  # parameters can move kinks out of the default window
        lo, hi = min(lo, min(kinks) - 1.0), max(hi, max(kinks) + 1.0)
    return lo, hi


def _ylim(declared: tuple[float, float], curve: _Curve) -> tuple[float, float]:
    values = np.concatenate([ys for _, ys in curve.segments])
    low, high = float(values.min()), float(values.max())
    pad = 0.05 * max(high - low, 1e-9)
    return min(declared[0], low - pad), max(declared[1], high + pad)


def _draw(ax: Any, curve: _Curve, color: str, theme: Theme, width: float = 1.8) -> None:
    for xs, ys in curve.segments:
        ax.plot(xs, ys, color=color, linewidth=width, solid_capstyle="butt")
    for x, y in curve.filled:
        ax.plot([x], [y], "o", color=color, markersize=5, zorder=4)
    for x, y in curve.hollow:
        ax.plot([x], [y], "o", markersize=5, zorder=4, markeredgecolor=color,
                markerfacecolor=PAGE_BACKGROUND[theme.name], markeredgewidth=1.4)


def _axis_lines(ax: Any, theme: Theme) -> None:
    ax.axhline(0, color=theme.foreground, linewidth=0.6, alpha=0.5, zorder=1)
    ax.axvline(0, color=theme.foreground, linewidth=0.6, alpha=0.5, zorder=1)


# --------------------------------------------------------------------------- figures


def _function_of(job: PlotJob) -> tuple[Activation, dict[str, float], list[float],
                                          tuple[float, float]]:
    """The entry a one-function plot draws, its parameters, its kinks and its x range."""
    assert job.name is not None
    entry = activations.get(job.name)
    params = entry.params(dict(job.params))
    kinks = list(entry.kinks(params))
    return entry, params, kinks, _xlim(entry, kinks)


def _activation_figure(job: PlotJob, theme: Theme) -> bytes:
    entry, params, kinks, xlim = _function_of(job)
    fig = new_figure(theme, width=7.2, height=3.0)
    axes = fig.subplots(1, 2)
    # Fixed margins rather than tight_layout, which draws the figure once more just to measure.
    fig.subplots_adjust(left=0.08, right=0.985, bottom=0.16, top=0.9, wspace=0.26)
    panels = [
        (entry.f, entry.ylim_f, "$f(x)$", _text(entry.name)),
        (entry.df, entry.ylim_df, "$f'(x)$", _text(f"{entry.name}: derivative")),
    ]
    for ax, (fn, declared, ylabel, title) in zip(axes, panels, strict=True):
        curve = _curve(fn, params, kinks, xlim, _SAMPLES)
        style_axes(ax, theme)
        _axis_lines(ax, theme)
        _draw(ax, curve, theme.colors[0], theme)
        ax.set_xlim(*xlim)
        ax.set_ylim(*_ylim(declared, curve))
        ax.set_xlabel("$x$")
        ax.set_ylabel(ylabel)
        ax.set_title(title)
    return figure_to_svg(fig)


def _spark_figure(job: PlotJob, theme: Theme) -> bytes:
    entry, params, kinks, xlim = _function_of(job)
    curve = _curve(entry.f, params, kinks, xlim, _SPARK_SAMPLES)
    fig = new_figure(theme, width=1.4, height=0.7)
    ax = fig.add_axes((0.02, 0.04, 0.96, 0.92))
    ax.set_axis_off()
    _axis_lines(ax, theme)
    _draw(ax, curve, theme.colors[0], theme, width=1.2)
    ax.set_xlim(*xlim)
    ax.set_ylim(*_ylim(entry.ylim_f, curve))
    return figure_to_svg(fig)


_STYLES = ("-", "--", ":")


def _overlay_figure(job: PlotJob, theme: Theme) -> bytes:
    derivative = job.kind == "overlay-df"
    fig = new_figure(theme, width=8.0, height=5.0)
    ax = fig.add_axes((0.08, 0.1, 0.6, 0.82))
    style_axes(ax, theme)
    _axis_lines(ax, theme)
    for i, entry in enumerate(activations):
        params = entry.params()
        fn = entry.df if derivative else entry.f
        curve = _curve(fn, params, entry.kinks(params), (-5.0, 5.0), _SAMPLES)
        color = theme.colors[i % len(theme.colors)]
        style = _STYLES[(i // len(theme.colors)) % len(_STYLES)]
        for n, (xs, ys) in enumerate(curve.segments):
            ax.plot(xs, ys, color=color, linestyle=style, linewidth=1.4,
                    label=_text(entry.name) if n == 0 else None)
    ax.set_xlim(-5.0, 5.0)
    ax.set_ylim(*((-0.6, 1.8) if derivative else (-2.0, 5.0)))
    ax.set_xlabel("$x$")
    ax.set_ylabel("$f'(x)$" if derivative else "$f(x)$")
    ax.set_title("Derivatives f′ of the activation functions" if derivative
                 else "Activation functions f")
    legend = ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, frameon=False)
    for text in legend.get_texts():
        text.set_color(theme.foreground)
    return figure_to_svg(fig)


def render_job(job: PlotJob) -> bytes:
    """Render one job to SVG bytes (pure: the same job gives the same bytes)."""
    theme = THEMES[job.theme]
    if job.kind == "activation":
        return _activation_figure(job, theme)
    if job.kind == "spark":
        return _spark_figure(job, theme)
    return _overlay_figure(job, theme)


# --------------------------------------------------------------------------- cache + rendering


class PlotCache:
    """SVGs on disk, one file per content key (``<key>.svg``); safe for concurrent writers."""

    def __init__(self, cache_dir: str | os.PathLike[str]) -> None:
        self.dir = Path(cache_dir)

    def __repr__(self) -> str:
        return f"PlotCache({str(self.dir)!r})"

    def path(self, job: PlotJob) -> Path:
        """Where ``job``'s SVG is (or would be) stored."""
        return self.dir / f"{job.key}.svg"

    def get(self, job: PlotJob) -> bytes | None:
        """The cached SVG of ``job``, or ``None``."""
        try:
            return self.path(job).read_bytes()
        except FileNotFoundError:
            return None

    def put(self, job: PlotJob, svg: bytes) -> None:
        """Store ``svg`` atomically (write a temporary file, then rename)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.dir, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(svg)
        os.replace(tmp, self.path(job))


class RenderResult(dict[PlotJob, bytes]):
    """SVG bytes by job, plus how many came from the cache (``hits``) or were drawn (``misses``)."""

    hits: int = 0
    misses: int = 0

    def summary(self) -> str:
        """``"rendered 42 plots, 40 from cache"``."""
        return f"rendered {len(self)} plots, {self.hits} from cache"


def _context() -> multiprocessing.context.BaseContext:
    # Never fork a process that may hold threads (MkDocs serve does); forkserver starts
    # workers from a clean server that has already imported numpy and matplotlib.
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["conceptgraph.media.plots"])
        return ctx
    return multiprocessing.get_context("spawn")


def render_plots(
    jobs: Iterable[PlotJob], cache: PlotCache, processes: int | None = None
) -> RenderResult:
    """SVG bytes for every job: cache hits read, misses rendered (in parallel) and stored.

    ``processes`` defaults to every core; 1 (or a single miss) renders in this process.
    """
    unique = list(dict.fromkeys(jobs))
    result = RenderResult()
    misses = []
    for job in unique:
        svg = cache.get(job)
        if svg is None:
            misses.append(job)
        else:
            result[job] = svg
    result.hits = len(unique) - len(misses)
    result.misses = len(misses)
    workers = min(processes or os.cpu_count() or 1, len(misses))
    if workers <= 1:
        rendered: Iterable[bytes] = map(render_job, misses)
        for job, svg in zip(misses, rendered, strict=True):
            cache.put(job, svg)
            result[job] = svg
    else:
        chunk = max(1, math.ceil(len(misses) / (workers * 4)))
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
            for job, svg in zip(misses, pool.map(render_job, misses, chunksize=chunk),
                                strict=True):
                cache.put(job, svg)
                result[job] = svg
    ordered = RenderResult((job, result[job]) for job in unique)
    ordered.hits, ordered.misses = result.hits, result.misses
    return ordered
