"""Markdown for the activation-function parts of the site: one section per concept page, and the
comparison page. Pure functions of the registry; the caller supplies plot paths and page links
(relative to the page being written), which are escaped like any other outside input.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from urllib.parse import quote

from conceptgraph.activations.defined import FormulaActivation
from conceptgraph.activations.registry import Activation

__all__ = ["activation_section", "comparison_page"]


def _latex(entry: Activation) -> tuple[str, str]:
    """LaTeX of f and f′: a note's own function carries it, the built-ins' comes from sympy."""
    if isinstance(entry, FormulaActivation):
        return entry.latex_f, entry.latex_df
    from conceptgraph.activations import formulas

    return formulas.latex_f(entry.name), formulas.latex_df(entry.name)


def _param_latex(entry: Activation, name: str) -> str:
    if isinstance(entry, FormulaActivation):  # as sympy printed the formula's symbol
        return str(entry.data["param_latex"][name])
    from conceptgraph.activations import formulas

    return formulas.PARAM_LATEX.get(name, name)


def _formula_notes(entry: FormulaActivation) -> list[str]:
    """What a page says about a function a note defines: how its facts were found."""
    data = entry.data
    lo, hi = entry.xlim
    check = data["check"]
    lines = []
    if r"	heta" in entry.latex_df:
        lines += ["θ is the Heaviside step function (1 for a positive argument, 0 for a "
                  "negative one).", ""]
    lines += [
        f"Defined in the note as `{entry.formula}`"
        + (" with " + ", ".join(f"{k} = {_number(v)}" for k, v in entry.defaults.items())
           if entry.defaults else "")
        + f". The properties are computed from the formula on the plotted interval "
        f"x ∈ [{_number(lo)}, {_number(hi)}]; the derivative is sympy's, and agrees with "
        f"central differences at {check['points']} points to 10⁻⁶·(1 + |f′|) (largest "
        f"difference {check['max_error']:.1e}).",
        "",
    ]
    return lines


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _cell(text: str) -> str:
    """Plain text for a Markdown table cell: HTML-escaped, pipes and Markdown specials inert."""
    escaped = html.escape(text, quote=False)
    for char in "\\`*_|":  # not [ ]: "\\[" would open display math
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def _table_math(latex: str) -> str:
    """LaTeX that survives a Markdown table: ``|`` would end the cell."""
    return latex.replace(r"\left|", r"\left\lvert ").replace(r"\right|", r"\right\rvert ").replace(
        "|", r"\vert "
    )


def _number(value: float) -> str:
    return f"{value:.6g}".replace("-", "−")


def _params_text(entry: Activation, params: Mapping[str, float]) -> str:
    if not params:
        return "none"
    parts = []
    for key, value in params.items():
        default = entry.defaults.get(key)
        changed = default is not None and not math.isclose(value, default)
        note = f" (default {_number(default)})" if default is not None and changed else ""
        parts.append(f"{key} = {_number(value)}{note}")
    return ", ".join(parts)


def _continuity(entry: Activation) -> str:
    return rf"\({entry.continuity_latex}\)"


def _saturation(entry: Activation) -> str:
    return {"no": "no", "left": "yes, as x → −∞", "right": "yes, as x → +∞",
            "both": "yes, both sides"}[entry.saturation]


def _img(src: str, alt: str, css: str, fragment: str) -> str:
    return (
        f'<img src="{html.escape(src + fragment, quote=True)}" alt="{html.escape(alt, quote=True)}"'
        f' class="{css}">'
    )


def _alt(entry: Activation, params: Mapping[str, float]) -> str:
    lo, hi = entry.xlim
    text = (
        f"Plot of {entry.name} f(x) (left) and its derivative f′(x) (right) "
        f"for x from {_number(lo)} to {_number(hi)}"
    )
    jumps = entry.df_jumps(params)
    if jumps:
        where = ", ".join(f"x = {_number(k)}" for k in jumps)
        text += f"; the derivative jumps at {where} (filled dot: value used, open dot: other side)"
    return text + "."


def activation_section(
    entry: Activation, params: Mapping[str, float], plot_paths: Mapping[str, str]
) -> str:
    """Markdown with "Formula", "Plot" and "Properties" sections for one activation function.

    ``params`` are validated overrides of the defaults; ``plot_paths`` maps ``"light"`` and
    ``"dark"`` to the SVGs' paths relative to the page.
    """
    full = entry.params(params)
    overridden = {k: v for k, v in full.items() if not math.isclose(v, entry.defaults[k])}
    latex_f, latex_df = _latex(entry)
    lines = [
        "## Formula",
        "",
        "$$",
        f"f(x) = {latex_f}",
        "$$",
        "",
        "$$",
        f"f'(x) = {latex_df}",
        "$$",
        "",
    ]
    if full:
        symbols = ", ".join(
            rf"\({_param_latex(entry, k)} = {_number(v).replace('−', '-')}\)"
            for k, v in full.items()
        )
        lines += [f"with {symbols}.", ""]
    lines += [_cell(entry.kink_convention(full)), ""]

    alt = _alt(entry, full)
    lines += [
        "## Plot",
        "",
        '<figure class="cg-figure">',
        _img(plot_paths["light"], alt, "cg-plot cg-plot--light", "#only-light"),
        _img(plot_paths["dark"], alt, "cg-plot cg-plot--dark", "#only-dark"),
        f"<figcaption>{html.escape(entry.name)}: f(x) and its derivative f′(x)"
        + (f" ({html.escape(_params_text(entry, overridden))})" if overridden else "")
        + ".</figcaption>",
        "</figure>",
        "",
        "## Properties",
        "",
        "| property | value |",
        "|---|---|",
        f"| range | {_cell(entry.range_text)} |",
        f"| monotonic | {_yes_no(entry.monotonic)} |",
        f"| zero-centred | {_yes_no(entry.zero_centred)} |",
        f"| continuity | {_continuity(entry)} |",
        f"| saturating | {_saturation(entry)} |",
        f"| parameters | {_cell(_params_text(entry, full))} |",
        f"| paper | {_cell(entry.paper or '—')} |",
        "",
    ]
    if isinstance(entry, FormulaActivation):
        lines += _formula_notes(entry)
    return "\n".join(lines)


def _link(name: str, target: str | None) -> str:
    if target is None:
        return _cell(name)
    return f"[{_cell(name)}]({quote(target, safe='/#.-_~')})"


def _figure(paths: Mapping[str, str] | None, alt: str, css: str) -> str:
    if not paths:
        return ""
    return "\n".join([
        f'<figure class="cg-figure {css}">',
        _img(paths["light"], alt, "cg-plot cg-plot--light", "#only-light"),
        _img(paths["dark"], alt, "cg-plot cg-plot--dark", "#only-dark"),
        "</figure>",
        "",
    ])


def comparison_page(
    entries: Iterable[Activation],
    plot_paths: Mapping[str, Mapping[str, str]],
    page_links: Mapping[str, str],
) -> str:
    """Markdown of the "Activation functions" comparison page.

    ``plot_paths`` maps ``"overlay-f"``, ``"overlay-df"`` and each function's canonical name (its
    sparkline) to ``{"light": path, "dark": path}``; ``page_links`` maps a canonical name to its
    concept page (a relative ``.md`` path). Missing entries leave the cell without a plot or link.
    """
    entries = list(entries)
    lines = ["# Activation functions", ""]
    lines.append(_figure(plot_paths.get("overlay-f"),
                         "All activation functions f(x) in one plot, x from −5 to 5.",
                         "cg-overlay"))
    lines.append(_figure(plot_paths.get("overlay-df"),
                         "The derivatives f′(x) of all activation functions, x from −5 to 5.",
                         "cg-overlay"))
    lines += [
        "| name | plot | f(x) | f′(x) | range | continuity | monotonic | zero-centred "
        "| saturating | paper | year |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for e in entries:
        spark = plot_paths.get(e.name)
        plot = "" if not spark else (
            _img(spark["light"], f"{e.name} sparkline", "cg-spark cg-spark--light", "#only-light")
            + _img(spark["dark"], f"{e.name} sparkline", "cg-spark cg-spark--dark", "#only-dark")
        )
        cells = [
            _link(e.name, page_links.get(e.name)),
            plot,
            rf"\({_table_math(_latex(e)[0])}\)",
            rf"\({_table_math(_latex(e)[1])}\)",
            _cell(e.range_text),
            _continuity(e),
            _yes_no(e.monotonic),
            _yes_no(e.zero_centred),
            _yes_no(e.saturating),
            _cell(e.paper or "—"),
            str(e.year) if e.year else "—",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return "\n".join(lines)
