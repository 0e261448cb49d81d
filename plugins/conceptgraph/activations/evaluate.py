"""Evaluating a note's formula with numpy by walking its evaluation tree (``symbolic.to_tree``).

Data, not code: the tree holds only the operations below, so nothing from a note is compiled or
run. Each operation is numpy's, in float64; ``sigmoid`` and ``softplus`` are evaluated in their
stable forms (no overflow in either tail). Branches are chosen as a plain evaluation does,
except at a kink, where they are chosen as just left of it: the values there are the limits
from the left, which is the site's rule for the derivative at a kink (``analysis.py``).

``first_problem`` evaluates while watching every operation: the first one that overflows or
leaves the real numbers (log of a negative number, 0/0, a square root of a negative number),
where its value is used, is reported with the x at which it happens.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

__all__ = ["evaluate", "first_problem", "show"]

Tree = list[Any]
_UNARY = {"exp": np.exp, "log": np.log, "sin": np.sin, "cos": np.cos, "tan": np.tan,
          "atan": np.arctan, "sinh": np.sinh, "cosh": np.cosh, "tanh": np.tanh}
_COMPARE = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}


def _special(name: str) -> Any:
    from scipy import special  # only for erf, erfc and Φ

    return {"erf": special.erf, "erfc": special.erfc, "phi": special.ndtr}[name]


def _sigmoid(u: np.ndarray) -> np.ndarray:
    t = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + t), t / (1.0 + t))


def _softplus(u: np.ndarray) -> np.ndarray:
    return np.maximum(u, 0.0) + np.log1p(np.exp(-np.abs(u)))


class _Walk:
    def __init__(self, params: Mapping[str, float], x: np.ndarray, sel: np.ndarray,
                 watch: bool) -> None:
        self.params, self.x, self.sel, self.watch = params, x, sel, watch
        self.problem: tuple[Tree, float, bool] | None = None

    def value(self, t: Tree, at: np.ndarray, mask: np.ndarray) -> np.ndarray:
        out = self._value(t, at, mask)
        if self.watch and self.problem is None:
            bad = mask & ~np.isfinite(out)
            if bad.any():
                i = int(np.argmax(bad))
                self.problem = (t, float(self.x.flat[i]), bool(np.isinf(out.flat[i])))
        return out

    def _value(self, t: Tree, at: np.ndarray, mask: np.ndarray) -> np.ndarray:
        op = t[0]
        if op == "x":
            return at
        if op == "n":
            return np.full(at.shape, float(t[1]))
        if op == "p":
            return np.full(at.shape, float(self.params[t[1]]))
        if op == "+":
            return sum((self.value(a, at, mask) for a in t[1:]), np.zeros(at.shape))
        if op == "*":
            result = np.ones(at.shape)
            for a in t[1:]:
                result = result * self.value(a, at, mask)
            return result
        if op == "^":
            return np.power(self.value(t[1], at, mask), self.value(t[2], at, mask))
        if op == "pw":
            return self._piecewise(t, at, mask)
        if op in ("sign", "heaviside"):  # decided beside a kink, as a condition is
            u = self.value(t[1], self._sel(at), mask)
            if op == "sign":
                return np.sign(u)
            return np.where(u > 0, 1.0, np.where(u < 0, 0.0, 0.5))
        args = [self.value(a, at, mask) for a in t[1:]]
        if op in _UNARY:
            return _UNARY[op](args[0])
        if op == "abs":
            return np.abs(args[0])
        if op == "max":
            return np.maximum.reduce(args)
        if op == "min":
            return np.minimum.reduce(args)
        if op == "sigmoid":
            return _sigmoid(args[0])
        if op == "softplus":
            return _softplus(args[0])
        return _special(op)(args[0])

    def _sel(self, at: np.ndarray) -> np.ndarray:
        return self.sel if at is self.x else at

    def _piecewise(self, t: Tree, at: np.ndarray, mask: np.ndarray) -> np.ndarray:
        taken = np.zeros(at.shape, dtype=bool)
        result = np.full(at.shape, math.nan)
        for branch, cond in t[1:]:
            chosen = self.condition(cond, self._sel(at), mask & ~taken) & ~taken
            if chosen.any():
                result = np.where(chosen, self.value(branch, at, mask & chosen), result)
            taken |= chosen
        return result

    def condition(self, c: Tree, at: np.ndarray, mask: np.ndarray) -> np.ndarray:
        op = c[0]
        if op == "true":
            return np.ones(at.shape, dtype=bool)
        if op == "false":
            return np.zeros(at.shape, dtype=bool)
        if op == "not":
            return ~self.condition(c[1], at, mask)
        if op in ("and", "or"):
            parts = [self.condition(p, at, mask) for p in c[1:]]
            return np.logical_and.reduce(parts) if op == "and" else np.logical_or.reduce(parts)
        return _COMPARE[op](self.value(c[1], at, mask), self.value(c[2], at, mask))


def _walk(tree: Tree, x: Any, params: Mapping[str, float], kinks: Sequence[float],
          watch: bool) -> tuple[np.ndarray, _Walk]:
    xs = np.atleast_1d(np.asarray(x, dtype=np.float64))
    sel = xs.copy()
    for k in kinks:  # at a kink, branches are chosen as just left of it
        sel[xs == k] = k - 1e-9 * max(1.0, abs(k))
    walker = _Walk(params, xs, sel, watch)
    with np.errstate(all="ignore"):
        out = walker.value(tree, xs, np.ones(xs.shape, dtype=bool))
    return out, walker


def evaluate(tree: Tree, x: Any, params: Mapping[str, float],
             kinks: Sequence[float] = ()) -> Any:
    """The tree's values at ``x`` (array or scalar, float64), with the kinks' left limits."""
    out, _ = _walk(tree, x, params, kinks, watch=False)
    return out[0] if np.ndim(x) == 0 else out.reshape(np.shape(x))


def first_problem(tree: Tree, x: Any, params: Mapping[str, float],
                  kinks: Sequence[float] = ()) -> tuple[str, float, bool] | None:
    """The first operation that is not finite where its value is used: (the operation as
    text, an x where it happens, whether it overflowed), or None."""
    _, walker = _walk(tree, x, params, kinks, watch=True)
    if walker.problem is None:
        return None
    t, at, overflow = walker.problem
    return show(t), at, overflow


def show(t: Tree, limit: int = 60) -> str:
    """A short text of a tree, for messages: ``exp(1000*x)``."""
    text = _show(t)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _show(t: Tree) -> str:
    op = t[0]
    if op == "x":
        return "x"
    if op == "p":
        return str(t[1])
    if op == "n":
        return f"{t[1]:g}"
    if op in ("+", "*"):
        return "(" + f" {op} ".join(_show(a) for a in t[1:]) + ")"
    if op == "^":
        return f"{_show(t[1])}**{_show(t[2])}"
    if op == "pw":
        return "piecewise(...)"
    if op in _COMPARE:
        return f"{_show(t[1])} {op} {_show(t[2])}"
    return f"{op}(" + ", ".join(_show(a) for a in t[1:]) + ")"
