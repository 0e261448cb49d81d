"""Reading the knowledge base: every file under ``kb/`` becomes a note or an error, never nothing.

A note's name is its file name without ``.md``; its slug (``concepts/<slug>/``) is the name in
lower case with words joined by ``-``. Fields are validated here, in one place, with
"expected X, received Y" messages.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, NewType

from conceptgraph.diagnostics import ConceptGraphError, Diagnostic, Report, did_you_mean
from conceptgraph.markup.sanitize import risky_html
from conceptgraph.markup.wikilinks import LINK_RE, LinkText, Scan, links_in_value, plain_text, scan
from conceptgraph.notes.frontmatter import CONTROL, Source, decode, invisible_or_control, split
from conceptgraph.notes.limits import body_limits
from conceptgraph.notes.papers import Paper, parse_paper
from conceptgraph.render.background import Background, SharedCounters, can_fork

NoteName = NewType("NoteName", str)  # the file name without .md: "Leaky ReLU"
Slug = NewType("Slug", str)  # URL-safe, unique: "leaky-relu"; the page is concepts/<slug>/

RESERVED_SLUGS = frozenset({"index"})  # concepts/index.md is the A–Z page
_NOT_WORD = re.compile(r"[^\w]+|_+")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$", re.I)


@dataclass(frozen=True)
class Relation:
    """A typed relation declared in mkdocs.yml: ``typeOf`` "Type of" / "Subtypes"."""

    key: str
    label: str
    inverse: str
    taxonomy: bool = False


LINK_RELATION = Relation("link", "Links to", "Mentioned in")

BASE_KEYS = {
    "title": "display title (text)",
    "aliases": "other names (a list of text)",
    "description": "one-sentence summary (text)",
    "tags": "tags (a list of text)",
    "activation": "activation-function registry name (text)",
    "params": "activation parameters (a mapping of name: number)",
    "foundationalPaper": '"Title (Authors, Year)"',
    "keyPapers": 'a list of "Title (Authors, Year)"',
}


class RelationRef(NamedTuple):
    """A wiki-link written in a relation field of the frontmatter (a named tuple, as
    ``wikilinks.Link``)."""

    relation: str
    text: LinkText
    line: int


@dataclass
class Note:
    """One concept note, read and validated."""

    name: NoteName
    path: str  # as shown in messages: "kb/Leaky ReLU.md"
    rel: str  # relative to the knowledge-base folder: "Leaky ReLU.md"
    slug: Slug
    title: str
    aliases: tuple[str, ...]
    source: Source
    scan: Scan
    relations: list[RelationRef] = field(default_factory=list)
    papers: list[tuple[Paper, str, int]] = field(default_factory=list)  # (paper, role, line)
    description: str = ""
    tags: tuple[str, ...] = ()
    activation: str | None = None
    activation_line: int = 0
    params: dict[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Note({self.name!r} <{self.path}>)"

    @property
    def body(self) -> str:
        return self.source.body

    def line_of(self, key: str) -> int:
        f = self.source.fields.get(key)
        return f.line if f else 1


def slugify(name: str) -> Slug:
    """``Leaky ReLU`` → ``leaky-relu``; Unicode letters are kept, everything else joins words."""
    text = unicodedata.normalize("NFC", name).casefold()
    return Slug(_NOT_WORD.sub("-", text).strip("-"))


def check_name(name: str) -> str | None:
    """Why ``name`` cannot be a concept name, or None when it can."""
    if not name.strip():
        return "the name is empty"
    if "/" in name or "\\" in name or name in (".", ".."):
        return "the name contains a path separator"
    bad = invisible_or_control(name)
    if bad:
        return f"the name contains an invisible or control character ({bad})"
    if name != name.strip() or name.endswith("."):
        return "the name starts or ends with a space, or ends with a dot (not portable)"
    if _WINDOWS_RESERVED.match(name):
        return f"'{name}' is a reserved file name on Windows"
    if len(name.encode()) > 200:
        return "the name is longer than 200 bytes"
    slug = slugify(name)
    if not slug:
        return "the name has no letters or digits to make a URL from"
    if slug in RESERVED_SLUGS:
        return f"'{name}' is reserved for a page the site generates"
    return None


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
            elif entry.name.lower().endswith(".md"):
                report.error(shown, 1, "note extension must be lower-case '.md'",
                             f"rename it to '{entry.name[:-3]}.md'", "not-a-note")
            else:
                report.error(shown, 1, "only Markdown notes (.md) belong in the knowledge base",
                             "move this file elsewhere (e.g. docs/ for images)", "not-a-note")

    walk(os.fspath(kb_dir), "")
    return found


def read_note(raw: bytes, rel: str, display: str, relations: dict[str, Relation],
              report: Report) -> Note | None:
    """Read one note; problems go to ``report``. Returns None only when an error was reported."""
    path = f"{display}/{rel}"
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
    _read_fields(note, relations, report)
    return None if any(d.level == "error" for d in report.items[first_new:]) else note


def _text(note: Note, key: str, report: Report) -> str | None:
    f = note.source.fields.get(key)
    if f is None:
        return None
    if not isinstance(f.value, str):
        report.error(note.path, f.line, f"'{key}' expected text, received {_kind(f.value)}",
                     f"write {key}: \"...\"", "type")
        return None
    return f.value


def _texts(note: Note, key: str, report: Report) -> list[tuple[str, int]]:
    f = note.source.fields.get(key)
    if f is None:
        return []
    value = f.value
    if isinstance(value, str):
        return [(value, f.line)]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(f.items)
    hint = f'write a list of text: {key}: ["...", "..."]'
    if isinstance(value, list) and any(isinstance(v, list) for v in value):
        hint = f'put wiki-links in quotes: {key}: "[[Name]]" or {key}: ["[[A]]", "[[B]]"]'
    report.error(note.path, f.line, f"'{key}' expected text or a list of text, received "
                 f"{_kind(value)}", hint, "type")
    return []


def _kind(value: Any) -> str:
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list) and any(isinstance(v, list) for v in value):
        return "a nested list (an unquoted [[link]] in YAML is a list inside a list)"
    return "a list"


def _read_fields(note: Note, relations: dict[str, Relation], report: Report) -> None:
    fields = note.source.fields
    # A YAML escape ("\a", "\x1b") writes what the file itself may not hold. That is rare:
    # one search over all the text comes first.
    if CONTROL.search("\n".join(t for f in fields.values() for t, _ in f.items)):
        for key, f in fields.items():
            bad = next(((t, line) for t, line in f.items if CONTROL.search(t)), None)
            if bad and key not in ("title", "aliases"):  # those two refuse invisible ones too
                ch = CONTROL.search(bad[0]).group()  # type: ignore[union-attr]
                report.error(note.path, bad[1], f"'{key}' contains the control character "
                             f"U+{ord(ch):04X}", "remove it (a YAML escape such as \\a or "
                             "\\x1b writes one)", "control-char")
    title = _text(note, "title", report)
    if title is not None and not title.strip():
        report.warning(note.path, note.line_of("title"), "empty title",
                       "remove the title field or write one; the heading or name is used",
                       "empty-title")
        title = None
    if title is None:
        h1 = next((h for h in note.scan.headings if h.level == 1 and h.text), None)
        title = h1.text if h1 else note.name
    note.title = " ".join(title.split())
    invisible = invisible_or_control(note.title)
    if invisible:
        report.error(note.path, note.line_of("title"), f"title contains {invisible}",
                     "remove the invisible character", "invisible")
    aliases = []
    for alias, line in _texts(note, "aliases", report):
        invisible = invisible_or_control(alias)
        if invisible:
            report.error(note.path, line, f"alias {alias!r} contains {invisible}",
                         "remove the invisible character", "invisible")
        elif alias.strip():
            aliases.append(" ".join(alias.split()))
    note.aliases = tuple(aliases)
    note.description = _text(note, "description", report) or ""
    note.tags = tuple(t for t, _ in _texts(note, "tags", report))
    for role in ("foundationalPaper", "keyPapers"):
        for text, line in _texts(note, role, report):
            paper = parse_paper(text)
            if not paper.parsed:
                report.warning(note.path, line, f"paper {text!r} is not in the form "
                               "\"Title (Authors, Year)\"",
                               "write e.g. \"Deep Sparse Rectifier Neural Networks (Glorot, "
                               "Bordes & Bengio, 2011)\"; it is shown as written", "paper")
            note.papers.append((paper, role, line))
    if "activation" in fields:
        note.activation = _text(note, "activation", report)
        note.activation_line = note.line_of("activation")
    if "params" in fields:
        params = fields["params"].value
        if isinstance(params, dict) and all(isinstance(v, str) for v in params.values()):
            note.params = dict(params)
        else:
            report.error(note.path, note.line_of("params"), "'params' expected a mapping of "
                         f"name: number, received {_kind(params)}", "write params: {alpha: 0.1}",
                         "type")
    for key, f in fields.items():
        if key in relations:
            for text, line in _texts(note, key, report):
                links = links_in_value(text)
                if not links:
                    report.error(note.path, line, f"'{key}' expected wiki-links like "
                                 f"\"[[Name]]\", received {text!r}",
                                 f"write {key}: \"[[{text.strip() or 'Name'}]]\"", "relation")
                for link in links:
                    note.relations.append(RelationRef(key, link, line))
        elif key not in BASE_KEYS:
            flat = " ".join(t for t, _ in f.items)
            if LINK_RE.search(flat) or isinstance(f.value, list) and any(
                    isinstance(v, list) for v in f.value):
                report.warning(note.path, f.line, f"field '{key}' holds wiki-links but is not a "
                               "declared relation", "declare it in mkdocs.yml under plugins → "
                               f"conceptgraph → relations: {key}: {{label: ..., inverse: ...}}",
                               "undeclared-relation")
            else:
                known = list(BASE_KEYS) + list(relations)
                hint = did_you_mean(key, known) or "known keys: " + ", ".join(sorted(known))
                report.warning(note.path, f.line, f"unknown frontmatter key '{key}'", hint,
                               "unknown-key")


# Below this many notes, a second process costs more than the part of the reading it saves.
PARALLEL_FROM = 400
_CHUNK = 8  # notes claimed at a time by either process
# Packing a note to send it back costs the second process about a quarter of reading it (and
# this one as much to unpack): it stops taking notes once this process can read all that is
# left in the time it needs to pack what it has.
_PACKING = 0.25


class Reading:
    """Reading every note under ``kb_dir``, which can start before the notes are needed.

    With ``parallel`` (and a large knowledge base), a forked second process starts reading at
    once from the first note on, while this process reads, when ``result`` is called, from the
    last note back; each claims a few notes at a time from a shared pair of counters, until they
    meet. The second process thus reads what it can in the time before ``result`` (the plugin
    starts it in ``on_config``, while MkDocs loads its theme), and both finish together, with
    no share fixed in advance. Its notes come back pickled. The notes and findings are the
    same, in the same order, either way."""

    def __init__(self, kb_dir: Path, display: str, relations: dict[str, Relation],
                 parallel: bool = False):
        self._display, self._relations = display, relations
        self._report = Report()
        self._sources = list_sources(kb_dir, display, self._report)
        count = len(self._sources)
        self._pid = os.getpid()
        # (next note from the front, first note taken from the back): shared with the second
        # process when there is one
        self._counters = SharedCounters(0, count) \
            if parallel and count >= PARALLEL_FROM and can_fork() else None
        self._bounds = (0, count)
        self._second = Background(self._read_front, enabled=self._counters is not None)

    @property
    def split(self) -> int:
        """Where the two processes met: the second one read the notes before it."""
        return self._get()[0]

    def _get(self) -> tuple[int, int]:
        return self._counters.get() if self._counters is not None else self._bounds

    def _claim(self, front: bool, taken: int = 0) -> range | None:
        """The next few notes for one process: from the front (for the second process, which
        has ``taken`` notes so far) or from the back."""
        counters = self._counters
        locked = counters is not None and self._acquire(counters, front)
        try:
            low, high = self._get()
            if low >= high or front and high - low <= taken * _PACKING:
                return None
            if front:
                end = min(low + _CHUNK, high)
                claimed, low = range(low, end), end
            else:
                start = max(high - _CHUNK, low)
                claimed, high = range(start, high), start
            if counters is not None:
                counters.set(low, high)
            else:
                self._bounds = (low, high)
            return claimed
        finally:
            if locked:
                assert counters is not None
                counters.release()

    def _acquire(self, counters: SharedCounters, front: bool) -> bool:
        """Take the counters' lock; here, give up once the second process has ended (it may
        have been killed holding it, and no longer touches the counters)."""
        if front:
            return counters.acquire()
        while not counters.acquire(timeout=0.05):
            if self._second.finished:
                return False
        return True

    def _read(self, numbers: range, found: Report) -> list[Note]:
        read = [read_note(_read_bytes(path), rel, self._display, self._relations, found)
                for path, rel in (self._sources[i] for i in numbers)]
        return [n for n in read if n is not None]

    def _read_front(self) -> tuple[list[Note], list[Diagnostic]]:
        found = Report()
        if os.getpid() == self._pid:
            # Here, when the second process never started or failed: once this process has
            # read from the back, what is left is what that process claimed (nothing if none).
            return self._read(range(0, self.split), found), found.items
        notes: list[Note] = []
        taken = 0
        while (numbers := self._claim(front=True, taken=taken)) is not None:
            notes += self._read(numbers, found)
            taken += len(numbers)
        return notes, found.items

    def result(self) -> tuple[list[Note], Report]:
        """Every note, in file order, and the findings (once: reading is done then)."""
        back: list[tuple[list[Note], list[Diagnostic]]] = []
        while (numbers := self._claim(front=False)) is not None:
            found = Report()
            back.append((self._read(numbers, found), found.items))
        notes, items = self._second.result()
        if self._counters is not None:  # both processes are done with them
            self._bounds = self._counters.get()
            self._counters.close()
            self._counters = None
        report = self._report
        report.extend(items)
        for more_notes, more_items in reversed(back):  # the back was read last note first
            notes += more_notes
            report.extend(more_items)
        _check_slugs(notes, report)
        return notes, report


def _read_bytes(path: str) -> bytes:
    """The bytes of file ``path``, without a buffer in between (read in one call)."""
    with open(path, "rb", buffering=0) as f:
        return f.readall()


def load_notes(kb_dir: Path, display: str, relations: dict[str, Relation],
               parallel: bool = False) -> tuple[list[Note], Report]:
    """Read every note under ``kb_dir``. ``display`` is how the folder is named in messages.

    ``parallel`` reads part of a large knowledge base in a forked second process (``Reading``);
    the notes and findings are the same, in the same order."""
    return Reading(kb_dir, display, relations, parallel).result()


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


__all__ = ["LINK_RELATION", "Note", "Reading", "Relation", "RelationRef", "load_notes",
           "plain_text", "read_note", "slugify"]
