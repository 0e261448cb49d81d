"""Nothing lost: after a build, every note has exactly one page and one graph.json node."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conceptgraph.build import SitePlan

# The local-graph mount closes the panels after the note: its data-node is the page's identity
_MARKER = re.compile(r'class="cg-local-graph" data-node="([^"]*)" data-depth="\d" ')


def verify_site(site_dir: Path, plan: SitePlan, graph_json: str) -> list[str]:
    """Differences between the plan and the site written to ``site_dir``; empty when they
    agree. A plan with no graph (the build stopped on errors) has nothing to check."""
    if plan.graph is None:
        return []
    problems: list[str] = []
    for src, note in plan.notes.items():
        url = plan.urls[src]
        path = site_dir / (url + "index.html" if url.endswith("/") or not url else url)
        try:
            page = path.read_text(encoding="utf-8")
        except OSError:
            problems.append(f"{note.path}: no page was written for this note")
            continue
        found = _MARKER.findall(page)
        if found[-1:] != [html.escape(note.slug)]:
            problems.append(f"{note.path}: its page does not carry its identity")
    try:
        written = (site_dir / graph_json).read_text(encoding="utf-8")
        ids = sorted(node["id"] for node in json.loads(written)["nodes"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [*problems, f"{graph_json}: unreadable ({exc})"]
    if written != plan.files[graph_json]:
        problems.append(f"{graph_json}: not the file the plugin made")
    slugs = sorted(n.slug for n in plan.notes.values())
    if ids != slugs or len(plan.graph.graph) != len(slugs):
        problems.append(f"{graph_json}: {len(ids)} nodes for {len(slugs)} notes")
    return problems
