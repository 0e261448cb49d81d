"""The symbolic formulas agree with the numbers, and a typo in either is caught."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pytest
import sympy

from conceptgraph.activations import formulas
from conceptgraph.activations.registry import activations

ALL = activations.names()

PARAM_VARIANTS = [
    ("Leaky ReLU", {"negative_slope": 0.2}),
    ("Parametric ReLU", {"a": 0.6}),
    ("RReLU", {"lower": 0.1, "upper": 0.5}),
    ("ELU", {"alpha": 2.0}),
    ("ELU", {"alpha": 0.5}),
    ("CELU", {"alpha": 0.5}),
    ("SELU", {"alpha": 1.5, "scale": 1.2}),
    ("Softplus", {"beta": 3.0}),
    ("Hardtanh", {"min_val": -2.0, "max_val": 0.5}),
]
CASES = [(name, {}) for name in ALL] + PARAM_VARIANTS


def lambdified(expr: Any, name: str, params: Mapping[str, float]) -> Callable[[Any], Any]:
    concrete = formulas.elementary(formulas.substitute(expr, name, params))
    return sympy.lambdify(formulas.x_symbol(), concrete, modules=["scipy", "numpy"])


def max_discrepancy(
    expr: Any, name: str, params: Mapping[str, float], numeric: Callable[..., Any]
) -> float:
    """Largest relative difference between ``expr`` and ``numeric`` on the plot grid and kinks."""
    e = activations.get(name)
    full = e.params(params)
    kinks = np.array(e.kinks(full), dtype=float)
    xs = np.concatenate([np.linspace(*e.xlim, 4001), kinks, kinks - 1e-6, kinks + 1e-6])
    symbolic = np.broadcast_to(np.asarray(lambdified(expr, name, full)(xs), float), xs.shape)
    values = numeric(xs, **full)
    return float(np.max(np.abs(symbolic - values) / (1 + np.abs(values))))


@pytest.mark.parametrize(("name", "params"), CASES)
def test_symbolic_f_matches_numeric_f(name: str, params: dict[str, float]) -> None:
    e = activations.get(name)
    assert max_discrepancy(formulas.sympy_expr(name), name, params, e.f) < 1e-12


@pytest.mark.parametrize(("name", "params"), CASES)
def test_symbolic_derivative_matches_numeric_df(name: str, params: dict[str, float]) -> None:
    e = activations.get(name)
    assert max_discrepancy(formulas.sympy_df(name), name, params, e.df) < 1e-12


@pytest.mark.parametrize(("name", "params"), CASES)
def test_piecewise_branches_encode_the_pytorch_kink_values(
    name: str, params: dict[str, float]
) -> None:
    e = activations.get(name)
    full = e.params(params)
    df = lambdified(formulas.sympy_df(name), name, full)
    for k in e.kinks(full):
        assert float(df(np.float64(k))) == pytest.approx(float(e.df(k, **full)), rel=1e-14)


def test_sympy_derivative_is_the_derivative_of_f() -> None:
    x = formulas.x_symbol()
    for name in ("GELU", "SiLU", "Mish", "Softsign", "GELU (tanh approximation)"):
        f = formulas.elementary(formulas.sympy_expr(name))
        df = formulas.elementary(formulas.sympy_df(name))
        for point in (-1.3, 0.4, 2.2):
            exact = sympy.diff(f, x).subs(x, point).evalf(30)
            assert float(df.subs(x, point).evalf(30)) == pytest.approx(float(exact), rel=1e-25)


# --------------------------------------------------------------------------- mutations


def _mutate(expr: Any, old: Any, new: Any) -> Any:
    mutated = expr.xreplace({old: new})
    assert mutated != expr, "the mutation must change the expression"
    return mutated


def test_typo_in_a_symbolic_formula_is_detected() -> None:
    x = formulas.x_symbol()
    alpha = formulas.param_symbols("ELU")["alpha"]
    wrong = _mutate(formulas.sympy_expr("ELU"), alpha * (sympy.exp(x) - 1),
                    alpha * (sympy.exp(1.01 * x) - 1))
    assert max_discrepancy(wrong, "ELU", {}, activations.get("ELU").f) > 1e-3


def test_typo_in_a_derivative_is_detected() -> None:
    x = formulas.x_symbol()
    right = formulas.sympy_df("Softsign")
    wrong = right.xreplace({sympy.Abs(x) + 1: sympy.Abs(x) + sympy.Rational(11, 10)})
    assert wrong != right
    assert max_discrepancy(wrong, "Softsign", {}, activations.get("Softsign").df) > 1e-3


def test_wrong_kink_condition_is_detected() -> None:
    x = formulas.x_symbol()
    wrong = sympy.Piecewise((1, x >= 0), (0, True))  # ReLU′(0) = 1, the old Wikipedia table
    assert max_discrepancy(wrong, "ReLU", {}, activations.get("ReLU").df) >= 0.5


def test_typo_in_a_numeric_function_is_detected() -> None:
    def wrong_sigmoid_df(x: Any) -> Any:
        s = 1 / (1 + np.exp(-x))
        return s * (1 - s) * 1.001

    assert max_discrepancy(formulas.sympy_df("Sigmoid"), "Sigmoid", {}, wrong_sigmoid_df) > 1e-5


# --------------------------------------------------------------------------- LaTeX


@pytest.mark.parametrize(
    ("name", "latex_f", "latex_df"),
    [
        ("ReLU",
         r"\begin{cases} x & \text{if } x > 0 \\0 & \text{otherwise} \end{cases}",
         r"\begin{cases} 1 & \text{if } x > 0 \\0 & \text{otherwise} \end{cases}"),
        ("Softsign", r"\frac{x}{\left|{x}\right| + 1}",
         r"\frac{1}{\left(\left|{x}\right| + 1\right)^{2}}"),
        ("Tanh", r"\tanh{\left(x \right)}", r"1 - \tanh^{2}{\left(x \right)}"),
        ("GELU", r"x \Phi\left(x\right)",
         r"\frac{\sqrt{2} x e^{- \frac{x^{2}}{2}}}{2 \sqrt{\pi}} + \Phi\left(x\right)"),
        ("ELU",
         r"\begin{cases} x & \text{if } x > 0 \\\alpha \left(e^{x} - 1\right) & \text{otherwise}"
         r" \end{cases}",
         r"\begin{cases} 1 & \text{if } x > 0 \\\alpha e^{x} & \text{otherwise} \end{cases}"),
    ],
)
def test_latex_is_generated_from_the_definition(name: str, latex_f: str, latex_df: str) -> None:
    assert formulas.latex_f(name) == latex_f
    assert formulas.latex_df(name) == latex_df


@pytest.mark.parametrize("name", ALL)
def test_a_formula_is_piecewise_exactly_where_the_registry_declares_kinks(name: str) -> None:
    e = activations.get(name)
    piecewise = bool(e.kinks()) and name not in ("Softsign",)
    assert (r"\begin{cases}" in formulas.latex_f(e.name)) == piecewise


def test_latex_with_numbers_substitutes_rounded_parameters() -> None:
    assert formulas.latex_f("RReLU", {}) == (
        r"\begin{cases} x & \text{if } x > 0 \\0.229167 x & \text{otherwise} \end{cases}"
    )
    assert r"2.0 e^{x}" in formulas.latex_df("ELU", {"alpha": 2.0})


def test_latex_lookup_accepts_aliases() -> None:
    assert formulas.latex_f("swish") == formulas.latex_f("SiLU")


def _run(code: str, seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout


def test_importing_the_registry_loads_no_numeric_library_nor_mkdocs() -> None:
    code = (
        "import sys, conceptgraph.activations.registry\n"
        "print(sorted(m for m in ('numpy', 'scipy', 'sympy', 'mkdocs', 'matplotlib')"
        " if m in sys.modules))"
    )
    assert _run(code, "0").strip() == "[]"


def test_latex_is_identical_across_hash_seeds() -> None:
    code = (
        "from conceptgraph.activations import formulas\n"
        "for n in ('Mish', 'SiLU', 'Hardsigmoid', 'GELU (tanh approximation)', 'Hardtanh'):\n"
        "    print(formulas.latex_f(n)); print(formulas.latex_df(n))"
    )
    assert _run(code, "1") == _run(code, "4242")
