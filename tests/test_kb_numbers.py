"""Every number the knowledge base quotes from a computed figure is the figure's number.

The notes write such numbers as ``{{ figure-value <figure> <value> <format> }}`` placeholders,
which the build fills in. Here each placeholder of ``kb/`` is read with a regex of this file,
its value taken from ``figures.headline`` (or the experiment's own parameter), written with a
formatter of this file, and the result compared with what the build makes of the note. A second
test looks for bare copies: a number in a note's text that equals a computed value, where a
placeholder belongs.
"""

from __future__ import annotations

import inspect
import math
import re
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import pytest

from conceptgraph.activations import figures
from conceptgraph.cli.project import load_project
from conceptgraph.media import figure_values
from conceptgraph.media.figure_values import FigureValues
from conceptgraph.notes.read import load_notes

REPO = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"\{\{ figure-value (\S+) (\S+) (\S+) \}\}")  # as the kb writes them
SUPERSCRIPT = dict(zip("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹", strict=True))


@pytest.fixture(scope="module")
def notes():
    relations = load_project(str(REPO / "mkdocs.yml"), None).relations
    found, report = load_notes(REPO / "kb", "kb", relations)
    assert report.items == []
    return {n.name: n for n in found}


def value(figure: str, name: str) -> float:
    """The number a placeholder names: a headline value, else an experiment parameter."""
    headline = figures.headline(figure)
    if name in headline:
        return headline[name]
    return inspect.signature(figures.get(figure).experiment).parameters[name].default


def sup(n: int) -> str:
    return "".join(SUPERSCRIPT[c] for c in str(n))


def written(x: float, spec: str) -> str:
    """``x`` as a reader should see it, by decimal arithmetic rather than str.format."""
    sign = "−" if x < 0 else ""
    d = Decimal(abs(x))
    if spec == "d":
        assert d == d.to_integral_value()
        return sign + str(int(d))
    if spec == "pow10":
        return "10" + sup(round(math.log10(x)))
    digits, kind = int(spec[1]), spec[2]
    step = Decimal(1).scaleb(-digits)
    if kind == "f":
        return sign + str(d.quantize(step, ROUND_HALF_EVEN))
    if kind == "%":
        return sign + str((d * 100).quantize(step, ROUND_HALF_EVEN)) + "%"
    exponent = d.adjusted()
    mantissa = d.scaleb(-exponent).quantize(step, ROUND_HALF_EVEN)
    if mantissa >= 10:  # 9.96 to one decimal is 10.0: one more power of ten
        exponent, mantissa = exponent + 1, (mantissa / 10).quantize(step, ROUND_HALF_EVEN)
    return f"{sign}{mantissa}×10{sup(exponent)}"


def test_the_independent_formatter_writes_known_numbers():
    assert written(0.13518, ".3f") == "0.135"
    assert written(0.0039189, ".1e") == "3.9×10⁻³"
    assert written(6.4192e-10, ".1e") == "6.4×10⁻¹⁰"
    assert written(9.96e-4, ".1e") == "1.0×10⁻³"
    assert written(1.058e-7, "pow10") == "10⁻⁷"
    assert written(0.4941875, ".0%") == "49%"
    assert written(256, "d") == "256"


def test_the_kb_quotes_figures_through_placeholders(notes):
    users = {name for name, n in notes.items() if "figure-value" in n.body}
    assert {"Vanishing gradient problem", "He initialization", "Gradient propagation",
            "Sparse activation", "Bias shift", "ELU", "GELU", "SiLU", "Tanh",
            "Exponential units"} <= users


def test_every_placeholder_renders_the_computed_value(notes, tmp_path, monkeypatch):
    values = FigureValues(tmp_path)
    checked = 0
    for name, note in sorted(notes.items()):
        if "figure-value" not in note.body:
            continue
        # The regex of this file reads every placeholder the note has (none hides from it)
        assert note.body.count("figure-value") == len(PLACEHOLDER.findall(note.body)), name
        expected = PLACEHOLDER.sub(lambda m: written(value(m[1], m[2]), m[3]), note.body)
        assert values.prepare(note) == [], name
        assert values.fill(note.body) == expected, name
        checked += len(PLACEHOLDER.findall(note.body))
    assert checked >= 40
    # A second build reads every value from the cache: nothing is computed again
    monkeypatch.setattr(figure_values, "compute", lambda name: pytest.fail(f"computed {name}"))
    again = FigureValues(tmp_path)
    for note in notes.values():
        assert again.fill(note.body) == values.fill(note.body)
    assert again.computed == 0


def test_the_words_around_the_numbers_hold():
    """What the notes say of the numbers in words, against the computation."""
    sparsity = figures.headline("relu-sparsity")
    assert 0.45 <= sparsity["zero_fraction_mean"] <= 0.55  # Glorot et al.'s "around 50%"
    falling = [sparsity[f"zero_fraction_layer{k}_bias+0.1"] for k in (1, 2, 3)]
    assert falling == sorted(falling, reverse=True)  # "falls layer by layer"
    signal = figures.headline("signal-propagation")
    assert 0.5 <= signal["relu_1/n_ratio_to_2^-30"] <= 2  # "close to 2^-30"
    assert 0.3 <= signal["relu_2/n_mean_square_layer30"] <= 3  # "of order one"
    gradient = figures.headline("gradient-depth")
    he = [v for k, v in gradient.items() if k.startswith("relu_he_ratio")]
    assert all(0.5 <= r <= 5 for r in he)  # "stays of order one"
    assert gradient["sigmoid_ratio_depth50"] < 1e-20  # "far below anything float32 can use"
    mean = figures.headline("mean-shift")
    assert mean["relu_mean"] == pytest.approx(1 / math.sqrt(2 * math.pi), abs=1e-12)
    # ELU "lowers" ReLU's mean; GELU and SiLU lie between; tanh and SELU give 0
    assert mean["elu_mean"] < mean["silu_mean"] < mean["gelu_mean"] < mean["relu_mean"]
    assert abs(mean["tanh_mean"]) < 1e-12 and abs(mean["selu_mean"]) < 1e-12


# -- bare copies ---------------------------------------------------------------------------

CODE = re.compile(r"`[^`\n]*`")
QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”')
MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]*\$")
SUPERSCRIPTS = "[⁻⁰-⁹¹²³]+"
SCIENTIFIC = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*"
                        rf"(?:\\times\s*10\^\{{(-?\d+)\}}|×10({SUPERSCRIPTS}))")
POWER = re.compile(rf"(?<![\w.\\])10(?:\^\{{(-?\d+)\}}|({SUPERSCRIPTS}))")
DECIMAL = re.compile(r"(?<![\w.])(\d+\.\d+%?|\d+%)")
UNSUPER = {v: k for k, v in SUPERSCRIPT.items()}


def _exponent(latex: str | None, unicode: str | None) -> int:
    return int(latex if latex is not None else "".join(UNSUPER[c] for c in unicode or ""))


def numbers(line: str) -> list[tuple[str, object, bool]]:
    """``(kind, number, in_math)`` for each decimal, scientific number and power of ten."""
    maths = [m.span() for m in MATH.finditer(line)]
    out: list[tuple[str, object, bool]] = []
    taken: list[tuple[int, int]] = []

    def inside(i: int, spans: list[tuple[int, int]]) -> bool:
        return any(a <= i < b for a, b in spans)

    for m in SCIENTIFIC.finditer(line):
        out.append(("sci", (m[1], _exponent(m[2], m[3])), inside(m.start(), maths)))
        taken.append(m.span())
    for m in POWER.finditer(line):
        if not inside(m.start(), taken):
            out.append(("pow", _exponent(m[1], m[2]), inside(m.start(), maths)))
            taken.append(m.span())
    for m in DECIMAL.finditer(line):
        if not inside(m.start(), taken):
            out.append(("dec", m[1], inside(m.start(), maths)))
    return out


def significant(digits: str) -> int:
    bare = digits.rstrip("%").replace(".", "").lstrip("0")
    return len(bare) if "." in digits else len(bare.rstrip("0"))


def decimals(digits: str) -> int:
    return len(digits.rstrip("%").partition(".")[2])


def copies(kind: str, number: object, v: float, near: bool) -> bool:
    """Whether ``number`` (as written) is ``v`` rounded to the precision it is written with;
    with ``near``, a number in scientific notation within 30% of ``v`` too (a stale copy)."""
    if kind == "dec":
        text = str(number)
        x = v * 100 if text.endswith("%") else v
        return x != 0 and round(x, decimals(text)) == float(text.rstrip("%"))
    if kind == "sci":
        mantissa, exponent = number  # type: ignore[misc]
        digits = decimals(mantissa)
        same = f"{v:.{digits}e}" == f"{float(mantissa):.{digits}f}e{exponent:+03d}"
        close = abs(float(mantissa) * 10.0 ** exponent - v) <= 0.3 * v
        return v > 0 and (same or near and close)
    return 0 < v < 1e-2 and round(math.log10(v)) == number


def bare_copies(body: str) -> list[tuple[object, str, str]]:
    """The numbers of ``body`` that copy a computed value (see the test below for the rules)."""
    shown = set(re.findall(r"^```figure\n(\S+)\n```", body, re.M)) | \
        {m[1] for m in PLACEHOLDER.finditer(body)}
    quotes = [q for line in body.split("\n") for q in QUOTED.findall(line)] + \
        [line for line in body.split("\n") if line.lstrip().startswith(">")]
    quoted = {str(n) for q in quotes for _, n, _ in numbers(q)}
    found: list[tuple[object, str, str]] = []
    fence = False
    for line in body.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
            continue
        if fence or line.lstrip().startswith(">"):
            continue
        line = QUOTED.sub(" ", CODE.sub(" ", PLACEHOLDER.sub(" ", line)))
        for kind, number, in_math in numbers(line):
            if str(number) in quoted or kind == "dec" and in_math:
                continue
            for figure in figures.names():
                near = figure in shown
                if not near and (kind == "pow" or significant(
                        str(number[0] if kind == "sci" else number)) < 2):  # type: ignore[index]
                    continue
                for key, v in figures.headline(figure).items():
                    if copies(kind, number, v, near):
                        found.append((number, figure, key))
    return found


def test_the_copy_finder_finds_the_copies_the_kb_used_to_have():
    """Sentences of the notes before placeholders: the numbers in scientific notation and the
    powers of ten are found, stale ones too (7.6e-10 for the computed 6.4e-10, 5e-3 for 3.9e-3);
    a stale plain decimal (0.17 for 0.135) is beyond a precise rule, which is why the notes
    quote through placeholders."""
    old = ("In the verified reproduction at depth 20, the first-to-last gradient ratio was "
           "about $10^{-12}$ for the sigmoid, 0.17 for tanh, $5\\times10^{-3}$ for ReLU.\n"
           "It fell to about $7.6\\times10^{-10}$ after 30 layers.\n"
           "```figure\ngradient-depth\n```\n```figure\nsignal-propagation\n```\n")
    assert bare_copies(old) == [(("5", -3), "gradient-depth", "relu_ratio_depth20"),
                                (-12, "gradient-depth", "sigmoid_ratio_depth20"),
                                (("7.6", -10), "signal-propagation",
                                 "relu_1/n_mean_square_layer30")]
    assert ("0.21", "mean-shift", "silu_mean") in bare_copies("Its mean is about 0.21, so")
    assert ("0.49", "relu-sparsity", "zero_fraction_layer1") in bare_copies(
        "the fractions are 0.49, 0.49 and 0.52.")
    # Formula constants in math, quotations and code are not copies; nor is a number that a
    # quotation in the note holds ("around 50%"), wherever else it is written
    assert bare_copies('Keras uses $\\mathrm{clip}(0.2x + 0.5, 0, 1)$ and `0.21`.\n'
                       '"around 50% of hidden units" are zero; the 50% depends on biases.\n'
                       "```figure\nrelu-sparsity\n```\n") == []


def test_no_note_carries_a_bare_copy_of_a_computed_value(notes):
    """A number in a note's text (not in code, a quotation or a placeholder; a decimal in math
    is a formula constant) is a bare copy when it equals a computed headline value at the
    precision it is written with: any figure's value when written with two or more significant
    digits, and, for the figures the note shows (a figure block or a placeholder), also with
    one digit, as a power of ten, or in scientific notation within 30% (a stale copy). The
    user's own note is left as written."""
    found = {name: c for name, n in sorted(notes.items())
             if name != "ReLU" and (c := bare_copies(n.body))}
    assert found == {}
