"""The computed claims, checked against analytical values or independent computations."""

from __future__ import annotations

import math

import numpy as np
import pytest

from conceptgraph.activations import experiments as ex
from conceptgraph.activations import unit_stats

SQRT_2PI = math.sqrt(2.0 * math.pi)


def phi_cdf(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


# --- the experiments' own activation definitions ------------------------------------------


@pytest.mark.parametrize(
    ("name", "x", "expected"),
    [
        ("GELU", 1.0, 0.841344746068543),
        ("GELU", -1.0, -0.15865525393145702),
        ("SiLU", 1.0, 0.7310585786300049),
        ("SELU", 1.0, 1.0507009873554805),
        ("SELU", -1.0, -1.1113307378125625),
        ("Softplus", 0.0, math.log(2.0)),
        ("ELU", -1.0, math.exp(-1.0) - 1.0),
        ("Leaky ReLU", -2.0, -0.02),
        ("ReLU", -0.5, 0.0),
    ],
)
def test_activation_matches_reference_value(name: str, x: float, expected: float) -> None:
    assert float(ex.activation(name).f(np.array(x))) == pytest.approx(expected, abs=1e-14)


@pytest.mark.parametrize("name", unit_stats.MEAN_SHIFT_NAMES)
def test_activation_derivative_matches_central_difference(name: str) -> None:
    x = np.linspace(-6.0, 6.0, 1201)
    x = x[np.abs(x) > 1e-3]  # the kinks at 0
    h = 1e-6
    act = ex.activation(name)
    numeric = (act.f(x + h) - act.f(x - h)) / (2 * h)
    np.testing.assert_allclose(act.df(x), numeric, atol=1e-7)


# --- relu_sparsity (Glorot, Bordes & Bengio 2011) -------------------------------------------


def test_relu_zero_fraction_is_about_half_with_zero_bias() -> None:
    r = ex.relu_sparsity()
    zero = list(r.biases).index(0.0)
    assert r.zero_fraction.shape == (2, len(r.biases), 3)
    assert np.all((r.zero_fraction[:, zero] > 0.45) & (r.zero_fraction[:, zero] < 0.55))
    assert 0.45 < r.headline["zero_fraction_layer1"] < 0.55


def test_relu_zero_fraction_decreases_as_the_bias_increases() -> None:
    r = ex.relu_sparsity()
    assert np.all(np.diff(r.zero_fraction[:, :, 0], axis=1) < 0)  # layer 1: strictly
    assert np.all(np.diff(r.zero_fraction, axis=1) <= 0)  # deeper layers saturate at 1


def test_relu_zero_fraction_layer1_follows_gaussian_approximation() -> None:
    # x ~ U[0,1]^n, w ~ U(±1/sqrt(n)): z = w.x + b has mean b and, over units and inputs,
    # variance n * E[w^2] * E[x^2] = 1/9, so P(z <= 0) = Phi(-3b) by the central limit theorem.
    r = ex.relu_sparsity()
    expected = [phi_cdf(-3.0 * b) for b in r.biases]
    np.testing.assert_allclose(r.zero_fraction[0, :, 0], expected, atol=0.03)


# --- gradient_depth ------------------------------------------------------------------------


def test_mlp_backprop_matches_finite_differences() -> None:
    rng = np.random.default_rng(1)
    x = rng.standard_normal((3, 4))
    ws = [rng.standard_normal((4, 4)) / 2 for _ in range(3)]
    act = ex.activation("Tanh")
    grads = ex.mlp_backprop(x, ws, act)

    def loss_from_z1(z1: np.ndarray) -> float:
        h = act.f(z1)
        for w in ws[1:]:
            h = act.f(h @ w)
        return float(h.sum())

    z1 = x @ ws[0]
    eps = 1e-6
    numeric = np.zeros_like(z1)
    for idx in np.ndindex(z1.shape):
        d = np.zeros_like(z1)
        d[idx] = eps
        numeric[idx] = (loss_from_z1(z1 + d) - loss_from_z1(z1 - d)) / (2 * eps)
    np.testing.assert_allclose(grads[0], numeric, atol=1e-8)


def test_sigmoid_gradient_vanishes_while_relu_he_keeps_its_scale() -> None:
    r = ex.gradient_depth()
    assert r.headline["sigmoid_ratio_depth30"] < 1e-10
    he = r.ratio[r.configs.index("relu_he")]
    assert np.all((he > 0.1) & (he < 10))


def test_gradient_ratios_match_the_reference_table_to_an_order_of_magnitude() -> None:
    # activations.md §3.4 (single seed, other RNG); depth 50 sigmoid underflowed there.
    table = {
        "sigmoid": [0.205, 3.4e-3, 2.2e-6, 9.5e-13, 5.6e-19],
        "tanh": [0.66, 0.49, 0.32, 0.17, 0.13, 0.089],
        "relu": [0.90, 0.51, 0.11, 4.7e-3, 1.6e-4, 1.8e-7],
        "relu_he": [1.28, 2.02, 2.44, 3.37, 3.63, 4.29],
    }
    r = ex.gradient_depth()
    for key, values in table.items():
        ours = r.ratio[r.configs.index(key), : len(values)]
        np.testing.assert_array_less(np.abs(np.log10(ours / np.array(values))), 1.0)


def test_gradient_profile_ends_at_one_and_matches_deepest_ratio() -> None:
    r = ex.gradient_depth()
    np.testing.assert_allclose(r.profile[:, -1], 1.0)
    np.testing.assert_allclose(r.profile[:, 0], r.ratio[:, -1])


# --- signal_propagation (He et al. 2015) ---------------------------------------------------


def test_relu_mean_square_halves_per_layer_with_variance_one_over_n() -> None:
    r = ex.signal_propagation()
    ms = r.mean_square[r.inits.index("1/n")]
    depth = len(ms)
    assert ms[0] == pytest.approx(0.5, abs=0.05)  # E[relu(z)^2] = Var[z] / 2
    predicted = 2.0 ** -(depth - 1) * ms[0]
    assert predicted / 3 < ms[-1] < predicted * 3


def test_relu_mean_square_stays_order_one_with_he_variance() -> None:
    ms = ex.signal_propagation().mean_square[1]
    assert np.all((ms > 1 / 3) & (ms < 3))


# --- dying_relu ----------------------------------------------------------------------------


def test_dead_share_grows_monotonically_with_the_negative_shift() -> None:
    r = unit_stats.dying_relu()
    assert np.all(np.diff(r.shifts) < 0)
    assert np.all(np.diff(r.dead_fraction, axis=0) >= 0)
    assert np.all(r.dead_fraction[0] == 0.0)
    assert r.dead_fraction[-1, 0] > 0.9


def test_dead_share_layer1_matches_exact_expectation() -> None:
    r = unit_stats.dying_relu()
    p = r.dead_expected_layer1
    width = 256
    tolerance = 5 * np.sqrt(p * (1 - p) / width) + 1 / width
    assert np.all(np.abs(r.dead_fraction[:, 0] - p) <= tolerance)


def test_one_large_sgd_step_kills_units_and_a_small_one_does_not() -> None:
    r = unit_stats.dying_relu()
    assert r.dead_after_step[r.learning_rates == 0.0] == 0.0
    assert np.all(np.diff(r.dead_after_step) >= 0)
    assert r.headline["dead_after_step_lr10"] > 0.2


# --- mean_shift ----------------------------------------------------------------------------


def test_selu_has_mean_zero_and_variance_one() -> None:
    h = unit_stats.mean_shift().headline
    assert abs(h["selu_mean"]) < 1e-6
    assert abs(h["selu_variance"] - 1.0) < 1e-6


def test_relu_mean_and_variance_match_closed_form() -> None:
    h = unit_stats.mean_shift().headline
    assert h["relu_mean"] == pytest.approx(1 / SQRT_2PI, abs=1e-8)
    assert h["relu_variance"] == pytest.approx(0.5 - 1 / (2 * math.pi), abs=1e-8)


def test_elu_mean_and_variance_match_closed_form() -> None:
    # E[ELU] = int_0^inf z phi + int_-inf^0 (e^z - 1) phi = 1/sqrt(2 pi) + e^(1/2) Phi(-1) - 1/2,
    # using int_-inf^0 e^(kz) phi(z) dz = e^(k^2/2) Phi(-k).
    mean = 1 / SQRT_2PI + math.exp(0.5) * phi_cdf(-1.0) - 0.5
    second = 0.5 + math.exp(2.0) * phi_cdf(-2.0) - 2 * math.exp(0.5) * phi_cdf(-1.0) + 0.5
    h = unit_stats.mean_shift().headline
    assert h["elu_mean"] == pytest.approx(mean, abs=1e-10)
    assert h["elu_variance"] == pytest.approx(second - mean**2, abs=1e-10)


def test_elu_mean_agrees_with_monte_carlo() -> None:
    z = np.random.default_rng(7).standard_normal(1_000_000)
    sample = ex.activation("ELU").f(z)
    stderr = sample.std() / math.sqrt(z.size)
    assert abs(sample.mean() - unit_stats.mean_shift().headline["elu_mean"]) < 5 * stderr


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("gelu_mean", 1 / (2 * math.sqrt(math.pi))),  # E[z Phi(z)] = E[phi(z)]
        ("leaky_relu_mean", (1 - ex.LEAKY_SLOPE) / SQRT_2PI),
        ("tanh_mean", 0.0),  # odd function
        ("sigmoid_mean", 0.5),  # sigma(z) + sigma(-z) = 1
    ],
)
def test_mean_shift_matches_symmetry_or_closed_form(key: str, expected: float) -> None:
    assert unit_stats.mean_shift().headline[key] == pytest.approx(expected, abs=1e-10)


# --- results are shared, so they must be immutable ---------------------------------------


def test_experiment_is_computed_once_and_returns_read_only_arrays() -> None:
    r = ex.signal_propagation()
    assert ex.signal_propagation() is r
    with pytest.raises(ValueError):
        r.mean_square[0, 0] = 1.0
    with pytest.raises(TypeError):
        r.headline["x"] = 1.0  # type: ignore[index]
