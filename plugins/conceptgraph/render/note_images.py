"""Images in notes: each ``![text](path)`` checked against the site's files, at its line in
``kb/``, before MkDocs sees the page.

A note becomes the page ``concepts/<slug>.md``, so a picture in ``docs/assets/`` is written
``![A diagram](../assets/diagram.png)``. MkDocs would report a wrong path against
``concepts/<slug>.md``, a file nobody can open; this check reports it against the note's own
file and line instead, and the page shows the picture's text in its place, so MkDocs has
nothing left to report. Images in code, and web addresses, are left alone; a video or a post
(``![](https://www.youtube.com/watch?v=…)``), which Obsidian plays in the note and no ``<img>``
can show, becomes a link to it where embeds are expanded (``player_link``; frames never reach
a page). An image of the vault
that is not published (one of Obsidian's excluded files) is shown as such, as a link to an
unpublished note is, and is not a finding.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from urllib.parse import unquote

from conceptgraph.diagnostics import Diagnostic
from conceptgraph.markup.lexer import code_spans, fenced_lines
from conceptgraph.markup.uri import EXTERNAL, destination
from conceptgraph.notes.note import Note
from conceptgraph.render.urls import CONCEPTS_DIR, concept_src

__all__ = ["IMAGE", "UNPUBLISHED", "angled", "check_images", "image_size", "player_link"]

# ![text](path) or ![text](<path with spaces> "title"); the text holds no brackets.
IMAGE = re.compile(r"""!\[(?P<alt>[^\[\]\n]*)\]\(\s*(?:<(?P<angle>[^<>\n]*)>|(?P<plain>[^\s()]*))
                       (?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)""", re.VERBOSE)
# The web pages Obsidian embeds as a player or a post rather than as a picture.
_PLAYER = re.compile(r"""^https?://(?:www\.|m\.)?(?:youtube\.com/(?:watch\?|shorts/|embed/)|youtu\.be/
                         |(?:twitter|x)\.com/[^/?#]+/status/)""", re.IGNORECASE | re.VERBOSE)
UNPUBLISHED = '<span class="cg-unpublished" title="Not published">{}</span>'
EXAMPLE = "![A diagram of the idea](../assets/diagram.png)"


def _problem(target: str, files: frozenset[str], folder: str = "", page: str = CONCEPTS_DIR,
             vault: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """What is wrong with image path ``target`` (message, fix), or None. ``folder`` is the
    note's folder in the vault, ``page`` its page's folder in the site, ``vault`` the vault's
    attachments: a path to one, from the note or the vault's root, is right."""
    if not target:
        return "an image without a path", f"write the path of a file in docs/, e.g. {EXAMPLE}"
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if _in(target, folder, vault):
        return None
    if target.startswith("/"):
        return (f"image path {target!r} starts with '/', which MkDocs does not resolve",
                "write the path relative to the note's page, e.g. "
                f"{EXAMPLE} for docs/assets/diagram.png")
    src = posixpath.normpath(posixpath.join(page, path))
    if src.startswith("../") or src == "..":
        return (f"image {target!r} points outside docs/", "keep pictures in docs/assets/ and "
                f"write {EXAMPLE}")
    if src not in files:
        where = f"docs/{src}"
        hint = (f"a note's page is concepts/<name>.md, so the path starts with ../: "
                f"![...](../{path})" if f"{path}" in files else
                f"put the file at {where}, or write the path of a file in docs/ "
                f"relative to the note's page, e.g. {EXAMPLE}")
        return f"image {target!r} not found: there is no {where}", hint
    return None


def _in(target: str, folder: str, paths: frozenset[str]) -> bool:
    """Whether image path ``target``, from the note's ``folder`` or the vault's root, is one of
    the vault paths ``paths``."""
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    return posixpath.normpath(posixpath.join(folder, path)) in paths or \
        path.lstrip("/") in paths


def _line(line: str, files: frozenset[str], folder: str = "", page: str = CONCEPTS_DIR,
          vault: frozenset[str] = frozenset(), held: frozenset[str] = frozenset()
          ) -> tuple[str, list[tuple[str, str]]]:
    """``line`` with its missing images as text, and the problem (message, fix) of each;
    an image among the ``held`` vault paths is shown as not published."""
    code = list(code_spans(line))
    problems: list[tuple[str, str]] = []

    def replace(m: re.Match[str]) -> str:
        if any(a <= m.start() < b for a, b in code):
            return m.group(0)
        target = destination(m)
        if held and target and not EXTERNAL.match(target) and _in(target, folder, held):
            return UNPUBLISHED.format(_plain(m.group("alt").strip() or "image"))
        problem = None if EXTERNAL.match(target) else _problem(target, files, folder, page,
                                                                vault)
        if problem is None:
            return m.group(0)
        problems.append(problem)
        alt = m.group("alt").strip() or "image"
        return f"*\\[{_plain(alt)}: image not found\\]*"

    return IMAGE.sub(replace, line), problems


def check_images(notes: Iterable[Note], files: frozenset[str] | None,
                 vault: frozenset[str] = frozenset(), held: frozenset[str] = frozenset()
                 ) -> tuple[list[Diagnostic], dict[str, str]]:
    """Warnings for images whose file is not among ``files`` (the site's source paths) or the
    ``vault``'s attachments, and the bodies of the notes that have such images, with the text
    in place of each one (``held``: files of the vault that are not published, shown as such).
    With ``files`` None nothing is checked."""
    found: list[Diagnostic] = []
    bodies: dict[str, str] = {}
    if files is None:
        return found, bodies
    for note in notes:
        if "![" not in note.body:
            continue
        lines = note.body.split("\n")
        changed = False
        for i, (line, fenced) in enumerate(zip(lines, fenced_lines(lines), strict=True)):
            if fenced or "![" not in line:
                continue
            new, problems = _line(line, files, note.rel.rpartition("/")[0],
                                  posixpath.dirname(concept_src(note)), vault, held)
            for message, hint in problems:
                found.append(Diagnostic(note.path, note.source.body_line + i, "warning",
                                        message, hint, "image"))
            changed |= new != line
            lines[i] = new
        if changed:
            bodies[note.slug] = "\n".join(lines)
    return found, bodies


def player_link(target: str, alt: str) -> str | None:
    """A Markdown link for an image whose ``target`` is a video or a post Obsidian embeds as
    a player (no ``<img>`` can show it), with ``alt`` (else the address) as its text; None
    for any other image."""
    if not _PLAYER.match(target):
        return None
    return f"[{_plain(alt.strip() or target)}]({angled(target)})"


def angled(address: str) -> str:
    """A web address as a Markdown link destination: ``<...>``, which holds no angle
    brackets (percent-encoded), so an odd address cannot end the link early."""
    return "<" + address.replace("<", "%3C").replace(">", "%3E") + ">"


_SIZED = re.compile(r"(?:(?P<alt>.*)\|)?[ \t]*(?P<w>\d{1,5})(?:x(?P<h>\d{1,5}))?[ \t]*")


def image_size(alt: str) -> tuple[str, str]:
    """Obsidian's size in a Markdown image's alt text (``![Photo|240](x.png)``,
    ``![240x160](x.png)``: an all-numeric alt is a size): the alt text without it, and the
    size as an attribute list to write after the image (empty without a size)."""
    m = _SIZED.fullmatch(alt)
    if m is None:
        return alt, ""
    height = f' height="{int(m.group("h"))}"' if m.group("h") else ""
    return (m.group("alt") or "").strip(), f'{{: width="{int(m.group("w"))}"{height} }}'


def _plain(text: str) -> str:
    """Text that Markdown shows as written."""
    return re.sub(r"([\\`*_\[\]<>!|$])", r"\\\1", text)
