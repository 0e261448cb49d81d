"""Small numpy computations that back the quantitative claims in the notes.

Each experiment is a pure function of its keyword parameters: seeded with
``np.random.default_rng(seed)``, CPU-only, no downloads, well under a second each. Results are
frozen dataclasses of read-only arrays plus a ``headline`` mapping of the few numbers a note or a
test quotes. Experiments are memoised with ``functools.cache`` because every figure is drawn
twice (light and dark palette) from one computation; the arrays are made read-only so that a
shared cached result cannot be corrupted by a caller. The activations (f and f′, with PyTorch's
value at kinks) come from the registry in ``conceptgraph.activations.numeric``.

The networks are plain MLPs written out by hand: forward ``z_l = h_{l-1} W_l + b_l``,
``h_l = f(z_l)``; backward ``dL/dz_l = (dL/dh_l) * f'(z_l)``, ``dL/dh_{l-1} = (dL/dz_l) W_l^T``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
from scipy import integrate, special

from conceptgraph.activations.numeric import Activation, activations

Array = np.ndarray


def activation(name: str) -> Activation:
    """The registry entry (``f``, ``df`` at default parameters) for the activation ``name``."""
    return activations.get(name)


LEAKY_SLOPE = activation("Leaky ReLU").defaults["negative_slope"]


def _frozen(a: Array | list[float]) -> Array:
    out = np.array(a, dtype=float)
    out.setflags(write=False)
    return out


def _headline(d: dict[str, float]) -> Mapping[str, float]:
    return MappingProxyType({k: float(v) for k, v in d.items()})


def _weights(rng: np.random.Generator, n_in: int, n_out: int, init: str) -> Array:
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

    A ``depth``-layer ReLU MLP of ``width`` units, zero-mean weights (see ``_weights``), every
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
        ws = [_weights(rng, width, width, init) for _ in range(depth)]
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
    return SparsityResult(tuple(inits), _frozen(list(biases)), _frozen(frac), _headline(head))


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
    unit = [_weights(rng, width, width, "gaussian") for _ in range(max(depths))]
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
        keys, labels, _frozen(list(depths)), _frozen(ratio), _frozen(profile), _headline(head)
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
            h = np.maximum(h @ _weights(rng, width, width, init), 0.0)
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
        _frozen(layers),
        _frozen(ms),
        _frozen(theory),
        _headline(head),
    )


# --- 4. Dying ReLU: units that never activate ------------------------------------------------


@dataclass(frozen=True, eq=False)
class DyingResult:
    """Share of dead units (zero output on every probe input) per layer."""

    shifts: Array  # (n_shift,) bias value given to every unit
    dead_fraction: Array  # (n_shift, depth)
    dead_expected_layer1: Array  # (n_shift,) exact expectation for layer 1 given its weights
    learning_rates: Array  # (n_lr,)
    dead_after_step: Array  # (n_lr,) layer-2 dead share after one SGD step at that rate
    headline: Mapping[str, float]


def _dead_share(z: Array) -> float:
    return float(np.mean(np.all(z <= 0.0, axis=0)))


@functools.cache
def dying_relu(
    *,
    width: int = 256,
    depth: int = 3,
    probe: int = 1024,
    shifts: tuple[float, ...] = tuple(0.0 - 0.25 * k for k in range(25)),
    learning_rates: tuple[float, ...] = (0.0, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0),
    seed: int = 0,
) -> DyingResult:
    """Dead ReLU units as a function of a negative bias shift and of one large SGD step.

    Shift: a ``depth``-layer ReLU MLP with He init, every bias set to ``shift``, probed with
    ``probe`` N(0, 1) inputs; a unit is dead when it outputs 0 for every probe. For layer 1,
    z_j = x.w_j + s is N(s, |w_j|^2) independently per probe, so the expected dead share is
    mean_j Phi(-s/|w_j|)^probe, reported alongside as an analytical check.

    Learning rate: layer 2 (zero biases, fed by layer 1's non-negative outputs) with a linear
    read-out, trained on a regression target by one full-batch SGD step of size ``lr``; a large
    step pushes some units so far negative that they never fire again on the probe batch.
    """
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((probe, width))
    ws = [_weights(rng, width, width, "he") for _ in range(depth)]
    dead = np.empty((len(shifts), depth))
    expected = np.empty(len(shifts))
    col_norm = np.linalg.norm(ws[0], axis=0)
    for i, s in enumerate(shifts):
        h = x
        for layer, w in enumerate(ws):
            z = h @ w + s
            dead[i, layer] = _dead_share(z)
            h = np.maximum(z, 0.0)
        expected[i] = np.mean(special.ndtr(-s / col_norm) ** probe)

    # One SGD step on 0.5 * mean((relu(h1 W2) v - t)^2) for the second layer, whose inputs
    # h1 = relu(x W1) are non-negative: then a large step moves every pre-activation of a unit
    # the same way, which is how a learning-rate blow-up kills units. Targets: a random teacher.
    h1 = np.maximum(x @ ws[0], 0.0)
    w2 = ws[1]
    v = rng.standard_normal(width) / math.sqrt(width)
    teacher = _weights(rng, width, width, "he")
    t = np.maximum(x @ teacher, 0.0) @ (rng.standard_normal(width) / math.sqrt(width))
    z = h1 @ w2
    r = np.maximum(z, 0.0) @ v - t
    dz = (r[:, None] * v[None, :]) * (z > 0) / probe
    gw, gb = h1.T @ dz, dz.sum(axis=0)
    after = np.array([_dead_share(h1 @ (w2 - lr * gw) - lr * gb) for lr in learning_rates])

    head = {
        f"dead_layer1_shift{s:+.2f}": dead[i, 0]
        for i, s in enumerate(shifts)
        if s in (0.0, -1.0, -2.0, -3.0, -4.0, -5.0)
    }
    head.update(
        {f"dead_after_step_lr{lr:g}": a for lr, a in zip(learning_rates, after, strict=True)}
    )
    return DyingResult(
        _frozen(list(shifts)),
        _frozen(dead),
        _frozen(expected),
        _frozen(list(learning_rates)),
        _frozen(after),
        _headline(head),
    )


# --- 5. Mean shift: E[f(z)] and Var[f(z)] for z ~ N(0, 1) -------------------------------------

MEAN_SHIFT_NAMES: tuple[str, ...] = (
    "ReLU",
    "Leaky ReLU",
    "ELU",
    "SELU",
    "GELU",
    "SiLU",
    "Tanh",
    "Sigmoid",
    "Softplus",
)


@dataclass(frozen=True, eq=False)
class MeanShiftResult:
    """Mean and variance of f(z), z ~ N(0, 1), for each activation."""

    names: tuple[str, ...]
    mean: Array
    variance: Array
    headline: Mapping[str, float]


def gaussian_expectation(g: Callable[[float], float]) -> float:
    """E[g(z)] for z ~ N(0, 1) by adaptive quadrature, split at 0 where most kinks are."""

    def integrand(z: float) -> float:
        return g(z) * math.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)

    opts = {"epsabs": 1e-14, "epsrel": 1e-13, "limit": 200}
    lo, _ = integrate.quad(integrand, -np.inf, 0.0, **opts)
    hi, _ = integrate.quad(integrand, 0.0, np.inf, **opts)
    return lo + hi


@functools.cache
def mean_shift(*, names: tuple[str, ...] = MEAN_SHIFT_NAMES) -> MeanShiftResult:
    """E[f(z)] and Var[f(z)] for z ~ N(0, 1) by quadrature (no sampling) for each of ``names``:
    the "bias shift" that ELU (Clevert et al. 2016) reduces and SELU (Klambauer et al. 2017)
    removes, with mean 0 and variance 1 at its fixed point."""
    means, variances = [], []
    for name in names:
        f = activation(name).f

        def value(z: float, f: Callable[..., Any] = f) -> float:
            return float(f(z))

        m = gaussian_expectation(value)
        means.append(m)

        def deviation2(z: float, m: float = m, value: Callable[[float], float] = value) -> float:
            return (value(z) - m) ** 2

        variances.append(gaussian_expectation(deviation2))
    head = {}
    for name, m, v in zip(names, means, variances, strict=True):
        key = name.lower().replace(" ", "_")
        head[f"{key}_mean"] = m
        head[f"{key}_variance"] = v
    return MeanShiftResult(tuple(names), _frozen(means), _frozen(variances), _headline(head))
