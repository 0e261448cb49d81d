"""Findings about the knowledge base: each names the file, the line, the problem and the fix."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

# An error stops every build; a warning stops strict ones; an info is only shown.
Level = Literal["error", "warning", "info"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding: ``kb/Foo.md:4: unresolved link [[Sigmod]]; did you mean [[Sigmoid]]?``."""

    path: str
    line: int
    level: Level
    message: str
    hint: str = ""
    code: str = field(default="", compare=False)

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.message}"
        return f"{text}; {self.hint}" if self.hint else text


class ConceptGraphError(Exception):
    """Input that cannot be rendered: carries every error found, so all are shown at once."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


@dataclass
class Report:
    """Collects diagnostics while the knowledge base is read, resolved and rendered."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int, message: str, hint: str = "", code: str = "") -> None:
        self.items.append(Diagnostic(path, line, "error", message, hint, code))

    def warning(self, path: str, line: int, message: str, hint: str = "", code: str = "") -> None:
        self.items.append(Diagnostic(path, line, "warning", message, hint, code))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        return sorted(d for d in self.items if d.level == "error")

    @property
    def warnings(self) -> list[Diagnostic]:
        return sorted(d for d in self.items if d.level == "warning")

    @property
    def infos(self) -> list[Diagnostic]:
        return sorted(d for d in self.items if d.level == "info")


class UnknownName(KeyError):
    """A name no registry entry has (an activation function, a figure); ``suggestions`` holds
    the close matches. Subclasses set ``kind`` and may add the known names."""

    kind = "name"

    def __init__(self, name: str, suggestions: list[str]) -> None:
        super().__init__(name)
        self.name = name
        self.suggestions = suggestions

    def known(self) -> str:
        return ""

    def __str__(self) -> str:
        hint = f" Did you mean {' or '.join(repr(s) for s in self.suggestions)}?"
        return f"unknown {self.kind} {self.name!r}." + (hint if self.suggestions else "") + \
            self.known()


def close_matches(word: str, candidates: Iterable[str], n: int = 3,
                  cutoff: float = 0.6) -> list[str]:
    """The candidates closest to ``word``, closest first, ignoring case: the one way every
    "did you mean" of the project is found."""
    import difflib  # only a build that has something to suggest imports it

    folded = {c.casefold(): c for c in sorted(set(candidates))}
    return [folded[c] for c in difflib.get_close_matches(word.casefold(), list(folded), n=n,
                                                         cutoff=cutoff)]


def did_you_mean(word: str, candidates: Iterable[str], fmt: str = "{}", n: int = 3) -> str:
    """``did you mean X?`` from the closest candidates, or an empty string when none is close."""
    close = close_matches(word, candidates, n)
    if not close:
        return ""
    names = [fmt.format(c) for c in close]
    if len(names) == 1:
        return f"did you mean {names[0]}?"
    return "did you mean " + ", ".join(names[:-1]) + f" or {names[-1]}?"
