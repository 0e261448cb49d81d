"""The functions notes define with ``formula:``, each analysed once per content hash.

The analysis (parsing, sympy's derivative, the checks, the properties: ``activations.analysis``)
takes sympy and numpy, so its outcome, a definition or the error that refused the formula, is
kept in the one ``ContentCache`` under a key of the formula, its parameters and plot range, the
analysing code and the versions of sympy, numpy and scipy. A warm build reads the outcome and
imports none of them. ``conceptgraph check`` and the build call the same function, so both find
the same errors.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from conceptgraph.activations.analysis import FormulaSpec
from conceptgraph.activations.defined import FormulaActivation, from_definition
from conceptgraph.activations.formula_notes import FORMULA_KEYS, formula_spec
from conceptgraph.diagnostics import Report
from conceptgraph.media.cache import ContentCache, library_version
from conceptgraph.notes.note import Note

__all__ = ["ANALYSIS_MODULES", "analysed", "define_functions"]

ANALYSIS_MODULES = tuple(f"conceptgraph.activations.{m}" for m in (
    "expression", "constant", "symbolic", "evaluate", "analysis", "formulas", "defined"))


def _key(spec: FormulaSpec) -> str:
    versions = {lib: library_version(lib) for lib in ("sympy", "numpy", "scipy")}
    return ContentCache.key("formula", spec.name, spec.formula,
                            [[k, v] for k, v in spec.parameters], list(spec.xlim), versions,
                            code=ANALYSIS_MODULES)


def analysed(spec: FormulaSpec, cache: ContentCache | None) -> dict[str, Any]:
    """``{"definition": ...}`` or ``{"error": [message, hint]}``, from the cache when there."""
    return _analyse(spec) if cache is None else cache.json(_key(spec), lambda: _analyse(spec))


def _analyse(spec: FormulaSpec) -> dict[str, Any]:
    from conceptgraph.activations.analysis import analyse
    from conceptgraph.activations.expression import FormulaError

    try:
        return {"definition": analyse(spec)}
    except FormulaError as exc:
        return {"error": [exc.message, exc.hint]}


def define_functions(notes: Iterable[Note], report: Report,
                     cache_dir: Path | None) -> dict[str, FormulaActivation]:
    """slug → the function each ``formula:`` note defines; every problem goes to ``report``
    at the note's file and line."""
    cache = ContentCache(cache_dir / "formulas", ".json") if cache_dir is not None else None
    out: dict[str, FormulaActivation] = {}
    owners: dict[str, Note] = {}
    mentions = (n for n in notes if any(k in n.source.fields for k in FORMULA_KEYS))
    for note in sorted(mentions, key=lambda n: n.path):
        spec, errors = formula_spec(note)
        report.extend(errors)
        if spec is None:
            continue
        line = note.line_of("formula")
        key = spec.name.casefold()
        if key in owners:
            report.error(note.path, line, f"the function {spec.name!r} is already defined by "
                         f"{owners[key].path}", "give one of them another name with "
                         'activation: "<name>"', "formula-clash")
            continue
        owners[key] = note
        outcome = analysed(spec, cache)
        if "error" in outcome:
            message, hint = outcome["error"]
            report.error(note.path, line, f"formula: {message}", hint, "formula")
            continue
        paper = next((p for p, role, _ in note.papers if role == "foundationalPaper"), None)
        out[note.slug] = from_definition(
            outcome["definition"], paper=paper.text if paper else None,
            year=paper.year if paper else None, source=f"{note.path}:{line}")
    return out
