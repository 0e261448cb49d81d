"""The safe formula grammar: what it accepts, what it refuses (and where), and that refusing
never runs anything, never imports sympy and never takes long."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conceptgraph.activations.expression import (
    MAX_LENGTH,
    MAX_NESTING,
    FormulaError,
    parse_formula,
)

HOSTILE = sorted((Path(__file__).parent / "hostile").glob("formula-*.yaml"))
REPO = Path(__file__).resolve().parents[1]


def formula_of(path: Path) -> tuple[str, dict[str, float]] | None:
    """The formula and parameters of a hostile case's note (None without a formula)."""
    text = yaml.safe_load(path.read_text(encoding="utf-8"))["files"]["A.md"]
    front = yaml.safe_load(text.split("---")[1])
    if not isinstance(front.get("formula"), str):
        return None
    params = front.get("parameters") or {}
    return front["formula"], {k: v for k, v in params.items() if isinstance(v, int | float)}


@pytest.mark.parametrize("text", [
    "x + sin(a*x)**2 / a",
    "a * x * tanh(log(1 + sigmoid(b * x)))",
    "where(x > 0, x, a * x)",
    "x if x > 0 else a * (exp(x) - 1)",
    "piecewise(x <= -3, 0, x >= 3, x, x * (x + 3) / 6)",
    "min(max(0, x), 6)",
    "x / (1 + abs(x))",
    "x * (1 + erf(x / sqrt(2))) / 2",
    "where(-1 < x < 1 and not x > 0.5, x, 0.5 * x)",
    "softplus(x) - e * pi + 2**x",
])
def test_formulas_in_the_grammar_are_accepted(text: str) -> None:
    tree = parse_formula(text, {"a": 0.5, "b": 1.0})
    assert tree[0] in {"+", "-", "*", "/", "**", "call", "pw"}


@pytest.mark.parametrize(("text", "message"), [
    ("x.real", "the formula uses attribute access ('.real') at column 1"),
    ("().__class__.__bases__[0]", "the formula uses indexing at column 1"),
    ("__import__('os')", "the name '__import__' is refused at column 1"),
    ("globals()", "unknown function 'globals' at column 1"),
    ("open('/etc/passwd')", "unknown function 'open' at column 1"),
    ("x if True else 0", "expected a condition such as x > 0 at column 6"),
    ("f'{x}'", "the formula uses an f-string at column 1"),
    ("x ** a", "the exponent at column 6 is 1000, over the limit of 100"),
    ("exp(1000) * x", "the constant part at column 1 is too large or not a real number"),
    ("log(-1) + x", "the constant part at column 1 is too large or not a real number"),
    ("1e999 * x", "the number at column 1 is too large (over 1e+300)"),
    ("x + 1j", "the formula holds a complex number at column 5"),
    ("x @ x", "the operator '@' is not allowed at column 1"),
    ("where(x == 1, 1, x)", "the comparison '==' is not allowed at column 7"),
    ("where(x, 1, 2)", "expected a condition such as x > 0 at column 7"),
    ("piecewise(x > 0, x)", "piecewise() takes an odd number of arguments"),
    ("max(x)", "max() takes 2 or more arguments, received 1 at column 1"),
    ("exp", "the function 'exp' is used without arguments at column 1"),
    ("x)", "unbalanced ')' at column 2"),
    ("((x)", "1 unclosed '('"),
    ("", "the formula is empty"),
])
def test_refusals_name_the_problem_and_where(text: str, message: str) -> None:
    with pytest.raises(FormulaError) as refused:
        parse_formula(text, {"a": 1000.0})
    assert refused.value.message.startswith(message), refused.value.message
    assert refused.value.hint


def test_limits_on_length_nesting_and_size() -> None:
    with pytest.raises(FormulaError, match="over the limit of 400"):
        parse_formula("x" + "+x" * MAX_LENGTH, {})
    deep = "(" * (MAX_NESTING + 1) + "x" + ")" * (MAX_NESTING + 1)
    with pytest.raises(FormulaError, match=f"more than {MAX_NESTING} deep"):
        parse_formula(deep, {})
    parse_formula("(" * MAX_NESTING + "x" + ")" * MAX_NESTING, {})
    with pytest.raises(FormulaError, match="levels deep"):
        parse_formula("-" * 200 + "x", {})
    with pytest.raises(FormulaError, match="parts"):
        parse_formula("max(" + ",".join(["x"] * 160) + ")", {})


def test_the_hostile_corpus_has_formula_cases() -> None:
    assert len(HOSTILE) >= 30


def test_hostile_formulas_are_refused_fast_and_never_reach_sympy() -> None:
    """Every hostile formula the grammar refuses is refused in a fresh interpreter within a
    millisecond or so, and neither sympy nor numpy is imported on the way."""
    cases = [c for c in map(formula_of, HOSTILE) if c is not None]
    code = f"""
import json, sys, time
from conceptgraph.activations.expression import FormulaError, parse_formula
timings = []
for text, params in json.loads({json.dumps(json.dumps(cases))}):
    start = time.perf_counter()
    try:
        parse_formula(text, params)
    except FormulaError:
        pass
    timings.append(time.perf_counter() - start)
print(json.dumps({{"slowest": max(timings), "sympy": "sympy" in sys.modules,
                  "numpy": "numpy" in sys.modules}}))
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, check=True)
    found = json.loads(result.stdout)
    assert found["sympy"] is False and found["numpy"] is False
    assert found["slowest"] < 0.05, found


def test_parsing_runs_nothing() -> None:
    """A formula that would have a visible effect if Python ran it has none."""
    marker = REPO / "tests" / "ran-a-formula"
    text = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    start = time.perf_counter()
    with pytest.raises(FormulaError):
        parse_formula(text, {})
    assert not marker.exists()
    assert time.perf_counter() - start < 0.05
