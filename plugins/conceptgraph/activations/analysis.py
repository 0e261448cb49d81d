"""What a build learns from a note's formula: its derivative, its kinks, the checks it must pass
and its properties, as one JSON-able ``definition`` (cached by content hash in ``media/``).

The rules, stated once (the contributing guide and the pages repeat them):

* **Kinks** are the points where a branch changes (a condition of ``where``/``piecewise``/``if``,
  the argument of ``abs``, two arguments of ``max``/``min`` crossing), found on the plotted
  interval and on [−5, 5] (the comparison plots): exactly when the switch is a polynomial of
  degree ≤ 2 in x, else by bisection of a sign change on 4001 points.
* **At a kink** f′ is taken as its limit from the left (PyTorch's value for ReLU and Leaky
  ReLU). f itself must be continuous there; the continuity order is n of Cⁿ where f⁽ⁿ⁺¹⁾ is the
  first one-sided derivative to jump (checked up to f⁽⁴⁾; no jump up to there, or no kink: C^∞).
* **Checks**: f and f′ are finite at every point of both intervals, and no operation on the way
  overflows or leaves the real numbers where its value is used (log(1 + exp(u)),
  (1 + exp(u))⁻ⁿ and exp(u)·(1 + exp(u))⁻ⁿ are evaluated through softplus and sigmoid, which
  cannot overflow; ``symbolic.to_tree``); f′ agrees with the central
  difference (f(x+h) − f(x−h))/2h, h = 10⁻⁵·max(1, |x|), within 10⁻⁶·(1 + |f′(x)|), at every
  point further than 10⁻³ from a kink.
* **Properties** hold on the plotted interval: the range is [min f, max f] there (critical points
  found by bisection), monotonic means f′ ≥ 0 everywhere or f′ ≤ 0 everywhere, zero-centred means
  odd (f(−x) = −f(x), on the symmetric part), saturating means |f′| at that end is under 2 % of
  the largest |f′| and is 0 or still falling there.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from conceptgraph.activations.expression import FormulaError, parse_formula

__all__ = ["FormulaSpec", "analyse", "OVERLAY_X", "TOLERANCE"]

OVERLAY_X = (-5.0, 5.0)  # the comparison page's plots draw every function here
TOLERANCE = 1e-6  # of the derivative check, relative to 1 + |f′|
MAX_KINKS = 50
_SAMPLES = 4001


@dataclass(frozen=True)
class FormulaSpec:
    """A function as a note defines it: its name, ``formula:``, ``parameters:`` and x range."""

    name: str
    formula: str
    parameters: tuple[tuple[str, float], ...]
    xlim: tuple[float, float]


def analyse(spec: FormulaSpec) -> dict[str, Any]:
    """The definition of ``spec``'s function; ``FormulaError`` for the first check it fails."""
    import numpy as np

    from conceptgraph.activations import symbolic
    from conceptgraph.activations.evaluate import evaluate, first_problem
    from conceptgraph.activations.formulas import print_latex

    params = dict(spec.parameters)
    node = parse_formula(spec.formula, params)
    sp = symbolic._sp()
    x = symbolic.x_symbol()
    f = symbolic.to_sympy(node)
    if not f.has(x):
        raise FormulaError("the formula does not depend on x", "write f(x) as a formula in x")
    used = {s.name for s in f.free_symbols} - {"x"}
    for name in params:
        if name not in used:
            raise FormulaError(f"parameter {name!r} is not used in the formula",
                               "use it, or remove it from parameters")
    df = symbolic.derivative(f)
    f_tree, df_tree = symbolic.to_tree(f), symbolic.to_tree(df)
    values = {sp.Symbol(k, real=True): sp.Float(v) for k, v in params.items()}
    fc = f.subs(values)
    lo, hi = spec.xlim
    wide = (min(lo, OVERLAY_X[0]), max(hi, OVERLAY_X[1]))
    kinks = _kinks(fc, wide, lambda t, xs: evaluate(t, xs, params))
    jumps, continuity = _continuity(fc, kinks)

    grid = np.union1d(np.union1d(np.linspace(lo, hi, 2001), np.linspace(*OVERLAY_X, 1001)),
                      kinks)
    for label, tree in (("f(x)", f_tree), ("f′(x)", df_tree)):
        problem = first_problem(tree, grid, params, kinks)
        if problem is not None:
            _not_finite(label, *problem)

    def fn(xs: Any) -> Any:
        return evaluate(f_tree, xs, params, kinks)

    def dfn(xs: Any) -> Any:
        return evaluate(df_tree, xs, params, kinks)

    check = _derivative_check(grid, kinks, fn, dfn)
    props = _properties(np, lo, hi, kinks, fn, dfn)
    return {
        "name": spec.name, "formula": spec.formula, "parameters": params, "xlim": [lo, hi],
        "f": f_tree, "df": df_tree, "latex_f": print_latex(f), "latex_df": print_latex(df),
        "param_latex": {k: print_latex(sp.Symbol(k, real=True)) for k in params},
        "kinks": kinks, "jumps": jumps,
        "continuity": "inf" if math.isinf(continuity) else int(continuity), "check": check, **props,
    }


def _kinks(fc: Any, domain: tuple[float, float],
           evaluate: Callable[[Any, Any], Any]) -> list[float]:
    from conceptgraph.activations import symbolic

    sp = symbolic._sp()
    x = symbolic.x_symbol()
    lo, hi = domain
    found: set[float] = set()
    for g in dict.fromkeys(symbolic.switches(fc)):
        roots: list[float]
        if g.is_polynomial(x) and sp.Poly(g, x).degree() <= 2:
            coeffs = [float(c) for c in sp.Poly(g, x).all_coeffs()]
            roots = _polynomial_roots(coeffs)
        else:
            roots = _sign_changes(symbolic.to_tree(g), lo, hi, evaluate)
        found.update(_tidy(r) for r in roots if lo < r < hi)
        if len(found) > MAX_KINKS:
            raise FormulaError(f"the formula changes branch more than {MAX_KINKS} times on "
                               f"[{lo:g}, {hi:g}]", "narrow plot: {x: [lo, hi]}, or write "
                               "fewer branches")
    return sorted(found)


def _tidy(root: float) -> float:
    return 0.0 if abs(root) < 1e-12 else float(f"{root:.15g}")


def _polynomial_roots(coeffs: list[float]) -> list[float]:
    while coeffs and coeffs[0] == 0.0:
        coeffs = coeffs[1:]
    if len(coeffs) == 2:
        return [-coeffs[1] / coeffs[0]]
    if len(coeffs) == 3:
        a, b, c = coeffs
        disc = b * b - 4 * a * c
        if disc < 0:
            return []
        s = math.sqrt(disc)
        return sorted({(-b - s) / (2 * a), (-b + s) / (2 * a)})
    return []


def _sign_changes(tree: Any, lo: float, hi: float,
                  evaluate: Callable[[Any, Any], Any]) -> list[float]:
    import numpy as np

    xs = np.linspace(lo, hi, _SAMPLES)
    with np.errstate(all="ignore"):
        ys = np.asarray(evaluate(tree, xs), dtype=float)
    roots = [float(v) for v in xs[ys == 0.0]]
    for i in np.nonzero(np.sign(ys[:-1]) * np.sign(ys[1:]) < 0)[0]:
        a, b = float(xs[i]), float(xs[i + 1])
        ya = float(ys[i])
        for _ in range(200):
            m = 0.5 * (a + b)
            if m in (a, b):
                break
            ym = float(evaluate(tree, m))
            if (ym < 0) == (ya < 0):
                a, ya = m, ym
            else:
                b = m
        roots.append(0.5 * (a + b))
    return roots


def _continuity(fc: Any, kinks: list[float]) -> tuple[list[list[float]], float]:
    """The kinks where f′ jumps ([k, left, right]) and the order n of Cⁿ."""
    from conceptgraph.activations import symbolic

    sp = symbolic._sp()
    x = symbolic.x_symbol()
    jumps: list[list[float]] = []
    order = math.inf
    for k in kinks:
        left, right = symbolic.sided(fc, k, -1), symbolic.sided(fc, k, +1)
        for n in range(5):
            lv, rv = (float(e.subs(x, sp.Float(k)).evalf(30)) for e in (left, right))
            finite = math.isfinite(lv) and math.isfinite(rv)
            if finite and abs(lv - rv) <= 1e-9 * max(1.0, abs(lv), abs(rv)):
                left, right = symbolic.derivative(left), symbolic.derivative(right)
                continue
            if n == 0:
                raise FormulaError(f"f is not continuous at x = {k:.6g}: it jumps from "
                                   f"{lv:.6g} to {rv:.6g}", "make the branches meet at the "
                                   "kink: activation functions on this site are continuous")
            if n == 1:
                if not finite:
                    raise FormulaError(f"f′ is not finite beside x = {k:.6g}",
                                       "write a formula whose slope is finite")
                jumps.append([k, lv, rv])
            order = min(order, n - 1)
            break
    return jumps, order


def _not_finite(label: str, operation: str, at: float, overflow: bool) -> None:
    if overflow:
        raise FormulaError(f"{label} is not finite: {operation} is infinite (an overflow or a "
                           f"division by zero) at x = {at:.6g}", "use sigmoid(u) and "
                           "softplus(u), which never overflow, keep denominators away from 0, "
                           "or narrow plot: {x: [lo, hi]}")
    raise FormulaError(f"{label} is not a real number: {operation} is undefined at "
                       f"x = {at:.6g}", "keep log and sqrt of positive values and avoid 0/0, "
                       "or choose a branch with where(condition, a, b)")


def _derivative_check(grid: Any, kinks: list[float], fn: Callable[[Any], Any],
                      dfn: Callable[[Any], Any]) -> dict[str, Any]:
    import numpy as np

    far = np.ones(grid.shape, dtype=bool)
    for k in kinks:
        far &= np.abs(grid - k) > 1e-3 * max(1.0, abs(k))
    pts = grid[far]
    h = 1e-5 * np.maximum(1.0, np.abs(pts))
    with np.errstate(all="ignore"):
        central = (fn(pts + h) - fn(pts - h)) / (2 * h)
        symbolic = dfn(pts)
        error = np.abs(symbolic - central)
        allowed = TOLERANCE * (1.0 + np.abs(symbolic))
    bad = ~(error <= allowed)
    if bad.any():
        i = int(np.argmax(bad))
        raise FormulaError(f"the derivative fails its check at x = {pts[i]:.6g}: sympy gives "
                           f"f′ = {symbolic[i]:.9g}, the central difference {central[i]:.9g}",
                           "the formula probably switches branch there: write the branches "
                           "with where(condition, a, b)")
    return {"points": int(pts.size), "max_error": float(error.max()) if pts.size else 0.0}


def _properties(np: Any, lo: float, hi: float, kinks: list[float], fn: Callable[[Any], Any],
                dfn: Callable[[Any], Any]) -> dict[str, Any]:
    inside = [k for k in kinks if lo < k < hi]
    xs = np.union1d(np.linspace(lo, hi, _SAMPLES), inside)
    d = np.asarray(dfn(xs), dtype=float)
    critical: list[float] = []
    for i in np.nonzero(np.sign(d[:-1]) * np.sign(d[1:]) < 0)[0]:
        a, b = float(xs[i]), float(xs[i + 1])
        for _ in range(100):
            m = 0.5 * (a + b)
            if m in (a, b):
                break
            if (float(dfn(m)) < 0) == (d[i] < 0):
                a = m
            else:
                b = m
        critical.append(0.5 * (a + b))
    ys = np.asarray(fn(np.union1d(xs, critical)), dtype=float)
    fmin, fmax = float(ys.min()), float(ys.max())
    scale = max(1.0, float(np.abs(ys).max()))
    monotonic = bool((d >= -1e-12).all() or (d <= 1e-12).all())
    half = min(-lo, hi)
    zero_centred = False
    if half > 0:
        s = np.linspace(0.0, half, 1001)
        zero_centred = bool(np.abs(fn(s) + fn(-s)).max() <= 1e-9 * scale)
    steepest, tenth = float(np.abs(d).max()), max(1, d.size // 10)
    ends = [_flat(abs(float(d[0])), abs(float(d[tenth])), steepest),
            _flat(abs(float(d[-1])), abs(float(d[-1 - tenth])), steepest)]
    saturation = {(True, True): "both", (True, False): "left", (False, True): "right",
                  (False, False): "no"}[tuple(ends)]  # type: ignore[index]
    dmin, dmax = float(d.min()), float(d.max())
    return {
        "range_bounds": [fmin, fmax], "range_text": f"[{_n(fmin)}, {_n(fmax)}] for x in "
        f"[{_n(lo)}, {_n(hi)}]", "monotonic": monotonic, "zero_centred": zero_centred,
        "saturation": saturation, "ylim_f": _padded(fmin, fmax), "ylim_df": _padded(dmin, dmax),
    }


def _flat(end: float, inward: float, steepest: float) -> bool:
    """Saturating at an end: |f′| there under 2 % of the largest |f′|, and either 0 or still
    falling (a constant small slope, as Leaky ReLU's, is not saturation)."""
    return end <= 0.02 * steepest and (end <= 1e-12 * steepest or end < 0.9 * inward)


def _padded(low: float, high: float) -> list[float]:
    pad = 0.08 * max(high - low, 1e-3)
    return [low - pad, high + pad]


def _n(value: float) -> str:
    text = f"{value:.5g}"
    return "0" if text in ("-0", "0") else text.replace("-", "−")


def definition_params(definition: Mapping[str, Any]) -> dict[str, float]:
    """The parameters of a definition, as floats."""
    return {k: float(v) for k, v in definition["parameters"].items()}
