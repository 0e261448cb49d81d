"""Nothing lost: after a build, every note has exactly one page and one graph.json node."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from conceptgraph.render.pages import concept_src, page_url
from conceptgraph.render.site import Site

_MARKER = re.compile(rb'class="cg-local-graph" data-node="([^"]*)" data-depth="\d" '
                     rb'data-source="([^"]*)"')
# The marker closes the panels after the note; only the page's footer follows it. Reading this
# much of the end of a page finds it; a page where it does not is read whole.
_TAIL = 16384


def verify_site(site_dir: Path, site: Site, graph_json: str) -> list[str]:
    """Differences between the knowledge base and the built site; empty when they agree."""
    assert site.graph is not None and site.from_graph is not None
    notes = site.graph.notes
    made = site.from_graph()
    problems: list[str] = []
    pages = {}
    root = os.path.join(site_dir, "")  # paths as strings: a Path per page costs more than its read
    for src, note in site.notes_by_src.items():
        url = page_url(src, site.directory_urls)
        html_path = root + (url + "index.html" if url.endswith("/") else url)
        try:
            found = _identity(html_path)
        except OSError:
            problems.append(f"{note.path}: no page was written for this note")
            continue
        if found is None or found.decode("utf-8") != html.escape(note.slug):
            problems.append(f"{note.path}: its page does not carry its identity")
        pages[note.slug] = html_path
    # graph.json as written must be the text the plugin made, whose node ids were read back
    # from it where it was made (in the second process, off the build's critical path)
    try:
        written = (site_dir / graph_json).read_text(encoding="utf-8")
    except (OSError, ValueError) as exc:
        return [*problems, f"{graph_json}: unreadable ({exc})"]
    if written != made.graph_json:
        problems.append(f"{graph_json}: not the file the plugin made")
    if made.graph_ids != sorted(notes):
        problems.append(f"{graph_json}: {len(made.graph_ids)} nodes for {len(notes)} notes")
    if made.nodes != len(notes):
        problems.append(f"graph: {made.nodes} nodes for {len(notes)} notes")
    if len(pages) != len(notes) or len({concept_src(n) for n in notes.values()}) != len(notes):
        problems.append(f"{len(pages)} concept pages for {len(notes)} notes")
    return problems


def _identity(path: str) -> bytes | None:
    """The ``data-node`` of the last local-graph marker of page ``path`` (raw bytes: no need
    to decode the page), or None; OSError when there is no such file."""
    with open(path, "rb", buffering=0) as f:
        size = f.seek(0, os.SEEK_END)
        f.seek(max(0, size - _TAIL))
        found = _last(f.readall())
        if found is None and size > _TAIL:
            f.seek(0)
            found = _last(f.readall())
    return found


def _last(data: bytes) -> bytes | None:
    """The ``data-node`` of the last whole marker in ``data``, or None."""
    at = data.rfind(b'class="cg-local-graph"')
    while at >= 0:
        found = _MARKER.match(data, at)
        if found is not None:
            return found.group(1)
        at = data.rfind(b'class="cg-local-graph"', 0, at)
    return None
