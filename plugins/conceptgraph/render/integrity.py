"""Nothing lost: after a build, every note has exactly one page and one graph.json node."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Collection, Mapping
from pathlib import Path

from conceptgraph.notes.note import Note
from conceptgraph.render.urls import page_file
from conceptgraph.types import Url

# The local-graph mount closes the panels after the note: its data-node is the page's identity
_MARKER = re.compile(r'class="cg-local-graph" data-node="([^"]*)" data-depth="\d" ')


def verify_site(site_dir: Path, notes: Mapping[str, Note], urls: Mapping[str, Url],
                graph_json: str, made: str | bytes,
                written: Collection[str] | None = None) -> list[str]:
    """Differences between what the build planned and the site written to ``site_dir``: each
    note (by its page's source path) has its page at its URL, and ``graph_json`` holds what was
    ``made``, one node per note. Empty when they agree. ``written``: the pages to check, when
    a build of the preview wrote only these."""
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
        written = (site_dir / graph_json).read_text(encoding="utf-8")
        ids = sorted(node["id"] for node in json.loads(written)["nodes"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [*problems, f"{graph_json}: unreadable ({exc})"]
    if written != made:
        problems.append(f"{graph_json}: not the file the plugin made")
    slugs = sorted(n.slug for n in notes.values())
    if ids != slugs:
        problems.append(f"{graph_json}: {len(ids)} nodes for {len(slugs)} notes")
    return problems
