"""Activation functions as numbers: the smooth and sigmoid-shaped ones.

Exact in the tails and silent for every finite input, as the functions of ``numeric.py`` (whose
dtype handling they share): sigmoid and sech² are written with ``expit`` on clipped arguments,
so they neither overflow nor lose their tails.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

from conceptgraph.activations.numeric import EXP_CLIP, Array, elementwise

_GAUSS_CLIP = 50.0  # e^(-50²/2) underflows in every float dtype
_GELU_TANH_CLIP = 100.0  # σ(2u(±100)) is exactly 0 / 1; keeps x³ finite in float32
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_GELU_TANH_C = 0.044715


def _sigmoid(x: Array) -> Array:
    return special.expit(x)


def _sech2(y: Array) -> Array:
    """sech²(y) = 4σ(2y)σ(−2y): exact in both tails, never overflows."""
    yc = np.clip(y, -EXP_CLIP, EXP_CLIP)
    return 4.0 * special.expit(2.0 * yc) * special.expit(-2.0 * yc)


def _softplus(x: Array, beta: float = 1.0) -> Array:
    bx = beta * np.clip(x, -EXP_CLIP / beta, EXP_CLIP / beta)
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(bx))) / beta


@elementwise
def gelu(x: Array) -> Array:
    """xΦ(x), with the exact normal CDF."""
    return x * special.ndtr(x)


@elementwise
def gelu_df(x: Array) -> Array:
    """Φ(x) + xφ(x)."""
    xc = np.clip(x, -_GAUSS_CLIP, _GAUSS_CLIP)
    return special.ndtr(x) + xc * np.exp(-0.5 * xc * xc) * _INV_SQRT_2PI


def _gelu_tanh_u(xc: Array) -> Array:
    return _SQRT_2_OVER_PI * (xc + _GELU_TANH_C * xc * xc * xc)


@elementwise
def gelu_tanh(x: Array) -> Array:
    """½x(1 + tanh u), u = √(2/π)(x + 0.044715x³), computed as x·σ(2u)."""
    xc = np.clip(x, -_GELU_TANH_CLIP, _GELU_TANH_CLIP)
    return x * special.expit(2.0 * _gelu_tanh_u(xc))


@elementwise
def gelu_tanh_df(x: Array) -> Array:
    """½(1 + tanh u) + ½x·sech²(u)·√(2/π)(1 + 3·0.044715x²)."""
    xc = np.clip(x, -_GELU_TANH_CLIP, _GELU_TANH_CLIP)
    u = _gelu_tanh_u(xc)
    du = _SQRT_2_OVER_PI * (1.0 + 3.0 * _GELU_TANH_C * xc * xc)
    return special.expit(2.0 * u) + 0.5 * xc * _sech2(u) * du


@elementwise
def sigmoid(x: Array) -> Array:
    """1 / (1 + e^−x)."""
    return _sigmoid(x)


@elementwise
def sigmoid_df(x: Array) -> Array:
    """σ(x)σ(−x), exact in both tails (unlike σ(1 − σ))."""
    return _sigmoid(x) * _sigmoid(-x)


@elementwise
def tanh(x: Array) -> Array:
    """tanh x."""
    return np.tanh(x)


@elementwise
def tanh_df(x: Array) -> Array:
    """sech²x, exact in the tails (unlike 1 − tanh²)."""
    return _sech2(x)


@elementwise
def softplus(x: Array, beta: float = 1.0) -> Array:
    """ln(1 + e^(βx))/β, analytic everywhere (no PyTorch threshold switch)."""
    return _softplus(x, beta)


@elementwise
def softplus_df(x: Array, beta: float = 1.0) -> Array:
    """σ(βx)."""
    return _sigmoid(beta * np.clip(x, -EXP_CLIP / beta, EXP_CLIP / beta))


@elementwise
def softsign(x: Array) -> Array:
    """x / (1 + |x|)."""
    return x / (1.0 + np.abs(x))


@elementwise
def softsign_df(x: Array) -> Array:
    """1 / (1 + |x|)², squared after the division so that it underflows instead of overflowing."""
    inv = 1.0 / (1.0 + np.abs(x))
    return inv * inv


@elementwise
def silu(x: Array) -> Array:
    """xσ(x)."""
    return x * _sigmoid(x)


@elementwise
def silu_df(x: Array) -> Array:
    """σ(x) + xσ(x)σ(−x)."""
    s = _sigmoid(x)
    return s + (x * s) * _sigmoid(-x)


@elementwise
def mish(x: Array) -> Array:
    """x·tanh(softplus x)."""
    return x * np.tanh(_softplus(x))


@elementwise
def mish_df(x: Array) -> Array:
    """tanh(sp x) + x·sech²(sp x)·σ(x)."""
    sp = _softplus(x)
    return np.tanh(sp) + (x * _sigmoid(x)) * _sech2(sp)


@elementwise
def logsigmoid(x: Array) -> Array:
    """ln σ(x) = −softplus(−x)."""
    return -_softplus(-x)


@elementwise
def logsigmoid_df(x: Array) -> Array:
    """σ(−x)."""
    return _sigmoid(-x)
