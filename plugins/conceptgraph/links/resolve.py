"""One resolver for every wiki-link, in bodies and in frontmatter.

A link names a note by its name, title or an alias, ignoring case, Unicode normalisation form
and repeated or surrounding white space. Link text is only ever a key into this index: it never
becomes a file path or a URL.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from conceptgraph.diagnostics import Report, did_you_mean
from conceptgraph.markup.wikilinks import Heading, LinkText, heading_anchor
from conceptgraph.notes.names import name_key
from conceptgraph.notes.note import Note
from conceptgraph.types import NameKey


@dataclass(frozen=True)
class Target:
    """Where a resolved link points: a note and, for ``#Heading`` links, the heading's anchor."""

    note: Note
    anchor: str | None = None


class Resolver:
    """Index of every name, title and alias; a name that two notes claim is an error."""

    def __init__(self, notes: list[Note], report: Report):
        self._index: dict[NameKey, Note] = {}
        self._shown: dict[NameKey, str] = {}
        self._looked_up: dict[str, Note | None] = {}  # a name as written → its note
        claims: dict[NameKey, list[tuple[Note, str]]] = {}
        for note in notes:
            names = {name_key(n): n for n in (note.name, note.title, *note.aliases)}
            for key, shown in names.items():
                claims.setdefault(key, []).append((note, shown))
        for key, claimants in sorted(claims.items()):
            if len({id(n) for n, _ in claimants}) > 1:
                files = " and ".join(f"{n.path} ({how(n, s)})" for n, s in claimants)
                for n, _ in claimants:
                    report.error(n.path, _line(n, key), f"the name {claimants[0][1]!r} is "
                                 f"claimed by {files}", "rename one note or remove the "
                                 "duplicate alias or title", "name-clash")
                continue
            self._index[key] = claimants[0][0]
            self._shown[key] = claimants[0][1]

    def lookup(self, name: str) -> Note | None:
        """The note called ``name`` (name, title or alias), or None."""
        try:
            return self._looked_up[name]
        except KeyError:  # the first time this spelling is looked up
            note = self._looked_up[name] = self._index.get(name_key(name))
            return note

    def suggest(self, name: str) -> str:
        """``did you mean [[Sigmoid]]?`` for an unknown name, or an empty string."""
        return did_you_mean(name, self._shown.values(), fmt="[[{}]]")

    def resolve(self, link: LinkText, origin: Note, line: int, report: Report,
                where: str = "link") -> Target | None:
        """Resolve a link written in ``origin``; problems are reported at ``origin``:``line``."""
        raw = _raw(link)
        if not link.target and link.heading is None:
            report.error(origin.path, line, f"empty {where} {raw}",
                         "write the concept's name between the brackets, e.g. [[ReLU]]",
                         "empty-link")
            return None
        if link.target:
            note = self.lookup(link.target)
            if note is None:
                hint = self.suggest(link.target) or ("add a note for it, or fix the name "
                                                     "(see the Wanted concepts page)")
                report.warning(origin.path, line, f"unresolved {where} {raw}", hint,
                               "unresolved-link")
                return None
        else:
            note = origin
        if link.heading is None:
            return Target(note)
        if not link.heading:
            report.error(origin.path, line, f"empty heading in {where} {raw}",
                         "write the heading after '#', or remove the '#'", "empty-heading")
            return None
        if link.heading.startswith("^"):
            report.warning(origin.path, line, f"block references are not supported: {raw}",
                           f"link to a heading instead, e.g. [[{link.target}#Heading]]",
                           "block-ref")
            return Target(note)
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


def find_heading(headings: list[Heading], wanted: str) -> Heading | None:
    """The heading written as ``wanted`` (by text, ignoring case, or by its anchor)."""
    key = name_key(wanted)
    anchor = heading_anchor(wanted)
    for h in headings:
        if name_key(h.text) == key or h.anchor == anchor:
            return h
    return None


def how(note: Note, shown: str) -> str:
    if shown == note.name:
        if unicodedata.normalize("NFC", note.rel) != note.rel:
            return "its file name, written in decomposed Unicode (NFD)"
        return "its file name"
    if shown == note.title:
        return "its title"
    return "an alias"


def _line(note: Note, key: NameKey) -> int:
    for field_key in ("aliases", "title"):
        f = note.source.fields.get(field_key)
        if f and any(name_key(t) == key for t, _ in f.items):
            return next(line for t, line in f.items if name_key(t) == key)
    return 1


def _raw(link: LinkText) -> str:
    inner = link.target + (f"#{link.heading}" if link.heading is not None else "")
    inner += f"|{link.label}" if link.label is not None else ""
    return f"[[{inner}]]"
