"""Each activation function defined once, symbolically; its page LaTeX is generated from that.

f is written here with sympy (``Piecewise`` where needed); f′ is *derived* by sympy, simplified
and printed, so the formula and the derivative on a page cannot drift from each other. The
branch conditions encode the kink convention: ``x > 0`` for the active branch makes the value at
the kink come from the left branch, as PyTorch autograd does. The tests evaluate these
expressions and compare them with ``numeric.py`` on a dense grid and at every kink, so the
numbers on a page and the formula next to them cannot drift either.

sympy is imported on first use only; every result is cached because sympy is slow.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from conceptgraph.activations.registry import activations

if TYPE_CHECKING:
    import sympy

__all__ = [
    "elementary",
    "named_functions",
    "print_latex",
    "latex_df",
    "latex_f",
    "param_symbols",
    "substitute",
    "sympy_df",
    "sympy_expr",
    "x_symbol",
]

# How each parameter is printed; the symbol's sympy name is the parameter's own name.
PARAM_LATEX: dict[str, str] = {
    "negative_slope": r"\alpha",
    "a": "a",
    "lower": "l",
    "upper": "u",
    "alpha": r"\alpha",
    "scale": r"\lambda",
    "beta": r"\beta",
    "min_val": r"v_{\min}",
    "max_val": r"v_{\max}",
}


@functools.cache
def _sympy() -> Any:
    import sympy

    return sympy


@functools.cache
def _special() -> dict[str, Any]:
    """Named functions that keep the printed formulas short: Φ, σ and softplus."""
    sp = _sympy()

    class Phi(sp.Function):  # type: ignore[name-defined]  # standard normal CDF
        def fdiff(self, argindex: int = 1) -> Any:
            a = self.args[0]
            return sp.exp(-(a**2) / 2) / sp.sqrt(2 * sp.pi)

        def _latex(self, printer: Any) -> str:
            return rf"\Phi\left({printer._print(self.args[0])}\right)"

    class Sigma(sp.Function):  # type: ignore[name-defined]  # logistic sigmoid
        def fdiff(self, argindex: int = 1) -> Any:
            return self * (1 - self)

        def _latex(self, printer: Any) -> str:
            return rf"\sigma\left({printer._print(self.args[0])}\right)"

    class Softplus(sp.Function):  # type: ignore[name-defined]
        def fdiff(self, argindex: int = 1) -> Any:
            return Sigma(self.args[0])

        def _latex(self, printer: Any) -> str:
            return rf"\operatorname{{softplus}}\left({printer._print(self.args[0])}\right)"

    return {
        "Phi": (Phi, lambda a: (1 + sp.erf(a / sp.sqrt(2))) / 2),
        "Sigma": (Sigma, lambda a: 1 / (1 + sp.exp(-a))),
        "Softplus": (Softplus, lambda a: sp.log(1 + sp.exp(a))),
    }


def x_symbol() -> sympy.Symbol:
    """The input variable ``x`` (real)."""
    return _sympy().Symbol("x", real=True)


def param_symbols(name: str) -> dict[str, sympy.Symbol]:
    """The sympy symbol of each parameter of ``name`` (a canonical name or alias)."""
    sp = _sympy()
    entry = activations.get(name)
    return {p: sp.Symbol(p, real=True) for p in entry.defaults}


def _definitions() -> dict[str, Callable[..., Any]]:
    """name → builder(x, symbols) of f: the one place each formula is written."""
    sp = _sympy()
    special = _special()
    phi, sigma, softplus = (special[k][0] for k in ("Phi", "Sigma", "Softplus"))
    pw = sp.Piecewise
    half = sp.Rational(1, 2)

    return {
        "ReLU": lambda x, s: pw((x, x > 0), (0, True)),
        "Leaky ReLU": lambda x, s: pw((x, x > 0), (s["negative_slope"] * x, True)),
        "Parametric ReLU": lambda x, s: pw((x, x > 0), (s["a"] * x, True)),
        "RReLU": lambda x, s: pw((x, x > 0), ((s["lower"] + s["upper"]) / 2 * x, True)),
        "ELU": lambda x, s: pw((x, x > 0), (s["alpha"] * (sp.exp(x) - 1), True)),
        "SELU": lambda x, s: s["scale"] * pw((x, x > 0), (s["alpha"] * (sp.exp(x) - 1), True)),
        "CELU": lambda x, s: pw(
            (x, x > 0), (s["alpha"] * (sp.exp(x / s["alpha"]) - 1), True)
        ),
        "GELU": lambda x, s: x * phi(x),
        "GELU (tanh approximation)": lambda x, s: half * x * (
            1 + sp.tanh(sp.sqrt(2 / sp.pi) * (x + sp.Float("0.044715") * x**3))
        ),
        "Sigmoid": lambda x, s: 1 / (1 + sp.exp(-x)),
        "Tanh": lambda x, s: sp.tanh(x),
        "Softplus": lambda x, s: sp.log(1 + sp.exp(s["beta"] * x)) / s["beta"],
        "Softsign": lambda x, s: x / (1 + sp.Abs(x)),
        "SiLU": lambda x, s: x * sigma(x),
        "Mish": lambda x, s: x * sp.tanh(softplus(x)),
        "Hardtanh": lambda x, s: pw(
            (s["min_val"], x <= s["min_val"]), (s["max_val"], x >= s["max_val"]), (x, True)
        ),
        "Hardsigmoid": lambda x, s: pw((0, x <= -3), (1, x >= 3), (x / 6 + half, True)),
        "Hardswish": lambda x, s: pw((0, x <= -3), (x, x >= 3), (x * (x + 3) / 6, True)),
        "ReLU6": lambda x, s: pw((0, x <= 0), (6, x >= 6), (x, True)),
        "LogSigmoid": lambda x, s: -sp.log(1 + sp.exp(-x)),
        "Squared ReLU": lambda x, s: pw((x**2, x > 0), (0, True)),
    }


def _canonical(name: str) -> str:
    return activations.get(name).name


@functools.cache
def _expr(name: str) -> Any:
    builders = _definitions()
    if name not in builders:
        raise KeyError(f"no symbolic definition for {name!r}")
    return builders[name](x_symbol(), param_symbols(name))


def sympy_expr(name: str) -> sympy.Expr:
    """f of ``name`` as a sympy expression in ``x_symbol()`` and ``param_symbols(name)``."""
    return _expr(_canonical(name))


@functools.cache
def _derivative(name: str) -> Any:
    sp = _sympy()
    x = x_symbol()
    raw = sp.diff(_expr(name), x)
    # d|x|/dx comes out as sign(x); x·sign(x) is |x|, which lets the quotient cancel.
    raw = raw.subs(x * sp.sign(x), sp.Abs(x))
    candidates = [sp.simplify(raw), sp.factor(raw), sp.together(raw)]
    shortest = min(candidates, key=lambda e: len(_print(e)))
    # sympy's own form reads like the chain rule (xσ(x)(1 − σ(x)) + σ(x)); a rewrite replaces it
    # only when that makes the printed formula clearly shorter.
    return shortest if len(_print(shortest)) <= 0.75 * len(_print(raw)) else raw


def sympy_df(name: str) -> sympy.Expr:
    """f′ of ``name``: sympy's derivative of ``sympy_expr(name)``, simplified."""
    return _derivative(_canonical(name))


def substitute(expr: Any, name: str, params: Mapping[str, float] | None = None) -> Any:
    """``expr`` with the parameters of ``name`` replaced by numbers (defaults filled in)."""
    sp = _sympy()
    values = activations.get(name).params(params)
    symbols = param_symbols(name)
    return expr.subs({symbols[k]: sp.Float(v) for k, v in values.items()})


def elementary(expr: Any) -> Any:
    """``expr`` with Φ, σ and softplus written out (erf, exp, log), ready for ``lambdify``."""
    for cls, expansion in _special().values():
        expr = expr.replace(cls, expansion)
    return expr


def named_functions() -> dict[str, Any]:
    """The sympy classes of Φ, σ and softplus by name (``Phi``, ``Sigma``, ``Softplus``), for
    formulas written in notes (``symbolic.py``)."""
    return {name: cls for name, (cls, _) in _special().items()}


def print_latex(expr: Any) -> str:
    """LaTeX of ``expr`` as the pages print it (parameters by ``PARAM_LATEX``, ``\\ln``)."""
    return _print(expr)


def _print(expr: Any) -> str:
    sp = _sympy()
    names = {sym: PARAM_LATEX.get(sym.name, sym.name) for sym in expr.free_symbols}
    text = sp.latex(expr, symbol_names=names, ln_notation=True)
    return text.replace(r"\text{for}\: ", r"\text{if } ")


def _display(expr: Any, name: str, params: Mapping[str, float] | None) -> str:
    if params is None:
        return _print(expr)
    sp = _sympy()
    symbols = param_symbols(name)
    values = activations.get(name).params(params)
    numeric = expr.subs({symbols[k]: sp.Float(v) for k, v in values.items()})
    # Six significant digits on the page; the tests compare the unrounded expression.
    rounded = {f: sp.Float(f"{float(f):.6g}") for f in numeric.atoms(sp.Float)}
    return _print(numeric.xreplace(rounded))


def _key(params: Mapping[str, float] | None) -> tuple[tuple[str, float], ...] | None:
    return None if params is None else tuple(sorted(params.items()))


@functools.cache
def _latex_f(name: str, params: tuple[tuple[str, float], ...] | None) -> str:
    return _display(_expr(name), name, None if params is None else dict(params))


@functools.cache
def _latex_df(name: str, params: tuple[tuple[str, float], ...] | None) -> str:
    return _display(_derivative(name), name, None if params is None else dict(params))


def latex_f(name: str, params: Mapping[str, float] | None = None) -> str:
    """LaTeX of f; parameters as symbols (``params=None``) or as the given numbers."""
    return _latex_f(_canonical(name), _key(params))


def latex_df(name: str, params: Mapping[str, float] | None = None) -> str:
    """LaTeX of f′ (sympy's derivative of f); parameters as symbols or as numbers."""
    return _latex_df(_canonical(name), _key(params))
