"""Reading the knowledge base: every file under ``kb/`` becomes a note or an error, never nothing.

A note's name is its file name without ``.md``; its slug (``concepts/<slug>/``) is the name in
lower case with words joined by ``-`` (``names.py``). Its fields are validated in
``fields.py``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from conceptgraph.diagnostics import ConceptGraphError, Diagnostic, Report
from conceptgraph.markup.comments import strip_comments
from conceptgraph.markup.sanitize import risky_html
from conceptgraph.markup.scanner import scan
from conceptgraph.markup.wikilinks import DEFAULT_IDS, HeadingIds
from conceptgraph.notes.fields import read_fields
from conceptgraph.notes.files import list_vault, read_bytes
from conceptgraph.notes.frontmatter import split
from conceptgraph.notes.limits import body_limits
from conceptgraph.notes.names import check_folders, check_name, page_slug
from conceptgraph.notes.note import Note, Relation, without_permalink
from conceptgraph.notes.settings import VaultSettings, read_settings
from conceptgraph.notes.tags import read_tags
from conceptgraph.notes.text import decode
from conceptgraph.types import NoteName, SourcePath


def read_note(raw: bytes, rel: str, display: str, relations: dict[str, Relation],
              report: Report, require_frontmatter: bool = True,
              ids: HeadingIds = DEFAULT_IDS) -> Note | None:
    """Read one note; problems go to ``report``. Returns None only when an error was reported.

    ``rel`` is the file's path relative to the knowledge-base folder (``a/Leaky ReLU.md``),
    ``display`` how that folder is named in messages (``kb``), ``ids`` how the site's table
    of contents makes heading ids."""
    path = SourcePath(f"{display}/{rel}")
    name = NoteName(unicodedata.normalize("NFC", rel.rpartition("/")[2][:-3]))
    # A vault's index.md is its home page (concept_src), Folder/index.md its folder's page
    why = check_name(name, reserved=False) or check_folders(rel)
    if why:
        report.error(path, 1, f"invalid note name: {why}", "rename the file", "name")
        return None
    try:
        source = split(decode(raw, path), path, require_frontmatter)
    except ConceptGraphError as exc:
        report.extend(exc.diagnostics)
        return None
    first_new = len(report.items)
    too_complex = set()
    body, unclosed = strip_comments(source.body, source.body_line)  # %%comments%%: never shown
    if unclosed is not None:
        report.warning(path, unclosed, "this %% comment is never closed: it hides the rest of "
                       "the note", "close it with %% where the comment ends", "comment")
    source = replace(source, body=body)
    for line, problem, fix in body_limits(source.body, source.body_line):
        report.error(path, line, f"the note is too complex to render: {problem}", fix, "limit")
        too_complex.add(line)
    body_scan = scan(source.body, source.body_line, ids)
    for line in body_scan.table_pipe_lines:
        report.warning(path, line, "a '|' inside a wiki-link splits this table cell",
                       "write it as '\\|' inside tables, e.g. [[Name\\|label]]", "table-pipe")
    for line, markup in body_scan.markup_links:
        report.warning(path, line, f"{markup} is not a wiki-link: its name holds code or HTML",
                       "write the name as plain text; formatting may go in the label, "
                       "e.g. [[Name|`label`]]", "link-markup")
    for line, why in body_scan.leftovers:
        if line in too_complex:  # one finding for one mistake
            continue
        if why.startswith("inside"):
            report.warning(path, line, "a wiki-link inside raw HTML stays text: Markdown is not "
                           "read there", "move the link out of the HTML block (a blank line "
                           "ends it), or write an <a> link", "leftover-link")
        else:
            report.warning(path, line, "'[[' is not closed by ']]' on its line, so it stays "
                           "text", "close the link on the same line, or write \\[[ for "
                           "literal brackets", "leftover-link")
    for line, what in risky_html(source.body, source.body_line):
        report.warning(path, line, f"unsafe HTML in the note ({what}); it is removed from the "
                       "page", "notes may not contain scripts, frames, event handlers or "
                       "script URLs; use Markdown", "unsafe-html")
    note = Note(name=name, path=path, rel=rel, slug=page_slug(rel), title=name, aliases=(),
                source=source, scan=body_scan)
    read_fields(note, relations, report)
    read_tags(note, report)
    return None if any(d.level == "error" for d in report.items[first_new:]) else note


@dataclass
class Vault:
    """The knowledge base as read: its notes (those to publish), its attachments (vault path
    → file), the notes held back (by ``publish: false`` or by their errors), the files of
    Obsidian's "Excluded files", and the settings of ``.obsidian/app.json``."""

    notes: list[Note]
    attachments: dict[str, str] = field(default_factory=dict)
    unpublished: list[Note] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)  # vault paths of notes with errors
    # Vault paths (Unicode NFC) of the excluded files, notes and others: never read
    excluded: list[str] = field(default_factory=list)
    settings: VaultSettings = VaultSettings()

    def held(self) -> list[tuple[str, str]]:
        """(vault path, why) of every note and file that is not published: "unpublished",
        "broken" or "excluded"."""
        return [(n.rel, "unpublished") for n in self.unpublished] + \
            [(rel, "broken") for rel in self.broken] + \
            [(rel, "excluded") for rel in self.excluded]

    def excluded_notes(self) -> int:
        """How many of the excluded files are notes."""
        return sum(rel.endswith(".md") for rel in self.excluded)


class ReadCache:
    """The notes a live preview has read, by vault path: a note is read again only when its
    file's bytes changed; a build never changes a note, so the next build gets the same
    object, and the findings of its reading are reported again. (A new mkdocs.yml, which may
    set other heading ids, starts a new cache: plugin/preview.py.)"""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[bytes, Note | None, list[Diagnostic]]] = {}
        self._seen: set[str] = set()

    def read(self, raw: bytes, rel: str, display: str, relations: dict[str, Relation],
             report: Report, require_frontmatter: bool,
             ids: HeadingIds = DEFAULT_IDS) -> Note | None:
        self._seen.add(rel)
        kept = self._kept.get(rel)
        if kept is None or kept[0] != raw:
            own = Report()
            note = read_note(raw, rel, display, relations, own, require_frontmatter, ids)
            kept = self._kept[rel] = (raw, note, own.items)
        report.extend(kept[2])
        return kept[1]

    def forget_unseen(self) -> None:
        """Let go of the notes whose files were not read since the last call (deleted)."""
        self._kept = {rel: v for rel, v in self._kept.items() if rel in self._seen}
        self._seen = set()


def load_vault(kb_dir: Path, display: str, relations: dict[str, Relation],
               require_frontmatter: bool = True, cache: ReadCache | None = None,
               ids: HeadingIds = DEFAULT_IDS) -> tuple[Vault, Report]:
    """Every note and attachment under ``kb_dir``, in file order, and the findings.
    ``display`` is how the folder is named in messages; ``require_frontmatter`` makes a note
    without frontmatter an error (this project's knowledge base), not a note without
    properties (an Obsidian vault). With a ``cache``, a note whose file did not change since
    the cache read it is not read again. The vault's Obsidian settings are read first: the
    files they exclude are listed, never read."""
    report = Report()
    settings = read_settings(kb_dir, display, report)
    vault = Vault([], settings=settings)
    sources, attachments, excluded = list_vault(
        kb_dir, display, report, settings.excludes if settings.excluded else None)
    vault.excluded = [unicodedata.normalize("NFC", rel) for rel in excluded]
    for path, rel in sources:
        if cache is None:
            note = read_note(read_bytes(path), rel, display, relations, report,
                             require_frontmatter, ids)
        else:
            note = cache.read(read_bytes(path), rel, display, relations, report,
                              require_frontmatter, ids)
        if note is None:
            vault.broken.append(rel)
        elif note.publish:
            vault.notes.append(note)
        else:
            vault.unpublished.append(note)
    vault.attachments = {unicodedata.normalize("NFC", rel): path for path, rel in attachments}
    if cache is not None:
        cache.forget_unseen()
    vault.notes = _shared_permalinks(vault.notes, report)
    _check_slugs(vault.notes, report)
    return vault, report


def load_notes(kb_dir: Path, display: str, relations: dict[str, Relation],
               require_frontmatter: bool = True) -> tuple[list[Note], Report]:
    """Every published note under ``kb_dir``, in file order, and the findings."""
    vault, report = load_vault(kb_dir, display, relations, require_frontmatter)
    return vault.notes, report


def _address(note: Note) -> str:
    """The page address of ``note`` as a reader sees it (an index note is its folder's)."""
    if note.permalink:
        return f"{note.permalink}/"
    if note.slug == "index":
        return "the home page"
    return f"concepts/{note.slug.removesuffix('/index').removesuffix('index')}/"


def _shared_permalinks(notes: list[Note], report: Report) -> list[Note]:
    """``notes``, each ``permalink`` another note already holds given up: a note's own
    address wins over a permalink, and of two permalinks the first in the vault's order, as
    of two aliases naming one old path. A note that gives its permalink up is published at
    its own address, with a warning at the line (obsidian-help's *Migrate a Sync vault* and
    *Upgrade Sync encryption* both write ``permalink: sync/migrate``); the notes themselves
    are not changed (the live preview keeps them)."""
    owner = {_address(n): n for n in notes if not n.permalink}
    out = []
    for note in notes:
        first = owner.setdefault(_address(note), note) if note.permalink else note
        if first is not note:
            how = "the permalink" if first.permalink else "the address"
            note = without_permalink(note, f"{how} of {first.path}", report)
        out.append(note)
    return out


def _check_slugs(notes: list[Note], report: Report) -> None:
    by_slug: dict[str, list[Note]] = {}
    for note in notes:
        by_slug.setdefault(_address(note), []).append(note)
    for _, group in sorted(by_slug.items()):
        if len(group) > 1:
            files = ", ".join(n.path for n in group)
            # Names that look alike: say which one is written in decomposed Unicode
            nfd = [n.path for n in group if unicodedata.normalize("NFC", n.rel) != n.rel]
            hint = "rename one of them" + (f" ({', '.join(nfd)} is written in decomposed "
                                           "Unicode (NFD))" if nfd else "")
            for n in group:
                report.error(n.path, 1, f"notes share the page address {_address(n)}: {files}",
                             hint, "slug-clash")

