"""Nothing lost: after a build, every note has exactly one page and one graph.json node."""

from __future__ import annotations

import html
import json
import queue
import re
import threading
from pathlib import Path

from .notes import Note
from .pages import concept_src
from .site import Site

_MARKER = re.compile(rb'class="cg-local-graph" data-node="([^"]*)" data-depth="\d" '
                     rb'data-source="([^"]*)"')
_MARKER_START = b'class="cg-local-graph" data-node="'


def verify_site(site_dir: Path, site: Site, graph_json: str,
                read_back: dict[str, tuple[bool, str | None]] | None = None) -> list[str]:
    """Differences between the knowledge base and the built site; empty when they agree.

    ``read_back`` holds what ``ReadBack`` found of the pages it read while the site was
    written; the pages it did not read are read here."""
    assert site.graph is not None
    notes = site.graph.notes
    read_back = read_back or {}
    problems: list[str] = []
    pages = 0
    for src, note in site.notes_by_src.items():
        found = read_back.get(src)
        written, problem = found if found is not None else page_problem(site_dir, src, note)
        pages += written
        if problem:
            problems.append(problem)
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


def page_problem(site_dir: Path, src: str, note: Note) -> tuple[bool, str | None]:
    """Whether the page of ``note`` was written, and what is wrong with it (None: nothing)."""
    html_path = site_dir / src[: -len(".md")] / "index.html"
    if not html_path.is_file():
        html_path = site_dir / (src[: -len(".md")] + ".html")
    try:
        data = html_path.read_bytes()  # bytes: no need to decode the page
    except OSError:
        return False, f"{note.path}: no page was written for this note"
    found = None
    at = data.find(_MARKER_START)  # what _MARKER.search finds, found faster
    while at >= 0 and found is None:
        found = _MARKER.match(data, at)
        at = data.find(_MARKER_START, at + 1)
    if found is None or found.group(1).decode("utf-8") != html.escape(note.slug):
        return True, f"{note.path}: its page does not carry its identity"
    return True, None


class ReadBack:
    """Reads each note's page back as soon as MkDocs has written it, on a thread, while MkDocs
    renders the next pages (reading a file waits with the GIL released): the check after the
    build then has little left to read."""

    def __init__(self, site_dir: Path):
        self._site_dir = site_dir
        self._queue: queue.SimpleQueue[tuple[str, Note] | None] = queue.SimpleQueue()
        self._found: dict[str, tuple[bool, str | None]] = {}
        self._thread = threading.Thread(target=self._run, name="conceptgraph-read-back",
                                        daemon=True)
        self._thread.start()

    def written(self, src: str, note: Note) -> None:
        """The page of ``note`` is on disk."""
        self._queue.put((src, note))

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            src, note = item
            self._found[src] = page_problem(self._site_dir, src, note)

    def results(self) -> dict[str, tuple[bool, str | None]]:
        """What was found of each page read (once every page is written)."""
        self.close()
        self._thread.join()
        return self._found

    def close(self) -> None:
        """No more pages: the thread ends once it has read those it was given."""
        self._queue.put(None)
