"""Markdown for the activation-function parts of the site: one section per concept page, and the
comparison page. Pure functions of the registry; the caller supplies plot paths and page links
(relative to the page being written), which are escaped like any other outside input.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from urllib.parse import quote

from conceptgraph.activations.registry import Activation

__all__ = ["activation_section", "comparison_page"]


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
    from conceptgraph.activations import formulas

    full = entry.params(params)
    overridden = {k: v for k, v in full.items() if not math.isclose(v, entry.defaults[k])}
    lines = [
        "## Formula",
        "",
        "$$",
        f"f(x) = {formulas.latex_f(entry.name)}",
        "$$",
        "",
        "$$",
        f"f'(x) = {formulas.latex_df(entry.name)}",
        "$$",
        "",
    ]
    if full:
        symbols = ", ".join(
            rf"\({formulas.PARAM_LATEX.get(k, k)} = {_number(v).replace('−', '-')}\)"
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
    from conceptgraph.activations import formulas

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
            rf"\({_table_math(formulas.latex_f(e.name))}\)",
            rf"\({_table_math(formulas.latex_df(e.name))}\)",
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
