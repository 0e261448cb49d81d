"""Where pages are, and how one page reaches another.

A page's URL is never worked out here: MkDocs decides it from the page's source path (its
``File.url``), and the adapter hands the build that rule as a ``UrlOf`` function, so
``use_directory_urls: false`` holds for every link the plugin writes. This module only joins
two such URLs into a relative one, as MkDocs does for the links it writes itself.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable, Iterable
from urllib.parse import unquote

from conceptgraph.diagnostics import Report
from conceptgraph.notes.names import slugify
from conceptgraph.notes.note import Note, without_permalink
from conceptgraph.types import Slug, Url

CONCEPTS_DIR = "concepts"

# The site URL of a page or file, from its source path (``concepts/relu.md`` →
# ``concepts/relu/``): MkDocs' ``File.url``, handed in by the adapter.
UrlOf = Callable[[str], Url]


def concept_src(note: Note) -> str:
    """The virtual source path of a note's page: ``concepts/<slug>.md``
    (``concepts/<folder>/<name>.md`` for a note in a folder), its ``permalink``, or the home
    page ``index.md`` for the vault's own ``index.md``."""
    if note.permalink:
        return f"{note.permalink}.md"
    return slug_src(note.slug)


def slug_src(slug: Slug) -> str:
    """The source path of the page of the note with ``slug`` at its own address (without a
    ``permalink``): ``concepts/<slug>.md``, or ``index.md`` for the vault's ``index.md``."""
    if slug == "index":  # the vault's index.md: the site's home page
        return "index.md"
    return f"{CONCEPTS_DIR}/{slug}.md"


def free_permalinks(notes: list[Note], taken: Iterable[str], url_of: UrlOf
                    ) -> tuple[list[Note], Report]:
    """``notes``, and a warning for each note whose ``permalink`` is the address of another
    page of the site (a generated page, a page of docs/: ``taken`` are their source paths);
    such a note keeps its own address (it is replaced by a copy without the permalink), so no
    page hides another. The notes themselves are never changed: the live preview keeps them."""
    report = Report()
    used = {url_of(src) for src in taken if src.endswith(".md")}
    out = []
    for note in notes:
        if note.permalink and url_of(f"{note.permalink}.md") in used:
            note = without_permalink(note, "the address of another page of the site", report)
        out.append(note)
    return out, report


def attachment_src(rel: str) -> str:
    """Where an attachment of the vault is published, beside its notes' pages: its folders
    slugged as the notes' are, its file name kept (``Assets/Fig 1.png`` →
    ``concepts/assets/Fig 1.png``)."""
    *folders, name = rel.split("/")
    return "/".join([CONCEPTS_DIR, *(slugify(f) for f in folders), name])


def page_file(url: Url) -> str:
    """The file of the site that answers ``url``, as a static host serves it: a URL that ends
    in ``/`` is its folder's ``index.html`` (``concepts/relu/`` → ``concepts/relu/index.html``,
    the home page ``./`` → ``index.html``), any other is the file itself. MkDocs
    percent-encodes a URL; the file keeps its name."""
    path = unquote(url)
    return posixpath.normpath(path + "index.html") if not path or path.endswith("/") else path


def relative_url(url: Url, page_url: Url) -> str:
    """``url`` (from the site root) as seen from the page at ``page_url``.

    The same rule as MkDocs' ``get_relative_url``: a page URL whose last part has a dot is a
    file (``concepts/relu.html``), and links are resolved from its folder."""
    return RelativeTo(page_url)(url)


class RelativeTo:
    """``relative_url`` from one page, its URL split once for the many links a page has."""

    def __init__(self, page_url: Url):
        folder, _, last = page_url.rpartition("/")
        self._here = _parts(folder if "." in last else page_url)

    def __call__(self, url: Url) -> str:
        here, there = self._here, _parts(url)
        common, most = 0, min(len(here), len(there))
        while common < most and here[common] == there[common]:
            common += 1
        relative = "/".join(("..",) * (len(here) - common) + there[common:]) or "."
        return relative + "/" if url.endswith("/") else relative


@functools.lru_cache(maxsize=65536)
def _parts(url: str) -> tuple[str, ...]:
    """The parts of a URL's path (``.`` and empty ones left out). A site's pages link to the
    same few thousand pages: each URL is split once."""
    return tuple(p for p in url.split("/") if p and p != ".")


def file_url(path: str, page_url: Url) -> str:
    """A static file of the site (``assets/plots/relu.svg``) as seen from ``page_url``."""
    return relative_url(Url(posixpath.normpath(path)), page_url)
