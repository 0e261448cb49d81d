"""The note syntax that quotes a number of a computed figure, filled in by the build::

    the ratio is {{ figure-value gradient-depth tanh_ratio_depth20 .2f }} for tanh

A placeholder names a figure of the registry (``figures.py``), one of its values (a key of the
experiment's ``headline`` or one of its numeric parameters) and a format from a short list, so a
number in a note cannot drift from the computation that draws the figure. Placeholders in fenced
code and code spans are text, found with the one lexer (``markup/lexer.py``).

Pure text: the numbers come from the caller as ``values_of(figure) -> {name: number}``
(``media/figure_values.py`` computes and caches them). The format is parsed here, never handed
to ``str.format``, and a value is written as plain text.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from conceptgraph.activations.figures import UnknownFigure, get, names
from conceptgraph.diagnostics import Diagnostic, close_matches
from conceptgraph.markup.lexer import code_spans, fenced_lines

ValuesOf = Callable[[str], Mapping[str, float]]

KEYWORD = "figure-value"
SYNTAX = "{{ figure-value <figure> <value> <format> }}"
EXAMPLE = "{{ figure-value gradient-depth tanh_ratio_depth20 .2f }}"
FORMATS = ("fixed-point .Nf (N decimals: .2f gives 0.14), scientific .Ne (.1e gives 3.9×10⁻³), "
           "percent .N% (.0% gives 49%) with N from 0 to 6, d (a whole number) or pow10 (the "
           "nearest power of ten: 10⁻⁷)")

_START = re.compile(r"\{\{[ \t]*(?P<word>[A-Za-z][\w-]*)")
_SPEC = re.compile(r"\.(?P<digits>[0-6])(?P<kind>[fe%])|d|pow10")
_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


@dataclass(frozen=True)
class ValueRef:
    """A placeholder in a text: its 1-based ``line``, its span ``start:end`` in the text and what
    it names. One that cannot be read has the problem and the fix in ``error`` and ``hint``."""

    line: int
    start: int
    end: int
    figure: str = ""
    value: str = ""
    spec: str = ""
    error: str = ""
    hint: str = ""


def find_value_refs(text: str) -> list[ValueRef]:
    """Every placeholder of ``text`` outside fenced code and code spans, in order; a ``{{`` whose
    word is close to ``figure-value`` (``{{ figure-values``) is a misspelt one."""
    if "{{" not in text:
        return []
    out: list[ValueRef] = []
    offset = 0
    lines = text.split("\n")
    for number, (line, fenced) in enumerate(zip(lines, fenced_lines(lines), strict=True), 1):
        if not fenced and "{{" in line:
            out.extend(_refs_in_line(line, number, offset))
        offset += len(line) + 1
    return out


def _refs_in_line(line: str, number: int, offset: int) -> Iterator[ValueRef]:
    spans = list(code_spans(line)) if "`" in line else []
    pos = 0
    while (m := _START.search(line, pos)) is not None:
        pos = m.end()
        if any(a <= m.start() < b for a, b in spans):
            continue
        word = m["word"]
        if word != KEYWORD:
            if close_matches(word, [KEYWORD], cutoff=0.75):
                yield ValueRef(number, offset + m.start(), offset + m.end(),
                               error=f"unknown placeholder '{{{{ {word}'",
                               hint=f"did you mean {SYNTAX}?")
            continue
        close = line.find("}}", m.end())
        if close < 0:
            yield ValueRef(number, offset + m.start(), offset + len(line),
                           error="figure-value placeholder is not closed on its line",
                           hint=f"end it with }}}} on the same line: {SYNTAX}")
            break
        pos = close + 2
        start, end = offset + m.start(), offset + pos
        if _HEADING.match(line):
            yield ValueRef(number, start, end, error="figure-value placeholder in a heading",
                           hint="a heading's anchor must not change with a number; move the "
                                "placeholder into the text below the heading")
            continue
        args = line[m.end():close].split()
        if len(args) != 3:
            listed = ", ".join(args) if args else "nothing"
            yield ValueRef(number, start, end,
                           error="figure-value placeholder needs a figure, a value and a "
                                 f"format, received {len(args)}: {listed}",
                           hint=f"write {SYNTAX}, e.g. {EXAMPLE}")
            continue
        yield ValueRef(number, start, end, *args)


def problem(ref: ValueRef, values_of: ValuesOf) -> tuple[str, str] | None:
    """``(problem, fix)`` for a placeholder that cannot be filled, or None when it can."""
    if ref.error:
        return ref.error, ref.hint
    try:
        get(ref.figure)
    except UnknownFigure as exc:
        close = " or ".join(repr(s) for s in exc.suggestions)
        return (f"unknown figure {ref.figure!r} in a figure-value placeholder",
                f"did you mean {close}?" if close else f"known figures: {', '.join(names())}")
    if _SPEC.fullmatch(ref.spec) is None:
        return f"unknown format {ref.spec!r} in a figure-value placeholder", f"write {FORMATS}"
    values = values_of(ref.figure)
    if ref.value not in values:
        close = " or ".join(repr(s) for s in close_matches(ref.value, values))
        return (f"figure {ref.figure!r} has no value {ref.value!r}",
                f"did you mean {close}?" if close else
                f"its values are: {', '.join(sorted(values))}")
    try:
        format_value(values[ref.value], ref.spec)
    except ValueError as exc:
        return (f"value {ref.value!r} of figure {ref.figure!r} is {values[ref.value]!r}, which "
                f"format {ref.spec!r} cannot write: {exc}", f"use another format: {FORMATS}")
    return None


def resolve(text: str, values_of: ValuesOf) -> tuple[list[tuple[int, str, str]], str]:
    """One pass over ``text``: the ``(line, problem, fix)`` of each placeholder that cannot be
    filled, and the text with the others filled in (their values as escaped text; the ones in
    error, and those in code, left as written)."""
    problems: list[tuple[int, str, str]] = []
    parts, pos = [], 0
    for ref in find_value_refs(text):
        found = problem(ref, values_of)
        if found is not None:
            problems.append((ref.line, *found))
            continue
        value = format_value(values_of(ref.figure)[ref.value], ref.spec)
        parts += [text[pos:ref.start], html.escape(value, quote=False)]
        pos = ref.end
    parts.append(text[pos:])
    return problems, "".join(parts)


def diagnostics(path: str, first_line: int,
                problems: list[tuple[int, str, str]]) -> list[Diagnostic]:
    """The problems ``resolve`` found in a note body as errors at their lines in the file;
    ``first_line`` is the body's first line, ``path`` how the note is named in messages."""
    return [Diagnostic(path, line + first_line - 1, "error", message, fix, "figure-value")
            for line, message, fix in problems]


def value_diagnostics(path: str, text: str, first_line: int,
                      values_of: ValuesOf) -> list[Diagnostic]:
    """Errors for the placeholders of one note body that cannot be filled."""
    return diagnostics(path, first_line, resolve(text, values_of)[0])


def fill_values(text: str, values_of: ValuesOf) -> str:
    """``text`` with every placeholder that can be filled replaced by its value."""
    return resolve(text, values_of)[1] if "{{" in text else text


def format_value(x: float, spec: str) -> str:
    """``x`` written as ``spec`` says (see ``FORMATS``), with a true minus sign; ValueError when
    the spec is unknown or cannot write ``x`` (not finite, not whole for ``d``, not positive for
    ``pow10``)."""
    m = _SPEC.fullmatch(spec)
    if m is None:
        raise ValueError(f"unknown format {spec!r}")
    if not math.isfinite(x):
        raise ValueError("it is not a finite number")
    if spec == "d":
        if not float(x).is_integer():
            raise ValueError("it is not a whole number")
        return _signed(x, str(abs(int(x))))
    if spec == "pow10":
        if x <= 0:
            raise ValueError("only a positive number has a power of ten")
        return "10" + str(round(math.log10(x))).translate(_SUPERSCRIPT)
    digits, kind = int(m["digits"]), m["kind"]
    if kind == "f":
        return _signed(x, f"{abs(x):.{digits}f}")
    if kind == "%":
        return _signed(x, f"{abs(x) * 100:.{digits}f}%")
    mantissa, _, exponent = f"{abs(x):.{digits}e}".partition("e")
    return _signed(x, f"{mantissa}×10{str(int(exponent)).translate(_SUPERSCRIPT)}")


def _signed(x: float, written: str) -> str:
    """``written`` (the magnitude of ``x``) with "−" when ``x`` is negative and not written as
    zero: −0.00 is 0.00."""
    return "−" + written if x < 0 and any(c in "123456789" for c in written) else written
