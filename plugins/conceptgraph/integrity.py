"""Nothing lost: after a build, every note has exactly one page and one graph.json node."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from .pages import concept_src
from .site import Site

_MARKER = re.compile(rb'class="cg-local-graph" data-node="([^"]*)" data-depth="\d" '
                     rb'data-source="([^"]*)"')


def verify_site(site_dir: Path, site: Site, graph_json: str) -> list[str]:
    """Differences between the knowledge base and the built site; empty when they agree."""
    assert site.graph is not None
    notes = site.graph.notes
    problems: list[str] = []
    pages = {}
    for src, note in site.notes_by_src.items():
        html_path = site_dir / src[: -len(".md")] / "index.html"
        if not html_path.is_file():
            html_path = site_dir / (src[: -len(".md")] + ".html")
        if not html_path.is_file():
            problems.append(f"{note.path}: no page was written for this note")
            continue
        found = _MARKER.search(html_path.read_bytes())  # bytes: no need to decode the page
        if found is None or found.group(1).decode("utf-8") != html.escape(note.slug):
            problems.append(f"{note.path}: its page does not carry its identity")
        pages[note.slug] = html_path
    try:
        data = json.loads((site_dir / graph_json).read_text(encoding="utf-8"))
        ids = sorted(n["id"] for n in data["nodes"])
    except (OSError, ValueError, KeyError) as exc:
        return [*problems, f"{graph_json}: unreadable ({exc})"]
    if ids != sorted(notes):
        problems.append(f"{graph_json}: {len(ids)} nodes for {len(notes)} notes")
    nodes = site.graph_nodes()
    if nodes != len(notes):
        problems.append(f"graph: {nodes} nodes for {len(notes)} notes")
    if len(pages) != len(notes) or len({concept_src(n) for n in notes.values()}) != len(notes):
        problems.append(f"{len(pages)} concept pages for {len(notes)} notes")
    return problems
