"""Where a command finds its project: mkdocs.yml (read by ``plugin.project``), the kb folder.

A user error never ends in a traceback: it is a ``UserError`` carrying one diagnostic, which
``main`` prints as ``path:line: level: message; fix`` with its exit status (2 when the command
cannot run, 1 for a refusal about the knowledge base).
"""

from __future__ import annotations

import posixpath
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from conceptgraph.cli.output import format_text
from conceptgraph.diagnostics import Diagnostic, Report
from conceptgraph.notes.files import list_sources

if TYPE_CHECKING:  # imported when a command runs: MkDocs is not needed for --help
    from conceptgraph.plugin.project import ProjectConfig


class UserError(Exception):
    """A problem with the user's input: printed as one diagnostic, never as a traceback."""

    def __init__(self, diagnostic: Diagnostic, status: int = 2):
        super().__init__(str(diagnostic))
        self.diagnostic, self.status = diagnostic, status


def fail(path: str, message: str, hint: str = "", line: int = 1, status: int = 2) -> UserError:
    """A UserError about ``path``, for the caller to raise."""
    return UserError(Diagnostic(path, line, "error", message, hint), status)


def load_project(config_arg: str | None, kb_arg: str | None) -> ProjectConfig:
    """Read mkdocs.yml (``--config``, else ./mkdocs.yml if present) for kb_dir and relations;
    ``kb_arg`` (the command line's folder) wins over kb_dir.

    MkDocs' warnings about the file are printed to stderr, as a build logs them.
    """
    from conceptgraph.plugin.project import ProjectError, default_project, load_project_config

    path = Path(config_arg or "mkdocs.yml")
    try:
        if path.is_file():
            project = load_project_config(path, display_path(path))
        elif config_arg:
            raise fail(config_arg, "config file not found", "pass --config path/to/mkdocs.yml")
        else:
            project = default_project(Path(kb_arg or "kb"))
    except ProjectError as exc:
        raise UserError(exc.diagnostic) from None
    for warning in project.warnings:
        print(format_text(warning), file=sys.stderr)
    return replace(project, kb_dir=Path(kb_arg)) if kb_arg else project


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the working folder when inside it, POSIX style."""
    try:
        rel = path.resolve().relative_to(Path.cwd().resolve())
        return rel.as_posix() or "."
    except ValueError:
        return posixpath.normpath(path.as_posix())


def require_kb(kb: Path, display: str) -> int:
    """The number of note files under ``kb``; exit 2 when the folder is missing or empty."""
    if not kb.is_dir():
        raise fail(display, "knowledge-base folder does not exist",
                   "pass the folder of notes (conceptgraph check path/to/kb), or set kb_dir in "
                   "mkdocs.yml")
    count = len(list_sources(kb, display, Report()))
    if count == 0:
        raise fail(display, "the knowledge-base folder holds no notes (.md files)",
                   'add one with: conceptgraph new "Name"')
    return count
