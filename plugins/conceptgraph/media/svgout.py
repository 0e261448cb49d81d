"""Deterministic SVG output for every matplotlib figure the site publishes.

Shared by the activation plots and the computed claim figures. Two builds must give the same
bytes: matplotlib's SVG writer needs both a fixed ``svg.hashsalt`` and no ``Date`` metadata for
that (either alone is not enough), and text is kept as text (``svg.fonttype: none``) so the
output does not depend on the font files found on the machine.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

RC: dict[str, Any] = {
    "svg.hashsalt": "conceptgraph",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": 10,
    "axes.titlesize": 11,
    "path.simplify": False,
}


@dataclass(frozen=True)
class Theme:
    """Colours for one Material palette: ``light`` (default scheme) or ``dark`` (slate)."""

    name: str
    foreground: str
    background: str
    grid: str
    colors: tuple[str, ...]


THEMES: dict[str, Theme] = {
    "light": Theme(
        "light", "#1f2328", "none", "#d0d7de",
        ("#3f51b5", "#e65100", "#2e7d32", "#c62828", "#6a1b9a", "#00838f", "#ad1457", "#5d4037"),
    ),
    "dark": Theme(
        "dark", "#e3e6ea", "none", "#4a5060",
        ("#8c9eff", "#ffab40", "#69f0ae", "#ff8a80", "#ea80fc", "#84ffff", "#ff80ab", "#bcaaa4"),
    ),
}


@functools.cache
def _pyplot() -> ModuleType:
    """matplotlib, imported when the first figure is drawn: a warm build draws none, and the
    import alone costs a quarter of a second."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def new_figure(theme: Theme, width: float = 6.4, height: float = 3.2, **kw: Any) -> Figure:
    """A figure styled for ``theme`` (transparent background so it sits on the page colour)."""
    from matplotlib.figure import Figure

    with _pyplot().rc_context(RC):
        fig = Figure(figsize=(width, height), **kw)
    fig.patch.set_alpha(0)
    return fig


def style_axes(ax: Any, theme: Theme) -> None:
    """Axis, tick, label and grid colours for ``theme``."""
    ax.set_facecolor("none")
    for spine in ax.spines.values():
        spine.set_color(theme.foreground)
    ax.tick_params(colors=theme.foreground)
    ax.xaxis.label.set_color(theme.foreground)
    ax.yaxis.label.set_color(theme.foreground)
    ax.title.set_color(theme.foreground)
    ax.grid(True, color=theme.grid, linewidth=0.6, linestyle="--")


def figure_to_svg(fig: Figure) -> bytes:
    """Serialise ``fig`` to SVG bytes that are identical from run to run."""
    buf = io.BytesIO()
    with _pyplot().rc_context(RC):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, transparent=True)
    return buf.getvalue()
