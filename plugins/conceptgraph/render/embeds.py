"""Obsidian embeds and block ids, made into Markdown and HTML before MkDocs reads a note.

- ``![[photo.png]]``, ``![[photo.png|300]]``, ``![[photo.png|300x200]]``,
  ``![[photo.png|A caption]]``, ``![[photo.png#dark]]``: an ``<img>``. An SVG is always an
  ``<img src>``, never inlined. Sounds, videos and PDFs become their HTML elements; the build
  makes that HTML itself (``Embeds.fragments``), and the adapter puts it in after the note's
  HTML was cleaned, in place of a placeholder (``render/fragments.py``): nothing the note
  writes can make a frame or a player.
- ``![[Note]]``, ``![[Note#Heading]]``, ``![[Note#^block-id]]``: the target's text (that
  heading's section, that block), with its own embeds expanded and its links written as vault
  paths, so they resolve as they do in the target; in a
  ``<div class="internal-embed markdown-embed">`` with a link to the target. A cycle, or more
  than ``MAX_DEPTH`` embeds deep, is a warning that shows the chain, and a link instead. In a
  table row, which Markdown reads as one line, the embed's Markdown is a ``Transclusion``
  fragment: the adapter renders it as it renders the page, into the cell.
- ``![alt](Attachments/x.png)``: a path relative to the note (or the vault) becomes the path
  of the published file, relative to the page. A Markdown link to a note or file that is not
  published shows its text as a wiki-link to one does.
- ``text ^block-id``: a hidden anchor ``id="^block-id"``, so ``[[Note#^block-id]]`` lands
  there; a ``^block-id`` alone on a line anchors the block above it.

Missing targets were reported when the links were resolved (``links/resolve.py``): an embed
of one stays a link, which renders as missing.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from urllib.parse import unquote

from conceptgraph.diagnostics import Report
from conceptgraph.graph.model import ConceptGraph
from conceptgraph.links.resolve import Match, find_heading
from conceptgraph.markup.lexer import code_spans, fenced_lines
from conceptgraph.markup.scanner import BLOCK_ID, has_block_id
from conceptgraph.markup.uri import EXTERNAL, destination, vault_file
from conceptgraph.markup.wikilinks import LinkText
from conceptgraph.notes.note import Note
from conceptgraph.render.fragments import Fragment, Transclusion, placeholder
from conceptgraph.render.note_images import IMAGE, UNPUBLISHED, angled, image_size, player_link
from conceptgraph.render.slices import container, note_slice
from conceptgraph.render.text import attr
from conceptgraph.render.urls import attachment_src, concept_src, relative_url
from conceptgraph.types import Url

MAX_DEPTH = 5
IMAGES = frozenset(["avif", "bmp", "gif", "jpeg", "jpg", "png", "svg", "webp"])
AUDIO = frozenset(["flac", "m4a", "mp3", "ogg", "wav", "3gp"])
VIDEO = frozenset(["mkv", "mov", "mp4", "ogv", "webm"])
_WIKI = re.compile(r"(?P<bang>!?)\[\[(?P<inner>[^\[\]\n]*)\]\]")
_SIZE = re.compile(r"(?P<w>\d{1,5})(?:x(?P<h>\d{1,5}))?")
# [text](Note.md#Heading), [text](<Folder/My note.md>): a Markdown link (not an image)
_MD_LINK = re.compile(r"""(?<!!)\[(?P<alt>[^\[\]\n]*)\]
                          \(\s*(?:<(?P<angle>[^<>\n]*)>|(?P<plain>[^\s()]*))
                          (?P<title>\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)""", re.VERBOSE)

Stack = tuple[tuple[str, str], ...]  # (vault path, subpath) of each embed being expanded



class Embeds:
    """Expands the embeds of each page; ``fragments`` holds, per page source, the HTML the
    build made for its players and PDFs, and the transclusions of its table cells."""

    def __init__(self, cg: ConceptGraph, urls: Mapping[str, Url], report: Report,
                 docs_files: frozenset[str] | None = None, vault: str = ""):
        # docs_files: docs/ pages and files a note's Markdown link may name (None: not known);
        # vault: the vault's name, which the obsidian:// links to its notes give
        self.cg, self.urls, self.report, self.docs_files = cg, urls, report, docs_files
        self.vault = vault
        self.fragments: dict[str, list[Fragment]] = {}
        self.uses: dict[str, frozenset[str]] = {}  # per page: the notes it transcludes
        self._said: set[tuple[str, int, str]] = set()
        self._src, self._here = "", Url("")

    def page(self, note: Note, body: str) -> str:
        """The Markdown of ``note``'s page, from its ``body``, with embeds expanded."""
        if "![" not in body and "](" not in body and not has_block_id(body):
            return body  # on its own page a wiki-link stays as it is written
        self._src = concept_src(note)
        self._here = self.urls[self._src]
        return self._text(note, body, note.source.body_line, ((note.rel, ""),))

    def _text(self, note: Note, text: str, first_line: int, stack: Stack) -> str:
        lines = text.split("\n")
        out: list[str] = []
        block_start = prev_block = 0
        anchored: set[str] = set()
        for i, (line, fenced) in enumerate(zip(lines, fenced_lines(lines), strict=True)):
            if fenced or not line.strip():
                if not line.strip():
                    if block_start < len(out):
                        prev_block = block_start
                    block_start = len(out) + 1
                out.append(line)
                continue
            block = BLOCK_ID.search(line) if "^" in line else None
            if block and not any(a <= block.start() < b for a, b in code_spans(line)):
                bid = block.group("id")
                alone = not line[:block.start()].strip()
                if len(stack) > 1 or bid in anchored:  # anchors belong to the note's own page
                    line = "" if alone else line[:block.start()]
                elif alone:  # `^id` under a list, quote or table: anchors the block above
                    anchored.add(bid)
                    at = block_start if out and out[-1].strip() else prev_block
                    out[at:at] = [f'<div id="^{attr(bid)}" class="cg-block-anchor"></div>', ""]
                    block_start += 2
                    line = ""
                else:
                    anchored.add(bid)
                    line = (line[:block.start()] + f' <span id="^{attr(bid)}" '
                            'class="cg-block-anchor"></span>')
            if "[[" in line or "![" in line or "](" in line:
                line = self._inline(note, line, first_line + i, stack)
            out.append(line)
        return "\n".join(out)

    def _inline(self, note: Note, line: str, number: int, stack: Stack) -> str:
        code = list(code_spans(line))
        parts: list[str] = []
        pos = 0
        tokens = sorted([*_WIKI.finditer(line), *IMAGE.finditer(line), *_MD_LINK.finditer(line)],
                        key=lambda m: m.start())
        table = line.lstrip().startswith("|")
        for tok in tokens:
            if tok.start() < pos or any(a <= tok.start() < b for a, b in code) or \
                    (tok.start() > 0 and line[tok.start() - 1] == "\\"):
                continue
            if tok.re is IMAGE:
                new = self._md_image(note, tok)
            elif tok.re is _MD_LINK:
                new = self._md_link(note, tok, number)
            elif tok.group("bang"):
                new = self._embed(note, LinkText.parse(tok.group("inner")), tok.group()[1:],
                                  number, stack)
                if table and "\n" in new:  # a transclusion: a block, and the row is a line
                    new = self._fragment(Transclusion(new.strip("\n")))
            elif len(stack) > 1:
                new = self._qualified(note, LinkText.parse(tok.group("inner")), tok.group())
                if table:  # a bar in a table row is written \|
                    new = new.replace("|", "\\|")
            else:
                continue
            parts.append(line[pos:tok.start()] + new)
            pos = tok.end()
        out = "".join(parts) + line[pos:]
        if "\n" in out:  # a transclusion: its lines stay inside the quote or list item
            prefix = container(line)
            if prefix:
                first, *rest = out.split("\n")
                out = "\n".join([first, *(prefix + x for x in rest)])
        return out

    def _qualified(self, note: Note, text: LinkText, raw: str) -> str:
        """``raw`` (written in ``note``) as a link from the vault root: it resolves the same
        on whatever page it is shown."""
        if not text.target:
            path = note.rel.removesuffix(".md")
        else:
            found = self.cg.resolver.find(text.target, note)
            if found is None or found.held is not None:
                return raw
            path = found.file or (found.note.rel.removesuffix(".md") if found.note else "")
        sub = f"#{text.heading}" if text.heading is not None else ""
        return f"[[/{path}{sub}|{text.display()}]]"

    def _url(self, rel: str) -> str:
        return relative_url(self.urls[attachment_src(rel)], self._here)

    def _md_image(self, note: Note, m: re.Match[str]) -> str:
        target, (alt, size) = destination(m), image_size(m.group("alt"))
        if not target or EXTERNAL.match(target):
            return player_link(target, alt) or (f"![{alt}]({angled(target)}){size}" if size
                                                else m.group())
        path = unquote(target.split("#", 1)[0].split("?", 1)[0])
        found = self._find(path, note)
        if found is None or found.file is None:
            return m.group()  # a file of docs/ (render/note_images.py checks those)
        src = posixpath.relpath(attachment_src(found.file), posixpath.dirname(self._src))
        return f"![{alt}](<{src}>){size}"

    def _md_link(self, note: Note, m: re.Match[str], number: int) -> str:
        """A Markdown link to a note or a file of the vault (percent-encoded, as Obsidian
        writes it), as the path of its page or file relative to this page's source, so that
        MkDocs makes it the page's URL (``_elsewhere``: a link to nothing of the vault)."""
        target = destination(m)
        path, fragment = vault_file(target, self.vault), ""  # a note of this vault, by its URI
        if path is None:
            if not target or EXTERNAL.match(target):
                return m.group()
            path, _, fragment = unquote(target).partition("#")
        found = self._find(path, note)
        if found is None:
            return self._elsewhere(note, m, path, number)
        if found.held is not None:  # as [[Note]] to a note not published: its text, marked
            return UNPUBLISHED.format(m.group("alt"))
        if found.file is not None:
            src = attachment_src(found.file)
        else:
            assert found.note is not None
            src = concept_src(found.note)
            if fragment.startswith("^"):
                fragment = fragment if fragment[1:] in found.note.scan.blocks else ""
            elif fragment:
                heading = find_heading(found.note.scan.headings, fragment)
                fragment = heading.anchor if heading is not None else ""
        rel = posixpath.relpath(src, posixpath.dirname(self._src))
        anchor = f"#{fragment}" if fragment else ""
        return f"[{m.group('alt')}](<{rel}{anchor}>{m.group('title') or ''})"

    def _embed(self, note: Note, text: LinkText, raw: str, number: int, stack: Stack) -> str:
        found = self.cg.resolver.find(text.target, note) if text.target else None
        if text.target and (found is None or found.held is not None):
            return raw if len(stack) == 1 else self._qualified(note, text, raw)
        if found is not None and found.file is not None:
            return self._media(found.file, text, raw, note, stack)
        target = found.note if found is not None and found.note is not None else note
        sub = text.heading or ""
        key = (target.rel, sub)
        if key in stack or len(stack) > MAX_DEPTH:
            chain = " → ".join(f"{rel.removesuffix('.md')}{'#' + s if s else ''}"
                               for rel, s in [*stack, key])
            why = "makes a cycle" if key in stack else f"goes more than {MAX_DEPTH} embeds deep"
            self._say(note.path, number, f"embed {raw and '!' + raw} {why}: {chain}",
                      "remove one embed of the chain; it is shown as a link", "embed-cycle")
            return self._qualified(note, text, raw)
        part = note_slice(target, sub)
        if part is None:  # a missing heading or block: reported as the link was resolved
            return self._qualified(note, text, raw)
        self.uses[self._src] = self.uses.get(self._src, frozenset()) | {target.slug}
        inner = self._text(target, part[0], part[1], (*stack, key))
        fence = "/" * (4 + MAX_DEPTH - len(stack))
        title = target.title + (f" › {sub}" if sub else "")
        link = f"[[/{target.rel.removesuffix('.md')}{'#' + sub if sub else ''}|{title}]]"
        return (f"\n\n{fence} html | div.internal-embed.markdown-embed\n\n{link}\n"
                f"{{: .markdown-embed-link }}\n\n{inner}\n\n{fence}\n\n")

    def _media(self, rel: str, text: LinkText, raw: str, note: Note, stack: Stack) -> str:
        ext = rel.rpartition(".")[2].lower()
        url = self._url(rel)
        name = rel.rpartition("/")[2]
        if ext in IMAGES:
            label = (text.label or "").strip()
            alt_text, bar, last = label.rpartition("|")  # Quartz's "alt|240"
            size = _SIZE.fullmatch(last if bar else label)
            alt = alt_text if bar and size else (name.rpartition(".")[0] if size or not label
                                                 else label)
            dims = ""
            if size:
                dims = f' width="{size.group("w")}"' + (
                    f' height="{size.group("h")}"' if size.group("h") else "")
            cls = "internal-embed image-embed"
            if text.heading:
                cls += " embed-" + re.sub(r"[^\w-]+", "-", text.heading).strip("-")
            return f'<img src="{attr(url)}" alt="{attr(alt)}"{dims} class="{attr(cls)}" />'
        if ext in AUDIO:
            html = f'<audio class="internal-embed" controls src="{attr(url)}"></audio>'
        elif ext in VIDEO:
            html = f'<video class="internal-embed" controls src="{attr(url)}"></video>'
        elif ext == "pdf":
            sub = f"#{text.heading}" if text.heading and re.fullmatch(
                r"(?:page|height)=\d{1,5}", text.heading) else ""
            height = sub.startswith("#height=") and f' style="height:{sub[8:]}px"' or ""
            html = (f'<iframe class="internal-embed pdf-embed" src="{attr(url + sub)}" '
                    f'title="{attr(name)}"{height}></iframe>'
                    f'<a class="pdf-embed-link" href="{attr(url)}">{attr(name)}</a>')
        else:  # a canvas or any other file: a link to it
            return raw if len(stack) == 1 else self._qualified(note, text, raw)
        return self._fragment(html)

    def _fragment(self, fragment: Fragment) -> str:
        """The placeholder of ``fragment``, which the adapter fills in the page's HTML."""
        fragments = self.fragments.setdefault(self._src, [])
        fragments.append(fragment)
        return placeholder(len(fragments) - 1)

    def _find(self, path: str, note: Note) -> Match | None:
        """A Markdown link's path: from the note's folder, then as a wiki-link would be."""
        relative = path if path.startswith(("/", "../")) else "./" + path
        return self.cg.resolver.find(relative, note) or self.cg.resolver.find(path, note)

    def _elsewhere(self, note: Note, m: re.Match[str], path: str, number: int) -> str:
        """A link to nothing of the vault: kept if the site has it, else its text, warned."""
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self._src), path))
        if self.docs_files is None or target in self.docs_files or target in self.urls:
            return m.group()
        self._say(note.path, number, f"link [{m.group('alt')}]({path}) names no note or file "
                  "of the vault and no page of the site", "fix the path (from the note's "
                  "folder or the vault's root), or add the file", "broken-link")
        return m.group("alt")

    def _say(self, path: str, line: int, message: str, hint: str, code: str) -> None:
        if (path, line, message) not in self._said:
            self._said.add((path, line, message))
            self.report.warning(path, line, message, hint, code)
