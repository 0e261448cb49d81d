"""One resolver for every wiki-link, in bodies and in frontmatter, as Obsidian resolves them.

A link names a note (or an attachment) by its path in the vault or its file name; for a note
also by its title or an alias, a deliberate extension of Obsidian's rules (a file name wins).
Names are compared ignoring case (an exact-case match wins), Unicode normalisation form and
repeated white space. The order: ``/x`` and ``./x``, ``../x`` are paths from the vault root and
from the linking note's folder; otherwise the exact vault path, the path from the linking
note's folder, then any file whose path ends with ``x``. Only a link that still fits two files
(or two notes' titles or aliases) is a problem: a warning names them all and the path that
picks one. Link text is only ever a key into this index: it never becomes a file path.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import NamedTuple

from conceptgraph.diagnostics import Report, did_you_mean
from conceptgraph.markup.wikilinks import Heading, LinkText, heading_anchor, plain_text
from conceptgraph.notes.names import name_key
from conceptgraph.notes.note import Note


class Target(NamedTuple):
    """Where a resolved link points: a note and its heading's or block's anchor, or an
    attachment (``file``, its path in the vault)."""

    note: Note | None
    anchor: str | None = None
    file: str | None = None


class Match(NamedTuple):
    """What a link's target names: a note, an attachment, a note that is not published
    (``held``: "unpublished" or "broken"), and every candidate when it fits several."""

    note: Note | None = None
    file: str | None = None
    held: str | None = None
    candidates: tuple[str, ...] = ()  # vault paths, when several files fit


def _key(path: str) -> str:
    return " ".join(unicodedata.normalize("NFC", path).casefold().split())


class _Index:
    """Files by their vault path and by their file name (both keys case-folded), each key
    with the (vault path, value) pairs it names.

    The pairs are strings in tuples, never notes in lists: the live preview makes a new
    index each rebuild, and the garbage collector lets go of tuples of strings, where it
    would walk lists of notes in every later full collection."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        by_path: dict[str, list[tuple[str, str]]] = {}
        by_name: dict[str, list[tuple[str, str]]] = {}
        for rel, value in entries:
            key = _key(rel)
            by_path.setdefault(key, []).append((rel, value))
            by_name.setdefault(key.rpartition("/")[2], []).append((rel, value))
        self.by_path = {k: tuple(v) for k, v in by_path.items()}
        self.by_name = {k: tuple(v) for k, v in by_name.items()}

    def find(self, want: str, folder: str | None, exact: str) -> list[tuple[str, str]]:
        """Candidates for vault path ``want`` (case-folded), written ``exact``."""
        found: Iterable[tuple[str, str]] = self.by_path.get(want, ())
        if not found and folder:
            found = self.by_path.get(_key(folder + "/") + want, ())
        if not found and "/" not in want:
            found = self.by_name.get(want, ())
        elif not found:
            found = [c for key, cs in self.by_path.items() if key.endswith("/" + want)
                     for c in cs]
        same_case = [c for c in found if c[0].endswith(exact)]
        return same_case or list(found)


class Resolver:
    """The index of every note, attachment, title and alias of the vault."""

    def __init__(self, notes: list[Note], report: Report | None = None,
                 attachments: Iterable[str] = (), held: Iterable[tuple[str, str]] = ()):
        self._by_rel = {note.rel: note for note in notes}
        self._notes = _Index((note.rel.removesuffix(".md"), note.rel) for note in notes)
        self._files = _Index((rel, rel) for rel in attachments)
        self._held = _Index((rel.removesuffix(".md"), why) for rel, why in held)
        aliases: dict[str, list[str]] = {}  # name → the vault paths of the notes it names
        self._shown: list[str] = []
        self._cache: dict[tuple[str, str | None], Match | None] = {}
        for note in notes:
            self._shown.append(note.name)
            for other in dict.fromkeys(name_key(n) for n in (note.title, *note.aliases)):
                group = aliases.setdefault(other, [])
                if note.rel not in group:
                    group.append(note.rel)
            self._shown += [note.title, *note.aliases]
        self._aliases = {k: tuple(v) for k, v in aliases.items()}

    def find(self, target: str, origin: Note | None = None) -> Match | None:
        """What ``target`` names, written in ``origin`` (None: from the vault root)."""
        folder = origin.rel.rpartition("/")[0] if origin is not None else None
        cache_key = (target, folder)
        if cache_key not in self._cache:
            self._cache[cache_key] = self._find(target, folder)
        return self._cache[cache_key]

    def _find(self, target: str, folder: str | None) -> Match | None:
        path = unicodedata.normalize("NFC", target.strip()).replace("\\", "/")
        if path.startswith(("./", "../")):
            path = posixpath.normpath(posixpath.join(folder or "", path))
            if path.startswith("../") or path == "..":
                return None  # outside the vault: nothing there is published
            folder = None
        elif path.startswith("/"):
            path, folder = path.lstrip("/"), None
        if not path:
            return None
        stem = path[:-3] if path.lower().endswith(".md") else path
        found = self._notes.find(_key(stem), folder, stem.rpartition("/")[2])
        if found:
            return _pick([(rel, rel) for _, rel in found],  # the note's file, with ".md"
                         lambda rel: Match(note=self._by_rel[rel]))
        found = self._files.find(_key(path), folder, path.rpartition("/")[2])
        if found:
            return _pick(found, lambda rel: Match(file=rel))
        held = self._held.find(_key(stem), folder, stem.rpartition("/")[2])
        if held:
            return Match(held=held[0][1])
        # A title or an alias; one holding a '/' is the note's old vault path, which a link
        # written before the note moved still names (obsidian-help's Chinese notes link
        # [[Obsidian 同步服务/同步安全和隐私#^…]], an alias of the moved note)
        rels = self._aliases.get(name_key(stem), ())
        if len(rels) == 1:
            return Match(note=self._by_rel[rels[0]])
        if rels:
            return Match(note=self._by_rel[min(rels, key=_order)],
                         candidates=tuple(sorted(rels)))
        return None

    def lookup(self, name: str, origin: Note | None = None) -> Note | None:
        """The note ``name`` names (a path, file name, title or alias), or None."""
        found = self.find(name, origin)
        return found.note if found is not None else None

    def suggest(self, name: str) -> str:
        """``did you mean [[Sigmoid]]?`` for an unknown name, or an empty string."""
        return did_you_mean(name, self._shown, fmt="[[{}]]")

    def resolve(self, link: LinkText, origin: Note, line: int, report: Report,
                where: str = "link") -> Target | None:
        """Resolve a link written in ``origin``; problems are reported at ``origin``:``line``.

        A link to a note that is not published (``publish: false``, or one with errors)
        resolves to nothing, and says nothing: that note's own problem is reported once."""
        raw = _raw(link)
        if not link.target and link.heading is None:
            report.error(origin.path, line, f"empty {where} {raw}",
                         "write the concept's name between the brackets, e.g. [[ReLU]]",
                         "empty-link")
            return None
        if link.target:
            found = self.find(link.target, origin)
            if found is None:
                hint = self.suggest(link.target) or ("add a note for it, or fix the name "
                                                     "(see the Wanted concepts page)")
                if is_file_name(link.target):
                    hint = ("no file of that name is in the vault: add it, or fix the name")
                report.warning(origin.path, line, f"unresolved {where} {raw}", hint,
                               "unresolved-link")
                return None
            if found.held is not None:
                return None
            if found.candidates:
                report.warning(origin.path, line, f"ambiguous {where} {raw}: it fits "
                               + " and ".join(f"{_vault(origin)}/{c}" for c in found.candidates),
                               "write the path to pick one: " + " or ".join(
                                   f"[[{c.removesuffix('.md')}]]" for c in found.candidates),
                               "ambiguous-link")
            if found.file is not None:
                return Target(None, file=found.file)
            note = found.note
            assert note is not None
        else:
            note = origin
        if link.heading is None:
            return Target(note)
        if not link.heading:
            report.error(origin.path, line, f"empty heading in {where} {raw}",
                         "write the heading after '#', or remove the '#'", "empty-heading")
            return None
        if link.heading.startswith("^"):
            block = link.heading[1:]
            if block not in note.scan.blocks:
                known = list(note.scan.blocks)
                hint = did_you_mean(block, known, fmt="'^{}'") or (
                    "its block ids are: " + ", ".join(f"'^{b}'" for b in known) if known
                    else f"add ' ^{block or 'id'}' at the end of the paragraph in {note.path}")
                report.warning(origin.path, line, f"{where} {raw}: {note.path} has no block "
                               f"^{block}", hint, "missing-block")
                return Target(note)
            return Target(note, "^" + block)
        heading = find_heading(note.scan.headings, link.heading)
        if heading is None:
            options = [h.text for h in note.scan.headings]
            hint = did_you_mean(link.heading, options, fmt="'{}'") or (
                "its headings are: " + ", ".join(f"'{o}'" for o in options) if options
                else "that note has no headings")
            report.warning(origin.path, line, f"{where} {raw}: {note.path} has no heading "
                           f"{link.heading!r}", hint, "missing-heading")
            return Target(note)
        return Target(note, heading.anchor)


def _pick(found: list[tuple[str, str]], make: Callable[[str], Match]) -> Match:
    """One candidate: the only one, else the one with the fewest folders, then by path."""
    rel, value = min(found, key=lambda c: _order(c[0]))
    match = make(value)
    if len(found) > 1:
        return Match(match.note, match.file, None, tuple(sorted(r for r, _ in found)))
    return match


def is_file_name(target: str) -> bool:
    """Whether ``target`` names a file other than a note (``photo.png``, ``paper.pdf``)."""
    ext = target.rpartition("/")[2].rpartition(".")[2]
    return "." in target.rpartition("/")[2] and ext.isalnum() and len(ext) <= 5 and \
        ext.lower() != "md" and not ext.isdigit()


def _order(rel: str) -> tuple[int, str]:
    return rel.count("/"), rel


def _vault(note: Note) -> str:
    return note.path[: len(note.path) - len(note.rel) - 1]


def find_heading(headings: list[Heading], wanted: str) -> Heading | None:
    """The heading written as ``wanted`` (by text, ignoring case, or by its anchor); for
    ``A#B``, the heading B (Obsidian's sub-heading form). An empty part is no heading: the
    heading "C#" is written ``[[Note#C#]]``."""
    if "#" in wanted:
        wanted = next((p for p in reversed(wanted.split("#")) if p.strip()), wanted)
    # A heading's text is kept as read (plain_text: `code` and *emphasis* marks dropped), and
    # a link may write it with them (obsidian-help's [[Filters#`wikilink`]])
    keys = {_heading_key(wanted), _heading_key(plain_text(wanted))}
    anchor = heading_anchor(wanted)
    for h in headings:
        if _heading_key(h.text) in keys or h.anchor == anchor:
            return h
    return None


_NOT_IN_LINKS = re.compile(r"[#|^:\[\]%]")


def _heading_key(text: str) -> str:
    """Obsidian compares heading text with the characters a link cannot hold (``# | ^ : [ ]
    %``) as spaces: ``[[Note#Cause effect]]`` is the heading "Cause: effect"."""
    return name_key(_NOT_IN_LINKS.sub(" ", text))


def _raw(link: LinkText) -> str:
    inner = link.target + (f"#{link.heading}" if link.heading is not None else "")
    inner += f"|{link.label}" if link.label is not None else ""
    return f"[[{inner}]]"
