"""Which note is which activation function, and the checks of activation names, parameters and
```` ```figure ```` blocks, with the note's file and line. Used by the build and by
``conceptgraph check`` alike, so both find the same."""

from __future__ import annotations

from conceptgraph.activations import figure_blocks
from conceptgraph.activations.formula_notes import has_formula
from conceptgraph.activations.registry import (
    Activation,
    UnknownActivation,
    activations,
    validate_params,
)
from conceptgraph.diagnostics import Diagnostic
from conceptgraph.notes.note import Note


def note_activation(note: Note) -> Activation | None:
    """The registry entry a note is about: its ``activation:`` field, else the first of its name,
    title and aliases that the registry knows. None when neither names one (or the field is
    unknown; ``activation_diagnostics`` reports that). A note with ``formula:`` defines its own
    function (``formula_notes.py``): None."""
    if has_formula(note):
        return None
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
    """Errors for an unknown ``activation:`` name, bad ``params:``, or params with no function.

    With ``formula:``, ``activation:`` names the new function, so it is never unknown; the
    formula's own checks are ``formula_notes.formula_spec``'s."""
    if has_formula(note) or note.activation is None and not note.params:
        return []
    out = []
    entry = None
    if note.activation is not None:
        try:
            entry = activations.get(note.activation)
        except UnknownActivation as exc:
            # A close name may be a typo, or a new function that only sounds like one.
            new = 'for a new function, add formula: "..." (see the contributing guide)'
            hint = (f"did you mean {either(exc.suggestions)}? Or, {new}" if exc.suggestions
                    else "known activations: " + ", ".join(activations.names()) + f"; {new}")
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


def figure_diagnostics(note: Note) -> list[Diagnostic]:
    """Errors for the ```` ```figure ```` blocks of a note, at their lines in the file."""
    if "figure" not in note.body.lower():
        return []
    found = figure_blocks.figure_diagnostics(note.path, note.body)
    offset = note.source.body_line - 1
    return [Diagnostic(d.path, d.line + offset, d.level, d.message, d.hint, d.code)
            for d in found]
