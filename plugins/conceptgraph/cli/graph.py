"""``conceptgraph graph``: the typed concept graph as the site's graph.json, or as GraphML."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from conceptgraph.cli.project import display_path, load_project, require_kb
from conceptgraph.diagnostics import ConceptGraphError
from conceptgraph.notes.read import load_notes


def cmd_graph(args: argparse.Namespace, out: TextIO) -> int:
    """Export the typed concept graph as graph.json or GraphML."""
    from conceptgraph.graph.build import build_graph
    from conceptgraph.render.urls import concept_src

    project = load_project(args.config, args.kb_dir)
    shown = display_path(project.kb_dir)
    require_kb(project.kb_dir, shown)
    notes, report = load_notes(project.kb_dir, shown, project.relations,
                               project.require_frontmatter)
    cg = build_graph(notes, project.relations, report)
    if report.errors:
        raise ConceptGraphError(report.errors)
    # The URLs MkDocs gives the concept pages, so that they follow use_directory_urls.
    urls = project.page_urls({slug: concept_src(note) for slug, note in cg.notes.items()})
    text = graph_json(cg, urls) if args.format == "json" else graph_graphml(cg, urls)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8", newline="\n")
    else:
        out.write(text if text.endswith("\n") else text + "\n")
    return 0


def graph_json(cg: Any, urls: dict[str, str]) -> str:
    """Exactly the site's graph.json; ``urls`` maps each slug to its page's URL."""
    from conceptgraph.graph.export import to_json

    return to_json(cg, urls)


def graph_graphml(cg: Any, urls: dict[str, str]) -> str:
    """GraphML of the typed graph, with the same URLs."""
    from conceptgraph.graph.export import to_graphml

    return to_graphml(cg, urls)
