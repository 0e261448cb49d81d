"""The figure registry, its deterministic SVGs, the figure HTML and the ```figure block parser."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
import os
import subprocess
import sys

import markdown
import pytest

from conceptgraph.activations import figure_blocks, figures
from conceptgraph.activations.figure_blocks import FigureBlock
from conceptgraph.activations.figures import UnknownFigure
from conceptgraph.media import figures as svg

NAMES = ["dying-relu", "gradient-depth", "mean-shift", "relu-sparsity", "signal-propagation"]

# --- registry ------------------------------------------------------------------------------


def test_registry_lists_the_five_figures_sorted() -> None:
    assert figures.names() == NAMES


def test_unknown_figure_is_a_key_error_with_suggestions() -> None:
    with pytest.raises(KeyError) as info:
        figures.get("relu-sparsty")
    assert isinstance(info.value, UnknownFigure)
    assert info.value.suggestions == ["relu-sparsity"]
    assert "Did you mean 'relu-sparsity'?" in str(info.value)


def test_unknown_figure_without_close_match_lists_known_names() -> None:
    with pytest.raises(UnknownFigure) as info:
        figures.get("xyzzy")
    assert info.value.suggestions == []
    assert "Known figures: dying-relu, gradient-depth" in str(info.value)


@pytest.mark.parametrize("name", NAMES)
def test_caption_is_plain_text_that_cites_a_paper_year(name: str) -> None:
    spec = figures.get(name)
    assert spec.title and spec.caption
    assert not set("<>*_`") & set(spec.caption)
    assert any(str(year) in spec.caption for year in range(2010, 2018))


def test_the_numbers_a_caption_quotes_are_computed() -> None:
    caption, head = figures.get("mean-shift").caption, figures.headline("mean-shift")
    assert f"1/√(2π) ≈ {1 / math.sqrt(2 * math.pi):.3f}" in caption  # the closed form
    assert f"≈ {head['relu_mean']:.3f}," in caption and f"to {head['elu_mean']:.3f} (" in caption


def test_cache_key_is_sha256_and_distinct_per_figure() -> None:
    keys = [svg.cache_key(figures.get(n)) for n in NAMES]
    assert all(len(k) == 64 and int(k, 16) >= 0 for k in keys)
    assert len(set(keys)) == len(keys)
    assert svg.cache_key(figures.get("mean-shift")) == svg.cache_key(figures.get("mean-shift"))


def test_cache_key_changes_with_figure_version(monkeypatch: pytest.MonkeyPatch) -> None:
    before = svg.cache_key(figures.get("dying-relu"))
    monkeypatch.setattr(svg, "FIGURE_VERSION", "test")
    assert svg.cache_key(figures.get("dying-relu")) != before


def test_cache_key_changes_with_the_figure_code(monkeypatch: pytest.MonkeyPatch) -> None:
    before = svg.cache_key(figures.get("dying-relu"))
    monkeypatch.setattr(svg, "source_digest", lambda *modules: "edited")
    assert svg.cache_key(figures.get("dying-relu")) != before


def test_cache_key_covers_the_code_that_sets_the_experiment_parameters() -> None:
    for name in NAMES:
        assert figures.get(name).experiment.__module__ in svg.FIGURE_MODULES
    params = figures.get("gradient-depth").params
    assert params["width"] == 256 and params["depths"][-1] == 50


def test_filename_holds_name_key_and_theme() -> None:
    spec = figures.get("mean-shift")
    assert svg.filename(spec, "dark") == f"mean-shift.{svg.cache_key(spec)[:12]}.dark.svg"


# --- rendering -----------------------------------------------------------------------------


@functools.cache
def rendered(name: str, theme: str) -> bytes:
    return svg.render(figures.get(name), theme)


@pytest.mark.parametrize("name", NAMES)
def test_render_is_byte_identical_across_calls(name: str) -> None:
    light = svg.render(figures.get(name), "light")
    assert light == rendered(name, "light")
    assert light.lstrip().startswith(b"<?xml") and b"<svg" in light
    assert b"<dc:date>" not in light


@pytest.mark.parametrize("name", NAMES)
def test_light_and_dark_renderings_differ_in_colour_only(name: str) -> None:
    light, dark = rendered(name, "light"), rendered(name, "dark")
    assert light != dark
    assert len(light.splitlines()) == len(dark.splitlines())


# One figure drawn from random numbers and one from quadrature: enough to catch a hash salt, a
# date, an unseeded generator or dict ordering that differs between processes.
_CROSS_PROCESS = ("dying-relu", "mean-shift")
_HASH = """
import hashlib, sys
from conceptgraph.activations import figures
from conceptgraph.media import figures as svg
for name in sys.argv[1:]:
    for theme in ("light", "dark"):
        print(name, theme, hashlib.sha256(svg.render(figures.get(name), theme)).hexdigest())
"""


def test_render_is_byte_identical_across_processes() -> None:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "PYTHONHASHSEED": "random"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _HASH, *_CROSS_PROCESS],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    here = "".join(
        f"{n} {t} {hashlib.sha256(rendered(n, t)).hexdigest()}\n"
        for n in _CROSS_PROCESS
        for t in ("light", "dark")
    )
    assert outputs[0] == outputs[1] == here


# --- figure HTML ---------------------------------------------------------------------------


def test_figure_markdown_shows_one_image_per_palette() -> None:
    out = figures.figure_markdown("mean-shift", "../fig/a.svg", "../fig/b.svg")
    assert out.startswith('<figure class="conceptgraph-figure">')
    assert '<img src="../fig/a.svg#only-light" alt="Mean and variance' in out
    assert '<img src="../fig/b.svg#only-dark" alt="Mean and variance' in out
    assert "<figcaption>E[f(z)] and Var[f(z)]" in out
    assert "\n\n" not in out  # one raw HTML block


def test_figure_markdown_escapes_caption_and_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = figures.get("mean-shift")
    fake = dataclasses.replace(spec, name="x", title='A "b" <c>',
                               caption_template="1 < 2 & <b>x</b>")
    monkeypatch.setitem(figures._REGISTRY, "x", fake)
    out = figures.figure_markdown("x", 'a".svg', "b.svg")
    assert "<figcaption>1 &lt; 2 &amp; &lt;b&gt;x&lt;/b&gt;</figcaption>" in out
    assert 'alt="A &quot;b&quot; &lt;c&gt;"' in out
    assert 'src="a&quot;.svg#only-light"' in out


def test_figure_markdown_survives_python_markdown_intact() -> None:
    block = figures.figure_markdown("dying-relu", "l.svg", "d.svg")
    out = markdown.markdown(f"Before.\n\n{block}\n\nAfter.", extensions=["attr_list", "md_in_html"])
    assert block in out


def test_figure_markdown_for_unknown_name_raises() -> None:
    with pytest.raises(UnknownFigure):
        figures.figure_markdown("mean-shfit", "a.svg", "b.svg")


# --- the ```figure block -------------------------------------------------------------------

# (id, text, [(name, line, error starts with)])
BLOCK_CASES = [
    ("backticks", "# T\n\n```figure\nmean-shift\n```\n", [("mean-shift", 3, "")]),
    ("tildes", "~~~figure\ndying-relu\n~~~\n", [("dying-relu", 1, "")]),
    ("info string any case", "```Figure\nmean-shift\n```", [("mean-shift", 1, "")]),
    ("info string padded", "```  figure  \nmean-shift\n```", [("mean-shift", 1, "")]),
    ("indented three", "   ```figure\n   mean-shift\n   ```\n", [("mean-shift", 1, "")]),
    ("indented four is code", "    ```figure\n    mean-shift\n    ```\n", []),
    ("name padded by blank lines", "```figure\n\n  mean-shift  \n\n```", [("mean-shift", 1, "")]),
    ("longer closing fence", "```figure\nmean-shift\n`````\n", [("mean-shift", 1, "")]),
    ("other language", "```python\nmean-shift\n```\n", []),
    ("info with more words", "```figure wide\nmean-shift\n```\n", []),
    ("backtick info with backtick", "```figure`\nmean-shift\n```\n", []),
    (
        "inside a longer fence",
        "````markdown\n```figure\nmean-shift\n```\n````\n",
        [],
    ),
    (
        "inside a tilde fence",
        "~~~\n```figure\nmean-shift\n```\n~~~\n```figure\ndying-relu\n```\n",
        [("dying-relu", 6, "")],
    ),
    (
        "tilde close does not end backtick fence",
        "```figure\nmean-shift\n~~~\n```\n",
        [("", 1, "expected one figure name, received 2")],
    ),
    ("two names", "```figure\nmean-shift dying-relu\n```\n", [("", 1, "expected one")]),
    ("two lines", "```figure\nmean-shift\ndying-relu\n```\n", [("", 1, "expected one")]),
    ("empty body", "text\n```figure\n```\n", [("", 2, "empty figure block")]),
    ("unclosed", "```figure\nmean-shift\n", [("", 1, "unclosed figure block")]),
    (
        "two blocks",
        "```figure\nmean-shift\n```\n\ntext\n\n~~~figure\ndying-relu\n~~~\n",
        [("mean-shift", 1, ""), ("dying-relu", 7, "")],
    ),
    ("unknown names are the caller's job", "```figure\nnope\n```", [("nope", 1, "")]),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in BLOCK_CASES], ids=[c[0] for c in BLOCK_CASES]
)
def test_find_figure_blocks(text: str, expected: list[tuple[str, int, str]]) -> None:
    blocks = figure_blocks.find_figure_blocks(text)
    assert [(b.name, b.line) for b in blocks] == [(n, line) for n, line, _e in expected]
    for block, (_n, _l, error) in zip(blocks, expected, strict=True):
        assert block.error.startswith(error) and bool(block.error) == bool(error)


@pytest.mark.parametrize("text", [c[1] for c in BLOCK_CASES], ids=[c[0] for c in BLOCK_CASES])
def test_block_offsets_span_the_fences(text: str) -> None:
    for block in figure_blocks.find_figure_blocks(text):
        span = text[block.start : block.end]
        assert span.lstrip(" ")[:3] in ("```", "~~~")
        assert text[: block.start].count("\n") + 1 == block.line
        assert not span.endswith("\n")


def test_crlf_input_gives_the_same_blocks_as_lf() -> None:
    lf = "# T\n\n```figure\nmean-shift\n```\n\n~~~figure\n~~~\n"
    crlf = lf.replace("\n", "\r\n")
    assert [(b.name, b.line, b.error) for b in figure_blocks.find_figure_blocks(crlf)] == [
        (b.name, b.line, b.error) for b in figure_blocks.find_figure_blocks(lf)
    ]
    first = figure_blocks.find_figure_blocks(crlf)[0]
    assert crlf[first.start : first.end] == "```figure\r\nmean-shift\r\n```"


def test_replace_figure_blocks_swaps_each_block_and_keeps_the_rest() -> None:
    text = "A\r\n\r\n```figure\r\nmean-shift\r\n```\r\n\r\nB ~~~figure\r\n~~~figure\r\nx\r\n~~~"
    out = figure_blocks.replace_figure_blocks(text, lambda b: f"<{b.name}@{b.line}>")
    assert out == "A\r\n\r\n<mean-shift@3>\r\n\r\nB ~~~figure\r\n<x@8>"


def test_replace_figure_blocks_without_blocks_returns_the_text() -> None:
    text = "no figures here\n```python\nx = 1\n```\n"
    assert figure_blocks.replace_figure_blocks(text, lambda b: "!") == text


def test_figure_block_repr_is_readable() -> None:
    block = FigureBlock("mean-shift", 3, 5, 30)
    assert repr(block) == "FigureBlock(name='mean-shift', line=3, start=5, end=30, error='')"


# --- diagnostics for the caller ------------------------------------------------------------


def test_figure_diagnostics_name_file_line_problem_and_fix() -> None:
    text = "```figure\nrelu-sparsty\n```\n\n```figure\n```\n\n```figure\nmean-shift\n```\n"
    found = [str(d) for d in figure_blocks.figure_diagnostics("kb/ReLU.md", text)]
    assert found == [
        "kb/ReLU.md:1: unknown figure 'relu-sparsty'; did you mean 'relu-sparsity'?",
        "kb/ReLU.md:5: empty figure block: expected one figure name; write one of: "
        + ", ".join(NAMES),
    ]
