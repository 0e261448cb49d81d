"""Markdown for activation sections and the comparison page, checked as text and as HTML."""

from __future__ import annotations

import re

import markdown
import pytest

from conceptgraph.activations import formulas
from conceptgraph.activations.registry import activations
from conceptgraph.render.activation_page import activation_section, comparison_page

PATHS = {"light": "../plots/activation-relu-0123456789ab-light.svg",
         "dark": "../plots/activation-relu-0123456789ab-dark.svg"}


def to_html(text: str) -> str:
    return markdown.markdown(
        text, extensions=["tables", "md_in_html", "pymdownx.arithmatex"],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )


def test_section_has_formula_plot_properties_in_order() -> None:
    text = activation_section(activations.get("ReLU"), {}, PATHS)
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings == ["Formula", "Plot", "Properties"]


def test_formula_and_derivative_are_display_math_from_formulas() -> None:
    text = activation_section(activations.get("Softsign"), {}, PATHS)
    blocks = re.findall(r"^\$\$\n(.+?)\n\$\$$", text, flags=re.M | re.S)
    assert blocks == [f"f(x) = {formulas.latex_f('Softsign')}",
                      f"f'(x) = {formulas.latex_df('Softsign')}"]


def test_plot_is_a_figure_with_light_and_dark_images() -> None:
    text = activation_section(activations.get("ReLU"), {}, PATHS)
    assert f'src="{PATHS["light"]}#only-light"' in text
    assert f'src="{PATHS["dark"]}#only-dark"' in text
    assert 'class="cg-plot cg-plot--light"' in text and 'class="cg-plot cg-plot--dark"' in text
    assert "the derivative jumps at x = 0" in text  # alt text


def test_section_states_the_kink_convention_and_properties() -> None:
    text = activation_section(activations.get("ReLU"), {}, PATHS)
    assert "At x = 0 the derivative is taken as 0, the value PyTorch autograd returns." in text
    for row in ("| range | [0, ∞) |", "| monotonic | yes |", "| zero-centred | no |",
                r"| continuity | \(C^{0}\) |", "| saturating | yes, as x → −∞ |",
                "| parameters | none |"):
        assert row in text
    assert "Deep Sparse Rectifier Neural Networks (Glorot, Bordes &amp; Bengio, 2011)" in text


def test_section_shows_overridden_parameters() -> None:
    text = activation_section(activations.get("ELU"), {"alpha": 2.0}, PATHS)
    assert r"with \(\alpha = 2\)." in text
    assert "| parameters | alpha = 2 (default 1) |" in text
    assert "taken as 2, the value PyTorch" in text


@pytest.mark.parametrize("hostile", ['x" onerror="alert(1)', "<script>.svg", "a&b.svg"])
def test_plot_paths_are_html_escaped(hostile: str) -> None:
    text = activation_section(activations.get("ReLU"), {}, {"light": hostile, "dark": hostile})
    assert hostile not in text
    assert "<script>" not in text and 'onerror="' not in text


def test_section_renders_to_html_with_math_and_table() -> None:
    html = to_html(activation_section(activations.get("Hardswish"), {}, PATHS))
    assert html.count('<div class="arithmatex">') == 2
    assert "<figure" in html and html.count("<img") == 2
    assert "<td>continuity</td>" in html


ENTRIES = [activations.get(n) for n in ("ReLU", "Softsign", "SiLU", "Hardtanh")]
PLOTS = {
    "overlay-f": {"light": "of-l.svg", "dark": "of-d.svg"},
    "overlay-df": {"light": "odf-l.svg", "dark": "odf-d.svg"},
    "ReLU": {"light": "spark-relu-l.svg", "dark": "spark-relu-d.svg"},
}
LINKS = {"ReLU": "ReLU.md", "Softsign": "soft sign (v2).md"}


def test_comparison_page_puts_overlay_f_before_overlay_df() -> None:
    text = comparison_page(ENTRIES, PLOTS, LINKS)
    assert text.index("of-l.svg#only-light") < text.index("odf-l.svg#only-light")
    assert "of-d.svg#only-dark" in text


def test_comparison_table_has_one_row_per_function_and_eleven_cells() -> None:
    html = to_html(comparison_page(ENTRIES, PLOTS, LINKS))
    rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)
    assert len(rows) == 1 + len(ENTRIES)
    for row in rows[1:]:
        assert len(re.findall(r"<td", row)) == 11


def test_comparison_math_survives_the_table() -> None:
    html = to_html(comparison_page(ENTRIES, PLOTS, LINKS))
    assert r"\left\lvert {x}\right\rvert" in html  # Softsign's |x| without a cell-ending pipe
    assert html.count('<span class="arithmatex">') == 2 * len(ENTRIES) + len(ENTRIES)


def test_comparison_links_names_to_concept_pages_or_leaves_plain_text() -> None:
    text = comparison_page(ENTRIES, PLOTS, LINKS)
    assert "| [ReLU](ReLU.md) |" in text
    assert "[Softsign](soft%20sign%20%28v2%29.md)" in text
    assert "| SiLU |" in text and "[SiLU]" not in text


def test_comparison_row_has_sparkline_paper_and_year() -> None:
    text = comparison_page(ENTRIES, PLOTS, LINKS)
    row = next(line for line in text.splitlines() if line.startswith("| [ReLU]"))
    assert 'src="spark-relu-l.svg#only-light"' in row and 'src="spark-relu-d.svg#only-dark"' in row
    assert row.rstrip().endswith("(Glorot, Bordes &amp; Bengio, 2011) | 2011 |")
