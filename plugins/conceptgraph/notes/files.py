"""The files of the knowledge base: every note file, and a finding for anything else."""

from __future__ import annotations

import os
from pathlib import Path

from conceptgraph.diagnostics import Report


def list_sources(kb_dir: Path, display: str, report: Report) -> list[tuple[str, str]]:
    """Every note file under ``kb_dir`` (sorted): its path and its path relative to ``kb_dir``
    (``a/b.md``); and an error for anything that is not a note."""
    found: list[tuple[str, str]] = []
    if not kb_dir.is_dir():
        report.error(display, 1, "knowledge-base folder does not exist",
                     "create it, or set kb_dir in mkdocs.yml", "kb-missing")
        return found

    def walk(folder: str, prefix: str) -> None:  # prefix: the folder relative to kb_dir, "a/b/"
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            rel = prefix + entry.name
            if entry.name.endswith(".md") and not entry.name.startswith(".") and \
                    entry.is_file(follow_symlinks=False):  # a note: the common case first
                found.append((entry.path, rel))
                continue
            shown = f"{display}/{rel}"
            if entry.is_symlink():
                report.error(shown, 1, "symbolic links are not allowed in the knowledge base",
                             "replace the link with the note itself", "symlink")
            elif entry.name.startswith("."):
                report.error(shown, 1, "hidden files and folders are not published",
                             "rename it without the leading dot, or move it out of the "
                             "knowledge base", "not-a-note")
            elif entry.is_dir():
                walk(entry.path, rel + "/")
            elif entry.name.endswith(".md"):
                found.append((entry.path, rel))
            elif entry.name.endswith(".canvas") and entry.is_file():
                pass  # a canvas: a page of its own (list_canvases)
            elif entry.name.lower().endswith(".md"):
                report.error(shown, 1, "note extension must be lower-case '.md'",
                             f"rename it to '{entry.name[:-3]}.md'", "not-a-note")
            else:
                report.error(shown, 1, "only Markdown notes (.md) belong in the knowledge base",
                             "move this file elsewhere (e.g. docs/ for images)", "not-a-note")

    walk(os.fspath(kb_dir), "")
    return found


def list_canvases(kb_dir: Path) -> list[tuple[str, str]]:
    """Every ``.canvas`` file under ``kb_dir`` (sorted, none in dot-folders): its path and its
    path relative to ``kb_dir``. (``list_sources`` reports what is wrong with the others.)"""
    found: list[tuple[str, str]] = []
    for folder, dirs, files in os.walk(kb_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = Path(folder).relative_to(kb_dir).as_posix()
        prefix = "" if rel == "." else rel + "/"
        found += [(os.path.join(folder, f), prefix + f) for f in sorted(files)
                  if f.endswith(".canvas") and not f.startswith(".")
                  and not os.path.islink(os.path.join(folder, f))]
    return sorted(found, key=lambda pair: pair[1])


def read_bytes(path: str) -> bytes:
    """The bytes of file ``path``, without a buffer in between (read in one call)."""
    with open(path, "rb", buffering=0) as f:
        return f.readall()
