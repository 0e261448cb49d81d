"""Reading the knowledge base: every file under ``kb/`` becomes a note or an error, never nothing.

A note's name is its file name without ``.md``; its slug (``concepts/<slug>/``) is the name in
lower case with words joined by ``-`` (``names.py``). Its fields are validated in
``fields.py``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from pathlib import Path

from conceptgraph.diagnostics import ConceptGraphError, Report
from conceptgraph.markup.comments import strip_comments
from conceptgraph.markup.sanitize import risky_html
from conceptgraph.markup.scanner import scan
from conceptgraph.notes.fields import read_fields
from conceptgraph.notes.files import list_sources, read_bytes
from conceptgraph.notes.frontmatter import split
from conceptgraph.notes.limits import body_limits
from conceptgraph.notes.names import check_name, slugify
from conceptgraph.notes.note import Note, Relation
from conceptgraph.notes.tags import read_tags
from conceptgraph.notes.text import decode
from conceptgraph.types import NoteName, SourcePath


def read_note(raw: bytes, rel: str, display: str, relations: dict[str, Relation],
              report: Report) -> Note | None:
    """Read one note; problems go to ``report``. Returns None only when an error was reported.

    ``rel`` is the file's path relative to the knowledge-base folder (``a/Leaky ReLU.md``),
    ``display`` how that folder is named in messages (``kb``)."""
    path = SourcePath(f"{display}/{rel}")
    name = NoteName(unicodedata.normalize("NFC", rel.rpartition("/")[2][:-3]))
    why = check_name(name)
    if why:
        report.error(path, 1, f"invalid note name: {why}", "rename the file", "name")
        return None
    try:
        source = split(decode(raw, path), path)
    except ConceptGraphError as exc:
        report.extend(exc.diagnostics)
        return None
    first_new = len(report.items)
    body, unclosed = strip_comments(source.body, source.body_line)  # %%comments%%: never shown
    if unclosed is not None:
        report.warning(path, unclosed, "this %% comment is never closed: it hides the rest of "
                       "the note", "close it with %% where the comment ends", "comment")
    source = replace(source, body=body)
    for line, problem, fix in body_limits(source.body, source.body_line):
        report.error(path, line, f"the note is too complex to render: {problem}", fix, "limit")
    body_scan = scan(source.body, source.body_line)
    for line in body_scan.table_pipe_lines:
        report.warning(path, line, "a '|' inside a wiki-link splits this table cell",
                       "write it as '\\|' inside tables, e.g. [[Name\\|label]]", "table-pipe")
    for line, markup in body_scan.markup_links:
        report.warning(path, line, f"{markup} is not a wiki-link: its name holds code or HTML",
                       "write the name as plain text; formatting may go in the label, "
                       "e.g. [[Name|`label`]]", "link-markup")
    for line, what in risky_html(source.body, source.body_line):
        report.warning(path, line, f"unsafe HTML in the note ({what}); it is removed from the "
                       "page", "notes may not contain scripts, frames, event handlers or "
                       "script URLs; use Markdown", "unsafe-html")
    note = Note(name=name, path=path, rel=rel, slug=slugify(name), title=name, aliases=(),
                source=source, scan=body_scan)
    read_fields(note, relations, report)
    read_tags(note, report)
    return None if any(d.level == "error" for d in report.items[first_new:]) else note


def load_notes(kb_dir: Path, display: str, relations: dict[str, Relation]
               ) -> tuple[list[Note], Report]:
    """Every note under ``kb_dir``, in file order, and the findings. ``display`` is how the
    folder is named in messages."""
    report = Report()
    notes = []
    for path, rel in list_sources(kb_dir, display, report):
        note = read_note(read_bytes(path), rel, display, relations, report)
        if note is not None:
            notes.append(note)
    _check_slugs(notes, report)
    return notes, report


def _check_slugs(notes: list[Note], report: Report) -> None:
    by_slug: dict[str, list[Note]] = {}
    for note in notes:
        by_slug.setdefault(note.slug, []).append(note)
    for slug, group in sorted(by_slug.items()):
        if len(group) > 1:
            files = ", ".join(n.path for n in group)
            for n in group:
                report.error(n.path, 1, f"notes share the page address concepts/{slug}/: {files}",
                             "rename one of them", "slug-clash")

