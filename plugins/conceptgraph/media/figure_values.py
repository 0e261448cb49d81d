"""The numbers behind ``{{ figure-value … }}`` placeholders (``activations/figure_values.py``):
each figure's ``headline`` values and numeric parameters, computed by the experiment that
draws the figure and kept in the content-hash cache beside the figure SVGs.

Computing them takes seconds (the experiments), reading them a JSON file: a warm build reads
them without numpy, scipy or matplotlib. The key covers the figure's name, the numpy and scipy
versions and the source of the code that computes the numbers, like the SVGs' key.
"""

from __future__ import annotations

import inspect
import numbers
from collections.abc import Mapping
from pathlib import Path

from conceptgraph.activations import figures
from conceptgraph.activations.figure_values import diagnostics, fill_values, resolve
from conceptgraph.diagnostics import Diagnostic
from conceptgraph.media.cache import ContentCache, library_version
from conceptgraph.notes.note import Note

# The code that computes the values: an edit to it computes them again.
VALUE_MODULES = tuple(f"conceptgraph.{m}" for m in (
    "activations.experiments", "activations.unit_stats", "activations.registry",
    "activations.table", "activations.numeric", "activations.smooth", "activations.figures",
    "media.figure_values"))


def cache_key(name: str) -> str:
    """sha256 of everything figure ``name``'s values depend on."""
    return ContentCache.key("figure-values", name, library_version("numpy"),
                            library_version("scipy"), code=VALUE_MODULES)


def compute(name: str) -> dict[str, float]:
    """Figure ``name``'s values: its ``headline`` numbers and its experiment's numeric keyword
    parameters (``width``, ``seed``), from the same computation the figure is drawn from."""
    spec = figures.get(name)
    out = {k: float(v) for k, v in figures.headline(name).items()}
    for key, param in inspect.signature(spec.experiment).parameters.items():
        value = param.default
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            if key in out:
                raise ValueError(f"figure {name!r}: parameter {key!r} has the name of a value")
            out[key] = value  # type: ignore[assignment]
    return out


class FigureValues:
    """The values of each figure, read from ``cache_dir`` or computed once and stored there
    (``cache_dir`` None: computed, not stored). Called as ``values_of(figure)``."""

    def __init__(self, cache_dir: Path | None) -> None:
        self.cache = None if cache_dir is None else ContentCache(cache_dir / "figures", ".json")
        self._values: dict[str, Mapping[str, float]] = {}
        self._filled: dict[str, str] = {}  # note body → filled body
        self.computed = 0  # how many figures' values were computed rather than read

    def __call__(self, name: str) -> Mapping[str, float]:
        if name not in self._values:
            self._values[name] = self._load(name)
        return self._values[name]

    def _load(self, name: str) -> Mapping[str, float]:
        if self.cache is None:
            return self._compute(name)
        return self.cache.json(cache_key(name), lambda: self._compute(name))  # type: ignore[no-any-return]

    def _compute(self, name: str) -> Mapping[str, float]:
        self.computed += 1
        return compute(name)

    def diagnostics(self, note: Note) -> list[Diagnostic]:
        """Errors for the note's placeholders that cannot be filled, at their lines in the file;
        the body with the others filled in is kept for ``fill``."""
        if "{{" not in note.body:
            return []
        problems, self._filled[note.body] = resolve(note.body, self)
        return diagnostics(note.path, note.source.body_line, problems)

    def fill(self, text: str) -> str:
        """``text`` with its placeholders filled in (a body ``diagnostics`` has seen: kept)."""
        if "{{" not in text:
            return text
        filled = self._filled.get(text)
        return filled if filled is not None else fill_values(text, self)

    def prepare(self, note: Note) -> list[Diagnostic]:
        """The note's placeholder errors; when it has none, the lines its links were found on
        (whose sentences the "Mentioned in" panels quote) get their placeholders filled in."""
        found = self.diagnostics(note)
        if not found and "{{" in note.body:
            links = note.scan.links
            for i, link in enumerate(links):
                if "{{" in link.line_text:
                    before = fill_values(link.line_text[:link.column - 1], self)
                    links[i] = link._replace(line_text=fill_values(link.line_text, self),
                                             column=len(before) + 1)
        return found
