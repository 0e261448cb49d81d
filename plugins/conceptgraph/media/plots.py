"""SVG plots of the activation functions: ``render_job`` draws one ``PlotJob`` (``plotjobs.py``).

Imported only when a plot is drawn (numpy and matplotlib); ``plotjobs.render_plots`` reads the
rest from the cache. Drawing is honest at kinks: a line is split where f′ jumps (no vertical
stroke joins the two sides), the value the convention takes is a filled dot and the other
one-sided limit an open one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from conceptgraph.activations.defined import from_definition
from conceptgraph.activations.registry import Activation, activations
from conceptgraph.media.svgout import THEMES, Theme, figure_to_svg, new_figure, style_axes

if TYPE_CHECKING:  # plotjobs imports this module to draw; it needs the type only
    from conceptgraph.media.plotjobs import PlotJob

__all__ = ["render_job"]

# Material's page colours, to fill the open dots so the line does not show through them.
PAGE_BACKGROUND = {"light": "#ffffff", "dark": "#1e2129"}
_SAMPLES = 601
_SPARK_SAMPLES = 121


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
    entry = from_definition(json.loads(job.definitions[0])) if job.definitions else \
        activations.get(job.name)
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
    entries = sorted([*activations, *(from_definition(json.loads(d)) for d in job.definitions)],
                     key=lambda e: (e.name.casefold(), e.name))
    for i, entry in enumerate(entries):
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
