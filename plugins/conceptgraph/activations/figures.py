"""Named figures computed from the experiments: what each shows and what computes it.

A figure is an experiment (``experiments.py``, ``unit_stats.py``) drawn once per palette by
``media/drawings.py`` (``media/figures.py`` keys and renders the SVGs). This module lists the
figures without importing numpy, so a check lists the names without it. The note syntax that
places a figure is in ``figure_blocks.py``.
"""

from __future__ import annotations

import html
import importlib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from conceptgraph.diagnostics import UnknownName, close_matches


class UnknownFigure(UnknownName):
    """A figure name that is not in the registry; ``suggestions`` holds the close matches."""

    kind = "figure"

    def known(self) -> str:
        return f" Known figures: {', '.join(names())}."


@dataclass(frozen=True, eq=False)
class FigureSpec:
    """One named figure: what it shows (title, caption), what computes it, what draws it.

    ``experiment`` is ``module.function`` in this package; ``draw`` a key of
    ``media.drawings.DRAWINGS``; ``caption_template`` is formatted with the experiment's
    parameters and its ``headline`` values, so the numbers a caption quotes are computed.
    """

    name: str
    title: str
    caption_template: str
    experiment_name: str
    draw: str
    size: tuple[float, float] = (7.2, 3.0)

    @property
    def experiment(self) -> Callable[..., Any]:
        """The experiment function (imports numpy and the experiments)."""
        module, _, function = self.experiment_name.partition(".")
        return getattr(importlib.import_module(f"{__package__}.{module}"), function)  # type: ignore[no-any-return]

    @property
    def params(self) -> dict[str, Any]:
        """The experiment's parameters (its keyword defaults), which the figure is computed with."""
        return {k: p.default for k, p in inspect.signature(self.experiment).parameters.items()}

    @property
    def caption(self) -> str:
        """The caption, with the numbers the experiment is run with and those it computes."""
        return self.caption_template.format(**self.params, **self.compute().headline)

    def compute(self) -> Any:
        """The experiment result (memoised per process by the experiment itself)."""
        # Called without arguments so that the figures and direct callers share one cache entry.
        return self.experiment()


_SPECS = (
    FigureSpec(
        "relu-sparsity",
        "Exact zeros in ReLU layers at initialisation",
        "Fraction of hidden ReLU outputs that are exactly zero in a {depth}-layer MLP of width "
        "{width} with zero-mean weights (U(±1/√n) or N(0, 1/n)) on {batch} U[0, 1] inputs: "
        "about 50% with zero biases, as Glorot, Bordes and Bengio (2011) state, and fewer as a "
        "shared positive bias grows.",
        "experiments.relu_sparsity", "sparsity",
    ),
    FigureSpec(
        "gradient-depth",
        "Gradient norm against depth",
        "Backpropagated gradient norms in bias-free MLPs of width {width} ({batch} Gaussian "
        "inputs, loss = sum of outputs, weight std √(1/n) or He's √(2/n)): the sigmoid gradient "
        "vanishes geometrically (σ′ ≤ 1/4), ReLU with std √(1/n) loses about a factor √2 per "
        "layer, and ReLU with the initialisation of He et al. (2015) keeps its scale.",
        "experiments.gradient_depth", "gradient",
    ),
    FigureSpec(
        "signal-propagation",
        "Mean-square activation against depth",
        "Mean square of the activations of a {depth}-layer bias-free ReLU MLP of width {width} "
        "on Gaussian inputs: with weight variance 1/n it halves at every layer (2^(−l), "
        "dashed), with 2/n it stays of order 1 — the argument behind He et al. (2015)'s "
        "initialisation.",
        "experiments.signal_propagation", "signal",
    ),
    FigureSpec(
        "dying-relu",
        "Dying ReLU units",
        "Share of units that output zero on all {probe} probe inputs in a {depth}-layer ReLU "
        "MLP of width {width} (He init) as every bias is shifted down (dotted: exact "
        "expectation for layer 1), and in layer 2 after one full-batch SGD step with a growing "
        "learning rate; a dead unit gets zero gradient, which Leaky ReLU (Maas et al. 2013) and "
        "ELU avoid with a non-zero negative part.",
        "unit_stats.dying_relu", "dying",
    ),
    FigureSpec(
        "mean-shift",
        "Mean and variance of f(z) for standard normal z",
        "E[f(z)] and Var[f(z)] for z ~ N(0, 1), by adaptive quadrature: ReLU's mean is "
        "1/√(2π) ≈ {relu_mean:.3f}, ELU's negative part pulls it to {elu_mean:.3f} (Clevert et "
        "al. 2016), and "
        "SELU has mean 0 and variance 1, the fixed point of Klambauer et al. (2017).",
        "unit_stats.mean_shift", "mean_shift", (7.2, 3.4),
    ),
)

_REGISTRY: dict[str, FigureSpec] = {s.name: s for s in _SPECS}


def names() -> list[str]:
    """The registered figure names, sorted."""
    return sorted(_REGISTRY)


def get(name: str) -> FigureSpec:
    """The figure called ``name``; raises ``UnknownFigure`` with close matches otherwise."""
    try:
        return _REGISTRY[name]
    except KeyError:
        close = close_matches(name, names())
        raise UnknownFigure(name, close) from None


def figure_markdown(name: str, light_src: str, dark_src: str) -> str:
    """Raw HTML for a note: one ``<img>`` per Material palette (``#only-light`` /
    ``#only-dark``) and the escaped caption, as a ``<figure>`` block without blank lines."""
    spec = get(name)
    alt = html.escape(spec.title, quote=True)
    return "\n".join(
        [
            '<figure class="conceptgraph-figure">',
            f'<img src="{html.escape(light_src, quote=True)}#only-light" alt="{alt}">',
            f'<img src="{html.escape(dark_src, quote=True)}#only-dark" alt="{alt}">',
            f"<figcaption>{html.escape(spec.caption, quote=False)}</figcaption>",
            "</figure>",
        ]
    )


def headline(name: str) -> Mapping[str, float]:
    """The key numbers behind figure ``name`` (for notes and tests)."""
    return get(name).compute().headline  # type: ignore[no-any-return]
