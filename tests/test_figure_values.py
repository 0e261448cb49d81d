"""``{{ figure-value <figure> <value> <format> }}``: the syntax, its errors at ``file:line``, the
formats, the cache of the numbers, and the same findings from the build and from ``check``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import messages, note_text, notes
from mkdocs.structure.files import File
from sitebuild import RELATIONS

from conceptgraph.activations.figure_values import (
    fill_values,
    find_value_refs,
    format_value,
    value_diagnostics,
)
from conceptgraph.build import BuildOptions, build
from conceptgraph.cli.main import main
from conceptgraph.media import figure_values
from conceptgraph.media.figure_values import FigureValues
from conceptgraph.notes.relations import parse_relations

FAKE = {"gradient-depth": {"tanh_ratio_depth20": 0.13518, "relu_ratio_depth20": 0.0039189,
                           "width": 256, "loss": -1.6e-16, "bad": float("nan"), "half": 0.5},
        "mean-shift": {"relu_mean": 0.3989422804014327}}


def fake(name: str) -> dict[str, float]:
    return FAKE[name]


def errors(text: str, first_line: int = 1) -> list[str]:
    return [str(d) for d in value_diagnostics("kb/N.md", text, first_line, fake)]


# -- syntax ----------------------------------------------------------------------------------


def test_a_placeholder_names_a_figure_a_value_and_a_format():
    text = "a\nratio {{ figure-value gradient-depth tanh_ratio_depth20 .2f }} for tanh\n"
    [ref] = find_value_refs(text)
    assert (ref.line, ref.figure, ref.value, ref.spec, ref.error) == \
        (2, "gradient-depth", "tanh_ratio_depth20", ".2f", "")
    assert text[ref.start:ref.end] == "{{ figure-value gradient-depth tanh_ratio_depth20 .2f }}"
    assert fill_values(text, fake) == "a\nratio 0.14 for tanh\n"
    assert fill_values("{{figure-value   gradient-depth width d}}", fake) == "256"


def test_placeholders_in_code_stay_literal():
    text = ("`{{ figure-value gradient-depth width d }}` and ``x {{ figure-value nope }} x``\n"
            "```\n{{ figure-value gradient-depth width d }}\n{{ figure-value nope }}\n```\n"
            "~~~~md\n{{ figure-value }}\n~~~~\n"
            "outside: {{ figure-value gradient-depth width d }}\n")
    assert errors(text) == []
    assert fill_values(text, fake) == text.replace(
        "outside: {{ figure-value gradient-depth width d }}", "outside: 256")


def test_other_double_braces_are_left_alone():
    text = "$\\frac{{a}}{b}$ and {{ date }} and {{ figure }}\n"
    assert errors(text) == [] and fill_values(text, fake) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("{{ figure-value gradient-dept width d }}",
     "kb/N.md:5: unknown figure 'gradient-dept' in a figure-value placeholder; "
     "did you mean 'gradient-depth'?"),
    ("{{ figure-value nothing-like-it width d }}",
     "kb/N.md:5: unknown figure 'nothing-like-it' in a figure-value placeholder; known figures: "
     "dying-relu, gradient-depth, mean-shift, relu-sparsity, signal-propagation"),
    ("{{ figure-value gradient-depth tanh_ratio_depth21 .2f }}",
     "kb/N.md:5: figure 'gradient-depth' has no value 'tanh_ratio_depth21'; did you mean "
     "'tanh_ratio_depth20' or 'relu_ratio_depth20'?"),
    ("{{ figure-value mean-shift zzz .2f }}",
     "kb/N.md:5: figure 'mean-shift' has no value 'zzz'; its values are: relu_mean"),
    ("{{ figure-value gradient-depth width }}",
     "kb/N.md:5: figure-value placeholder needs a figure, a value and a format, received 2: "
     "gradient-depth, width; write {{ figure-value <figure> <value> <format> }}, e.g. "
     "{{ figure-value gradient-depth tanh_ratio_depth20 .2f }}"),
    ("{{ figure-value }}",
     "kb/N.md:5: figure-value placeholder needs a figure, a value and a format, received 0: "
     "nothing; write {{ figure-value <figure> <value> <format> }}, e.g. "
     "{{ figure-value gradient-depth tanh_ratio_depth20 .2f }}"),
    ("the {{ figure-value gradient-depth width d",
     "kb/N.md:5: figure-value placeholder is not closed on its line; end it with }} on the same "
     "line: {{ figure-value <figure> <value> <format> }}"),
    ("{{ figure-values gradient-depth width d }}",
     "kb/N.md:5: unknown placeholder '{{ figure-values'; did you mean "
     "{{ figure-value <figure> <value> <format> }}?"),
    ("{{ Figure_Value gradient-depth width d }}",
     "kb/N.md:5: unknown placeholder '{{ Figure_Value'; did you mean "
     "{{ figure-value <figure> <value> <format> }}?"),
    ("## Depth {{ figure-value gradient-depth width d }}",
     "kb/N.md:5: figure-value placeholder in a heading; a heading's anchor must not change with "
     "a number; move the placeholder into the text below the heading"),
])
def test_a_bad_placeholder_is_an_error_at_its_line_with_the_fix(text: str, expected: str):
    assert errors("\n\n" + text + "\n", first_line=3) == [expected]
    assert fill_values(text, fake) == text  # never half-filled


@pytest.mark.parametrize("spec", [".2x", ".7f", "2f", ".2", "%", "{0.__class__}", "{}", ".2f}",
                                  "e", ".1E", "pow", "D", ".-1f"])
def test_only_the_listed_formats_are_accepted(spec: str):
    [error] = errors(f"{{{{ figure-value gradient-depth width {spec} }}}}")
    assert error.startswith(f"kb/N.md:1: unknown format {spec!r} in a figure-value placeholder; "
                            "write fixed-point .Nf (N decimals")
    assert "pow10 (the nearest power of ten" in error


@pytest.mark.parametrize(("name", "spec", "why"), [
    ("bad", ".2f", "it is not a finite number"),
    ("half", "d", "it is not a whole number"),
    ("loss", "pow10", "only a positive number has a power of ten"),
])
def test_a_value_its_format_cannot_write_is_an_error(name: str, spec: str, why: str):
    [error] = errors(f"{{{{ figure-value gradient-depth {name} {spec} }}}}")
    assert error.startswith(f"kb/N.md:1: value {name!r} of figure 'gradient-depth' is ")
    assert f"which format {spec!r} cannot write: {why}; use another format: " in error


@pytest.mark.parametrize(("x", "spec", "expected"), [
    (0.13518, ".2f", "0.14"), (0.13518, ".3f", "0.135"), (0.13518, ".0f", "0"),
    (2.5, ".0f", "2"), (3.5, ".0f", "4"),  # round half to even, as the float is
    (0.4941875, ".0%", "49%"), (0.4941875, ".1%", "49.4%"),
    (0.0039189, ".1e", "3.9×10⁻³"), (6.4192e-10, ".1e", "6.4×10⁻¹⁰"), (12345.0, ".2e", "1.23×10⁴"),
    (9.96e-4, ".1e", "1.0×10⁻³"), (1.058e-7, "pow10", "10⁻⁷"), (2.49e-31, "pow10", "10⁻³¹"),
    (2.0e5, "pow10", "10⁵"), (4.0e5, "pow10", "10⁶"),
    (256, "d", "256"), (256.0, "d", "256"), (-3, "d", "−3"),
    (-0.25, ".2f", "−0.25"), (-1.6e-16, ".2f", "0.00"), (-1.6e-16, ".1e", "−1.6×10⁻¹⁶"),
])
def test_formats(x: float, spec: str, expected: str):
    assert format_value(x, spec) == expected


def test_the_value_is_written_as_text():
    # A value is digits and signs only; the replacement is escaped text all the same, and the
    # note's other text is not touched
    text = "<b>{{ figure-value gradient-depth tanh_ratio_depth20 .1% }}</b> & more"
    assert fill_values(text, fake) == "<b>13.5%</b> & more"


# -- the numbers and their cache -------------------------------------------------------------


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """figure_values.compute replaced by the fake values; the names it was called for."""
    calls: list[str] = []

    def compute(name: str) -> dict[str, float]:
        calls.append(name)
        return dict(FAKE[name])

    monkeypatch.setattr(figure_values, "compute", compute)
    return calls


def test_values_are_computed_once_then_read_from_the_cache(tmp_path: Path, counted: list[str]):
    first = FigureValues(tmp_path)
    assert first("gradient-depth")["width"] == 256 and first("gradient-depth") is not None
    assert counted == ["gradient-depth"] and first.computed == 1
    [stored] = (tmp_path / "figures").glob("*.json")
    assert stored.name == figure_values.cache_key("gradient-depth") + ".json"
    second = FigureValues(tmp_path)
    assert second("gradient-depth")["tanh_ratio_depth20"] == 0.13518
    assert counted == ["gradient-depth"] and second.computed == 0
    without = FigureValues(None)
    without("gradient-depth")
    assert counted == ["gradient-depth"] * 2 and len(list(tmp_path.rglob("*.json"))) == 1


def test_the_cache_key_follows_the_libraries_and_the_code(monkeypatch: pytest.MonkeyPatch):
    key = figure_values.cache_key("gradient-depth")
    assert key != figure_values.cache_key("mean-shift") and len(key) == 64
    monkeypatch.setattr(figure_values, "library_version", lambda d: "0" if d == "scipy" else "1")
    other = figure_values.cache_key("gradient-depth")
    assert other != key
    monkeypatch.setattr(figure_values, "VALUE_MODULES", figure_values.VALUE_MODULES[:-1])
    assert figure_values.cache_key("gradient-depth") != other


def test_the_values_are_the_figures_headline_and_parameters():
    values = figure_values.compute("mean-shift")
    from conceptgraph.activations import figures

    assert {k: v for k, v in values.items() if k in figures.headline("mean-shift")} == \
        dict(figures.headline("mean-shift"))
    sparsity = figure_values.compute("relu-sparsity")
    assert (sparsity["width"], sparsity["depth"], sparsity["seed"]) == (1000, 3, 0)
    assert "inits" not in sparsity and "biases" not in sparsity  # not numbers
    assert json.loads(json.dumps(sparsity)) == sparsity


# -- the build and check ---------------------------------------------------------------------

NOTES = {
    "Alpha.md": note_text('description: "x"',
                          "# Alpha\n\nAbout {{ figure-value gradient-depth tanh_ratio_depth20 .2f"
                          " }} for [[Beta]], see `{{ figure-value x }}`.\n"),
    "Beta.md": note_text('description: "y"', "# Beta\n\nText.\n"),
}


def test_the_sentence_a_panel_quotes_has_its_number(counted: list[str], tmp_path: Path):
    found, report = notes(NOTES)
    values = FigureValues(tmp_path)
    for n in found:
        assert values.prepare(n) == []
    alpha = next(n for n in found if n.name == "Alpha")
    [link] = alpha.scan.links
    # The code span stays code (the panel shows it as code), its placeholder unfilled
    assert link.context == "About 0.14 for Beta, see `{{ figure-value x }}`."
    assert link.line_text[link.column - 1:].startswith("[[Beta]]")


def _project(root: Path, body: str) -> Path:
    (root / "kb").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - conceptgraph\n",
                                     encoding="utf-8")
    (root / "kb" / "Alpha.md").write_text(note_text('description: "x"', body), encoding="utf-8")
    return root


def test_build_and_check_give_the_same_message(tmp_path: Path, counted: list[str],
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]):
    root = _project(tmp_path, "# Alpha\n\nok {{ figure-value gradient-depth width d }}\n"
                              "bad {{ figure-value gradient-depth widht d }}\n")
    options = BuildOptions("kb", parse_relations(RELATIONS), plots=False,
                           url_of=lambda src: File(src, None, "", True).url,
                           cache_dir=root / ".cache/conceptgraph")
    plan = build(root / "kb", options)
    expected = ("kb/Alpha.md:7: figure 'gradient-depth' has no value 'widht'; did you mean "
                "'width'?")
    assert messages(plan.findings) == [expected]
    monkeypatch.chdir(root)
    assert main(["check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [expected.replace(": figure", ": error: figure", 1),
                   "1 error, 0 warnings in 1 note"]
    # The check computed nothing: it read the numbers the build stored in the same cache
    assert counted == ["gradient-depth"]


def test_the_built_page_shows_the_number(tmp_path: Path, counted: list[str]):
    root = _project(tmp_path, "# Alpha\n\nWidth {{ figure-value gradient-depth width d }}.\n")
    plan = build(root / "kb", BuildOptions("kb", parse_relations(RELATIONS), plots=False,
                                           url_of=lambda src: File(src, None, "", True).url,
                                           cache_dir=tmp_path / "cache"))
    assert plan.findings.items == []
    page = plan.files["concepts/alpha.md"]
    assert "Width 256." in page and "figure-value" not in page
