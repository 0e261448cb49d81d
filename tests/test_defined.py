"""Functions defined by a formula: the derivative against an independent computation, the
properties against what is known of the functions, the built-in functions written as formulas
against the registry (and PyTorch's kink values), the cache, and the time an analysis takes."""

from __future__ import annotations

import ast
import json
import math
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import mpmath
import numpy as np
import pytest
import yaml

from conceptgraph.activations.analysis import FormulaSpec, analyse
from conceptgraph.activations.defined import FormulaActivation, from_definition
from conceptgraph.activations.registry import activations
from conceptgraph.media.cache import ContentCache
from conceptgraph.media.formula_cache import analysed

REPO = Path(__file__).resolve().parents[1]

# The 21 built-in functions, written in the notes' formula syntax, at their default parameters.
BUILTINS_AS_FORMULAS = {
    "ReLU": ("max(0, x)", {}),
    "Leaky ReLU": ("where(x > 0, x, negative_slope * x)", {"negative_slope": 0.01}),
    "Parametric ReLU": ("max(0, x) + a * min(0, x)", {"a": 0.25}),
    "RReLU": ("where(x >= 0, x, (lower + upper) / 2 * x)", {"lower": 1 / 8, "upper": 1 / 3}),
    "ELU": ("where(x > 0, x, alpha * (exp(x) - 1))", {"alpha": 1.0}),
    "SELU": ("scale * where(x > 0, x, alpha * (exp(x) - 1))",
             {"alpha": 1.6732632423543772, "scale": 1.0507009873554805}),
    "CELU": ("max(0, x) + min(0, alpha * (exp(x / alpha) - 1))", {"alpha": 1.0}),
    "GELU": ("x * (1 + erf(x / sqrt(2))) / 2", {}),
    "GELU (tanh approximation)": ("x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x**3))) / 2",
                                  {}),
    "Sigmoid": ("sigmoid(x)", {}),
    "Tanh": ("tanh(x)", {}),
    "Softplus": ("softplus(beta * x) / beta", {"beta": 1.0}),
    "Softsign": ("x / (1 + abs(x))", {}),
    "SiLU": ("x * sigmoid(x)", {}),
    "Mish": ("x * tanh(softplus(x))", {}),
    "Hardtanh": ("min(max(x, min_val), max_val)", {"min_val": -1.0, "max_val": 1.0}),
    "Hardsigmoid": ("min(max(x / 6 + 1 / 2, 0), 1)", {}),
    "Hardswish": ("x * min(max(x + 3, 0), 6) / 6", {}),
    "ReLU6": ("min(max(0, x), 6)", {}),
    "LogSigmoid": ("-softplus(-x)", {}),
    "Squared ReLU": ("max(0, x)**2", {}),
}
# Where the site's rule for a formula's kink (the limit from the left) and PyTorch's value
# differ: at the upper end of a clipped range PyTorch takes the flat side's 0 (or Hardswish's
# 1). This is why the built-in functions stay in Python (see the contributing guide).
KINKS_WHERE_PYTORCH_DIFFERS = {("Hardtanh", 1.0), ("Hardsigmoid", 3.0), ("Hardswish", 3.0),
                               ("ReLU6", 6.0)}
OTHERS = {
    "Smish": ("a * x * tanh(log(1 + sigmoid(b * x)))", {"a": 1.0, "b": 1.0}),
    "Snake a=2": ("x + sin(a*x)**2 / a", {"a": 2.0}),
    "quadratic switch": ("where(x**2 > 1, x, x**3)", {}),
    "periodic switch": ("x + where(sin(x) > 0, sin(x)**2, 0)", {}),
    "cubic ReLU": ("max(0, x)**3", {}),
    "if-else ELU": ("x if x > 0 else a * (exp(x) - 1)", {"a": 2.0}),
}


def kb_formulas() -> dict[str, tuple[str, dict[str, float]]]:
    """The functions the knowledge base's own notes define."""
    found = {}
    for path in sorted((REPO / "kb").glob("*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        if "formula" in front:
            found[f"kb/{path.name}"] = (front["formula"], dict(front.get("parameters") or {}))
    return found


ALL_FORMULAS = {**{f"built-in {k}": v for k, v in BUILTINS_AS_FORMULAS.items()}, **OTHERS,
                **kb_formulas()}


def define(text: str, params: dict[str, float], xlim: tuple[float, float] = (-5.0, 5.0),
           name: str = "F") -> FormulaActivation:
    spec = FormulaSpec(name, text, tuple(params.items()), xlim)
    return from_definition(analyse(spec))


# ---------------------------------------------------------------- an independent derivative

_MP = {"exp": mpmath.exp, "log": mpmath.log, "sqrt": mpmath.sqrt, "abs": abs,
       "sin": mpmath.sin, "cos": mpmath.cos, "tan": mpmath.tan, "atan": mpmath.atan,
       "sinh": mpmath.sinh, "cosh": mpmath.cosh, "tanh": mpmath.tanh, "erf": mpmath.erf,
       "erfc": mpmath.erfc, "sigmoid": lambda u: 1 / (1 + mpmath.exp(-u)),
       "softplus": lambda u: mpmath.log(1 + mpmath.exp(u)), "max": max, "min": min}


def mp_value(node: ast.AST, x: Any, params: dict[str, float]) -> Any:
    """The formula at ``x`` in mpmath, read from its text by this test's own walk of Python's
    syntax tree (trusted test input), independent of sympy and of the site's trees."""
    if isinstance(node, ast.Expression):
        return mp_value(node.body, x, params)
    if isinstance(node, ast.Constant):
        return mpmath.mpf(node.value)
    if isinstance(node, ast.Name):
        return {"x": x, "pi": mpmath.pi, "e": mpmath.e}.get(node.id) \
            if node.id in ("x", "pi", "e") else mpmath.mpf(params[node.id])
    if isinstance(node, ast.UnaryOp):
        inner = mp_value(node.operand, x, params)
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp):
        a, b = mp_value(node.left, x, params), mp_value(node.right, x, params)
        return {ast.Add: a + b, ast.Sub: a - b, ast.Mult: a * b}.get(type(node.op)) \
            if not isinstance(node.op, ast.Div | ast.Pow) else (a / b if isinstance(
                node.op, ast.Div) else a**b)
    if isinstance(node, ast.IfExp):
        chosen = node.body if mp_true(node.test, x, params) else node.orelse
        return mp_value(chosen, x, params)
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    name, args = node.func.id, node.args
    if name in ("where", "piecewise"):
        for i in range(0, len(args) - 1, 2):
            if mp_true(args[i], x, params):
                return mp_value(args[i + 1], x, params)
        return mp_value(args[-1], x, params)
    return _MP[name](*(mp_value(a, x, params) for a in args))


def mp_true(node: ast.AST, x: Any, params: dict[str, float]) -> bool:
    if isinstance(node, ast.BoolOp):
        parts = [mp_true(v, x, params) for v in node.values]
        return all(parts) if isinstance(node.op, ast.And) else any(parts)
    if isinstance(node, ast.UnaryOp):
        return not mp_true(node.operand, x, params)
    assert isinstance(node, ast.Compare)
    values = [mp_value(node.left, x, params), *(mp_value(c, x, params)
                                                for c in node.comparators)]
    ops = {ast.Lt: lambda a, b: a < b, ast.LtE: lambda a, b: a <= b,
           ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b}
    return all(ops[type(op)](a, b) for op, a, b in zip(node.ops, values, values[1:],
                                                      strict=False))


@pytest.mark.parametrize("name", list(ALL_FORMULAS))
def test_the_derivative_of_every_formula_function_matches_mpmath(name: str) -> None:
    text, params = ALL_FORMULAS[name]
    entry = define(text, params)
    tree = ast.parse(text, mode="eval")
    mpmath.mp.dps = 40
    checked = 0
    for x0 in np.linspace(-4.9, 4.9, 61):
        if any(abs(x0 - k) < 1e-3 for k in entry.kinks()):
            continue
        exact = float(mpmath.diff(lambda t: mp_value(tree, t, params), mpmath.mpf(x0)))
        ours = float(entry.df(x0))
        assert ours == pytest.approx(exact, rel=1e-10, abs=1e-10), (x0, ours, exact)
        checked += 1
    assert checked >= 55


# ---------------------------------------------------------------- the built-ins as formulas


@pytest.mark.parametrize("name", list(BUILTINS_AS_FORMULAS))
def test_a_builtin_written_as_a_formula_agrees_with_the_registry(name: str) -> None:
    text, params = BUILTINS_AS_FORMULAS[name]
    builtin = activations.get(name)
    entry = define(text, params, builtin.xlim)
    assert entry.kinks() == pytest.approx(builtin.kinks())
    xs = np.linspace(*builtin.xlim, 4001)
    away = np.all([np.abs(xs - k) > 1e-6 for k in builtin.kinks()], axis=0) \
        if builtin.kinks() else np.ones(xs.shape, bool)
    for ours, theirs in ((entry.f, builtin.f), (entry.df, builtin.df)):
        a, b = ours(xs[away]), theirs(xs[away])
        assert np.max(np.abs(a - b) / (1 + np.abs(b))) < 1e-9
    assert entry.monotonic == builtin.monotonic
    assert entry.zero_centred == builtin.zero_centred
    assert entry.continuity == builtin.continuity
    assert entry.saturation == builtin.saturation
    for k in builtin.kinks():
        same = float(entry.df(k)) == pytest.approx(float(builtin.df(k)), rel=1e-7)
        assert same != ((name, k) in KINKS_WHERE_PYTORCH_DIFFERS), (name, k)


# ---------------------------------------------------------------- properties and kinks


def test_snake_properties_are_computed() -> None:
    entry = define("x + sin(a*x)**2 / a", {"a": 1.0}, (-6.0, 6.0), "Snake")
    low, high = -6 + math.sin(6) ** 2, 6 + math.sin(6) ** 2  # monotonic: the ends
    assert entry.range_bounds == pytest.approx((low, high), abs=1e-12)
    assert entry.range_text == "[−5.9219, 6.0781] for x in [−6, 6]"
    assert (entry.monotonic, entry.zero_centred, entry.continuity) == (True, False, math.inf)
    assert entry.kinks() == ()
    assert entry.latex_df == r"2 \sin{\left(a x \right)} \cos{\left(a x \right)} + 1"
    assert entry.kink_convention() == ("The function is smooth everywhere, so no kink "
                                       "convention is needed.")


@pytest.mark.parametrize(("text", "order"), [
    ("max(0, x)", 0), ("max(0, x)**2", 1), ("max(0, x)**3", 2), ("x / (1 + abs(x))", 1),
    ("tanh(x)", math.inf), ("where(x > 0, x, x)", math.inf),
])
def test_continuity_is_the_first_one_sided_derivative_that_jumps(text: str,
                                                                 order: float) -> None:
    assert define(text, {}).continuity == order


def test_at_a_kink_the_derivative_is_the_limit_from_the_left() -> None:
    entry = define("where(x >= 1, 2*x - 1, x**2 / 2 + 1/2)", {})
    assert entry.kinks() == (1.0,)
    assert entry.df_jumps() == (1.0,)
    assert float(entry.df(1.0)) == 1.0  # x**2/2 + 1/2 has slope 1 at x = 1, 2x - 1 slope 2
    assert entry.one_sided_df(1.0) == (1.0, 2.0)
    assert entry.kink_convention().startswith("At x = 1 the derivative is taken as 1, its "
                                              "limit from the left")
    assert float(entry.f(1.0)) == 1.0


def test_kinks_from_nonlinear_switches_are_found_by_bisection() -> None:
    entry = define("x + where(sin(x) > 0, sin(x)**2, 0)", {})
    assert entry.kinks() == pytest.approx((-math.pi, 0.0, math.pi), abs=1e-12)
    assert entry.continuity == 1  # f″ jumps where sin² starts


def test_a_zero_centred_function_is_odd() -> None:
    assert define("x / (1 + abs(x))", {}).zero_centred
    assert not define("x * sigmoid(x)", {}).zero_centred
    assert define("x * sigmoid(x)", {}, (-6.0, 6.0)).saturation == "left"


# ---------------------------------------------------------------- the cache and the time


def test_an_analysis_is_cached_and_a_cached_one_needs_no_sympy(tmp_path: Path) -> None:
    spec = FormulaSpec("Smish", *OTHERS["Smish"][:1], tuple(OTHERS["Smish"][1].items()),
                       (-6.0, 6.0))
    cache = ContentCache(tmp_path, ".json")
    first = analysed(spec, cache)
    assert "definition" in first and len(list(tmp_path.iterdir())) == 1
    code = f"""
import json, sys
from pathlib import Path
from conceptgraph.activations.analysis import FormulaSpec
from conceptgraph.media.cache import ContentCache
from conceptgraph.media.formula_cache import analysed
spec = FormulaSpec(*json.loads({json.dumps(json.dumps([spec.name, spec.formula,
                                                        spec.parameters, spec.xlim]))}))
spec = FormulaSpec(spec.name, spec.formula, tuple(map(tuple, spec.parameters)),
                   tuple(spec.xlim))
outcome = analysed(spec, ContentCache({str(tmp_path)!r}, ".json"))
print(json.dumps([outcome, [m for m in ("sympy", "numpy", "scipy") if m in sys.modules]]))
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, check=True)
    outcome, imported = json.loads(result.stdout)
    assert outcome == first and imported == []


def test_a_refused_formula_is_cached_with_its_message(tmp_path: Path) -> None:
    spec = FormulaSpec("F", "log(x)", (), (-5.0, 5.0))
    cache = ContentCache(tmp_path, ".json")
    assert analysed(spec, cache)["error"][0].startswith("f(x) is not a real number")
    assert analysed(spec, cache) == analysed(spec, None)


def test_the_largest_formulas_the_limits_allow_are_analysed_quickly() -> None:
    nested = "x"
    for fn in ["tanh", "sigmoid", "softplus", "erf", "atan", "sin"] * 3:
        nested = f"{fn}({nested} + a*x)"
    text = f"{nested} * x + x**3 / (1 + x**2)"
    assert len(text) <= 400
    start = time.perf_counter()
    entry = define(text, {"a": 0.5})
    assert time.perf_counter() - start < 20
    assert entry.data["check"]["points"] > 2000


@pytest.mark.parametrize("text", ["1 / (1 + exp(-20 * x))", "exp(20 * x) / (1 + exp(20 * x))",
                                  "log(1 + exp(20 * x)) / 20"])
def test_sigmoid_and_softplus_written_by_hand_do_not_overflow(text: str) -> None:
    """exp(20·50) overflows float64; the evaluation trees use the stable forms instead."""
    entry = define(text, {}, (-50.0, 50.0))
    xs = np.linspace(-50, 50, 1001)
    reference = define(text.replace("1 / (1 + exp(-20 * x))", "sigmoid(20 * x)")
                       .replace("exp(20 * x) / (1 + exp(20 * x))", "sigmoid(20 * x)")
                       .replace("log(1 + exp(20 * x)) / 20", "softplus(20 * x) / 20"),
                       {}, (-50.0, 50.0))
    assert np.all(np.isfinite(entry.f(xs))) and np.all(np.isfinite(entry.df(xs)))
    assert np.max(np.abs(entry.f(xs) - reference.f(xs))) < 1e-12
    assert np.max(np.abs(entry.df(xs) - reference.df(xs))) < 1e-9
