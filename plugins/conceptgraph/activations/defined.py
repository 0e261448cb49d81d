"""An activation function a note defines with ``formula:``: an ``Activation`` like the built-in
ones, made from the definition ``analysis.py`` computed (read back from the cache as JSON).

Its numbers come from walking the definition's evaluation trees (``evaluate.py``, imported on
first use); its properties, kinks and LaTeX were computed once, so a warm build reads them and
imports neither numpy nor sympy. At a kink f′ is its limit from the left.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from conceptgraph.activations.registry import Activation, _join, _num

__all__ = ["FormulaActivation", "from_definition"]


@dataclass(frozen=True, eq=False)
class FormulaActivation(Activation):
    """A note's own function. ``definition`` is the analysis as canonical JSON (what plot jobs
    carry and hash); ``source`` is the note's ``path:line`` of the formula."""

    definition: str = "{}"
    source: str = ""

    @functools.cached_property
    def data(self) -> dict[str, Any]:
        return json.loads(self.definition)  # type: ignore[no-any-return]

    @property
    def formula(self) -> str:
        return str(self.data["formula"])

    @property
    def latex_f(self) -> str:
        return str(self.data["latex_f"])

    @property
    def latex_df(self) -> str:
        return str(self.data["latex_df"])

    def _evaluator(self, key: str) -> Callable[..., Any]:
        from conceptgraph.activations.evaluate import evaluate

        tree, kinks = self.data[key], tuple(self.data["kinks"])

        def fn(x: Any, **params: float) -> Any:
            return evaluate(tree, x, self.params(params), kinks)

        return fn

    @property
    def f(self) -> Callable[..., Any]:
        """f, by walking the definition's tree (numpy)."""
        return self._evaluator("f")

    @property
    def df(self) -> Callable[..., Any]:
        """f′, with its limit from the left at a kink (numpy)."""
        return self._evaluator("df")

    def one_sided_df(self, x0: float, params: Mapping[str, float] | None = None) -> tuple[
        float, float
    ]:
        for k, left, right in self.data["jumps"]:
            if k == x0:
                return float(left), float(right)
        return super().one_sided_df(x0, params)

    def df_jumps(self, params: Mapping[str, float] | None = None) -> tuple[float, ...]:
        return tuple(float(k) for k, _, _ in self.data["jumps"])

    def kink_convention(self, params: Mapping[str, float] | None = None) -> str:
        jumps = self.data["jumps"]
        if not jumps:
            if self.kink_points:
                where = _join(f"x = {_num(float(k))}" for k in self.kink_points)
                return (f"The derivative is continuous at {where}, where the formula changes "
                        "branch, so no convention is needed.")
            return "The function is smooth everywhere, so no kink convention is needed."
        where = _join(f"x = {_num(k)}" for k, _, _ in jumps)
        values = _join(_num(float(left)) for _, left, _ in jumps)
        many = len(jumps) > 1
        return (f"At {where} the derivative is taken as {values}{' respectively' * many}, "
                f"its limit from the left: the rule for every function defined by a formula "
                "(PyTorch autograd's value for ReLU and Leaky ReLU too).")


def from_definition(definition: Mapping[str, Any], paper: str | None = None,
                    year: int | None = None, aliases: tuple[str, ...] = (),
                    source: str = "") -> FormulaActivation:
    """The activation of an analysed formula (``analysis.analyse``'s result)."""
    continuity = definition["continuity"]
    return FormulaActivation(
        name=str(definition["name"]),
        aliases=aliases,
        function="",
        defaults={k: float(v) for k, v in definition["parameters"].items()},
        range_text=str(definition["range_text"]),
        range_bounds=(float(definition["range_bounds"][0]),
                      float(definition["range_bounds"][1])),
        range_open=(False, False),
        monotonic=bool(definition["monotonic"]),
        zero_centred=bool(definition["zero_centred"]),
        continuity=math.inf if continuity == "inf" else float(continuity),
        saturation=str(definition["saturation"]),
        paper=paper,
        year=year,
        xlim=(float(definition["xlim"][0]), float(definition["xlim"][1])),
        ylim_f=(float(definition["ylim_f"][0]), float(definition["ylim_f"][1])),
        ylim_df=(float(definition["ylim_df"][0]), float(definition["ylim_df"][1])),
        kink_points=tuple(float(k) for k in definition["kinks"]),
        definition=canonical(definition),
        source=source,
    )


def canonical(definition: Mapping[str, Any]) -> str:
    """The one JSON text of a definition (sorted keys, no spaces): what is hashed and cached."""
    return json.dumps(definition, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
