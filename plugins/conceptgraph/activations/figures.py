"""Named figures computed from ``activations.experiments``, and the note syntax that places
them.

A note asks for a figure with a fenced block whose info string is ``figure``::

    ```figure
    gradient-depth
    ```

``find_figure_blocks`` locates those blocks (with 1-based line numbers and character offsets);
the plugin renders each figure once per palette through ``FigureSpec.render``, stores the SVGs as
generated files named by ``FigureSpec.cache_key``, and swaps each block for ``figure_markdown``
with ``replace_figure_blocks``. Nothing here imports MkDocs.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import html
import inspect
import json
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import matplotlib
import numpy as np

from conceptgraph.activations import experiments as ex
from conceptgraph.activations import numeric
from conceptgraph.diagnostics import Diagnostic, UnknownName
from conceptgraph.media import svgout
from conceptgraph.media.svgout import RC, THEMES, Theme, figure_to_svg, new_figure, style_axes

# Bump when a drawing or a caption changes, so that cached SVGs are regenerated.
FIGURE_VERSION = "1"


class UnknownFigure(UnknownName):
    """A figure name that is not in the registry; ``suggestions`` holds the close matches."""

    kind = "figure"

    def known(self) -> str:
        return f" Known figures: {', '.join(names())}."


@functools.cache
def _source_digest() -> str:
    # The code that computes and draws the figures is part of the key, so that an edit to it
    # regenerates the SVGs even when nobody remembers to bump FIGURE_VERSION.
    digest = hashlib.sha256()
    for module in (ex, numeric, svgout, sys.modules[__name__]):
        digest.update(Path(inspect.getfile(module)).read_bytes())
    return digest.hexdigest()


def _defaults(experiment: Callable[..., Any]) -> dict[str, Any]:
    return {k: p.default for k, p in inspect.signature(experiment).parameters.items()}


@dataclass(frozen=True, eq=False)
class FigureSpec:
    """One named figure: what it shows (title, caption), how to compute it, how to draw it."""

    name: str
    title: str
    caption: str
    experiment: Callable[..., Any]
    draw: Callable[[Any, Any, Theme], None] = field(repr=False)
    size: tuple[float, float] = (7.2, 3.0)

    @property
    def params(self) -> dict[str, Any]:
        """The experiment's parameters (its keyword defaults), which the figure is computed with."""
        return _defaults(self.experiment)

    def compute(self) -> Any:
        """The experiment result (memoised per process by the experiment itself)."""
        # Called without arguments so that the figures and direct callers share one cache entry.
        return self.experiment()

    def render(self, theme: str | Theme = "light") -> bytes:
        """The figure as deterministic SVG bytes for ``theme`` (``"light"``, ``"dark"`` or a
        ``Theme``)."""
        th = THEMES[theme] if isinstance(theme, str) else theme
        fig = new_figure(th, *self.size)
        with matplotlib.rc_context(cast(Any, RC)):  # artists read rcParams when created
            self.draw(fig, self.compute(), th)
        return figure_to_svg(fig)

    @property
    def cache_key(self) -> str:
        """sha256 of everything the SVG bytes depend on: name, parameters, caption,
        FIGURE_VERSION, numpy and matplotlib versions, the themes and the source of the modules
        that compute and draw the figure."""
        payload = {
            "name": self.name,
            "params": self.params,
            "caption": self.caption,
            "version": FIGURE_VERSION,
            "numpy": np.__version__,
            "matplotlib": matplotlib.__version__,
            "themes": repr(sorted(THEMES.items())),
            "rc": repr(sorted(RC.items())),
            "source": _source_digest(),
        }
        blob = json.dumps(payload, sort_keys=True, default=repr).encode()
        return hashlib.sha256(blob).hexdigest()

    def filename(self, theme: str) -> str:
        """A content-addressed file name for the ``theme`` rendering."""
        return f"{self.name}.{self.cache_key[:12]}.{theme}.svg"


# --- drawing ------------------------------------------------------------------------------


def _axes(fig: Any, theme: Theme, ncols: int = 1) -> list[Any]:
    axes = [fig.add_subplot(1, ncols, i + 1) for i in range(ncols)]
    for ax in axes:
        style_axes(ax, theme)
    return axes


def _legend(ax: Any, theme: Theme, **kw: Any) -> None:
    ax.legend(frameon=False, labelcolor=theme.foreground, fontsize=8, **kw)


def _draw_sparsity(fig: Any, r: ex.SparsityResult, th: Theme) -> None:
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


def _draw_gradient(fig: Any, r: ex.GradientDepthResult, th: Theme) -> None:
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


def _draw_signal(fig: Any, r: ex.SignalResult, th: Theme) -> None:
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


def _draw_dying(fig: Any, r: ex.DyingResult, th: Theme) -> None:
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


def _draw_mean_shift(fig: Any, r: ex.MeanShiftResult, th: Theme) -> None:
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


# --- registry -----------------------------------------------------------------------------


def _specs() -> dict[str, FigureSpec]:
    sp = ex.relu_sparsity
    gd = ex.gradient_depth
    sg = ex.signal_propagation
    dy = ex.dying_relu
    p = {f: _defaults(f) for f in (sp, gd, sg, dy)}
    specs = [
        FigureSpec(
            "relu-sparsity",
            "Exact zeros in ReLU layers at initialisation",
            f"Fraction of hidden ReLU outputs that are exactly zero in a {p[sp]['depth']}-layer "
            f"MLP of width {p[sp]['width']} with zero-mean weights (U(±1/√n) or N(0, 1/n)) on "
            f"{p[sp]['batch']} U[0, 1] inputs: about 50% with zero biases, as Glorot, Bordes and "
            "Bengio (2011) state, and fewer as a shared positive bias grows.",
            sp,
            _draw_sparsity,
        ),
        FigureSpec(
            "gradient-depth",
            "Gradient norm against depth",
            f"Backpropagated gradient norms in bias-free MLPs of width {p[gd]['width']} "
            f"({p[gd]['batch']} Gaussian inputs, loss = sum of outputs, weight std √(1/n) or "
            "He's √(2/n)): the sigmoid gradient vanishes geometrically (σ′ ≤ 1/4), ReLU with "
            "std √(1/n) loses about a factor √2 per layer, and ReLU with the initialisation of "
            "He et al. (2015) keeps its scale.",
            gd,
            _draw_gradient,
        ),
        FigureSpec(
            "signal-propagation",
            "Mean-square activation against depth",
            f"Mean square of the activations of a {p[sg]['depth']}-layer bias-free ReLU MLP "
            f"of width {p[sg]['width']} on Gaussian inputs: with weight variance 1/n it halves "
            "at every layer (2^(−l), dashed), with 2/n it stays of order 1 — the argument "
            "behind He et al. (2015)'s initialisation.",
            sg,
            _draw_signal,
        ),
        FigureSpec(
            "dying-relu",
            "Dying ReLU units",
            f"Share of units that output zero on all {p[dy]['probe']} probe inputs in a "
            f"{p[dy]['depth']}-layer ReLU MLP of width {p[dy]['width']} (He init) as every "
            "bias is shifted down (dotted: exact expectation for layer 1), and in layer 2 after "
            "one full-batch SGD step with a growing learning rate; a dead unit gets zero "
            "gradient, which Leaky ReLU (Maas et al. 2013) and ELU avoid with a non-zero "
            "negative part.",
            dy,
            _draw_dying,
        ),
        FigureSpec(
            "mean-shift",
            "Mean and variance of f(z) for standard normal z",
            "E[f(z)] and Var[f(z)] for z ~ N(0, 1), by adaptive quadrature: ReLU's mean is "
            "1/√(2π) ≈ 0.399, ELU's negative part pulls it to 0.161 (Clevert et al. 2016), and "
            "SELU has mean 0 and variance 1, the fixed point of Klambauer et al. (2017).",
            ex.mean_shift,
            _draw_mean_shift,
            (7.2, 3.4),
        ),
    ]
    return {s.name: s for s in specs}


_REGISTRY: dict[str, FigureSpec] = _specs()


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


# --- the ```figure block ------------------------------------------------------------------


@dataclass(frozen=True)
class FigureBlock:
    """A ```` ```figure ```` block in a note.

    ``line`` is the 1-based line of the opening fence; ``start:end`` is the block in the text as
    given (from the first character of the opening line to the end of the closing fence, line
    ending excluded). A block that cannot name one figure has ``name == ""`` and the reason in
    ``error``; the caller reports it as ``file:line: error``.
    """

    name: str
    line: int
    start: int
    end: int
    error: str = ""


_LINE = re.compile(r"[^\r\n]*")  # one line's content; \n, \r\n and \r all end a line

_OPEN = re.compile(
    r"""
    (?P<indent>[ ]{0,3})      # up to three spaces; four would make an indented code block
    (?P<fence>`{3,}|~{3,})    # three or more backticks or tildes
    (?P<info>.*)              # the info string (backtick fences may not contain backticks)
    """,
    re.VERBOSE,
)

_CLOSE = re.compile(
    r"""
    [ ]{0,3}                  # up to three spaces of indentation
    (?P<fence>`{3,}|~{3,})    # the same character as the opening fence, at least as many
    [ \t]*                    # and nothing after it but blanks
    """,
    re.VERBOSE,
)


def _lines(text: str) -> list[tuple[str, int, int]]:
    """``(content, start, end)`` of every line; offsets exclude the line ending."""
    out, pos = [], 0
    while pos <= len(text):
        m = _LINE.match(text, pos)
        assert m is not None  # the pattern matches the empty string
        out.append((m.group(), m.start(), m.end()))
        pos = m.end() + (2 if text.startswith("\r\n", m.end()) else 1)
        if pos >= len(text):  # no empty line after a final line ending
            break
    return out


def _block(body: list[str], line: int, start: int, end: int, closed: bool) -> FigureBlock:
    if not closed:
        return FigureBlock("", line, start, end, "unclosed figure block: add the closing fence")
    tokens = " ".join(body).split()
    if len(tokens) == 1:
        return FigureBlock(tokens[0], line, start, end)
    if not tokens:
        return FigureBlock("", line, start, end, "empty figure block: expected one figure name")
    listed = ", ".join(tokens)
    return FigureBlock(
        "", line, start, end, f"expected one figure name, received {len(tokens)}: {listed}"
    )


def find_figure_blocks(markdown_text: str) -> list[FigureBlock]:
    """Every fenced block whose info string is ``figure`` (any case), in document order.

    Fences follow CommonMark: ``` or ~~~ (three or more), indented by at most three spaces,
    closed by a run of the same character at least as long. Fences inside another fenced block
    are content, not figures. Line endings may be \\n, \\r\\n or \\r.
    """
    blocks: list[FigureBlock] = []
    open_fence: tuple[str, int, bool, int, int] | None = None  # char, length, figure?, line, start
    body: list[str] = []
    last_end = 0
    for number, (content, start, end) in enumerate(_lines(markdown_text), 1):
        last_end = end
        if open_fence is None:
            m = _OPEN.fullmatch(content)
            if m is None or (m["fence"][0] == "`" and "`" in m["info"]):
                continue
            is_figure = m["info"].strip().lower() == "figure"
            open_fence = (m["fence"][0], len(m["fence"]), is_figure, number, start)
            body = []
            continue
        char, length, is_figure, line, block_start = open_fence
        m = _CLOSE.fullmatch(content)
        if m and m["fence"][0] == char and len(m["fence"]) >= length:
            if is_figure:
                blocks.append(_block(body, line, block_start, end, closed=True))
            open_fence = None
        elif is_figure:
            body.append(content)
    if open_fence is not None and open_fence[2]:
        blocks.append(_block(body, open_fence[3], open_fence[4], last_end, closed=False))
    return blocks


def replace_figure_blocks(markdown_text: str, render: Callable[[FigureBlock], str]) -> str:
    """``markdown_text`` with each figure block replaced by ``render(block)``."""
    parts, pos = [], 0
    for block in find_figure_blocks(markdown_text):
        parts += [markdown_text[pos : block.start], render(block)]
        pos = block.end
    parts.append(markdown_text[pos:])
    return "".join(parts)


def figure_diagnostics(path: str, markdown_text: str) -> list[Diagnostic]:
    """Errors for the figure blocks of one note that cannot be rendered: a malformed block, or
    an unknown name (with a "did you mean"). ``path`` is how the note is named in messages."""
    out = []
    for block in find_figure_blocks(markdown_text):
        if block.error:
            hint = f"write one of: {', '.join(names())}"
            out.append(Diagnostic(path, block.line, "error", block.error, hint, "figure-block"))
            continue
        try:
            get(block.name)
        except UnknownFigure as exc:
            close = " or ".join(repr(s) for s in exc.suggestions)
            hint = f"did you mean {close}?" if close else f"known figures: {', '.join(names())}"
            message = f"unknown figure {block.name!r}"
            out.append(Diagnostic(path, block.line, "error", message, hint, "figure-unknown"))
    return out


def headline(name: str) -> Mapping[str, float]:
    """The key numbers behind figure ``name`` (for notes and tests)."""
    return get(name).compute().headline
