"""Stand-ins for notes with errors, so the live preview keeps every page.

``mkdocs serve`` goes on after errors (``BuildOptions.keep_going``). A note that has one is
replaced by a stand-in: the same file name, page address and (when its frontmatter could be
read) title and aliases, so links to it still resolve, and as its body a box that lists the
errors. Its own fields (relations, papers, formula) are left out until it is fixed.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from conceptgraph.diagnostics import ConceptGraphError, Diagnostic, Report
from conceptgraph.markup.scanner import scan
from conceptgraph.notes.fields import read_fields
from conceptgraph.notes.files import read_bytes
from conceptgraph.notes.frontmatter import Source, split
from conceptgraph.notes.names import check_name, page_slug
from conceptgraph.notes.note import Note, Relation
from conceptgraph.notes.text import decode
from conceptgraph.types import NoteName, SourcePath

__all__ = ["error_box", "stand_ins"]


def _text(text: str) -> str:
    """Text for raw HTML that neither Markdown, the wiki-link scanner nor KaTeX will read."""
    return html.escape(text, quote=True).replace("[", "&#91;").replace("]", "&#93;") \
        .replace("$", "&#36;").replace("`", "&#96;").replace("\\", "&#92;")


def error_box(errors: Iterable[Diagnostic]) -> str:
    """The body of a stand-in: an HTML block (no blank line inside) listing ``errors``."""
    items = "".join(f"<li><code>{_text(str(d))}</code></li>" for d in sorted(errors))
    return ('<div class="admonition failure cg-broken-note">\n'
            '<p class="admonition-title">This note has errors, so the preview shows them '
            "instead of the note</p>\n"
            f"<ul>{items}</ul>\n"
            "<p>Fix them and save: the page comes back. <code>mkdocs build</code> and "
            "<code>conceptgraph check</code> stop on these errors.</p>\n</div>\n")


def _stand_in(path: Path, rel: str, display: str, relations: dict[str, Relation],
              errors: list[Diagnostic], require_frontmatter: bool = True) -> Note | None:
    shown = SourcePath(f"{display}/{rel}")
    name = NoteName(unicodedata.normalize("NFC", rel.rpartition("/")[2][:-3]))
    if check_name(name):
        return None
    title, aliases = str(name), tuple[str, ...]()
    try:
        source = split(decode(read_bytes(str(path)), shown), shown, require_frontmatter)
        partial = Note(name=name, path=shown, rel=rel, slug=page_slug(rel), title=name,
                       aliases=(), source=source, scan=scan(source.body, source.body_line))
        read_fields(partial, relations, Report())
        title, aliases = partial.title, partial.aliases
    except (ConceptGraphError, OSError):
        pass  # the frontmatter cannot be read: the file name is all there is
    body = error_box(errors)
    return Note(name=name, path=shown, rel=rel, slug=page_slug(rel), title=title,
                aliases=aliases, source=Source(path=shown, body=body), scan=scan(body))


def stand_ins(kb_dir: Path, display: str, relations: dict[str, Relation],
              errors: Iterable[Diagnostic], taken: Iterable[str],
              require_frontmatter: bool = True) -> list[Note]:
    """A stand-in for each note file named in ``errors`` (a path under ``display``), except
    those whose page address is in ``taken`` or claimed twice."""
    by_path: dict[str, list[Diagnostic]] = {}
    for d in errors:
        by_path.setdefault(d.path, []).append(d)
    out: list[Note] = []
    slugs = set(taken)
    prefix = f"{display}/"
    for shown, found in sorted(by_path.items()):
        rel = shown[len(prefix):] if shown.startswith(prefix) else ""
        file = kb_dir / rel
        if not rel.endswith(".md") or not file.is_file() or file.is_symlink():
            continue
        note = _stand_in(file, rel, display, relations, found, require_frontmatter)
        if note is None or note.slug in slugs:
            continue
        slugs.add(note.slug)
        out.append(note)
    return out
