"""The activation-function registry: names, aliases, parameters and declared properties.

The records come from the plain data of ``table.py``; importing this module imports no numpy,
scipy or sympy, so matching notes to functions and checking their parameters costs nothing.
``Activation.f`` and ``df`` import the numpy implementations (``numeric.py``, ``smooth.py``)
when first used; the LaTeX of each formula is made by ``formulas.py`` from the registry.
"""

from __future__ import annotations

import importlib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from conceptgraph.activations.table import ENTRIES
from conceptgraph.diagnostics import UnknownName, close_matches

__all__ = [
    "Activation",
    "ActivationRegistry",
    "UnknownActivation",
    "activations",
    "validate_params",
]


@dataclass(frozen=True, eq=False)
class Activation:
    """One activation function: its metadata, and (imported on first use) its numbers.

    ``f`` and ``df`` take an array or scalar and keyword parameters (``defaults`` lists them).
    Properties (range, monotonic, …) are declared for the default parameters.
    """

    name: str
    aliases: tuple[str, ...]
    function: str  # "module.name" in this package; f′ is "module.name_df"
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
    kink_points: tuple[float | str, ...] = ()  # x positions or parameter names
    positive: frozenset[str] = frozenset()
    ordered: tuple[tuple[str, str], ...] = ()

    def __repr__(self) -> str:
        return f"Activation({self.name!r}, defaults={dict(self.defaults)})"

    def _numpy(self, suffix: str) -> Callable[..., Any]:
        module, _, name = self.function.partition(".")
        implementation = importlib.import_module(f"{__package__}.{module}")
        return getattr(implementation, name + suffix)  # type: ignore[no-any-return]

    @property
    def f(self) -> Callable[..., Any]:
        """The vectorised function (numpy)."""
        return self._numpy("")

    @property
    def df(self) -> Callable[..., Any]:
        """Its derivative, with PyTorch autograd's value at a kink (numpy)."""
        return self._numpy("_df")

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
        p = self.params(params)
        return tuple(sorted(p[k] if isinstance(k, str) else k for k in self.kink_points))

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
        close = close_matches(key, self._keys)
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


def _record(row: Mapping[str, Any]) -> Activation:
    fields = dict(row)
    fields["aliases"] = tuple(fields.get("aliases", ()))
    fields["defaults"] = MappingProxyType(dict(fields.get("defaults", {})))
    fields["range_open"] = tuple(fields.get("range_open", (False, False)))
    fields["kink_points"] = tuple(fields.pop("kinks", ()))
    fields["positive"] = frozenset(fields.get("positive", ()))
    return Activation(**fields)


activations = ActivationRegistry(_record(row) for row in ENTRIES)


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
            close = close_matches(str(key), allowed, n=1, cutoff=0.5)
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
