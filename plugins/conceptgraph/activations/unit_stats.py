"""Experiments on what a ReLU-like activation does to one unit's output: dead units (always
zero on the probe inputs) and the shift of the mean of f(z) for standard normal z.

Pure, seeded and memoised like the experiments of ``experiments.py``, whose helpers they use.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import integrate, special

from conceptgraph.activations.experiments import (
    Array,
    activation,
    frozen,
    headline_numbers,
    init_weights,
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
    ws = [init_weights(rng, width, width, "he") for _ in range(depth)]
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
    teacher = init_weights(rng, width, width, "he")
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
        frozen(list(shifts)),
        frozen(dead),
        frozen(expected),
        frozen(list(learning_rates)),
        frozen(after),
        headline_numbers(head),
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
    return MeanShiftResult(tuple(names), frozen(means), frozen(variances), headline_numbers(head))
