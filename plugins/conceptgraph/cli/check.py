"""``conceptgraph check``: the whole knowledge base validated without building the site.

The same reader, resolver and graph as a build (so the findings are the build's findings), plus
what the build only discovers while rendering: activation names and their parameters, and the
names in ```` ```figure ```` blocks. Nothing is rendered, so this runs in a fraction of a build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from conceptgraph.activations.match import FigureCache, activation_diagnostics, figure_diagnostics
from conceptgraph.diagnostics import Diagnostic, Report
from conceptgraph.graph.build import build_graph
from conceptgraph.graph.model import ConceptGraph
from conceptgraph.notes.read import Relation, list_sources, load_notes


@dataclass
class CheckResult:
    """What ``check_kb`` found: how many note files, the graph (None if unreadable), findings."""

    files: int
    graph: ConceptGraph | None
    report: Report

    def findings(self) -> list[Diagnostic]:
        """Every finding once, sorted by file, line, level and message."""
        return sorted(set(self.report.items))


def check_kb(kb_dir: Path, display: str, relations: dict[str, Relation],
             cache_dir: Path | None = None) -> CheckResult:
    """Read, resolve and validate every note under ``kb_dir``; ``display`` names it in messages.

    With ``cache_dir``, figure findings are cached by the content of each note body.
    """
    files = len(list_sources(kb_dir, display, Report()))
    notes, report = load_notes(kb_dir, display, relations)
    cg = build_graph(notes, relations, report)
    cache = FigureCache(cache_dir / "check-figures.json" if cache_dir else None)
    from conceptgraph.render.links import reserved_characters

    for note in sorted(notes, key=lambda n: n.path):
        report.extend(reserved_characters(note).items)
        report.extend(activation_diagnostics(note))
        report.extend(figure_diagnostics(note, cache))
    cache.save()
    return CheckResult(files, cg, report)
