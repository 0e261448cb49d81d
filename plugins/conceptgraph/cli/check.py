"""``conceptgraph check``: the whole knowledge base validated without building the site.

The same reader, resolver and graph as a build (so the findings are the build's findings), plus
what the build only discovers while rendering: activation names and their parameters, the
names in ```` ```figure ```` blocks and the ``{{ figure-value … }}`` placeholders (their numbers
read from the build's cache, or computed when it has none). Nothing is rendered, so this runs
in a fraction of a build.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from conceptgraph.activations.match import activation_diagnostics, figure_diagnostics
from conceptgraph.cli.output import format_github, format_text, summary
from conceptgraph.cli.project import display_path, load_project, require_kb
from conceptgraph.diagnostics import Diagnostic, Report
from conceptgraph.graph.build import build_graph
from conceptgraph.graph.model import ConceptGraph
from conceptgraph.media.figure_values import FigureValues
from conceptgraph.notes.files import list_sources
from conceptgraph.notes.note import Relation
from conceptgraph.notes.read import load_notes


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    """Validate the knowledge base; 1 on errors (or warnings with --strict), else 0.

    MkDocs' warnings about mkdocs.yml count as warnings too: ``mkdocs build --strict`` stops
    on them.
    """
    project = load_project(args.config, args.kb_dir)
    shown = display_path(project.kb_dir)
    files = require_kb(project.kb_dir, shown)
    result = check_kb(project.kb_dir, shown, project.relations, project.plots_cache_dir)
    findings = result.findings()
    line = format_github if args.format == "github" else format_text
    for d in findings:
        print(line(d), file=out)
    print(summary(findings, files), file=out)
    levels = {d.level for d in [*findings, *project.warnings]}
    return 1 if "error" in levels or (args.strict and "warning" in levels) else 0


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
    The numbers of figure-value placeholders are read from (or stored in) the build's cache in
    ``cache_dir``; None computes them without storing."""
    files = len(list_sources(kb_dir, display, Report()))
    notes, report = load_notes(kb_dir, display, relations)
    values = FigureValues(cache_dir)
    for note in notes:
        report.extend(values.prepare(note))
    cg = build_graph(notes, relations, report)
    for note in sorted(notes, key=lambda n: n.path):
        report.extend(activation_diagnostics(note))
        report.extend(figure_diagnostics(note))
    return CheckResult(files, cg, report)
