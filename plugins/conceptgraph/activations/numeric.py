"""Activation functions as numbers: a registry of vectorised f and f′ with their metadata.

Every function is written to be exact in its tails and silent for any finite input (no
overflow, no NaN, no numpy warning, ±1e308 in float64 and ±3e38 in float32 included): the
exponential branches are evaluated on clipped arguments where their result is already
saturated, ``np.where`` only ever chooses between values computed on safe inputs, and a result
that is truly larger than the dtype can hold (``x²`` at 1e200) is returned as ``inf`` on
purpose rather than by overflow. At a kink ``df`` returns what PyTorch autograd returns.

The LaTeX of each formula is generated from one symbolic definition in ``formulas.py`` (sympy
is imported only when a formula is first asked for, so importing this module stays fast).
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from conceptgraph.activations.lazyimport import LazyModule
from conceptgraph.diagnostics import UnknownName

if TYPE_CHECKING:
    import numpy as np
    from scipy import special

    Array = np.ndarray
else:  # imported when a function is first computed (lazyimport.py)
    np = LazyModule("numpy", globals(), "np")
    special = LazyModule("scipy.special", globals(), "special")

__all__ = [
    "Activation",
    "ActivationRegistry",
    "UnknownActivation",
    "activations",
    "validate_params",
]

Params = Mapping[str, float]

# Beyond these |arguments| sigmoid-like factors are exactly 0 or 1 in every float dtype
# (e^-1000 underflows to 0 even in float64), so clipping there loses nothing.
_EXP_CLIP = 1000.0
_GAUSS_CLIP = 50.0  # e^(-50²/2) underflows in every float dtype
_GELU_TANH_CLIP = 100.0  # σ(2u(±100)) is exactly 0 / 1; keeps x³ finite in float32
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_GELU_TANH_C = 0.044715

# Klambauer et al. (2017): the constants of the fixed point (mean 0, variance 1), to the digits
# the paper and PyTorch print; they equal the closed forms in erfc (checked by the tests).
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


# --------------------------------------------------------------------------- dtype handling


def _elementwise(fn: Callable[..., Array]) -> Callable[..., Any]:
    """Wrap ``fn(x: float array, **params)``: float32/float64 in, same dtype out; scalars OK."""

    def wrapper(x: Any, **params: float) -> Any:
        arr = np.asarray(x)
        out_dtype = arr.dtype if arr.dtype in (np.float32, np.float64) else np.dtype(np.float64)
        result = np.asarray(fn(arr.astype(out_dtype, copy=False), **params))
        if result.dtype != out_dtype:
            result = result.astype(out_dtype)
        return result[()] if result.ndim == 0 else result

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    wrapper.__qualname__ = fn.__qualname__
    return wrapper


def _scale(c: float, x: Array) -> Array:
    """``c * x``, but ±inf (without an overflow warning) where the product is not representable."""
    if abs(c) <= 1.0:
        return c * x
    info = np.finfo(x.dtype)
    limit = float(info.max) / abs(c) * (1.0 - 4.0 * float(info.eps))
    inside = np.abs(x) <= limit
    product = c * np.clip(x, -limit, limit)
    overflow = math.copysign(math.inf, c)
    return np.where(inside, product, np.where(x > 0, overflow, -overflow))


def _square(x: Array) -> Array:
    """``x²``, +inf (without a warning) where it is not representable."""
    limit = math.sqrt(float(np.finfo(x.dtype).max)) * 0.999
    inside = np.abs(x) <= limit
    clipped = np.clip(x, -limit, limit)
    return np.where(inside, clipped * clipped, math.inf)


def _sigmoid(x: Array) -> Array:
    return special.expit(x)


def _sech2(y: Array) -> Array:
    """sech²(y) = 4σ(2y)σ(−2y): exact in both tails, never overflows."""
    yc = np.clip(y, -_EXP_CLIP, _EXP_CLIP)
    return 4.0 * special.expit(2.0 * yc) * special.expit(-2.0 * yc)


def _softplus(x: Array, beta: float = 1.0) -> Array:
    bx = beta * np.clip(x, -_EXP_CLIP / beta, _EXP_CLIP / beta)
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(bx))) / beta


# --------------------------------------------------------------------------- the functions


@_elementwise
def relu(x: Array) -> Array:
    """max(0, x)."""
    return np.where(x > 0, x, 0.0)


@_elementwise
def relu_df(x: Array) -> Array:
    """1 for x > 0, else 0 (0 at the kink, as PyTorch)."""
    return np.where(x > 0, 1.0, 0.0)


@_elementwise
def leaky_relu(x: Array, negative_slope: float = 0.01) -> Array:
    """x for x > 0, αx otherwise."""
    return np.where(x > 0, x, _scale(negative_slope, np.minimum(x, 0.0)))


@_elementwise
def leaky_relu_df(x: Array, negative_slope: float = 0.01) -> Array:
    """1 for x > 0, α otherwise (α at the kink, as PyTorch)."""
    return np.where(x > 0, 1.0, negative_slope)


@_elementwise
def prelu(x: Array, a: float = 0.25) -> Array:
    """max(0, x) + a·min(0, x)."""
    return np.where(x > 0, x, _scale(a, np.minimum(x, 0.0)))


@_elementwise
def prelu_df(x: Array, a: float = 0.25) -> Array:
    """1 for x > 0, a otherwise."""
    return np.where(x > 0, 1.0, a)


@_elementwise
def rrelu(x: Array, lower: float = 1 / 8, upper: float = 1 / 3) -> Array:
    """Evaluation form of RReLU: x for x > 0, x·(l + u)/2 otherwise."""
    return np.where(x > 0, x, _scale((lower + upper) / 2.0, np.minimum(x, 0.0)))


@_elementwise
def rrelu_df(x: Array, lower: float = 1 / 8, upper: float = 1 / 3) -> Array:
    """1 for x > 0, (l + u)/2 otherwise."""
    return np.where(x > 0, 1.0, (lower + upper) / 2.0)


@_elementwise
def elu(x: Array, alpha: float = 1.0) -> Array:
    """x for x > 0, α(eˣ − 1) otherwise."""
    return np.where(x > 0, x, _scale(alpha, np.expm1(np.minimum(x, 0.0))))


@_elementwise
def elu_df(x: Array, alpha: float = 1.0) -> Array:
    """1 for x > 0, αeˣ otherwise (α at the kink, as PyTorch)."""
    return np.where(x > 0, 1.0, _scale(alpha, np.exp(np.minimum(x, 0.0))))


@_elementwise
def selu(x: Array, alpha: float = SELU_ALPHA, scale: float = SELU_SCALE) -> Array:
    """λx for x > 0, λα(eˣ − 1) otherwise."""
    negative = _scale(alpha, np.expm1(np.minimum(x, 0.0)))
    return _scale(scale, np.where(x > 0, x, negative))


@_elementwise
def selu_df(x: Array, alpha: float = SELU_ALPHA, scale: float = SELU_SCALE) -> Array:
    """λ for x > 0, λαeˣ otherwise (λα at the kink, as PyTorch)."""
    return np.where(x > 0, scale, _scale(scale * alpha, np.exp(np.minimum(x, 0.0))))


@_elementwise
def celu(x: Array, alpha: float = 1.0) -> Array:
    """x for x > 0, α(e^(x/α) − 1) otherwise."""
    negative = np.clip(x, -_EXP_CLIP * alpha, 0.0) / alpha
    return np.where(x > 0, x, _scale(alpha, np.expm1(negative)))


@_elementwise
def celu_df(x: Array, alpha: float = 1.0) -> Array:
    """1 for x > 0, e^(x/α) otherwise."""
    negative = np.clip(x, -_EXP_CLIP * alpha, 0.0) / alpha
    return np.where(x > 0, 1.0, np.exp(negative))


@_elementwise
def gelu(x: Array) -> Array:
    """xΦ(x), with the exact normal CDF."""
    return x * special.ndtr(x)


@_elementwise
def gelu_df(x: Array) -> Array:
    """Φ(x) + xφ(x)."""
    xc = np.clip(x, -_GAUSS_CLIP, _GAUSS_CLIP)
    return special.ndtr(x) + xc * np.exp(-0.5 * xc * xc) * _INV_SQRT_2PI


def _gelu_tanh_u(xc: Array) -> Array:
    return _SQRT_2_OVER_PI * (xc + _GELU_TANH_C * xc * xc * xc)


@_elementwise
def gelu_tanh(x: Array) -> Array:
    """½x(1 + tanh u), u = √(2/π)(x + 0.044715x³), computed as x·σ(2u)."""
    xc = np.clip(x, -_GELU_TANH_CLIP, _GELU_TANH_CLIP)
    return x * special.expit(2.0 * _gelu_tanh_u(xc))


@_elementwise
def gelu_tanh_df(x: Array) -> Array:
    """½(1 + tanh u) + ½x·sech²(u)·√(2/π)(1 + 3·0.044715x²)."""
    xc = np.clip(x, -_GELU_TANH_CLIP, _GELU_TANH_CLIP)
    u = _gelu_tanh_u(xc)
    du = _SQRT_2_OVER_PI * (1.0 + 3.0 * _GELU_TANH_C * xc * xc)
    return special.expit(2.0 * u) + 0.5 * xc * _sech2(u) * du


@_elementwise
def sigmoid(x: Array) -> Array:
    """1 / (1 + e^−x)."""
    return _sigmoid(x)


@_elementwise
def sigmoid_df(x: Array) -> Array:
    """σ(x)σ(−x), exact in both tails (unlike σ(1 − σ))."""
    return _sigmoid(x) * _sigmoid(-x)


@_elementwise
def tanh(x: Array) -> Array:
    """tanh x."""
    return np.tanh(x)


@_elementwise
def tanh_df(x: Array) -> Array:
    """sech²x, exact in the tails (unlike 1 − tanh²)."""
    return _sech2(x)


@_elementwise
def softplus(x: Array, beta: float = 1.0) -> Array:
    """ln(1 + e^(βx))/β, analytic everywhere (no PyTorch threshold switch)."""
    return _softplus(x, beta)


@_elementwise
def softplus_df(x: Array, beta: float = 1.0) -> Array:
    """σ(βx)."""
    return _sigmoid(beta * np.clip(x, -_EXP_CLIP / beta, _EXP_CLIP / beta))


@_elementwise
def softsign(x: Array) -> Array:
    """x / (1 + |x|)."""
    return x / (1.0 + np.abs(x))


@_elementwise
def softsign_df(x: Array) -> Array:
    """1 / (1 + |x|)², squared after the division so that it underflows instead of overflowing."""
    inv = 1.0 / (1.0 + np.abs(x))
    return inv * inv


@_elementwise
def silu(x: Array) -> Array:
    """xσ(x)."""
    return x * _sigmoid(x)


@_elementwise
def silu_df(x: Array) -> Array:
    """σ(x) + xσ(x)σ(−x)."""
    s = _sigmoid(x)
    return s + (x * s) * _sigmoid(-x)


@_elementwise
def mish(x: Array) -> Array:
    """x·tanh(softplus x)."""
    return x * np.tanh(_softplus(x))


@_elementwise
def mish_df(x: Array) -> Array:
    """tanh(sp x) + x·sech²(sp x)·σ(x)."""
    sp = _softplus(x)
    return np.tanh(sp) + (x * _sigmoid(x)) * _sech2(sp)


@_elementwise
def hardtanh(x: Array, min_val: float = -1.0, max_val: float = 1.0) -> Array:
    """clip(x, min_val, max_val)."""
    return np.where(x <= min_val, min_val, np.where(x >= max_val, max_val, x))


@_elementwise
def hardtanh_df(x: Array, min_val: float = -1.0, max_val: float = 1.0) -> Array:
    """1 strictly inside (min_val, max_val), else 0 (0 at both kinks, as PyTorch)."""
    return np.where((x > min_val) & (x < max_val), 1.0, 0.0)


@_elementwise
def hardsigmoid(x: Array) -> Array:
    """clip(x/6 + ½, 0, 1)."""
    return np.where(x <= -3, 0.0, np.where(x >= 3, 1.0, np.clip(x, -3, 3) / 6.0 + 0.5))


@_elementwise
def hardsigmoid_df(x: Array) -> Array:
    """1/6 strictly inside (−3, 3), else 0."""
    return np.where((x > -3) & (x < 3), 1.0 / 6.0, 0.0)


@_elementwise
def hardswish(x: Array) -> Array:
    """x·ReLU6(x + 3)/6."""
    inner = np.clip(x, -3, 3)
    return np.where(x <= -3, 0.0, np.where(x >= 3, x, inner * (inner + 3.0) / 6.0))


@_elementwise
def hardswish_df(x: Array) -> Array:
    """0 for x ≤ −3, 1 for x ≥ 3, (2x + 3)/6 between (the outer values at ±3, as PyTorch)."""
    inner = np.clip(x, -3, 3)
    return np.where(x <= -3, 0.0, np.where(x >= 3, 1.0, (2.0 * inner + 3.0) / 6.0))


@_elementwise
def relu6(x: Array) -> Array:
    """min(max(0, x), 6)."""
    return np.where(x <= 0, 0.0, np.where(x >= 6, 6.0, x))


@_elementwise
def relu6_df(x: Array) -> Array:
    """1 strictly inside (0, 6), else 0."""
    return np.where((x > 0) & (x < 6), 1.0, 0.0)


@_elementwise
def logsigmoid(x: Array) -> Array:
    """ln σ(x) = −softplus(−x)."""
    return -_softplus(-x)


@_elementwise
def logsigmoid_df(x: Array) -> Array:
    """σ(−x)."""
    return _sigmoid(-x)


@_elementwise
def squared_relu(x: Array) -> Array:
    """max(0, x)²."""
    return _square(np.maximum(x, 0.0))


@_elementwise
def squared_relu_df(x: Array) -> Array:
    """2·max(0, x)."""
    return _scale(2.0, np.maximum(x, 0.0))


# --------------------------------------------------------------------------- the registry


def _no_kinks(params: Params) -> tuple[float, ...]:
    return ()


def _kink_at(*points: float) -> Callable[[Params], tuple[float, ...]]:
    return lambda params: points


@dataclass(frozen=True, eq=False)
class Activation:
    """One activation function: its numbers, its metadata and (lazily) its LaTeX.

    ``f`` and ``df`` take an array or scalar and keyword parameters (``defaults`` lists them).
    Properties (range, monotonic, …) are declared for the default parameters.
    """

    name: str
    aliases: tuple[str, ...]
    f: Callable[..., Any]
    df: Callable[..., Any]
    defaults: Mapping[str, float]
    range_text: str
    range_bounds: tuple[float, float]
    range_open: tuple[bool, bool]
    monotonic: bool
    zero_centred: bool
    continuity: float  # order n of C^n; math.inf for smooth
    saturation: str  # "no", "left" (x → −∞), "right" (x → +∞) or "both"
    paper: str | None
    year: int | None
    xlim: tuple[float, float]
    ylim_f: tuple[float, float]
    ylim_df: tuple[float, float]
    kink_fn: Callable[[Params], tuple[float, ...]] = field(default=_no_kinks, repr=False)
    positive: frozenset[str] = frozenset()
    ordered: tuple[tuple[str, str], ...] = ()

    def __repr__(self) -> str:
        return f"Activation({self.name!r}, defaults={dict(self.defaults)})"

    @property
    def saturating(self) -> bool:
        """Whether f tends to a finite constant on at least one side."""
        return self.saturation != "no"

    @property
    def continuity_latex(self) -> str:
        """``C^{0}``, ``C^{1}`` … or ``C^{\\infty}``."""
        order = r"\infty" if math.isinf(self.continuity) else str(int(self.continuity))
        return f"C^{{{order}}}"

    def params(self, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
        """The default parameters updated with already validated ``overrides``."""
        merged = dict(self.defaults)
        merged.update(overrides or {})
        return merged

    def kinks(self, params: Mapping[str, float] | None = None) -> tuple[float, ...]:
        """x positions where f or f′ is not differentiable, sorted."""
        return tuple(sorted(self.kink_fn(self.params(params))))

    def one_sided_df(self, x0: float, params: Mapping[str, float] | None = None) -> tuple[
        float, float
    ]:
        """Left and right limits of f′ at ``x0`` (numerically, a hair either side)."""
        p = self.params(params)
        h = 1e-9 * max(1.0, abs(x0))
        return float(self.df(x0 - h, **p)), float(self.df(x0 + h, **p))

    def df_jumps(self, params: Mapping[str, float] | None = None) -> tuple[float, ...]:
        """The kinks at which f′ itself jumps (as opposed to only f″)."""
        jumps = []
        for k in self.kinks(params):
            left, right = self.one_sided_df(k, params)
            if abs(left - right) > 1e-6 * max(1.0, abs(left), abs(right)):
                jumps.append(k)
        return tuple(jumps)

    def kink_convention(self, params: Mapping[str, float] | None = None) -> str:
        """One sentence: the value taken for f′ where it jumps (PyTorch's autograd value)."""
        p = self.params(params)
        jumps = self.df_jumps(p)
        if not jumps:
            if self.kinks(p):
                where = _join(f"x = {_num(k)}" for k in self.kinks(p))
                return (
                    f"The derivative is continuous at {where} (only f″ jumps there), "
                    "so no convention is needed."
                )
            return "The function is smooth everywhere, so no kink convention is needed."
        values = [_num(float(self.df(k, **p))) for k in jumps]
        where = _join(f"x = {_num(k)}" for k in jumps)
        if len(jumps) == 1:
            return (
                f"At {where} the derivative is taken as {values[0]}, "
                "the value PyTorch autograd returns."
            )
        return (
            f"At {where} the derivative is taken as {_join(values)} respectively, "
            "the values PyTorch autograd returns."
        )

    @property
    def latex_f(self) -> str:
        """LaTeX of f with symbolic parameters, generated from ``formulas.py``."""
        from conceptgraph.activations import formulas

        return formulas.latex_f(self.name)

    @property
    def latex_df(self) -> str:
        """LaTeX of f′ with symbolic parameters, generated by sympy differentiation."""
        from conceptgraph.activations import formulas

        return formulas.latex_df(self.name)


def _num(value: float) -> str:
    """A short human number, with a true minus sign."""
    text = f"{value:.6g}"
    if text in ("-0", "0"):
        return "0"
    return text.replace("-", "−")


def _join(items: Iterable[str]) -> str:
    parts = list(items)
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


class UnknownActivation(UnknownName):
    """No activation function has this name or alias; ``suggestions`` holds close matches."""

    kind = "activation function"


def normalise_name(name: str) -> str:
    """The lookup key: NFKC, case-folded, runs of spaces/underscores/hyphens as one space."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"[\s_\-]+", " ", text).strip()


class ActivationRegistry:
    """Activation functions by canonical name or any alias (case- and spacing-insensitive)."""

    def __init__(self, entries: Iterable[Activation]) -> None:
        self._entries: dict[str, Activation] = {}
        self._keys: dict[str, str] = {}
        for entry in entries:
            self._entries[entry.name] = entry
            for label in (entry.name, *entry.aliases):
                key = normalise_name(label)
                owner = self._keys.setdefault(key, entry.name)
                if owner != entry.name:
                    raise ValueError(f"alias {label!r} of {entry.name} already names {owner}")

    def get(self, name: str) -> Activation:
        """The entry for ``name`` (canonical or alias); ``UnknownActivation`` if none."""
        key = normalise_name(name)
        if key in self._keys:
            return self._entries[self._keys[key]]
        close = difflib.get_close_matches(key, list(self._keys), n=3, cutoff=0.6)
        suggestions = list(dict.fromkeys(self._keys[c] for c in close))
        raise UnknownActivation(name, suggestions)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and normalise_name(name) in self._keys

    def __iter__(self) -> Iterator[Activation]:
        return (self._entries[n] for n in self.names())

    def __len__(self) -> int:
        return len(self._entries)

    def names(self) -> list[str]:
        """Canonical names, sorted case-insensitively."""
        return sorted(self._entries, key=lambda n: (n.casefold(), n))


def _entry(name: str, f: Callable[..., Any], df: Callable[..., Any], **kw: Any) -> Activation:
    kw.setdefault("aliases", ())
    kw["defaults"] = MappingProxyType(dict(kw.get("defaults", {})))
    kw.setdefault("range_open", (False, False))
    return Activation(name=name, f=f, df=df, **kw)


_INF = math.inf
_RELU_LIKE = dict(xlim=(-4.0, 4.0), ylim_f=(-1.0, 4.0), ylim_df=(-0.25, 1.25))

_ENTRIES = [
    _entry(
        "ReLU", relu, relu_df,
        aliases=("rectifier", "ramp", "rectified linear unit", "rectified linear"),
        range_text="[0, ∞)", range_bounds=(0.0, _INF), monotonic=True, zero_centred=False,
        continuity=0, saturation="left", kink_fn=_kink_at(0.0),
        paper="Deep Sparse Rectifier Neural Networks (Glorot, Bordes & Bengio, 2011)", year=2011,
        **_RELU_LIKE,
    ),
    _entry(
        "Leaky ReLU", leaky_relu, leaky_relu_df,
        aliases=("LReLU", "LeakyReLU", "leaky rectifier"),
        defaults={"negative_slope": 0.01},
        range_text="(−∞, ∞)", range_bounds=(-_INF, _INF), monotonic=True, zero_centred=False,
        continuity=0, saturation="no", kink_fn=_kink_at(0.0),
        paper="Rectifier Nonlinearities Improve Neural Network Acoustic Models "
        "(Maas, Hannun & Ng, 2013)", year=2013,
        **_RELU_LIKE,
    ),
    _entry(
        "Parametric ReLU", prelu, prelu_df,
        aliases=("PReLU", "parametric rectifier"),
        defaults={"a": 0.25},
        range_text="(−∞, ∞)", range_bounds=(-_INF, _INF), monotonic=True, zero_centred=False,
        continuity=0, saturation="no", kink_fn=_kink_at(0.0),
        paper="Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet "
        "Classification (He, Zhang, Ren & Sun, 2015)", year=2015,
        xlim=(-4.0, 4.0), ylim_f=(-1.5, 4.0), ylim_df=(-0.25, 1.25),
    ),
    _entry(
        "RReLU", rrelu, rrelu_df,
        aliases=("Randomized Leaky ReLU", "randomized ReLU", "random ReLU"),
        defaults={"lower": 1 / 8, "upper": 1 / 3},
        ordered=(("lower", "upper"),),
        range_text="(−∞, ∞)", range_bounds=(-_INF, _INF), monotonic=True, zero_centred=False,
        continuity=0, saturation="no", kink_fn=_kink_at(0.0),
        paper="Empirical Evaluation of Rectified Activations in Convolutional Network "
        "(Xu, Wang, Chen & Li, 2015)", year=2015,
        xlim=(-4.0, 4.0), ylim_f=(-1.5, 4.0), ylim_df=(-0.25, 1.25),
    ),
    _entry(
        "ELU", elu, elu_df,
        aliases=("Exponential Linear Unit",),
        defaults={"alpha": 1.0}, positive=frozenset({"alpha"}),
        range_text="(−α, ∞)", range_bounds=(-1.0, _INF), range_open=(True, False),
        monotonic=True, zero_centred=False, continuity=1, saturation="left",
        kink_fn=_kink_at(0.0),
        paper="Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs) "
        "(Clevert, Unterthiner & Hochreiter, 2015)", year=2015,
        xlim=(-5.0, 4.0), ylim_f=(-1.5, 4.0), ylim_df=(-0.25, 1.25),
    ),
    _entry(
        "SELU", selu, selu_df,
        aliases=("Scaled ELU", "Scaled Exponential Linear Unit"),
        defaults={"alpha": SELU_ALPHA, "scale": SELU_SCALE},
        positive=frozenset({"alpha", "scale"}),
        range_text="(−λα, ∞) ≈ (−1.7581, ∞)", range_bounds=(-SELU_SCALE * SELU_ALPHA, _INF),
        range_open=(True, False), monotonic=True, zero_centred=False, continuity=0,
        saturation="left", kink_fn=_kink_at(0.0),
        paper="Self-Normalizing Neural Networks (Klambauer, Unterthiner, Mayr & Hochreiter, 2017)",
        year=2017,
        xlim=(-5.0, 4.0), ylim_f=(-2.0, 4.5), ylim_df=(-0.25, 2.0),
    ),
    _entry(
        "CELU", celu, celu_df,
        aliases=("Continuously Differentiable ELU", "Continuously Differentiable Exponential "
                 "Linear Unit"),
        defaults={"alpha": 1.0}, positive=frozenset({"alpha"}),
        range_text="(−α, ∞)", range_bounds=(-1.0, _INF), range_open=(True, False),
        monotonic=True, zero_centred=False, continuity=1, saturation="left",
        kink_fn=_kink_at(0.0),
        paper="Continuously Differentiable Exponential Linear Units (Barron, 2017)", year=2017,
        xlim=(-5.0, 4.0), ylim_f=(-1.5, 4.0), ylim_df=(-0.25, 1.25),
    ),
    _entry(
        "GELU", gelu, gelu_df,
        aliases=("Gaussian Error Linear Unit", "Gaussian Error Linear Units", "GELU (exact)",
                 "exact GELU", "GELU erf"),
        range_text="[−0.16997, ∞)", range_bounds=(-0.1699712075, _INF), monotonic=False,
        zero_centred=False, continuity=_INF, saturation="left",
        paper="Gaussian Error Linear Units (GELUs) (Hendrycks & Gimpel, 2016)", year=2016,
        xlim=(-4.0, 4.0), ylim_f=(-0.5, 4.0), ylim_df=(-0.25, 1.25),
    ),
    _entry(
        "GELU (tanh approximation)", gelu_tanh, gelu_tanh_df,
        aliases=("GELU tanh", "approximate GELU", "tanh GELU", "gelu_tanh", "GELU (tanh)",
                 "GELU tanh approximation"),
        range_text="[−0.17004, ∞)", range_bounds=(-0.1700407506, _INF), monotonic=False,
        zero_centred=False, continuity=_INF, saturation="left",
        paper="Gaussian Error Linear Units (GELUs) (Hendrycks & Gimpel, 2016)", year=2016,
        xlim=(-4.0, 4.0), ylim_f=(-0.5, 4.0), ylim_df=(-0.25, 1.25),
    ),
    _entry(
        "Sigmoid", sigmoid, sigmoid_df,
        aliases=("Logistic", "logistic sigmoid", "logistic function", "sigmoid function", "σ"),
        range_text="(0, 1)", range_bounds=(0.0, 1.0), range_open=(True, True), monotonic=True,
        zero_centred=False, continuity=_INF, saturation="both",
        paper="Learning representations by back-propagating errors "
        "(Rumelhart, Hinton & Williams, 1986)", year=1986,
        xlim=(-8.0, 8.0), ylim_f=(-0.1, 1.1), ylim_df=(-0.025, 0.3),
    ),
    _entry(
        "Tanh", tanh, tanh_df,
        aliases=("hyperbolic tangent", "tanh function"),
        range_text="(−1, 1)", range_bounds=(-1.0, 1.0), range_open=(True, True), monotonic=True,
        zero_centred=True, continuity=_INF, saturation="both",
        paper="Efficient BackProp (LeCun, Bottou, Orr & Müller, 1998)", year=1998,
        xlim=(-4.0, 4.0), ylim_f=(-1.2, 1.2), ylim_df=(-0.1, 1.1),
    ),
    _entry(
        "Softplus", softplus, softplus_df,
        aliases=("SmoothReLU", "smooth ReLU", "soft plus"),
        defaults={"beta": 1.0}, positive=frozenset({"beta"}),
        range_text="(0, ∞)", range_bounds=(0.0, _INF), range_open=(True, False), monotonic=True,
        zero_centred=False, continuity=_INF, saturation="left",
        paper="Incorporating Second-Order Functional Knowledge for Better Option Pricing "
        "(Dugas, Bengio, Bélisle, Nadeau & Garcia, 2000)", year=2000,
        xlim=(-5.0, 5.0), ylim_f=(-0.5, 5.0), ylim_df=(-0.1, 1.1),
    ),
    _entry(
        "Softsign", softsign, softsign_df,
        aliases=("soft sign",),
        range_text="(−1, 1)", range_bounds=(-1.0, 1.0), range_open=(True, True), monotonic=True,
        zero_centred=True, continuity=1, saturation="both", kink_fn=_kink_at(0.0),
        paper="Quadratic Features and Deep Architectures for Chunking "
        "(Turian, Bergstra & Bengio, 2009)", year=2009,
        xlim=(-8.0, 8.0), ylim_f=(-1.1, 1.1), ylim_df=(-0.1, 1.1),
    ),
    _entry(
        "SiLU", silu, silu_df,
        aliases=("Swish", "Swish-1", "Sigmoid Linear Unit", "SiL", "Swish1"),
        range_text="[−0.27846, ∞)", range_bounds=(-0.2784645428, _INF), monotonic=False,
        zero_centred=False, continuity=_INF, saturation="left",
        paper="Gaussian Error Linear Units (GELUs) (Hendrycks & Gimpel, 2016)", year=2016,
        xlim=(-6.0, 6.0), ylim_f=(-0.75, 6.0), ylim_df=(-0.25, 1.25),
    ),
    _entry(
        "Mish", mish, mish_df,
        aliases=(),
        range_text="[−0.30884, ∞)", range_bounds=(-0.3088434131, _INF), monotonic=False,
        zero_centred=False, continuity=_INF, saturation="left",
        paper="Mish: A Self Regularized Non-Monotonic Activation Function (Misra, 2019)",
        year=2019,
        xlim=(-6.0, 6.0), ylim_f=(-0.75, 6.0), ylim_df=(-0.25, 1.25),
    ),
    _entry(
        "Hardtanh", hardtanh, hardtanh_df,
        aliases=("hard tanh", "HardTanh"),
        defaults={"min_val": -1.0, "max_val": 1.0},
        ordered=(("min_val", "max_val"),),
        range_text="[−1, 1]", range_bounds=(-1.0, 1.0), monotonic=True, zero_centred=True,
        continuity=0, saturation="both",
        kink_fn=lambda p: (p["min_val"], p["max_val"]),
        paper="Natural Language Processing (Almost) from Scratch "
        "(Collobert, Weston, Bottou, Karlen, Kavukcuoglu & Kuksa, 2011)", year=2011,
        xlim=(-3.0, 3.0), ylim_f=(-1.5, 1.5), ylim_df=(-0.25, 1.25),
    ),
    _entry(
        "Hardsigmoid", hardsigmoid, hardsigmoid_df,
        aliases=("hard sigmoid", "h-sigmoid", "HardSigmoid"),
        range_text="[0, 1]", range_bounds=(0.0, 1.0), monotonic=True, zero_centred=False,
        continuity=0, saturation="both", kink_fn=_kink_at(-3.0, 3.0),
        paper="Searching for MobileNetV3 (Howard et al., 2019)", year=2019,
        xlim=(-5.0, 5.0), ylim_f=(-0.1, 1.1), ylim_df=(-0.025, 0.25),
    ),
    _entry(
        "Hardswish", hardswish, hardswish_df,
        aliases=("hard swish", "h-swish", "HardSwish", "hard SiLU"),
        range_text="[−0.375, ∞)", range_bounds=(-0.375, _INF), monotonic=False,
        zero_centred=False, continuity=0, saturation="left", kink_fn=_kink_at(-3.0, 3.0),
        paper="Searching for MobileNetV3 (Howard et al., 2019)", year=2019,
        xlim=(-5.0, 5.0), ylim_f=(-0.75, 5.0), ylim_df=(-0.75, 1.75),
    ),
    _entry(
        "ReLU6", relu6, relu6_df,
        aliases=("ReLU 6", "ReLU-6", "capped ReLU"),
        range_text="[0, 6]", range_bounds=(0.0, 6.0), monotonic=True, zero_centred=False,
        continuity=0, saturation="both", kink_fn=_kink_at(0.0, 6.0),
        paper="Convolutional Deep Belief Networks on CIFAR-10 (Krizhevsky, 2010)", year=2010,
        xlim=(-3.0, 9.0), ylim_f=(-1.0, 7.0), ylim_df=(-0.25, 1.25),
    ),
    _entry(
        "LogSigmoid", logsigmoid, logsigmoid_df,
        aliases=("log sigmoid", "log-sigmoid", "logsigmoid", "log σ"),
        range_text="(−∞, 0)", range_bounds=(-_INF, 0.0), range_open=(False, True),
        monotonic=True, zero_centred=False, continuity=_INF, saturation="right",
        paper=None, year=None,
        xlim=(-6.0, 6.0), ylim_f=(-6.5, 0.5), ylim_df=(-0.1, 1.1),
    ),
    _entry(
        "Squared ReLU", squared_relu, squared_relu_df,
        aliases=("ReLU²", "ReLU^2", "relu squared", "squared rectifier"),
        range_text="[0, ∞)", range_bounds=(0.0, _INF), monotonic=True, zero_centred=False,
        continuity=1, saturation="left", kink_fn=_kink_at(0.0),
        paper="Primer: Searching for Efficient Transformers for Language Modeling "
        "(So et al., 2021)", year=2021,
        xlim=(-3.0, 3.0), ylim_f=(-1.0, 9.0), ylim_df=(-1.0, 6.0),
    ),
]

activations = ActivationRegistry(_ENTRIES)


# --------------------------------------------------------------------------- parameters

# A plain decimal number: sign, digits with an optional fraction (or a bare fraction), optional
# exponent. Anything else (expressions, "nan", "inf", "1_000", hex) is rejected, never evaluated.
_NUMBER = re.compile(
    r"""
    [+-]?                       # optional sign
    (?: \d+ (?: \.\d* )?        # 12, 12., 12.5
      | \.\d+ )                 # .5
    (?: [eE] [+-]? \d+ )?       # optional exponent
    """,
    re.VERBOSE,
)


def validate_params(entry: Activation, params: Mapping[str, str | float]) -> dict[str, float]:
    """Check user-given parameters for ``entry``; return all parameters (defaults filled in).

    Raises ``ValueError`` naming the bad parameter, the allowed ones and, for a misspelling, the
    closest allowed name. Numbers may be given as ``int``/``float`` or as strings in plain decimal
    notation; nothing is ever evaluated.
    """
    allowed = list(entry.defaults)
    allowed_text = ", ".join(allowed) if allowed else "none"
    result = dict(entry.defaults)
    for key, raw in params.items():
        if key not in entry.defaults:
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.5)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise ValueError(
                f"unknown parameter {key!r} for {entry.name} (allowed: {allowed_text}).{hint}"
            )
        result[key] = _parse_number(entry, key, raw)
    for key in sorted(entry.positive):
        if not result[key] > 0:
            raise ValueError(
                f"parameter {key!r} of {entry.name}: expected a number > 0, "
                f"received {_show(params.get(key, result[key]))}"
            )
    for low, high in entry.ordered:
        if not result[low] < result[high]:
            raise ValueError(
                f"parameters of {entry.name}: expected {low} < {high}, "
                f"received {low}={result[low]:g} and {high}={result[high]:g}"
            )
    return result


def _parse_number(entry: Activation, key: str, raw: object) -> float:
    value: float | None = None
    if isinstance(raw, bool):
        value = None
    elif isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str) and _NUMBER.fullmatch(raw.strip()):
        value = float(raw.strip())
    if value is None or not math.isfinite(value):
        raise ValueError(
            f"parameter {key!r} of {entry.name}: expected a number, received {_show(raw)}"
        )
    return value


def _show(raw: object) -> str:
    text = repr(raw) if isinstance(raw, str) else str(raw)
    return text if len(text) <= 60 else text[:57] + "..."
