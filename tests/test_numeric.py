"""The activation registry: lookups, numbers against independent computations, stability."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import pytest
from scipy import optimize

from conceptgraph.activations import formulas
from conceptgraph.activations.registry import (
    Activation,
    UnknownActivation,
    activations,
    validate_params,
)

ALL = activations.names()
REQUIRED = [
    "ReLU", "Leaky ReLU", "Parametric ReLU", "ELU", "GELU", "GELU (tanh approximation)", "SELU",
    "CELU", "Sigmoid", "Tanh", "Softplus", "Softsign", "SiLU", "Mish", "Hardtanh", "Hardsigmoid",
    "Hardswish", "ReLU6", "LogSigmoid", "Squared ReLU", "RReLU",
]


def entry(name: str) -> Activation:
    return activations.get(name)


def away_from_kinks(e: Activation, xs: np.ndarray, margin: float = 1e-3) -> np.ndarray:
    for k in e.kinks():
        xs = xs[np.abs(xs - k) > margin]
    return xs


# --------------------------------------------------------------------------- lookups


def test_registry_has_every_required_function() -> None:
    assert set(REQUIRED) <= set(ALL)


def test_names_are_canonical_and_sorted() -> None:
    assert sorted(ALL, key=str.casefold) == ALL
    assert "Swish" not in ALL and "SiLU" in ALL


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("leaky relu", "Leaky ReLU"),
        ("LReLU", "Leaky ReLU"),
        ("LeakyReLU", "Leaky ReLU"),
        ("  LEAKY   relu ", "Leaky ReLU"),
        ("leaky_relu", "Leaky ReLU"),
        ("Swish", "SiLU"),
        ("swish-1", "SiLU"),
        ("PReLU", "Parametric ReLU"),
        ("Logistic", "Sigmoid"),
        ("logistic sigmoid", "Sigmoid"),
        ("Gaussian Error Linear Unit", "GELU"),
        ("gelu tanh", "GELU (tanh approximation)"),
        ("ReLU²", "Squared ReLU"),
        ("\uff32\uff45\uff2c\uff35", "ReLU"),  # full-width letters, NFKC
        ("hard\u00a0swish", "Hardswish"),  # no-break space
        ("h-swish", "Hardswish"),
        ("rrelu", "RReLU"),
    ],
)
def test_get_accepts_aliases_in_any_case_and_spacing(query: str, expected: str) -> None:
    assert activations.get(query).name == expected


def test_get_of_unknown_name_raises_keyerror_with_suggestions() -> None:
    with pytest.raises(UnknownActivation) as info:
        activations.get("Leaky ReLUU")
    assert isinstance(info.value, KeyError)
    assert info.value.suggestions[0] == "Leaky ReLU"
    assert "Did you mean 'Leaky ReLU'" in str(info.value)


def test_get_of_far_name_raises_without_suggestions() -> None:
    with pytest.raises(UnknownActivation) as info:
        activations.get("quantum flux")
    assert info.value.suggestions == []
    assert "Did you mean" not in str(info.value)


@pytest.mark.parametrize("name", ALL)
def test_paper_is_title_authors_year_and_matches_year(name: str) -> None:
    e = entry(name)
    if e.paper is None:
        assert e.year is None
        return
    match = re.fullmatch(r"(?P<title>.+) \((?P<authors>[^()]+), (?P<year>\d{4})\)", e.paper)
    assert match, e.paper
    assert int(match["year"]) == e.year


# --------------------------------------------------------------------------- derivatives


@pytest.mark.parametrize("name", ALL)
def test_df_matches_central_differences_away_from_kinks(name: str) -> None:
    e = entry(name)
    xs = away_from_kinks(e, np.linspace(*e.xlim, 1201))
    h = 1e-6
    numeric = (e.f(xs + h) - e.f(xs - h)) / (2 * h)
    np.testing.assert_allclose(e.df(xs), numeric, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize(
    ("name", "params", "x", "expected"),
    [  # activations.md §2.2, what torch 2.13 autograd returns
        ("ReLU", {}, 0.0, 0.0),
        ("Leaky ReLU", {}, 0.0, 0.01),
        ("Parametric ReLU", {}, 0.0, 0.25),
        ("RReLU", {}, 0.0, 11 / 48),
        ("ELU", {}, 0.0, 1.0),
        ("ELU", {"alpha": 2.0}, 0.0, 2.0),
        ("ELU", {"alpha": 0.5}, 0.0, 0.5),
        ("CELU", {"alpha": 2.0}, 0.0, 1.0),
        ("SELU", {}, 0.0, 1.7580993408473766),
        ("ReLU6", {}, 0.0, 0.0),
        ("ReLU6", {}, 6.0, 0.0),
        ("Hardtanh", {}, -1.0, 0.0),
        ("Hardtanh", {}, 1.0, 0.0),
        ("Hardsigmoid", {}, -3.0, 0.0),
        ("Hardsigmoid", {}, 3.0, 0.0),
        ("Hardswish", {}, -3.0, 0.0),
        ("Hardswish", {}, 3.0, 1.0),
        ("Squared ReLU", {}, 0.0, 0.0),
        ("GELU", {}, 0.0, 0.5),
        ("SiLU", {}, 0.0, 0.5),
        ("Softplus", {}, 0.0, 0.5),
        ("LogSigmoid", {}, 0.0, 0.5),
        ("Sigmoid", {}, 0.0, 0.25),
        ("Tanh", {}, 0.0, 1.0),
        ("Softsign", {}, 0.0, 1.0),
        ("Mish", {}, 0.0, 0.6),
    ],
)
def test_df_at_kink_is_what_pytorch_autograd_returns(
    name: str, params: dict[str, float], x: float, expected: float
) -> None:
    assert entry(name).df(x, **params) == pytest.approx(expected, rel=1e-15, abs=1e-15)


@pytest.mark.parametrize(
    ("name", "params", "sentence"),
    [
        ("ReLU", {}, "At x = 0 the derivative is taken as 0, the value PyTorch autograd returns."),
        ("ELU", {"alpha": 2.0},
         "At x = 0 the derivative is taken as 2, the value PyTorch autograd returns."),
        ("Hardswish", {}, "At x = −3 and x = 3 the derivative is taken as 0 and 1 respectively, "
         "the values PyTorch autograd returns."),
        ("Tanh", {}, "The function is smooth everywhere, so no kink convention is needed."),
    ],
)
def test_kink_convention_sentence_states_the_value(
    name: str, params: dict[str, float], sentence: str
) -> None:
    assert entry(name).kink_convention(params) == sentence


def test_kinks_follow_the_parameters() -> None:
    assert entry("Hardtanh").kinks({"min_val": -2.0, "max_val": 0.5}) == (-2.0, 0.5)


# --------------------------------------------------------------------------- known constants

SQRT2 = math.sqrt(2.0)
E = math.e
ERFC = math.erfc(1 / SQRT2)
SELU_ALPHA = -math.sqrt(2 / math.pi) / (ERFC * math.sqrt(E) - 1)
SELU_SCALE = (1 - ERFC * math.sqrt(E)) * math.sqrt(2 * math.pi) * (
    2 * math.erfc(SQRT2) * E**2 + math.pi * ERFC**2 * E - 2 * (2 + math.pi) * ERFC * math.sqrt(E)
    + math.pi + 2
) ** -0.5


@pytest.mark.parametrize(
    ("name", "x", "expected"),
    [
        ("GELU", 1.0, 0.841344746068543),
        ("GELU", 1.0, 0.5 * (1 + math.erf(1 / SQRT2))),
        ("GELU", -1.0, -0.15865525393145702),
        ("SiLU", 1.0, 1 / (1 + math.exp(-1))),
        ("Mish", 1.0, math.tanh(math.log1p(E))),
        ("Softplus", 0.0, math.log(2)),
        ("LogSigmoid", 0.0, -math.log(2)),
        ("SELU", 1.0, SELU_SCALE),
        ("SELU", -1.0, SELU_SCALE * SELU_ALPHA * math.expm1(-1)),
        ("Tanh", 0.5, math.tanh(0.5)),
        ("Sigmoid", 2.0, 1 / (1 + math.exp(-2))),
        ("Softsign", -3.0, -0.75),
        ("Hardswish", -1.5, -0.375),
        ("ReLU6", 7.5, 6.0),
        ("Squared ReLU", 3.0, 9.0),
        ("CELU", -2.0, math.expm1(-2.0)),
        ("GELU (tanh approximation)", 1.0,
         0.5 * (1 + math.tanh(math.sqrt(2 / math.pi) * (1 + 0.044715)))),
    ],
)
def test_value_matches_independent_math_module_computation(
    name: str, x: float, expected: float
) -> None:
    assert entry(name).f(x) == pytest.approx(expected, rel=1e-14, abs=1e-16)


def test_selu_constants_equal_the_closed_forms() -> None:
    defaults = entry("SELU").defaults
    assert defaults["alpha"] == pytest.approx(SELU_ALPHA, rel=1e-15)
    assert defaults["scale"] == pytest.approx(SELU_SCALE, rel=1e-15)


def test_selu_keeps_standard_normal_at_mean_zero_variance_one() -> None:
    f = entry("SELU").f
    pdf = mpmath.npdf
    mean = mpmath.quad(lambda z: float(f(float(z))) * pdf(z), [-12, 0, 12])
    second = mpmath.quad(lambda z: float(f(float(z))) ** 2 * pdf(z), [-12, 0, 12])
    assert abs(float(mean)) < 1e-9
    assert float(second - mean**2) == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize(
    ("name", "x_min", "f_min"),
    [  # activations.md §4, torch 2.13
        ("GELU", -0.751792, -0.169971),
        ("GELU (tanh approximation)", -0.752461, -0.170041),
        ("SiLU", -1.278465, -0.278465),
        ("Mish", -1.192431, -0.308843),
        ("Hardswish", -1.5, -0.375),
    ],
)
def test_minimum_of_non_monotonic_function(name: str, x_min: float, f_min: float) -> None:
    e = entry(name)
    root = optimize.brentq(lambda x: float(e.df(x)), -2.5, -0.5, xtol=1e-14)
    assert root == pytest.approx(x_min, abs=1e-6)
    assert float(e.f(root)) == pytest.approx(f_min, abs=1e-6)
    assert e.range_bounds[0] <= float(e.f(root))


def test_silu_minimum_value_is_its_position_plus_one() -> None:
    e = entry("SiLU")
    root = optimize.brentq(lambda x: float(e.df(x)), -2.0, -1.0, xtol=1e-15)
    assert float(e.f(root)) == pytest.approx(root + 1, abs=1e-12)


def test_gelu_tanh_approximation_error_is_the_published_bound() -> None:
    xs = np.linspace(-10, 10, 200001)
    diff = np.abs(entry("GELU").f(xs) - entry("GELU (tanh approximation)").f(xs))
    assert diff.max() == pytest.approx(4.73e-4, abs=5e-6)


# --------------------------------------------------------------------------- properties


@pytest.mark.parametrize("name", ALL)
def test_declared_monotonicity_holds_on_a_grid(name: str) -> None:
    e = entry(name)
    steps = np.diff(e.f(np.linspace(-20, 20, 40001)))
    assert (steps.min() >= 0) == e.monotonic


@pytest.mark.parametrize("name", ALL)
def test_values_stay_in_the_declared_range(name: str) -> None:
    e = entry(name)
    low, high = e.range_bounds
    wide = e.f(np.linspace(-50, 50, 20001))
    assert low <= wide.min() and wide.max() <= high
    moderate = e.f(np.linspace(-8, 8, 1601))
    if e.range_open[0]:
        assert moderate.min() > low
    if e.range_open[1]:
        assert moderate.max() < high


@pytest.mark.parametrize("name", ALL)
def test_zero_centred_means_odd_with_f0_zero(name: str) -> None:
    e = entry(name)
    xs = np.linspace(0, 10, 1001)
    odd = e.f(0.0) == 0 and np.allclose(e.f(-xs), -e.f(xs), rtol=1e-14, atol=1e-15)
    assert odd == e.zero_centred


def _tends_to_constant(e: Activation, sign: float) -> bool:
    far, farther = e.f(sign * 1e6), e.f(sign * 1e8)
    return bool(abs(farther - far) <= 1e-6 * (1 + abs(far)))


@pytest.mark.parametrize("name", ALL)
def test_declared_saturation_matches_the_tails(name: str) -> None:
    e = entry(name)
    left, right = _tends_to_constant(e, -1.0), _tends_to_constant(e, 1.0)
    expected = {(False, False): "no", (True, False): "left", (False, True): "right"}.get(
        (left, right), "both"
    )
    assert e.saturation == expected
    assert e.saturating == (expected != "no")


@pytest.mark.parametrize("name", ALL)
def test_declared_continuity_matches_the_kinks(name: str) -> None:
    e = entry(name)
    for k in e.kinks():
        h = 1e-9
        assert e.f(k - h) == pytest.approx(e.f(k + h), abs=1e-7)  # every f here is C⁰
    if math.isinf(e.continuity):
        assert e.kinks() == ()
    elif e.continuity == 0:
        assert e.df_jumps() != ()
    else:
        assert e.kinks() != () and e.df_jumps() == ()


# --------------------------------------------------------------------------- dtypes, stability


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_preserved(name: str, dtype: type) -> None:
    e = entry(name)
    xs = np.linspace(-5, 5, 11).astype(dtype)
    assert e.f(xs).dtype == dtype and e.df(xs).dtype == dtype
    assert e.f(xs).shape == xs.shape
    assert e.f(dtype(1.5)).dtype == dtype


@pytest.mark.parametrize("name", ["ReLU", "GELU", "Hardswish"])
def test_python_scalars_and_ints_give_float64(name: str) -> None:
    e = entry(name)
    assert isinstance(e.f(2), np.float64)
    assert isinstance(e.df(-1.0), np.float64)
    assert e.f(np.arange(3)).dtype == np.float64


EXTREMES = {
    np.float64: [-1e308, -1e4, -750.0, -40.0, -1.0, 0.0, 1.0, 40.0, 750.0, 1e4, 1e308],
    np.float32: [-3e38, -1e4, -100.0, -1.0, 0.0, 1.0, 100.0, 1e4, 3e38],
}


@functools.cache
def _reference(name: str, which: str) -> Callable[[Any], Any]:
    import sympy

    expr = formulas.sympy_expr(name) if which == "f" else formulas.sympy_df(name)
    expr = formulas.elementary(formulas.substitute(expr, name))
    return sympy.lambdify(formulas.x_symbol(), expr, modules="mpmath")


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("which", ["f", "df"])
def test_extreme_inputs_are_exact_and_silent(name: str, dtype: type, which: str) -> None:
    """No warning (they are errors here), no NaN, tails kept: compared with 60-digit mpmath."""
    e = entry(name)
    fn = e.f if which == "f" else e.df
    xs = np.array(EXTREMES[dtype], dtype=dtype)
    got = fn(xs)
    assert got.dtype == dtype
    assert not np.isnan(got).any()
    reference = _reference(name, which)
    info = np.finfo(dtype)
    rtol = 1e-12 if dtype == np.float64 else 2e-6
    with mpmath.workdps(60):
        for x, y in zip(xs.tolist(), got.tolist(), strict=True):
            true = reference(mpmath.mpf(x))
            if abs(true) > info.max:
                assert math.isinf(y) and math.copysign(1, y) == mpmath.sign(true), (x, y)
            else:
                assert abs(y - true) <= rtol * abs(true) + float(info.tiny), (x, y, true)


# --------------------------------------------------------------------------- parameters


@pytest.mark.parametrize(
    ("name", "params", "expected"),
    [
        ("ELU", {}, {"alpha": 1.0}),
        ("ELU", {"alpha": "2"}, {"alpha": 2.0}),
        ("ELU", {"alpha": " 1.5e-1 "}, {"alpha": 0.15}),
        ("Leaky ReLU", {"negative_slope": 0.2}, {"negative_slope": 0.2}),
        ("Leaky ReLU", {"negative_slope": "-.5"}, {"negative_slope": -0.5}),
        ("Hardtanh", {"min_val": -2}, {"min_val": -2.0, "max_val": 1.0}),
        ("ReLU", {}, {}),
    ],
)
def test_validate_params_fills_defaults_and_parses_numbers(
    name: str, params: dict, expected: dict
) -> None:
    result = validate_params(entry(name), params)
    assert result == expected
    assert all(type(v) is float for v in result.values())


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("ELU", {"alpah": 1}, "unknown parameter 'alpah' for ELU (allowed: alpha). "
         "Did you mean 'alpha'?"),
        ("ReLU", {"alpha": 1}, "unknown parameter 'alpha' for ReLU (allowed: none)."),
        ("ELU", {"alpha": "abc"}, "parameter 'alpha' of ELU: expected a number, received 'abc'"),
        ("ELU", {"alpha": "__import__('os').system('true')"}, "expected a number, received"),
        ("ELU", {"alpha": "1+1"}, "expected a number, received '1+1'"),
        ("ELU", {"alpha": "nan"}, "expected a number, received 'nan'"),
        ("ELU", {"alpha": "inf"}, "expected a number, received 'inf'"),
        ("ELU", {"alpha": float("inf")}, "expected a number, received inf"),
        ("ELU", {"alpha": True}, "expected a number, received True"),
        ("ELU", {"alpha": None}, "expected a number, received None"),
        ("ELU", {"alpha": [1]}, "expected a number, received [1]"),
        ("Softplus", {"beta": "0"}, "parameter 'beta' of Softplus: expected a number > 0"),
        ("Hardtanh", {"min_val": 2}, "expected min_val < max_val, received min_val=2"),
        ("RReLU", {"lower": 0.5, "upper": 0.4}, "expected lower < upper"),
    ],
)
def test_validate_params_rejects_with_a_clear_message(
    name: str, params: dict, message: str
) -> None:
    with pytest.raises(ValueError) as info:
        validate_params(entry(name), params)
    assert message in str(info.value)
