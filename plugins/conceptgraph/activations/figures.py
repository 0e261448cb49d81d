"""Named figures computed from the experiments: what each shows, and the key of its SVG.

A figure is an experiment (``experiments.py``, ``unit_stats.py``) drawn by ``drawings.py``, once
per palette. This module lists the figures and keys their SVGs without importing either: the
key covers the source of every module that computes or draws a figure, so a warm build finds
its figures in the cache, and a check lists the names, without numpy or matplotlib. The note
syntax that places a figure is in ``figure_blocks.py``.
"""

from __future__ import annotations

import difflib
import hashlib
import html
import importlib
import inspect
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from conceptgraph.diagnostics import UnknownName
from conceptgraph.media.cache import library_version, source_digest
from conceptgraph.media.svgout import RC, THEMES, Theme

# Bump when a drawing or a caption changes, so that cached SVGs are regenerated.
FIGURE_VERSION = "1"

# The code that computes and draws the figures is part of the key, so that an edit to it
# regenerates the SVGs even when nobody remembers to bump FIGURE_VERSION.
FIGURE_MODULES = tuple(f"conceptgraph.{m}" for m in (
    "activations.experiments", "activations.unit_stats", "activations.registry",
    "activations.table", "activations.numeric", "activations.smooth", "activations.drawings",
    "activations.figures", "media.svgout"))


class UnknownFigure(UnknownName):
    """A figure name that is not in the registry; ``suggestions`` holds the close matches."""

    kind = "figure"

    def known(self) -> str:
        return f" Known figures: {', '.join(names())}."


def _source_digest() -> str:
    return source_digest(*FIGURE_MODULES)


@dataclass(frozen=True, eq=False)
class FigureSpec:
    """One named figure: what it shows (title, caption), what computes it, what draws it.

    ``experiment`` is ``module.function`` in this package; ``draw`` a key of
    ``drawings.DRAWINGS``; ``caption_template`` is formatted with the experiment's parameters.
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
        """The caption, with the numbers the experiment is run with."""
        return self.caption_template.format(**self.params)

    def compute(self) -> Any:
        """The experiment result (memoised per process by the experiment itself)."""
        # Called without arguments so that the figures and direct callers share one cache entry.
        return self.experiment()

    def render(self, theme: str | Theme = "light") -> bytes:
        """The figure as deterministic SVG bytes for ``theme`` (``"light"``, ``"dark"`` or a
        ``Theme``)."""
        from conceptgraph.activations import drawings

        return drawings.render(self.draw, self.compute(), theme, self.size)

    @property
    def cache_key(self) -> str:
        """sha256 of everything the SVG bytes depend on: name, caption, FIGURE_VERSION, numpy
        and matplotlib versions, the themes and the source of the modules that compute and draw
        the figure (the experiment's parameters are in that source)."""
        payload = {
            "name": self.name,
            "caption": self.caption_template,
            "version": FIGURE_VERSION,
            "numpy": library_version("numpy"),
            "matplotlib": library_version("matplotlib"),
            "themes": repr(sorted(THEMES.items())),
            "rc": repr(sorted(RC.items())),
            "source": _source_digest(),
        }
        blob = json.dumps(payload, sort_keys=True, default=repr).encode()
        return hashlib.sha256(blob).hexdigest()

    def filename(self, theme: str) -> str:
        """A content-addressed file name for the ``theme`` rendering."""
        return f"{self.name}.{self.cache_key[:12]}.{theme}.svg"


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
        "1/√(2π) ≈ 0.399, ELU's negative part pulls it to 0.161 (Clevert et al. 2016), and "
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
        close = difflib.get_close_matches(name, names(), n=3, cutoff=0.6)
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
