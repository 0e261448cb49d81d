"""The value of a part of a formula that does not depend on x, in plain floats.

The parser (``expression.py``) uses it to refuse huge exponents and constants before sympy ever
sees them: sympy computes with exact integers, so ``10**10**10`` would never finish there.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

MAX_EXPONENT = 100  # |exponent| when the exponent is a constant

_MATH = {"exp": math.exp, "log": math.log, "sqrt": math.sqrt, "abs": abs, "sin": math.sin,
         "cos": math.cos, "tan": math.tan, "atan": math.atan, "sinh": math.sinh,
         "cosh": math.cosh, "tanh": math.tanh, "erf": math.erf, "erfc": math.erfc,
         "sigmoid": lambda v: 1 / (1 + math.exp(-v)) if v > -700 else 0.0,
         "softplus": lambda v: max(v, 0.0) + math.log1p(math.exp(-abs(v))),
         "max": max, "min": min}


def constant_value(tree: tuple[Any, ...], parameters: Mapping[str, float]) -> float | None:
    """The value of a part of a formula without ``x`` (parameters at their values), in floats,
    or None when it depends on x. Raises ``OverflowError``/``ValueError`` as ``math`` does."""
    kind = tree[0]
    if kind == "num":
        return float(tree[1])
    if kind == "param":
        return float(parameters[tree[1]])
    if kind in ("x", "pw"):
        return None
    if kind == "neg":
        inner = constant_value(tree[1], parameters)
        return None if inner is None else -inner
    if kind == "call":
        args = [constant_value(a, parameters) for a in tree[2]]
        if any(a is None for a in args):
            return None
        function: Any = _MATH[tree[1]]
        return float(function(*args))
    left, right = constant_value(tree[1], parameters), constant_value(tree[2], parameters)
    if left is None or right is None:
        return None
    if kind == "**":
        if abs(right) > MAX_EXPONENT:  # checked by the caller: never computed
            return math.inf
        result = left ** right
        if isinstance(result, complex):
            raise ValueError("not a real number")
        return float(result)
    return {"+": left + right, "-": left - right, "*": left * right}[kind] if kind != "/" \
        else left / right
