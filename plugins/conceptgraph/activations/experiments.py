"""Small numpy computations that back the quantitative claims in the notes.

Each experiment is a pure function of its keyword parameters: seeded with
``np.random.default_rng(seed)``, CPU-only, no downloads, well under a second each. Results are
frozen dataclasses of read-only arrays plus a ``headline`` mapping of the few numbers a note or a
test quotes. Experiments are memoised with ``functools.cache`` because every figure is drawn
twice (light and dark palette) from one computation; the arrays are made read-only so that a
shared cached result cannot be corrupted by a caller. The activations (f and f′, with PyTorch's
value at kinks) come from the registry in ``conceptgraph.activations.registry``. The dying-ReLU
and mean-shift experiments are in ``unit_stats.py``.

The networks are plain MLPs written out by hand: forward ``z_l = h_{l-1} W_l + b_l``,
``h_l = f(z_l)``; backward ``dL/dz_l = (dL/dh_l) * f'(z_l)``, ``dL/dh_{l-1} = (dL/dz_l) W_l^T``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from conceptgraph.activations.registry import Activation, activations

Array = np.ndarray


def activation(name: str) -> Activation:
    """The registry entry (``f``, ``df`` at default parameters) for the activation ``name``."""
    return activations.get(name)


LEAKY_SLOPE = activation("Leaky ReLU").defaults["negative_slope"]


def frozen(a: Array | list[float]) -> Array:
    out = np.array(a, dtype=float)
    out.setflags(write=False)
    return out


def headline_numbers(d: dict[str, float]) -> Mapping[str, float]:
    return MappingProxyType({k: float(v) for k, v in d.items()})


def init_weights(rng: np.random.Generator, n_in: int, n_out: int, init: str) -> Array:
    """Zero-mean weights: ``uniform`` = U(±1/sqrt(n_in)) (Glorot et al. 2011), ``gaussian`` =
    N(0, 1/n_in) (LeCun/Xavier variance), ``he`` = N(0, 2/n_in) (He et al. 2015)."""
    if init == "uniform":
        bound = 1.0 / math.sqrt(n_in)
        return rng.uniform(-bound, bound, size=(n_in, n_out))
    scale = {"gaussian": 1.0, "he": 2.0}[init]
    return rng.standard_normal((n_in, n_out)) * math.sqrt(scale / n_in)


def _inputs(rng: np.random.Generator, batch: int, width: int, kind: str) -> Array:
    if kind == "uniform01":
        return rng.uniform(0.0, 1.0, size=(batch, width))
    if kind == "gaussian":
        return rng.standard_normal((batch, width))
    raise ValueError(f"inputs: expected 'uniform01' or 'gaussian', received {kind!r}")


# --- 1. Sparsity of ReLU layers at initialisation (Glorot, Bordes & Bengio 2011) -------------


@dataclass(frozen=True, eq=False)
class SparsityResult:
    """Fraction of exact zeros per ReLU layer, for each initialisation and bias value."""

    inits: tuple[str, ...]
    biases: Array  # (n_bias,)
    zero_fraction: Array  # (n_init, n_bias, depth)
    headline: Mapping[str, float]


@functools.cache
def relu_sparsity(
    *,
    width: int = 1000,
    depth: int = 3,
    batch: int = 128,
    inits: tuple[str, ...] = ("uniform", "gaussian"),
    inputs: str = "uniform01",
    biases: tuple[float, ...] = (-0.2, -0.15, -0.1, -0.05, 0.0, 0.05, 0.1, 0.15, 0.2),
    seed: int = 0,
) -> SparsityResult:
    """Share of hidden ReLU outputs that are exactly zero, per layer, at initialisation.

    A ``depth``-layer ReLU MLP of ``width`` units, zero-mean weights (see ``init_weights``), every
    bias set to the same value ``b`` for each ``b`` in ``biases``; the share is taken over all
    units and ``batch`` inputs. The weights and inputs are shared across bias values (common
    random numbers), so the sweep isolates the effect of the bias.
    """
    if 0.0 not in biases:
        raise ValueError("biases: expected the sweep to include 0.0 (the headline value)")
    frac = np.empty((len(inits), len(biases), depth))
    for i, init in enumerate(inits):
        rng = np.random.default_rng([seed, i])
        x = _inputs(rng, batch, width, inputs)
        ws = [init_weights(rng, width, width, init) for _ in range(depth)]
        z1 = x @ ws[0]  # the first layer's bias-free part is the same for every bias
        for j, b in enumerate(biases):
            h = np.maximum(z1 + b, 0.0)
            frac[i, j, 0] = np.mean(h == 0.0)
            for layer, w in enumerate(ws[1:], 1):
                h = np.maximum(h @ w + b, 0.0)
                frac[i, j, layer] = np.mean(h == 0.0)
    zero = biases.index(0.0)
    head = {f"zero_fraction_layer{k + 1}": frac[0, zero, k] for k in range(depth)}
    head["zero_fraction_mean"] = frac[0, zero].mean()
    if 0.1 in biases:
        b01 = biases.index(0.1)
        head.update({f"zero_fraction_layer{k + 1}_bias+0.1": frac[0, b01, k] for k in range(depth)})
    return SparsityResult(tuple(inits), frozen(list(biases)), frozen(frac), headline_numbers(head))


# --- 2. Gradient norm against depth (vanishing gradients) ------------------------------------

GRADIENT_CONFIGS: tuple[tuple[str, str, str], ...] = (
    # key, activation, init
    ("sigmoid", "Sigmoid", "gaussian"),
    ("tanh", "Tanh", "gaussian"),
    ("relu", "ReLU", "gaussian"),
    ("relu_he", "ReLU", "he"),
)


def _forward(x: Array, weights: list[Array], act: Activation) -> list[Array]:
    zs = []
    h = x
    for w in weights:
        zs.append(h @ w)
        h = act.f(zs[-1])
    return zs


def _backward(zs: list[Array], weights: list[Array], act: Activation) -> list[Array]:
    """``dL/dz_l`` for ``L = sum(h_L)``, where ``L = len(zs)`` (a prefix of a deeper net)."""
    grads: list[Array] = []
    dh = np.ones_like(zs[-1])
    for w, z in zip(reversed(weights[: len(zs)]), reversed(zs), strict=True):
        dz = dh * act.df(z)
        grads.append(dz)
        dh = dz @ w.T
    return grads[::-1]


def mlp_backprop(x: Array, weights: list[Array], act: Activation) -> list[Array]:
    """Gradients ``dL/dz_l`` (one array per layer) of ``L = sum(h_L)`` for a bias-free MLP."""
    return _backward(_forward(x, weights, act), weights, act)


@dataclass(frozen=True, eq=False)
class GradientDepthResult:
    """Backpropagated gradient norms in deep MLPs, one row per (activation, init) config."""

    configs: tuple[str, ...]  # keys of GRADIENT_CONFIGS
    labels: tuple[str, ...]
    depths: Array  # (n_depth,) network depths L
    ratio: Array  # (n_config, n_depth): ||dL/dz_1|| / ||dL/dz_L|| for a network of depth L
    profile: Array  # (n_config, max(depths)): ||dL/dz_l|| / ||dL/dz_L||, l = 1..L, deepest net
    headline: Mapping[str, float]


@functools.cache
def gradient_depth(
    *,
    width: int = 256,
    batch: int = 64,
    depths: tuple[int, ...] = (2, 5, 10, 20, 30, 50),
    seed: int = 0,
) -> GradientDepthResult:
    """Gradient norm against depth for sigmoid, tanh and ReLU (std sqrt(1/n)) and ReLU with He
    init (std sqrt(2/n)): square bias-free MLPs of ``width``, N(0, 1) inputs, loss = sum of the
    outputs. For each depth L the first/last pre-activation gradient ratio (the table of
    activations.md §3.4) and, for the deepest network, the per-layer profile. The network of
    depth L is the first L layers of the deepest one, and every config scales the same N(0, 1)
    draws, so the curves differ only by activation and init, not by sampling noise.
    """
    ratio = np.empty((len(GRADIENT_CONFIGS), len(depths)))
    profile = np.empty((len(GRADIENT_CONFIGS), max(depths)))
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, width))
    unit = [init_weights(rng, width, width, "gaussian") for _ in range(max(depths))]
    for i, (_key, act_name, init) in enumerate(GRADIENT_CONFIGS):
        act = activation(act_name)
        ws = [w * math.sqrt(2.0) for w in unit] if init == "he" else unit
        zs = _forward(x, ws, act)
        for j, depth in enumerate(depths):
            norms = np.array([np.linalg.norm(g) for g in _backward(zs[:depth], ws, act)])
            ratio[i, j] = norms[0] / norms[-1]
            if depth == max(depths):
                profile[i] = norms / norms[-1]
    keys = tuple(c[0] for c in GRADIENT_CONFIGS)
    labels = tuple(
        f"{name}, std √({'2' if init == 'he' else '1'}/n)" for _k, name, init in GRADIENT_CONFIGS
    )
    head = {
        f"{k}_ratio_depth{d}": ratio[i, j] for i, k in enumerate(keys) for j, d in enumerate(depths)
    }
    return GradientDepthResult(
        keys, labels, frozen(list(depths)), frozen(ratio), frozen(profile), headline_numbers(head)
    )


# --- 3. Signal propagation: 1/n against 2/n initialisation (He et al. 2015) -------------------


@dataclass(frozen=True, eq=False)
class SignalResult:
    """Mean-square ReLU activation per layer for each weight variance."""

    inits: tuple[str, ...]  # "1/n", "2/n"
    layers: Array  # (depth,) 1..depth
    mean_square: Array  # (n_init, depth): E[h_l^2] over units and batch
    theory: Array  # (n_init, depth): (gain/2)^l * E[x^2] from the infinite-width recursion
    headline: Mapping[str, float]


@functools.cache
def signal_propagation(
    *, width: int = 512, depth: int = 30, batch: int = 256, seed: int = 0
) -> SignalResult:
    """Mean-square activation against depth in a bias-free ReLU MLP of ``width`` with weight
    variance 1/n or 2/n and N(0, 1) inputs. Each ReLU keeps half of the second moment of a
    symmetric input, so E[h_l^2] = (n Var[w] / 2) E[h_{l-1}^2]: 2^{-l} for 1/n, 1 for 2/n.
    """
    inits = (("1/n", "gaussian", 1.0), ("2/n", "he", 2.0))
    ms = np.empty((len(inits), depth))
    theory = np.empty_like(ms)
    layers = np.arange(1, depth + 1)
    for i, (_label, init, gain) in enumerate(inits):
        rng = np.random.default_rng(seed)
        h = rng.standard_normal((batch, width))
        ms0 = np.mean(h * h)
        for layer in range(depth):
            h = np.maximum(h @ init_weights(rng, width, width, init), 0.0)
            ms[i, layer] = np.mean(h * h)
        theory[i] = ms0 * (gain / 2.0) ** layers
    head = {
        "relu_1/n_mean_square_layer1": ms[0, 0],
        f"relu_1/n_mean_square_layer{depth}": ms[0, -1],
        f"relu_1/n_ratio_to_2^-{depth}": ms[0, -1] / 2.0**-depth,
        "relu_2/n_mean_square_layer1": ms[1, 0],
        f"relu_2/n_mean_square_layer{depth}": ms[1, -1],
    }
    return SignalResult(
        tuple(label for label, _i, _g in inits),
        frozen(layers),
        frozen(ms),
        frozen(theory),
        headline_numbers(head),
    )
