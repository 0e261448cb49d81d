"""Redirect stubs, as Obsidian Publish makes them (a note's old address sends readers on).

Two things leave an address behind. A note with a ``permalink`` is published there, and its
own address (where it would be without one) redirects to it. An alias that holds a path of the
vault (``Guides/Old name``: any alias with a ``/``) is where the note was before it moved: the
address a note at that path would have redirects to it; an alias without ``/`` is only a name.

A stub is a small static HTML file at the address (not a Markdown page: it is in no nav, no
sitemap and no search index), whose link to the note is relative, so the site works under
any base path. An address that something else of the site holds keeps it: the stub is not
made, and a warning at the ``permalink`` or alias line says why; of two stubs at one address
to different notes, the first in the vault's order is made.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import NamedTuple
from urllib.parse import unquote

from conceptgraph.diagnostics import Report
from conceptgraph.notes.names import page_slug, slugify
from conceptgraph.notes.note import Note
from conceptgraph.render.urls import UrlOf, page_file, relative_url, slug_src
from conceptgraph.types import Url

# Sends the reader on with the part after "#" (a meta refresh drops it) and keeps the stub out
# of the history. It holds no data: the address is the canonical link's.
_FORWARD = ("<script>location.replace(document.querySelector('link[rel=\"canonical\"]').href"
            " + location.hash)</script>")


def stub_html(href: str, title: str) -> str:
    """The page that sends its reader to ``href`` (a URL relative to the stub), the page of
    ``title``: a meta refresh, a canonical link, ``noindex``, and a plain link for readers
    whose browser follows neither. Everything from the notes is escaped."""
    to, name = html.escape(href, quote=True), html.escape(title, quote=True)
    return ("<!doctype html>\n"
            '<html lang="en">\n'
            "<head>\n"
            '<meta charset="utf-8">\n'
            f"<title>{name}</title>\n"
            f'<link rel="canonical" href="{to}">\n'
            '<meta name="robots" content="noindex">\n'
            f"{_FORWARD}\n"
            f'<meta http-equiv="refresh" content="0; url={to}">\n'
            "</head>\n"
            "<body>\n"
            f'<p>This page has moved: <a href="{to}">{name}</a>.</p>\n'
            "</body>\n"
            "</html>\n")


class _Want(NamedTuple):
    """A stub a note asks for: at the page address of source path ``src``."""

    path: str  # the note, as messages name it
    line: int
    what: str  # "alias 'Guides/Old name'" or "permalink 'about'"
    src: str
    note: str  # the source path of the note's page


def site_owners(docs_files: Iterable[str], files: Iterable[str], notes: Mapping[str, Note],
                attachments: Mapping[str, str]) -> dict[str, str]:
    """What the site publishes at each source path, as a message names it: ``docs_files``
    (the site's own), the plugin's ``files``, the ``notes`` by their page's source path and the
    ``attachments`` (source path → the file as messages name it)."""
    owners = {src: f"the site's own file {src}" for src in docs_files}
    owners.update({src: f"the generated {'page' if src.endswith('.md') else 'file'} {src}"
                   for src in files})
    owners.update({src: f"the note {note.path}" for src, note in notes.items()})
    owners.update({src: f"the attachment {shown}" for src, shown in attachments.items()})
    return owners


def redirect_stubs(notes: Mapping[str, Note], owners: Mapping[str, str], url_of: UrlOf
                   ) -> tuple[dict[str, str], Report]:
    """The stubs of ``notes`` (by their page's source path) as {file of the site: HTML}, and
    a warning for each that is not made. ``owners``: what else the site publishes, by source
    path, as ``site_owners`` names it."""
    report = Report()
    wants = sorted(want for src, note in notes.items() for want in _wants(note, src, report))
    if not wants:  # nothing asks for a stub: no address is looked up
        return {}, report
    held = {url_of(src): owner for src, owner in owners.items()}
    made: dict[Url, tuple[_Want, Url]] = {}
    for want in wants:
        url, target = url_of(want.src), url_of(want.note)
        if url == target:  # the note is at that address already
            continue
        owner = held.get(url)
        first, to = made.get(url, (None, None))
        if owner is None and first is None:
            made[url] = (want, target)
        elif owner is None and to == target:
            continue  # the note names its old address twice: one stub
        else:
            report.warning(want.path, want.line, _clash(want, url, owner, first),
                           _fix(want, owner), "redirect-clash")
    return {page_file(url): stub_html(relative_url(target, url), notes[want.note].title)
            for url, (want, target) in made.items()}, report


def _wants(note: Note, src: str, report: Report) -> list[_Want]:
    """The stubs ``note`` asks for: at its own address when it has a permalink, and at the
    path each alias with a ``/`` names. An alias that is no path of the vault is a warning."""
    wants = []
    if note.permalink:
        wants.append(_Want(note.path, note.line_of("permalink"), f"permalink "
                           f"{note.permalink!r}", slug_src(note.slug), src))
    for alias in note.aliases:
        if "/" not in alias:
            continue
        line = _alias_line(note, alias)
        if any(p in (".", "..") or not slugify(p) for p in alias.split("/")):
            report.warning(note.path, line, f"alias {alias!r} holds a '/' but is not a path "
                           "in the vault (a part is empty, '.' or '..', or has no letters or "
                           "digits): no redirect is made from it", "write the note's old path "
                           "from the vault's root, e.g. Old folder/Old name", "redirect-path")
            continue
        wants.append(_Want(note.path, line, f"alias {alias!r}", slug_src(page_slug(alias)),
                           src))
    return wants


def _alias_line(note: Note, alias: str) -> int:
    """The line of ``alias`` in the frontmatter (``aliases``, or the deprecated ``alias``)."""
    for key in ("aliases", "alias"):
        field = note.source.fields.get(key)
        if field is not None:
            for text, line in field.items:
                if " ".join(text.split()) == alias:
                    return line
    return note.line_of("aliases")


def _clash(want: _Want, url: Url, owner: str | None, first: _Want | None) -> str:
    """Why ``want``'s stub at ``url`` is not made: ``owner`` is there, or the stub of
    ``first``."""
    if owner is None and first is not None:
        owner = f"a redirect to {first.path} (its {first.what}, the first in the vault's order)"
    where = "the home page" if page_file(url) == "index.html" else unquote(url)
    if want.what.startswith("permalink"):
        where = f"the note's own address ({where})"
    return f"{want.what}: no redirect from {where} is made, as it is the address of {owner}"


def _fix(want: _Want, owner: str | None) -> str:
    if want.what.startswith("permalink"):
        return "rename or move one of the two if the old address should lead here"
    if owner is None:
        return "remove one of the two aliases"
    return "remove the alias: the old address is taken"
