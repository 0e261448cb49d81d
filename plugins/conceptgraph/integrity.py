"""Nothing lost: after a build, every note has exactly one page and one graph.json node."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from .background import Background
from .notes import Note
from .pages import concept_src
from .site import Site

_MARKER = re.compile(rb'class="cg-local-graph" data-node="([^"]*)" data-depth="\d" '
                     rb'data-source="([^"]*)"')


PARALLEL_FROM = 400  # pages: below this, a second process costs more than it saves


def verify_site(site_dir: Path, site: Site, graph_json: str,
                parallel: bool = False) -> list[str]:
    """Differences between the knowledge base and the built site; empty when they agree.

    ``parallel`` reads the second half of the pages back in a forked second process
    (``background.py``) meanwhile; the findings are the same, in the same order."""
    assert site.graph is not None
    notes = site.graph.notes
    written = list(site.notes_by_src.items())
    half = len(written) // 2 if parallel and len(written) >= PARALLEL_FROM else len(written)
    second = Background(lambda: _read_back(site_dir, written[half:]),
                        enabled=half < len(written))
    problems, pages = _read_back(site_dir, written[:half])
    more_problems, more_pages = second.result()
    problems += more_problems
    pages += more_pages
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
    if pages != len(notes) or len({concept_src(n) for n in notes.values()}) != len(notes):
        problems.append(f"{pages} concept pages for {len(notes)} notes")
    return problems


def _read_back(site_dir: Path, written: list[tuple[str, Note]]) -> tuple[list[str], int]:
    """What is wrong with the pages of these notes as written, and how many were written."""
    problems: list[str] = []
    pages = set()
    for src, note in written:
        html_path = site_dir / src[: -len(".md")] / "index.html"
        if not html_path.is_file():
            html_path = site_dir / (src[: -len(".md")] + ".html")
        if not html_path.is_file():
            problems.append(f"{note.path}: no page was written for this note")
            continue
        found = _MARKER.search(html_path.read_bytes())  # bytes: no need to decode the page
        if found is None or found.group(1).decode("utf-8") != html.escape(note.slug):
            problems.append(f"{note.path}: its page does not carry its identity")
        pages.add(note.slug)
    return problems, len(pages)
