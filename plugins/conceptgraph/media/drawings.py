"""The drawings of the named figures (``figures.py``): matplotlib, from an experiment's result.

Imported only when a figure is rendered; a warm build reads every figure from the cache.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import matplotlib
import numpy as np

from conceptgraph.activations import experiments as ex
from conceptgraph.activations.unit_stats import DyingResult, MeanShiftResult
from conceptgraph.media.svgout import RC, THEMES, Theme, figure_to_svg, new_figure, style_axes


def render(draw: str, result: Any, theme: str | Theme, size: tuple[float, float]) -> bytes:
    """The figure drawn by ``draw_<draw>`` from ``result`` as deterministic SVG bytes."""
    th = THEMES[theme] if isinstance(theme, str) else theme
    fig = new_figure(th, *size)
    with matplotlib.rc_context(cast(Any, RC)):  # artists read rcParams when created
        DRAWINGS[draw](fig, result, th)
    return figure_to_svg(fig)


def _axes(fig: Any, theme: Theme, ncols: int = 1) -> list[Any]:
    axes = [fig.add_subplot(1, ncols, i + 1) for i in range(ncols)]
    for ax in axes:
        style_axes(ax, theme)
    return axes


def _legend(ax: Any, theme: Theme, **kw: Any) -> None:
    ax.legend(frameon=False, labelcolor=theme.foreground, fontsize=8, **kw)


def draw_sparsity(fig: Any, r: ex.SparsityResult, th: Theme) -> None:
    left, right = _axes(fig, th, 2)
    depth = r.zero_fraction.shape[2]
    zero = int(np.flatnonzero(r.biases == 0.0)[0])
    layers = np.arange(1, depth + 1)
    width = 0.8 / len(r.inits)
    for i, init in enumerate(r.inits):
        left.bar(
            layers + (i - (len(r.inits) - 1) / 2) * width,
            r.zero_fraction[i, zero],
            width,
            color=th.colors[i],
            label=f"{init} init",
        )
    left.axhline(0.5, color=th.foreground, linewidth=0.8, linestyle=":")
    left.set(
        xlabel="hidden layer",
        ylabel="fraction of exact zeros",
        ylim=(0, 1),
        xticks=layers,
        title="zero bias",
    )
    _legend(left, th, loc="upper center", ncols=2)
    for k in range(depth):
        right.plot(
            r.biases,
            r.zero_fraction[0, :, k],
            marker="o",
            markersize=3,
            color=th.colors[k],
            label=f"layer {k + 1}",
        )
    right.axhline(0.5, color=th.foreground, linewidth=0.8, linestyle=":")
    right.set(xlabel="bias b (all units)", ylim=(0, 1), title=f"{r.inits[0]} init, bias sweep")
    _legend(right, th)
    fig.tight_layout()


def draw_gradient(fig: Any, r: ex.GradientDepthResult, th: Theme) -> None:
    left, right = _axes(fig, th, 2)
    layers = np.arange(1, r.profile.shape[1] + 1)
    for i, label in enumerate(r.labels):
        left.semilogy(layers, r.profile[i], color=th.colors[i], label=label)
        right.semilogy(r.depths, r.ratio[i], marker="o", markersize=3, color=th.colors[i])
    left.set(
        xlabel="layer l",
        ylabel="‖∂L/∂z_l‖ / ‖∂L/∂z_L‖",
        title=f"one network of depth {int(r.depths[-1])}",
    )
    right.set(xlabel="depth L", ylabel="‖∂L/∂z_1‖ / ‖∂L/∂z_L‖", title="first / last layer")
    _legend(left, th, loc="lower right")
    fig.tight_layout()


def draw_signal(fig: Any, r: ex.SignalResult, th: Theme) -> None:
    (ax,) = _axes(fig, th)
    for i, init in enumerate(r.inits):
        ax.semilogy(
            r.layers,
            r.mean_square[i],
            marker="o",
            markersize=3,
            color=th.colors[i],
            label=f"Var[w] = {init} (measured)",
        )
        ax.semilogy(
            r.layers,
            r.theory[i],
            linestyle="--",
            color=th.colors[i],
            linewidth=1,
            label=f"Var[w] = {init}: (n Var[w]/2)^l",
        )
    ax.set(xlabel="layer l", ylabel="mean square of h_l")
    _legend(ax, th, loc="lower left")
    fig.tight_layout()


def draw_dying(fig: Any, r: DyingResult, th: Theme) -> None:
    left, right = _axes(fig, th, 2)
    for k in range(r.dead_fraction.shape[1]):
        left.plot(
            r.shifts,
            r.dead_fraction[:, k],
            marker="o",
            markersize=3,
            color=th.colors[k],
            label=f"layer {k + 1}",
        )
    left.plot(
        r.shifts,
        r.dead_expected_layer1,
        linestyle=":",
        color=th.foreground,
        label="layer 1, exact expectation",
    )
    left.set(
        xlabel="bias shift s (all units)",
        ylabel="share of dead units",
        ylim=(-0.02, 1.02),
        title="negative bias",
    )
    _legend(left, th, loc="center right")
    lr = r.learning_rates > 0
    right.semilogx(
        r.learning_rates[lr], r.dead_after_step[lr], marker="o", markersize=3, color=th.colors[3]
    )
    right.set(
        xlabel="learning rate of one SGD step", ylim=(-0.02, 1.02), title="one large step (layer 2)"
    )
    fig.tight_layout()


def draw_mean_shift(fig: Any, r: MeanShiftResult, th: Theme) -> None:
    left, right = _axes(fig, th, 2)
    y = np.arange(len(r.names))[::-1]
    left.barh(y, r.mean, color=th.colors[0])
    right.barh(y, r.variance, color=th.colors[1])
    left.axvline(0.0, color=th.foreground, linewidth=0.8)
    for ax, values in ((left, r.mean), (right, r.variance)):
        for yi, v in zip(y, values, strict=True):
            label = f"{0.0 if abs(v) < 5e-4 else v:.3f}"  # no "-0.000" for SELU's 1e-16
            ax.text(max(v, 0.0) + 0.01, yi, label, va="center", fontsize=7, color=th.foreground)
        ax.set_xlim(min(0.0, values.min()) - 0.02, values.max() * 1.2)
    right.axvline(1.0, color=th.foreground, linewidth=0.8, linestyle=":")
    left.set(yticks=y, yticklabels=r.names, xlabel="E[f(z)]", title="mean, z ~ N(0, 1)")
    right.set(yticks=y, yticklabels=[], xlabel="Var[f(z)]", title="variance")
    fig.tight_layout()


DRAWINGS: dict[str, Callable[[Any, Any, Theme], None]] = {
    "sparsity": draw_sparsity, "gradient": draw_gradient, "signal": draw_signal,
    "dying": draw_dying, "mean_shift": draw_mean_shift}
