"""The files of the knowledge base (an Obsidian vault): its notes and its attachments.

Every ``.md`` file is a note; every other file is an attachment (an image, a PDF, a sound,
a canvas), published beside the notes. Dot-files and dot-folders (``.obsidian/``, ``.trash/``,
``.git``) are Obsidian's own or hidden: they are skipped without a word, as Obsidian skips them.
A symbolic link is refused: it could reach outside the vault. The files of Obsidian's "Excluded
files" (``notes/settings.py``) are listed apart and never opened.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from conceptgraph.diagnostics import Report


class Listing(NamedTuple):
    """The files of a vault, each sorted: notes and attachments as (path, vault path), and the
    vault paths of the excluded files (notes and others), which are never opened."""

    notes: list[tuple[str, str]]
    attachments: list[tuple[str, str]]
    excluded: list[str]


def list_vault(kb_dir: Path, display: str, report: Report,
               excluded: Callable[[str], bool] | None = None) -> Listing:
    """The note files and the attachments under ``kb_dir``: their paths and their paths
    relative to ``kb_dir`` (``a/b.md``, ``Attachments/x.png``); those whose vault path
    ``excluded`` holds are listed apart, by vault path."""
    found = Listing([], [], [])
    notes, attachments, left_out = found
    if not kb_dir.is_dir():
        report.error(display, 1, "knowledge-base folder does not exist",
                     "create it, or set kb_dir in mkdocs.yml", "kb-missing")
        return found

    def walk(folder: str, prefix: str) -> None:  # prefix: the folder relative to kb_dir, "a/b/"
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.name.startswith("."):  # .obsidian/, .trash/, .DS_Store: never published
                continue
            rel = prefix + entry.name
            if excluded is not None and excluded(rel) and not entry.is_dir():
                left_out.append(rel)  # never opened, whatever it is: not even a link is read
                continue
            if entry.name.endswith(".md") and entry.is_file(follow_symlinks=False):
                notes.append((entry.path, rel))  # a note: the common case first
                continue
            shown = f"{display}/{rel}"
            if entry.is_symlink():
                if excluded is None or not excluded(rel + "/"):  # a folder wholly excluded
                    report.error(shown, 1, "symbolic links are not allowed in the knowledge "
                                 "base", "replace the link with the file itself", "symlink")
            elif entry.is_dir():
                walk(entry.path, rel + "/")
            elif entry.name.lower().endswith(".md"):
                report.error(shown, 1, "note extension must be lower-case '.md'",
                             f"rename it to '{entry.name[:-3]}.md'", "not-a-note")
            elif entry.is_file():
                attachments.append((entry.path, rel))

    walk(os.fspath(kb_dir), "")
    return found


def list_sources(kb_dir: Path, display: str, report: Report) -> list[tuple[str, str]]:
    """Every note file under ``kb_dir`` (sorted): its path and its path relative to
    ``kb_dir``."""
    return list_vault(kb_dir, display, report)[0]


def list_canvases(kb_dir: Path, excluded: Callable[[str], bool] | None = None
                  ) -> list[tuple[str, str]]:
    """Every ``.canvas`` file under ``kb_dir`` (sorted, none in dot-folders, none that
    ``excluded`` holds): its path and its path relative to ``kb_dir``. (``list_sources``
    reports what is wrong with the others.)"""
    found: list[tuple[str, str]] = []
    for folder, dirs, files in os.walk(kb_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = Path(folder).relative_to(kb_dir).as_posix()
        prefix = "" if rel == "." else rel + "/"
        found += [(os.path.join(folder, f), prefix + f) for f in sorted(files)
                  if f.endswith(".canvas") and not f.startswith(".")
                  and not os.path.islink(os.path.join(folder, f))
                  and (excluded is None or not excluded(prefix + f))]
    return sorted(found, key=lambda pair: pair[1])


def read_bytes(path: str) -> bytes:
    """The bytes of file ``path``, without a buffer in between (read in one call)."""
    with open(path, "rb", buffering=0) as f:
        return f.readall()
