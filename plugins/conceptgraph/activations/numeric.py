"""Activation functions as numbers: the piecewise ones (the ReLU family, the hard functions),
and the dtype handling every numpy implementation shares.

Every function is written to be exact in its tails and silent for any finite input (no
overflow, no NaN, no numpy warning, ±1e308 in float64 and ±3e38 in float32 included): the
exponential branches are evaluated on clipped arguments where their result is already
saturated, ``np.where`` only ever chooses between values computed on safe inputs, and a result
that is truly larger than the dtype can hold (``x²`` at 1e200) is returned as ``inf`` on
purpose rather than by overflow. At a kink ``df`` returns what PyTorch autograd returns. The
registry (``registry.py``) names each function and its derivative ``<name>_df``; the smooth
functions are in ``smooth.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from conceptgraph.activations.table import SELU_ALPHA, SELU_SCALE

Array = np.ndarray

# Beyond these |arguments| sigmoid-like factors are exactly 0 or 1 in every float dtype
# (e^-1000 underflows to 0 even in float64), so clipping there loses nothing.
EXP_CLIP = 1000.0


def elementwise(fn: Callable[..., Array]) -> Callable[..., Any]:
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


def scaled(c: float, x: Array) -> Array:
    """``c * x``, but ±inf (without an overflow warning) where the product is not representable."""
    if abs(c) <= 1.0:
        return c * x
    info = np.finfo(x.dtype)
    limit = float(info.max) / abs(c) * (1.0 - 4.0 * float(info.eps))
    inside = np.abs(x) <= limit
    product = c * np.clip(x, -limit, limit)
    overflow = math.copysign(math.inf, c)
    return np.where(inside, product, np.where(x > 0, overflow, -overflow))


def square(x: Array) -> Array:
    """``x²``, +inf (without a warning) where it is not representable."""
    limit = math.sqrt(float(np.finfo(x.dtype).max)) * 0.999
    inside = np.abs(x) <= limit
    clipped = np.clip(x, -limit, limit)
    return np.where(inside, clipped * clipped, math.inf)


@elementwise
def relu(x: Array) -> Array:
    """max(0, x)."""
    return np.where(x > 0, x, 0.0)


@elementwise
def relu_df(x: Array) -> Array:
    """1 for x > 0, else 0 (0 at the kink, as PyTorch)."""
    return np.where(x > 0, 1.0, 0.0)


@elementwise
def leaky_relu(x: Array, negative_slope: float = 0.01) -> Array:
    """x for x > 0, αx otherwise."""
    return np.where(x > 0, x, scaled(negative_slope, np.minimum(x, 0.0)))


@elementwise
def leaky_relu_df(x: Array, negative_slope: float = 0.01) -> Array:
    """1 for x > 0, α otherwise (α at the kink, as PyTorch)."""
    return np.where(x > 0, 1.0, negative_slope)


@elementwise
def prelu(x: Array, a: float = 0.25) -> Array:
    """max(0, x) + a·min(0, x)."""
    return np.where(x > 0, x, scaled(a, np.minimum(x, 0.0)))


@elementwise
def prelu_df(x: Array, a: float = 0.25) -> Array:
    """1 for x > 0, a otherwise."""
    return np.where(x > 0, 1.0, a)


@elementwise
def rrelu(x: Array, lower: float = 1 / 8, upper: float = 1 / 3) -> Array:
    """Evaluation form of RReLU: x for x > 0, x·(l + u)/2 otherwise."""
    return np.where(x > 0, x, scaled((lower + upper) / 2.0, np.minimum(x, 0.0)))


@elementwise
def rrelu_df(x: Array, lower: float = 1 / 8, upper: float = 1 / 3) -> Array:
    """1 for x > 0, (l + u)/2 otherwise."""
    return np.where(x > 0, 1.0, (lower + upper) / 2.0)


@elementwise
def elu(x: Array, alpha: float = 1.0) -> Array:
    """x for x > 0, α(eˣ − 1) otherwise."""
    return np.where(x > 0, x, scaled(alpha, np.expm1(np.minimum(x, 0.0))))


@elementwise
def elu_df(x: Array, alpha: float = 1.0) -> Array:
    """1 for x > 0, αeˣ otherwise (α at the kink, as PyTorch)."""
    return np.where(x > 0, 1.0, scaled(alpha, np.exp(np.minimum(x, 0.0))))


@elementwise
def selu(x: Array, alpha: float = SELU_ALPHA, scale: float = SELU_SCALE) -> Array:
    """λx for x > 0, λα(eˣ − 1) otherwise."""
    negative = scaled(alpha, np.expm1(np.minimum(x, 0.0)))
    return scaled(scale, np.where(x > 0, x, negative))


@elementwise
def selu_df(x: Array, alpha: float = SELU_ALPHA, scale: float = SELU_SCALE) -> Array:
    """λ for x > 0, λαeˣ otherwise (λα at the kink, as PyTorch)."""
    return np.where(x > 0, scale, scaled(scale * alpha, np.exp(np.minimum(x, 0.0))))


@elementwise
def celu(x: Array, alpha: float = 1.0) -> Array:
    """x for x > 0, α(e^(x/α) − 1) otherwise."""
    negative = np.clip(x, -EXP_CLIP * alpha, 0.0) / alpha
    return np.where(x > 0, x, scaled(alpha, np.expm1(negative)))


@elementwise
def celu_df(x: Array, alpha: float = 1.0) -> Array:
    """1 for x > 0, e^(x/α) otherwise."""
    negative = np.clip(x, -EXP_CLIP * alpha, 0.0) / alpha
    return np.where(x > 0, 1.0, np.exp(negative))


@elementwise
def hardtanh(x: Array, min_val: float = -1.0, max_val: float = 1.0) -> Array:
    """clip(x, min_val, max_val)."""
    return np.where(x <= min_val, min_val, np.where(x >= max_val, max_val, x))


@elementwise
def hardtanh_df(x: Array, min_val: float = -1.0, max_val: float = 1.0) -> Array:
    """1 strictly inside (min_val, max_val), else 0 (0 at both kinks, as PyTorch)."""
    return np.where((x > min_val) & (x < max_val), 1.0, 0.0)


@elementwise
def hardsigmoid(x: Array) -> Array:
    """clip(x/6 + ½, 0, 1)."""
    return np.where(x <= -3, 0.0, np.where(x >= 3, 1.0, np.clip(x, -3, 3) / 6.0 + 0.5))


@elementwise
def hardsigmoid_df(x: Array) -> Array:
    """1/6 strictly inside (−3, 3), else 0."""
    return np.where((x > -3) & (x < 3), 1.0 / 6.0, 0.0)


@elementwise
def hardswish(x: Array) -> Array:
    """x·ReLU6(x + 3)/6."""
    inner = np.clip(x, -3, 3)
    return np.where(x <= -3, 0.0, np.where(x >= 3, x, inner * (inner + 3.0) / 6.0))


@elementwise
def hardswish_df(x: Array) -> Array:
    """0 for x ≤ −3, 1 for x ≥ 3, (2x + 3)/6 between (the outer values at ±3, as PyTorch)."""
    inner = np.clip(x, -3, 3)
    return np.where(x <= -3, 0.0, np.where(x >= 3, 1.0, (2.0 * inner + 3.0) / 6.0))


@elementwise
def relu6(x: Array) -> Array:
    """min(max(0, x), 6)."""
    return np.where(x <= 0, 0.0, np.where(x >= 6, 6.0, x))


@elementwise
def relu6_df(x: Array) -> Array:
    """1 strictly inside (0, 6), else 0."""
    return np.where((x > 0) & (x < 6), 1.0, 0.0)


@elementwise
def squared_relu(x: Array) -> Array:
    """max(0, x)²."""
    return square(np.maximum(x, 0.0))


@elementwise
def squared_relu_df(x: Array) -> Array:
    """2·max(0, x)."""
    return scaled(2.0, np.maximum(x, 0.0))
