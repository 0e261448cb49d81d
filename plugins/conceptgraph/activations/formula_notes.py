"""A note's ``formula:``, ``parameters:`` and ``plot:`` fields read into a ``FormulaSpec``, with
an error at the field's line for each mistake. Nothing here parses the formula (the analysis
does, behind the cache) or imports numpy or sympy.

The function's name is the note's ``activation:`` field, else the note's name; it must not be
a built-in function's name or alias (that function has its own formula already).
"""

from __future__ import annotations

import math
import re
from typing import Any

from conceptgraph.activations.analysis import OVERLAY_X, FormulaSpec
from conceptgraph.activations.expression import CONSTANTS, FUNCTIONS, VARIABLE
from conceptgraph.activations.registry import _NUMBER, activations
from conceptgraph.diagnostics import Diagnostic
from conceptgraph.notes.note import Note

__all__ = ["FORMULA_KEYS", "formula_spec", "has_formula"]

FORMULA_KEYS = ("formula", "parameters", "plot")
MAX_PARAMETERS = 10
MAX_PLOT_X = 1000.0
_PARAMETER = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*")


def has_formula(note: Note) -> bool:
    """Whether the note defines its function with ``formula:``."""
    return "formula" in note.source.fields


def _error(note: Note, key: str, message: str, hint: str, code: str = "formula") -> Diagnostic:
    return Diagnostic(note.path, note.line_of(key), "error", message, hint, code)


def function_name(note: Note) -> str:
    return note.activation if note.activation is not None else str(note.name)


def formula_spec(note: Note) -> tuple[FormulaSpec | None, list[Diagnostic]]:
    """The spec of the note's function, or None with the errors that stop it."""
    fields = note.source.fields
    if "formula" not in fields:
        stray = [k for k in ("parameters", "plot") if k in fields]
        return None, [_error(note, k, f"'{k}' given, but the note has no formula",
                             f"add formula: \"...\" (a function of x), or remove {k}")
                      for k in stray]
    out: list[Diagnostic] = []
    text = fields["formula"].value
    if not isinstance(text, str):
        out.append(_error(note, "formula", "'formula' expected text, received "
                          + ("a list" if isinstance(text, list) else "a mapping"),
                          'write formula: "x * sigmoid(x)" (in quotes)'))
    name = function_name(note)
    if name in activations:
        builtin = activations.get(name).name
        key = "activation" if note.activation is not None else "formula"
        out.append(_error(note, key, f"{name!r} is the built-in activation function "
                          f"{builtin!r}, which has its own formula",
                          "remove formula: to use the built-in one, or name the new function "
                          "with activation: \"<a new name>\""))
    if "params" in fields:
        out.append(_error(note, "params", "'params' sets a built-in function's parameters; "
                          "a formula's are 'parameters'", "rename params to parameters"))
    parameters = _parameters(note, out)
    xlim = _xlim(note, out)
    if out or not isinstance(text, str):
        return None, out
    return FormulaSpec(name, text, tuple(parameters.items()), xlim), out


def _parameters(note: Note, out: list[Diagnostic]) -> dict[str, float]:
    f = note.source.fields.get("parameters")
    if f is None:
        return {}
    if not isinstance(f.value, dict):
        out.append(_error(note, "parameters", "'parameters' expected a mapping of name: number",
                          "write parameters: {a: 1.0}"))
        return {}
    result: dict[str, float] = {}
    reserved = {VARIABLE, *CONSTANTS, *FUNCTIONS}
    if len(f.value) > MAX_PARAMETERS:
        out.append(_error(note, "parameters", f"more than {MAX_PARAMETERS} parameters",
                          "fix some of them as numbers in the formula"))
        return {}
    for name, raw in f.value.items():
        if not _PARAMETER.fullmatch(name) or name in reserved:
            why = "is reserved" if name in reserved else "is not a plain name"
            out.append(_error(note, "parameters", f"parameter name {name!r} {why}",
                              "use letters and digits, e.g. a, beta, k2 (not x, e, pi or a "
                              "function's name)"))
            continue
        value = _number(raw)
        if value is None or abs(value) > 1e6:
            out.append(_error(note, "parameters", f"parameter {name!r}: expected a plain "
                              f"number, received {_show(raw)}", "write a decimal number, "
                              "e.g. a: 1.5 (|value| ≤ 1e6)"))
            continue
        result[name] = value
    return result


def _xlim(note: Note, out: list[Diagnostic]) -> tuple[float, float]:
    f = note.source.fields.get("plot")
    if f is None:
        return OVERLAY_X
    value = f.value
    hint = "write plot: {x: [-6, 6]} (two plain numbers, low < high, within ±1000)"
    if not isinstance(value, dict) or set(value) != {"x"}:
        out.append(_error(note, "plot", "'plot' expected {x: [low, high]}", hint))
        return OVERLAY_X
    pair = value["x"]
    read = [_number(v) for v in pair] if isinstance(pair, list) and len(pair) == 2 else []
    numbers = [v for v in read if v is not None]
    if len(numbers) != 2:
        out.append(_error(note, "plot", "'plot' x expected two numbers [low, high], received "
                          f"{_show(pair)}", hint))
        return OVERLAY_X
    low, high = numbers
    if not (low < high and max(abs(low), abs(high)) <= MAX_PLOT_X and high - low >= 1e-3):
        out.append(_error(note, "plot", f"'plot' x [{low:g}, {high:g}] is not an interval the "
                          "site can draw", hint))
        return OVERLAY_X
    return float(low), float(high)


def _number(raw: Any) -> float | None:
    if isinstance(raw, str) and _NUMBER.fullmatch(raw.strip()):
        value = float(raw.strip())
        return value if math.isfinite(value) else None
    return None


def _show(raw: object) -> str:
    text = repr(raw)
    return text if len(text) <= 60 else text[:57] + "..."
