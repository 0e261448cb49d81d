"""Markdown for the pages the plugin writes: concept pages and the generated index pages.

Everything here is text in, Markdown out. Text that comes from notes is written as HTML entities
wherever Markdown or math could read it as syntax (``md_text``), so a title like
``<img onerror=...>`` or ``$x$`` shows exactly those characters. Links on generated pages are
marked labels (``marks.py``), made links once the page's HTML is final.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from conceptgraph.graph.model import ConceptGraph
from conceptgraph.notes.note import Note
from conceptgraph.render.marks import PageLinks, Rendered, plain_text

CONCEPTS_DIR = "concepts"

# Characters Markdown, its extensions (arithmatex, tables, attr_list, tilde, caret…) or HTML
# could read as syntax in running text.
_SPECIAL = frozenset("\\`*_{}[]()#+-.!|~^=:<>&\"'$@%")


def md_text(text: str) -> str:
    """``text`` as Markdown that renders to exactly these characters, never to markup."""
    return "".join(f"&#{ord(c)};" if c in _SPECIAL else c for c in plain_text(text))


def attr(text: str) -> str:
    """``text`` for an HTML attribute value in double quotes."""
    return html.escape(text, quote=True)


def concept_src(note: Note) -> str:
    """The virtual source path of a note's page: ``concepts/<slug>.md``."""
    return f"{CONCEPTS_DIR}/{note.slug}.md"


def rel(from_src: str, to_src: str) -> str:
    """Relative path from one source page to another (what MkDocs resolves as a link)."""
    here, there = posixpath.dirname(from_src), posixpath.dirname(to_src)
    if here == there:  # the common case, concept to concept, without relpath's cost
        return posixpath.basename(to_src)
    return posixpath.relpath(to_src, here or ".")


class IndexLinks(PageLinks):
    """The links of a generated page (``src``), each a marked label (see ``marks.py``): plain
    ``<a href>`` links, unlike the ``cg-link`` of a wiki-link a note wrote."""

    def __init__(self, src: str, directory_urls: bool = True):
        super().__init__(link_class="")
        self.src, self.directory_urls = src, directory_urls

    def to(self, note: Note) -> str:
        """Markdown for a link to ``note``'s page, labelled with its title."""
        target = concept_src(note)
        rendered = Rendered(url_from(self.src, target, self.directory_urls))
        return self.mark(rendered, md_text(note.title))


class ListItem(NamedTuple):
    """An item of a list made as HTML (``html_list``): its HTML, and the items under it."""

    html: str
    children: tuple[ListItem, ...] = ()


def html_list(items: Sequence[ListItem]) -> str:
    """``<ul>`` of ``items``, written exactly as Python-Markdown writes a Markdown list."""
    return "<ul>\n" + "".join(
        f"<li>{item.html}{html_list(item.children) + chr(10) if item.children else ''}</li>\n"
        for item in items) + "</ul>"


def frontmatter(title: str, hide: tuple[str, ...] = (), **extra: object) -> str:
    """A YAML block MkDocs reads for the page; JSON strings are valid YAML double-quoted text.

    Material writes ``page.meta.title`` into the page as HTML (``<title>``, header, nav), so the
    title is HTML-escaped here: a title is always text.
    """
    lines = [f"title: {json.dumps(html.escape(title, quote=True), ensure_ascii=True)}"]
    lines += [f"{k}: {json.dumps(v, ensure_ascii=True)}" for k, v in extra.items()]
    if hide:  # Material: hide the navigation or table of contents on a wide page
        lines.append(f"hide: {json.dumps(list(hide))}")
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL path (from the site root) MkDocs gives page ``src``: ``concepts/relu/``."""
    stem = src[: -len(".md")]
    if stem.rpartition("/")[2] == "index":
        folder = posixpath.dirname(stem)
        return f"{folder}/" if folder and directory_urls else \
            (f"{stem}.html" if not directory_urls else "")
    return f"{stem}/" if directory_urls else f"{stem}.html"


def url_from(from_src: str, to_src: str, directory_urls: bool = True) -> str:
    """A URL relative to page ``from_src`` that reaches page ``to_src`` (for raw HTML)."""
    here = page_url(from_src, directory_urls)
    target = page_url(to_src, directory_urls)
    base = here.split("/")[:-1]  # the folder the page is served from
    parts = target.split("/")
    common, most = 0, min(len(base), len(parts) - 1)
    while common < most and base[common] == parts[common]:
        common += 1
    relative = "../" * (len(base) - common) + "/".join(parts[common:])
    return relative or "./"


def sibling_slug(src: str) -> str | None:
    """The slug of ``src`` when it is an ordinary page of the concepts folder, else None: from
    such a page, another one is reached by a URL that does not depend on which page it is."""
    here = src[len(CONCEPTS_DIR) + 1:-3] if src.startswith(CONCEPTS_DIR + "/") else ""
    return here if here and _plain(here) else None


def concept_url_from(src: str, target: Note, directory_urls: bool = True) -> str:
    """``url_from(src, concept_src(target))``; from one ordinary concept page to another (the
    common case) the URL is always ``../<slug>/`` (``<slug>.html`` without directory URLs)."""
    here = sibling_slug(src)
    if here is not None and _plain(target.slug) and target.slug != here:
        return _sibling_url(target.slug, directory_urls)
    return url_from(src, concept_src(target), directory_urls)


def concept_page(note: Note, body: str, extra_sections: str = "") -> str:
    """The Markdown of a concept page: the note's body, then formula and plot sections.

    What the graph knows (breadcrumb, relations, mentions, references) is added as HTML after
    rendering (``concept_panels``): it is generated, so it skips Markdown parsing entirely.
    The page's metadata is not written as YAML for MkDocs to parse again: ``concept_meta``.
    """
    return body + "\n\n" + extra_sections


def concept_meta(note: Note) -> dict[str, str]:
    """The metadata of a concept page, as ``frontmatter`` would give it to MkDocs: the title is
    HTML-escaped (Material writes it into the page as HTML)."""
    return {"title": html.escape(note.title, quote=True), "cg_note": note.path}


HEAD_MARK = "<!--conceptgraph:head-->"
TAIL_MARK = "<!--conceptgraph:tail-->"


@dataclass(frozen=True)
class Panels:
    """Generated HTML around a rendered note: before it, after its first ``<h1>``, after it.

    The aliases go into the page content (search finds a concept by any alias). The rest is
    navigation that search should not index, so the content only carries two markers, and
    the panels replace them in the finished page (``fill``): nothing parses or indexes them.
    """

    head: str
    after_title: str
    tail: str

    def wrap(self, content: str) -> str:
        """The rendered note with the aliases in place and markers for the panels."""
        if self.after_title:
            end = content.find("</h1>")
            if end >= 0:
                end += len("</h1>")
                content = content[:end] + self.after_title + content[end:]
            else:
                content = self.after_title + content
        return HEAD_MARK + content + TAIL_MARK

    def fill(self, page_html: str) -> str:
        """The finished page with the markers replaced by the panels (first occurrence only)."""
        return page_html.replace(HEAD_MARK, self.head, 1).replace(TAIL_MARK, self.tail, 1)


def concept_panels(cg: ConceptGraph, note: Note, directory_urls: bool = True) -> Panels:
    """Breadcrumb, aliases, relations, mentions, references and the local-graph mount."""
    src = concept_src(note)
    sibling = _plain(note.slug)

    def a(other: Note) -> str:
        if sibling and other.slug != note.slug:
            anchor = _sibling_anchor(other.slug, other.title, directory_urls)
            if anchor is not None:
                return anchor
        return (f'<a href="{attr(url_from(src, concept_src(other), directory_urls))}">'
                f"{html.escape(other.title)}</a>")

    head = ""
    chains = [c for c in cg.breadcrumbs(note.slug) if len(c) > 1]
    if chains:
        title = html.escape(note.title)
        crumbs = ["\u00a0› ".join([a(n) for n in chain[:-1]]) + f"\u00a0› {title}"
                  for chain in chains]
        head = f'<p class="cg-breadcrumb">{"<br>".join(crumbs)}</p>\n'
    after_title = aliases_html(note)
    papers = _papers_url(directory_urls) if sibling else url_from(src, "papers.md",
                                                                  directory_urls)
    tail = [_relations_html(cg, note, a), _mentions_html(cg, note, a),
            _references_html(note, papers),
            f'\n<div class="cg-local-graph" data-node="{attr(note.slug)}" data-depth="1" '
            f'data-source="{attr(note.path)}"></div>\n']
    return Panels(head, after_title, "".join(tail))


def aliases_html(note: Note) -> str:
    """The line of aliases shown under a concept's title (searchable: it is page content)."""
    if not note.aliases:
        return ""
    return ('\n<p class="cg-aliases"><em>Also known as:</em> '
            + ", ".join([html.escape(x) for x in note.aliases]) + "</p>")


class PanelSet:
    """The panels of every concept page. The aliases are known at once: they go into the
    content, which MkDocs renders first. Breadcrumbs and the panels after the note are asked
    for (``parts``) only when the first finished page is filled in, so they can be computed
    meanwhile (``background.py``)."""

    def __init__(self, after_title: dict[str, str],
                 parts: Callable[[], dict[str, tuple[str, str]]]):
        self._after_title = after_title
        self._parts = parts

    def __contains__(self, src: object) -> bool:
        return src in self._after_title

    def wrap(self, src: str, content: str) -> str:
        """See ``Panels.wrap``."""
        return Panels("", self._after_title[src], "").wrap(content)

    def fill(self, src: str, page_html: str) -> str:
        """See ``Panels.fill``."""
        head, tail = self._parts()[src]
        return Panels(head, "", tail).fill(page_html)


def _plain(slug: str) -> bool:
    """Whether ``concepts/<slug>.md`` is an ordinary page of the folder (not its index)."""
    return slug != "index" and "/" not in slug


# Every page of the concepts folder reaches another one by the same URL (``../relu/``), so the
# link to a concept is written once per build, not once per page that shows it. Titles are in
# the key: a key is all that the link depends on.
@functools.lru_cache(maxsize=1 << 16)
def _sibling_anchor(slug: str, title: str, directory_urls: bool) -> str | None:
    """The ``<a>`` to concept ``slug`` from any other ordinary page of the concepts folder."""
    if not _plain(slug):
        return None
    return f'<a href="{attr(_sibling_url(slug, directory_urls))}">{html.escape(title)}</a>'


def _sibling_url(slug: str, directory_urls: bool) -> str:
    """The URL of ordinary concept page ``slug`` from another one of the concepts folder."""
    return f"../{slug}/" if directory_urls else f"{slug}.html"


@functools.lru_cache(maxsize=2)
def _papers_url(directory_urls: bool) -> str:
    """The Papers page from an ordinary page of the concepts folder."""
    return url_from(f"{CONCEPTS_DIR}/page.md", "papers.md", directory_urls)


def _section(anchor: str, title: str, items: list[str]) -> str:
    rows = "".join([f"<li>{item}</li>\n" for item in items])
    # Left out of the search index: a search for a concept should find its page, not every
    # page whose panel lists it.
    return (f'\n<h2 id="{anchor}" class="cg-section">{title}</h2>\n'
            f'<ul class="{anchor}" data-search-exclude>\n{rows}</ul>\n')


def _relations_html(cg: ConceptGraph, note: Note, a: Callable[[Note], str]) -> str:
    merged: dict[str, list[Note]] = {}
    for key, group in cg.outgoing(note.slug).items():
        merged.setdefault(cg.relations[key].label, []).extend(group)
    for key, group in cg.incoming(note.slug).items():
        bucket = merged.setdefault(cg.relations[key].inverse, [])
        listed = {n.slug for n in bucket}  # one note per slug: the same as comparing notes
        bucket.extend([n for n in group if n.slug not in listed])
    if not merged:
        return ""
    return _section("cg-relations", "Relations", [
        _label(label) + ", ".join(map(a, group)) for label, group in merged.items()])


@functools.lru_cache(maxsize=256)
def _label(label: str) -> str:
    return f"<strong>{html.escape(label)}:</strong> "


def _mentions_html(cg: ConceptGraph, note: Note, a: Callable[[Note], str]) -> str:
    mentions = cg.mentions(note.slug)
    if not mentions:
        return ""
    return _section("cg-mentioned-in", "Mentioned in", [
        a(other) + (f": “{_quote(context)}”" if context else "")
        for other, context in mentions])


def _quote(context: str) -> str:
    return text_with_math(context) if "$" in context else html.escape(context)


_INLINE_MATH = re.compile(r"\$([^$\n]+?)\$")


def text_with_math(text: str) -> str:
    """Escaped ``text`` in which each ``$...$`` becomes an inline formula for KaTeX (the TeX is
    escaped too, and KaTeX renders it as math, never as HTML)."""
    parts, pos = [], 0
    for m in _INLINE_MATH.finditer(text):
        parts.append(html.escape(text[pos:m.start()]))
        parts.append(f'<span class="arithmatex">\\({html.escape(m.group(1))}\\)</span>')
        pos = m.end()
    parts.append(html.escape(text[pos:]))
    return "".join(parts)


def _references_html(note: Note, papers_url: str) -> str:
    if not note.papers:
        return ""
    items = []
    for paper, role, _ in note.papers:
        what = " (foundational paper)" if role == "foundationalPaper" else ""
        link_ = (f'<a href="{attr(papers_url)}#{attr(paper.anchor)}">'
                 f"{html.escape(paper.title if paper.parsed else paper.text)}</a>")
        cite = f"{html.escape(paper.authors)} ({paper.year}). " if paper.parsed else ""
        items.append(cite + link_ + what)
    return _section("cg-references", "References", items)


# -- generated site pages ---------------------------------------------------------------------

def concepts_index(cg: ConceptGraph, links: IndexLinks) -> str:
    """Concepts A–Z, grouped by first letter."""
    groups: dict[str, list[Note]] = defaultdict(list)
    for note in cg.notes.values():
        first = note.title[:1].upper()
        groups[first if first.isalpha() else "#"].append(note)
    out = [frontmatter("Concepts"), "# Concepts\n\n",
           f"{len(cg.notes)} concepts, A–Z. See also the [taxonomy](../taxonomy.md).\n"]
    for letter in sorted(groups, key=lambda s: (s == "#", s)):
        anchor = f"letter-{ord(letter):x}" if not letter.isascii() or letter == "#" else \
            f"letter-{letter.lower()}"
        out.append(f"\n## {md_text(letter)} {{: #{anchor} }}\n")
        items = []
        for note in sorted(groups[letter], key=lambda n: (n.title.casefold(), n.slug)):
            aka = f" ({', '.join(md_text(a) for a in note.aliases)})" if note.aliases else ""
            desc = f" — {md_text(note.description)}" if note.description else ""
            items.append(ListItem(f"{links.to(note)}{aka}{desc}"))
        out.append(links.block(html_list(items)))
    return "".join(out)


def taxonomy_page(cg: ConceptGraph, links: IndexLinks) -> str:
    """The typeOf tree: every concept once under each of its parents."""
    # Left out of search: it lists every concept, often several times, so it would match every
    # search for a concept ahead of nothing useful.
    out = [frontmatter("Taxonomy", search={"exclude": True}), "# Taxonomy\n\n",
           "Each concept appears under every concept it is a type of.\n\n"]

    def walk(note: Note, depth: int, path: set[str]) -> ListItem:
        children = () if depth >= 12 else tuple(
            walk(child, depth + 1, path | {child.slug})
            for child in cg.children(note.slug) if child.slug not in path)
        return ListItem(links.to(note), children)

    roots = [walk(root, 0, {root.slug}) for root in cg.roots()]
    if roots:
        out.append(links.block(html_list(roots)))
    return "".join(out)


def papers_page(cg: ConceptGraph, links: IndexLinks) -> str:
    """Every paper cited by a note, with the concepts that cite it."""
    papers = cg.papers()
    out = [frontmatter("Papers"), "# Papers\n\n",
           f"{len(papers)} papers cited by the knowledge base, oldest first.\n"]
    for paper, citing in papers.values():
        # The heading is Markdown (the table of contents lists it); the rest is written as
        # the HTML Markdown would make of it.
        out.append(f"\n### {md_text(paper.title)} {{: #{paper.anchor} }}\n")
        by = f"{md_text(paper.authors)}, {paper.year}." if paper.parsed else \
            "<em>(written without authors and year)</em>"
        cited = ", ".join(links.to(n) + (" (foundational)" if role == "foundationalPaper"
                                         else "") for n, role in citing)
        out.append(links.block(f"<p>{by}</p>\n<p>Cited by: {cited}</p>"))
    return "".join(out)


def wanted_page(cg: ConceptGraph, links: IndexLinks) -> str:
    """Every link target that has no note, with the notes that want it."""
    out = [frontmatter("Wanted concepts"), "# Wanted concepts\n\n"]
    if not cg.wanted:
        out.append("Every link resolves: no concept is wanted.\n")
        return "".join(out)
    out.append(f"{len(cg.wanted)} concepts are linked to but have no note yet. "
               "Writing one is a good first contribution.\n\n")
    out.append("| Wanted concept | Wanted by |\n|---|---|\n")
    for target, wants in cg.wanted.items():
        by = ", ".join(f"{links.to(w.note)} (`{md_text_code(w.note.path)}:{w.line}`)"
                       for w in wants)
        out.append(f"| {md_text(target)} | {by} |\n")
    return "".join(out)


def md_text_code(text: str) -> str:
    """Text for inside a code span: backticks cannot be escaped there, so they are dropped."""
    return plain_text(text).replace("`", "'").replace("|", "\\|")


def stats_block(cg: ConceptGraph) -> str:
    """The live counts shown on the home page."""
    relations, links = cg.counts()
    return (f"**{len(cg.notes)}** concepts · **{relations}** typed relations · "
            f"**{links}** links in the text · **{len(cg.papers())}** papers · "
            f"**{len(cg.wanted)}** wanted concepts\n{{: .cg-stats }}\n")


GeneratedPage = Callable[[ConceptGraph, IndexLinks], str]
GENERATED: dict[str, GeneratedPage] = {
    f"{CONCEPTS_DIR}/index.md": concepts_index,
    "taxonomy.md": taxonomy_page,
    "papers.md": papers_page,
    "wanted.md": wanted_page,
}
