"""Nothing lost: after a build, every note has exactly one page and one graph.json node."""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from conceptgraph.notes.note import Note
from conceptgraph.render.urls import page_file
from conceptgraph.types import Url

# The local-graph mount closes the panels after the note: its data-node is the page's identity
_MARKER = re.compile(r'class="cg-local-graph" data-node="([^"]*)" data-depth="\d" ')


def verify_site(site_dir: Path, notes: Mapping[str, Note], urls: Mapping[str, Url],
                graph_json: str, made: str | bytes, nodes: Sequence[str],
                written: Collection[str] | None = None) -> list[str]:
    """Differences between what the build planned and the site written to ``site_dir``: each
    note (by its page's source path) has its page at its URL, and ``graph_json`` holds what was
    ``made``, whose ``nodes`` (read back from it as it was made) are one per note. Empty when
    they agree. ``written``: the pages to check, when a build of the preview wrote only
    these."""
    problems: list[str] = []
    for src, note in notes.items():
        if written is not None and src not in written:
            continue
        path = site_dir / page_file(urls[src])
        try:
            page = path.read_text(encoding="utf-8")
        except OSError:
            problems.append(f"{note.path}: no page was written for this note")
            continue
        found = _MARKER.findall(page)
        if found[-1:] != [html.escape(note.slug)]:
            problems.append(f"{note.path}: its page does not carry its identity")
    try:
        if not _holds(site_dir / graph_json, made):
            problems.append(f"{graph_json}: not the file the plugin made")
    except OSError as exc:
        return [*problems, f"{graph_json}: unreadable ({exc})"]
    slugs = sorted(n.slug for n in notes.values())
    if list(nodes) != slugs:
        problems.append(f"{graph_json}: {len(nodes)} nodes for {len(slugs)} notes")
    return problems


def _holds(path: Path, made: str | bytes, piece: int = 1 << 20) -> bool:
    """Whether the file at ``path`` holds exactly ``made`` (as UTF-8), compared a piece at a
    time: graph.json grows with the graph, and the build ends with the search index's peak."""
    with path.open("rb") as f:
        for start in range(0, len(made), piece):
            part = made[start:start + piece]
            want = part.encode("utf-8") if isinstance(part, str) else part
            if f.read(len(want)) != want:
                return False
        return not f.read(1)
