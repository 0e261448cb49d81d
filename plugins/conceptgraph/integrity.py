"""Nothing lost: after a build, every note has exactly one page and one graph.json node."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from .pages import concept_src, page_url
from .site import Site

_MARKER = re.compile(rb'class="cg-local-graph" data-node="([^"]*)" data-depth="\d" '
                     rb'data-source="([^"]*)"')
# The marker closes the panels after the note; only the page's footer follows it. Reading this
# much of the end of a page finds it; a page where it does not is read whole.
_TAIL = 16384


def verify_site(site_dir: Path, site: Site, graph_json: str) -> list[str]:
    """Differences between the knowledge base and the built site; empty when they agree."""
    assert site.graph is not None
    notes = site.graph.notes
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
    if written != site.deferred[graph_json]():
        problems.append(f"{graph_json}: not the file the plugin made")
    ids = site.graph_ids()
    if ids != sorted(notes):
        problems.append(f"{graph_json}: {len(ids)} nodes for {len(notes)} notes")
    nodes = site.graph_nodes()
    if nodes != len(notes):
        problems.append(f"graph: {nodes} nodes for {len(notes)} notes")
    if len(pages) != len(notes) or len({concept_src(n) for n in notes.values()}) != len(notes):
        problems.append(f"{len(pages)} concept pages for {len(notes)} notes")
    return problems


def _identity(path: str) -> bytes | None:
    """The ``data-node`` of the last local-graph marker of page ``path`` (raw bytes: no need
    to decode the page), or None; OSError when there is no such file."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        size = os.fstat(fd).st_size
        os.lseek(fd, max(0, size - _TAIL), os.SEEK_SET)
        found = _last(_read(fd))
        if found is None and size > _TAIL:
            os.lseek(fd, 0, os.SEEK_SET)
            found = _last(_read(fd))
    finally:
        os.close(fd)
    return found


def _read(fd: int) -> bytes:
    """Everything from the file's position to its end."""
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _last(data: bytes) -> bytes | None:
    """The ``data-node`` of the last whole marker in ``data``, or None."""
    at = data.rfind(b'class="cg-local-graph"')
    while at >= 0:
        found = _MARKER.match(data, at)
        if found is not None:
            return found.group(1)
        at = data.rfind(b'class="cg-local-graph"', 0, at)
    return None
