"""A checked formula (``expression.Node``) as sympy, its derivative, and the sympy results as
plain evaluation trees.

The whitelisted tree is built into sympy node by node (no ``sympify``, no ``parse_expr``: note
text never reaches a parser that runs code). sympy differentiates it; the derivative is not
``simplify``-ed, whose time has no bound. ``to_tree`` writes a sympy expression as nested lists
of the operations ``evaluate.py`` knows, so evaluating a note's function walks data, never code,
and needs no sympy. ``sided`` and ``switches`` are what the kink analysis (``analysis.py``)
needs: the parts where a formula changes branch, and the formula with its branches fixed.

sympy is imported on first use.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from conceptgraph.activations.expression import FormulaError, Node

__all__ = ["derivative", "sided", "switches", "to_sympy", "to_tree", "x_symbol"]

MAX_TREE = 20_000  # nodes of an evaluation tree


@functools.cache
def _sp() -> Any:
    import sympy

    return sympy


def x_symbol() -> Any:
    return _sp().Symbol("x", real=True)


def _functions() -> dict[str, Any]:
    from conceptgraph.activations.formulas import named_functions

    sp, named = _sp(), named_functions()
    return {"exp": sp.exp, "log": sp.log, "sqrt": sp.sqrt, "abs": sp.Abs, "sin": sp.sin,
            "cos": sp.cos, "tan": sp.tan, "atan": sp.atan, "sinh": sp.sinh, "cosh": sp.cosh,
            "tanh": sp.tanh, "erf": sp.erf, "erfc": sp.erfc, "sigmoid": named["Sigma"],
            "softplus": named["Softplus"], "max": sp.Max, "min": sp.Min}


def to_sympy(node: Node) -> Any:
    """The sympy expression of a checked formula (parameters are real symbols of their name)."""
    sp = _sp()
    functions = _functions()

    def value(n: Node) -> Any:
        kind = n[0]
        if kind == "num":
            v = n[1]
            return sp.Integer(v) if isinstance(v, int) else sp.Float(repr(v))
        if kind == "x":
            return x_symbol()
        if kind == "param":
            return sp.Symbol(n[1], real=True)
        if kind == "neg":
            return -value(n[1])
        if kind == "call":
            return functions[n[1]](*(value(a) for a in n[2]))
        if kind == "pw":
            pairs = [(value(v), condition(c)) for v, c in n[1]]
            return sp.Piecewise(*pairs, (value(n[2]), True))
        left, right = value(n[1]), value(n[2])
        return {"+": lambda: left + right, "-": lambda: left - right,
                "*": lambda: left * right, "/": lambda: left / right,
                "**": lambda: left**right}[kind]()

    def condition(n: Node) -> Any:
        kind = n[0]
        if kind == "cmp":
            rel = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}
            operands = [value(o) for o in n[2]]
            return sp.And(*(rel[op](a, b) for op, a, b in zip(n[1], operands, operands[1:],
                                                               strict=False)))
        if kind == "not":
            return sp.Not(condition(n[1]))
        parts = [condition(c) for c in n[1]]
        return sp.And(*parts) if kind == "and" else sp.Or(*parts)

    return value(node)


def derivative(expr: Any, order: int = 1) -> Any:
    """d/dx of ``expr`` (sympy's ``diff``; x·sign(x) written back as |x|)."""
    sp = _sp()
    x = x_symbol()
    result = sp.diff(expr, x, order)
    return result.subs(x * sp.sign(x), sp.Abs(x))


# --------------------------------------------------------------------------- evaluation trees

_RELATIONS = {"StrictLessThan": "<", "LessThan": "<=", "StrictGreaterThan": ">",
              "GreaterThan": ">="}
_CALLS = {"exp", "log", "sin", "cos", "tan", "atan", "sinh", "cosh", "tanh", "erf", "erfc"}
_NAMED = {"Abs": "abs", "sign": "sign", "Heaviside": "heaviside", "Sigma": "sigmoid",
          "Softplus": "softplus", "Phi": "phi", "Max": "max", "Min": "min"}


def _one_plus_exp(e: Any) -> Any:
    """``u`` when ``e`` is 1 + exp(u), else None."""
    sp = _sp()
    if isinstance(e, sp.Add) and len(e.args) == 2 and sp.Integer(1) in e.args:
        other = e.args[1] if e.args[0] == 1 else e.args[0]
        if isinstance(other, sp.exp):
            return other.args[0]
    return None


def _stable_factors(product: Any, walk: Any) -> list[Any]:
    """The factors of a product as trees; exp(k·u)·(1 + exp(u))⁻ⁿ (0 < k ≤ n), the form of a
    hand-written sigmoid and its derivatives, as sigmoid(u)ᵏ·sigmoid(−u)ⁿ⁻ᵏ (factors ≤ 1)."""
    sp = _sp()
    factors = list(product.args)
    out: list[Any] = []
    for f in list(factors):
        n = -f.exp if isinstance(f, sp.Pow) and f.exp.is_Integer and f.exp < 0 else 0
        u = _one_plus_exp(f.base) if n else None
        if u is None or f not in factors:
            continue
        for g in factors:
            k = g.args[0] / u if isinstance(g, sp.exp) else sp.Integer(0)
            if k.is_Integer and 0 < k <= n:
                factors.remove(f)
                factors.remove(g)
                out.append(["^", ["sigmoid", walk(u)], ["n", float(k)]])
                if n > k:
                    out.append(["^", ["sigmoid", walk(-u)], ["n", float(n - k)]])
                break
    return out + [walk(f) for f in factors]


def to_tree(expr: Any) -> list[Any]:
    """``expr`` as nested lists (``["+", a, b]``, ``["exp", a]``, ``["pw", [v, c], ...]``,
    ``["x"]``, ``["p", name]``, ``["n", value]``) that ``evaluate.py`` walks. Where sympy's
    form would overflow, the stable one is written instead: log(1 + exp(u)) as softplus(u),
    (1 + exp(u))⁻ⁿ as sigmoid(−u)ⁿ, exp(k·u)·(1 + exp(u))⁻ⁿ as sigmoid(u)ᵏ·sigmoid(−u)ⁿ⁻ᵏ."""
    sp = _sp()
    count = 0

    def walk(e: Any) -> list[Any]:
        nonlocal count
        count += 1
        if count > MAX_TREE:
            raise FormulaError(f"the derivative has more than {MAX_TREE} parts",
                               "write a simpler formula")
        name = type(e).__name__
        if e.is_Symbol:
            return ["x"] if e.name == "x" else ["p", e.name]
        if e.is_Number or e.is_NumberSymbol:
            try:
                return ["n", float(e)]
            except TypeError:  # zoo, the complex infinity of a constant 1/0
                raise FormulaError("the formula divides by zero",
                                   "write it without a constant division by 0") from None
        if isinstance(e, sp.Add):
            return ["+", *(walk(a) for a in e.args)]
        if isinstance(e, sp.Mul):
            return ["*", *_stable_factors(e, walk)]
        if isinstance(e, sp.Pow):
            u = _one_plus_exp(e.base)  # (1 + exp(u))⁻ⁿ is sigmoid(-u)ⁿ: no overflow
            if u is not None and e.exp.is_Integer and e.exp < 0:
                return ["^", ["sigmoid", walk(-u)], ["n", float(-e.exp)]]
            return ["^", walk(e.base), walk(e.exp)]
        if isinstance(e, sp.log) and _one_plus_exp(e.args[0]) is not None:
            return ["softplus", walk(_one_plus_exp(e.args[0]))]  # log(1 + exp(u))
        if isinstance(e, sp.Piecewise):
            return ["pw", *([walk(v), cond(c)] for v, c in e.args)]
        if e.func.__name__ in _CALLS:
            return [e.func.__name__, walk(e.args[0])]
        if e.func.__name__ in _NAMED:  # Heaviside's second argument is its value at 0
            args = e.args[:1] if e.func.__name__ == "Heaviside" else e.args
            return [_NAMED[e.func.__name__], *(walk(a) for a in args)]
        raise FormulaError(f"the formula's derivative holds {name}, which the site cannot "
                           "evaluate", "write the formula with the functions the guide lists")

    def cond(c: Any) -> list[Any]:
        name = type(c).__name__
        if c is sp.true:
            return ["true"]
        if c is sp.false:
            return ["false"]
        if name in _RELATIONS:
            return [_RELATIONS[name], walk(c.lhs), walk(c.rhs)]
        if isinstance(c, sp.And | sp.Or):
            return ["and" if isinstance(c, sp.And) else "or", *(cond(a) for a in c.args)]
        if isinstance(c, sp.Not):
            return ["not", cond(c.args[0])]
        raise FormulaError(f"the formula's condition {c} cannot be evaluated",
                           "write conditions as comparisons: x > 0, x <= a")

    return walk(expr)


# --------------------------------------------------------------------------- kinks


def switches(expr: Any) -> Iterator[Any]:
    """The functions of x whose sign decides a branch of ``expr``: a Piecewise condition's
    lhs − rhs, the argument of |u|, sign(u) and Heaviside(u), a − b of max and min."""
    sp = _sp()
    x = x_symbol()
    for e in sp.preorder_traversal(expr):
        parts: list[Any] = []
        if isinstance(e, sp.Piecewise):
            for _, c in e.args:
                if isinstance(c, sp.Basic) and not isinstance(c, sp.logic.boolalg.BooleanAtom):
                    parts += [r.lhs - r.rhs for r in c.atoms(sp.core.relational.Relational)]
        elif isinstance(e, sp.Abs | sp.sign | sp.Heaviside):
            parts.append(e.args[0])
        elif isinstance(e, sp.Max | sp.Min):
            parts += [a - b for i, a in enumerate(e.args) for b in e.args[i + 1:]]
        for part in parts:
            if part.has(x):
                yield part


def sided(expr: Any, at: float, side: int) -> Any:
    """``expr`` with every branch fixed as it is just beside ``at`` (``side`` −1: left,
    +1: right): an expression without kinks near ``at`` whose derivatives are one-sided ones."""
    sp = _sp()
    x = x_symbol()
    point = sp.Float(at) + side * sp.Float(1e-9) * max(1, abs(at))

    def sign_at(u: Any) -> int:
        v = float(u.subs(x, point).evalf(30))
        return (v > 0) - (v < 0)

    def walk(e: Any) -> Any:
        if e.is_Atom:
            return e
        if isinstance(e, sp.Piecewise):
            for v, c in e.args:
                if c is sp.true or bool(c.subs(x, point)):
                    return walk(v)
            return sp.nan
        if isinstance(e, sp.Abs):
            inner = walk(e.args[0])
            return inner if sign_at(e.args[0]) >= 0 else -inner
        if isinstance(e, sp.sign):
            return sp.Integer(sign_at(e.args[0]))
        if isinstance(e, sp.Heaviside):
            return sp.Integer(1 if sign_at(e.args[0]) > 0 else 0)
        if isinstance(e, sp.Max | sp.Min):
            values = [float(a.subs(x, point).evalf(30)) for a in e.args]
            pick = values.index(max(values) if isinstance(e, sp.Max) else min(values))
            return walk(e.args[pick])
        return e.func(*(walk(a) for a in e.args))

    return walk(expr)
