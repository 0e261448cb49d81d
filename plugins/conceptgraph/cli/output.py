"""How the commands print findings: ``path:line: level: message; fix``, GitHub annotations, and
the summary line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from conceptgraph.diagnostics import Diagnostic

PLUGIN = "conceptgraph"


def format_text(d: Diagnostic) -> str:
    """``path:line: level: message; fix``."""
    text = f"{d.path}:{d.line}: {d.level}: {d.message}"
    return f"{text}; {d.hint}" if d.hint else text


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(d: Diagnostic) -> str:
    """A GitHub Actions workflow command: ``::error file=kb/X.md,line=4,title=...::message``."""
    message = f"{d.message}; {d.hint}" if d.hint else d.message
    props = f"file={_escape_property(d.path)},line={d.line},title={_escape_property(PLUGIN)}"
    level = "notice" if d.level == "info" else d.level  # GitHub's name for an info
    return f"::{level} {props}::{_escape_data(message)}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(findings: Sequence[Diagnostic], notes: int) -> str:
    """``3 errors, 1 warning in 44 notes`` (``, 2 info`` before ``in`` when there are any)."""
    levels = Counter(d.level for d in findings)
    info = f", {levels['info']} info" if levels["info"] else ""
    return (f"{_plural(levels['error'], 'error')}, {_plural(levels['warning'], 'warning')}"
            f"{info} in {_plural(notes, 'note')}")
