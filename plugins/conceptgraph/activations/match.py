"""Which note is which activation function, and the checks of activation names, parameters and
```` ```figure ```` blocks, with the note's file and line. Used by the build and by
``conceptgraph check`` alike, so both find the same."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from conceptgraph.diagnostics import Diagnostic
from conceptgraph.notes.read import Note

if TYPE_CHECKING:
    from conceptgraph.activations.registry import Activation


def note_activation(note: Note) -> Activation | None:
    """The registry entry a note is about: its ``activation:`` field, else the first of its name,
    title and aliases that the registry knows. None when neither names one (or the field is
    unknown; ``activation_diagnostics`` reports that)."""
    from conceptgraph.activations.registry import UnknownActivation, activations

    if note.activation is not None:
        try:
            return activations.get(note.activation)
        except UnknownActivation:
            return None
    for name in dict.fromkeys((note.name, note.title, *note.aliases)):  # a title is often
        if name in activations:                                          # the name again
            return activations.get(name)
    return None


def activation_diagnostics(note: Note) -> list[Diagnostic]:
    """Errors for an unknown ``activation:`` name, bad ``params:``, or params with no function."""
    if note.activation is None and not note.params:
        return []
    from conceptgraph.activations.registry import UnknownActivation, activations, validate_params

    out = []
    entry = None
    if note.activation is not None:
        try:
            entry = activations.get(note.activation)
        except UnknownActivation as exc:
            hint = (f"did you mean {either(exc.suggestions)}?" if exc.suggestions
                    else "known activations: " + ", ".join(activations.names()))
            out.append(Diagnostic(note.path, note.activation_line, "error",
                                  f"unknown activation {note.activation!r}", hint,
                                  "activation-unknown"))
            return out
    else:
        entry = note_activation(note)
    params_line = note.line_of("params")
    if entry is None:
        out.append(Diagnostic(note.path, params_line, "error",
                              "'params' given, but the note names no activation function",
                              "add activation: \"<name>\" with one of: "
                              + ", ".join(activations.names()) + "; or remove params",
                              "params-orphan"))
        return out
    try:
        validate_params(entry, note.params)
    except ValueError as exc:
        # The registry ends a misspelt key with "Did you mean 'x'?": that is the fix.
        message, close, guess = str(exc).partition(" Did you mean ")
        allowed = ", ".join(f"{k}: {v:g}" for k, v in entry.defaults.items())
        hint = f"did you mean {guess}" if close else f"the defaults are {{{allowed}}}" \
            if allowed else f"{entry.name} takes no parameters; remove params"
        out.append(Diagnostic(note.path, params_line, "error", message.rstrip("."), hint,
                              "params"))
    return out


def either(names: list[str]) -> str:
    """``'A'``, ``'A' or 'B'``, ``'A', 'B' or 'C'``."""
    quoted = [repr(n) for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


class FigureCache:
    """Figure findings by note body, for one version of the figure registry.

    Importing the registry loads matplotlib and the experiments, most of a check's time; a note
    whose body and registry are unchanged is answered from here instead. ``path`` None: no cache.
    """

    def __init__(self, path: Path | None) -> None:
        self.path, self.entries, self.changed = path, {}, False
        spec = importlib.util.find_spec(f"{__package__}.figures")
        origin = Path(spec.origin) if spec and spec.origin else None
        self.version = hashlib.sha256(origin.read_bytes()).hexdigest() if origin else ""
        if path is None or not self.version:
            return
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("version") == self.version:
            self.entries = data.get("notes", {})

    @staticmethod
    def key(path: str, body: str) -> str:
        return hashlib.sha256(f"{path}\0{body}".encode()).hexdigest()

    def get(self, path: str, body: str) -> list[Diagnostic] | None:
        rows = self.entries.get(self.key(path, body))
        return None if rows is None else [Diagnostic(path, *row) for row in rows]

    def put(self, path: str, body: str, found: list[Diagnostic]) -> None:
        self.entries[self.key(path, body)] = [[d.line, d.level, d.message, d.hint, d.code]
                                              for d in found]
        self.changed = True

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"version": self.version, "notes": self.entries},
                                      sort_keys=True), encoding="utf-8")
            tmp.replace(self.path)
        except OSError:
            pass  # a cache that cannot be written only costs time


def figure_diagnostics(note: Note, cache: FigureCache | None = None) -> list[Diagnostic]:
    """Errors for the ```` ```figure ```` blocks of a note, at their lines in the file."""
    if "figure" not in note.body.lower():
        return []
    found = cache.get(note.path, note.body) if cache else None
    if found is None:
        from conceptgraph.activations import (
            figures,  # matplotlib and the experiments: only when a note needs them
        )

        found = figures.figure_diagnostics(note.path, note.body)
        if cache:
            cache.put(note.path, note.body, found)
    offset = note.source.body_line - 1
    return [Diagnostic(d.path, d.line + offset, d.level, d.message, d.hint, d.code)
            for d in found]
