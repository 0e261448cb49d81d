"""The pages the plugin generates from the whole graph: Concepts A–Z, Taxonomy, Papers, Wanted.

Each is Markdown whose headings stay Markdown (the table of contents lists them) and whose long
lists of links are written as HTML blocks, exactly as Python-Markdown would write them: Markdown
passes an HTML block through untouched, so a list of a thousand concepts costs nothing to render.
Links go straight to each page's URL (MkDocs does not rewrite raw HTML).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import NamedTuple

from conceptgraph.graph.model import ConceptGraph
from conceptgraph.notes.note import Note
from conceptgraph.render.text import attr, frontmatter, md_text, md_text_code
from conceptgraph.render.urls import CONCEPTS_DIR, concept_src, relative_url
from conceptgraph.types import Url


class ListItem(NamedTuple):
    """An item of a list made as HTML (``html_list``): its HTML, and the items under it."""

    html: str
    children: tuple[ListItem, ...] = ()


def html_list(items: Sequence[ListItem]) -> str:
    """``<ul>`` of ``items``, written exactly as Python-Markdown writes a Markdown list."""
    return "<ul>\n" + "".join(
        f"<li>{item.html}{html_list(item.children) + chr(10) if item.children else ''}</li>\n"
        for item in items) + "</ul>"


def _block(html: str) -> str:
    """An HTML block in Markdown: on lines of its own, a blank line after it."""
    return f"\n{html}\n\n"


class IndexLinks:
    """Links from the generated page ``src`` to concept pages, by the pages' URLs."""

    def __init__(self, src: str, urls: Mapping[str, Url],
                 pages: Collection[str] = ("taxonomy.md",)):
        self.here, self.urls = urls[src], urls
        self.pages = pages  # the generated pages the site has

    def to(self, note: Note) -> str:
        """An ``<a>`` to ``note``'s page, labelled with its title (valid in Markdown too)."""
        url = relative_url(self.urls[concept_src(note)], self.here)
        return f'<a href="{attr(url)}">{md_text(note.title)}</a>'


def concepts_index(cg: ConceptGraph, links: IndexLinks) -> str:
    """Concepts A–Z, grouped by first letter."""
    groups: dict[str, list[Note]] = defaultdict(list)
    for note in cg.notes.values():
        first = note.title[:1].upper()
        groups[first if first.isalpha() else "#"].append(note)
    see = " See also the [taxonomy](../taxonomy.md)." if "taxonomy.md" in links.pages else ""
    out = [frontmatter("Concepts"), "# Concepts\n\n", f"{len(cg.notes)} concepts, A–Z.{see}\n"]
    for letter in sorted(groups, key=lambda s: (s == "#", s)):
        anchor = f"letter-{ord(letter):x}" if not letter.isascii() or letter == "#" else \
            f"letter-{letter.lower()}"
        out.append(f"\n## {md_text(letter)} {{: #{anchor} }}\n")
        items = []
        for note in sorted(groups[letter], key=lambda n: (n.title.casefold(), n.slug)):
            aka = f" ({', '.join(md_text(a) for a in note.aliases)})" if note.aliases else ""
            desc = f" — {md_text(note.description)}" if note.description else ""
            items.append(ListItem(f"{links.to(note)}{aka}{desc}"))
        out.append(_block(html_list(items)))
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
        out.append(_block(html_list(roots)))
    return "".join(out)


def papers_page(cg: ConceptGraph, links: IndexLinks) -> str:
    """Every paper cited by a note, with the concepts that cite it."""
    papers = cg.papers()
    out = [frontmatter("Papers"), "# Papers\n\n",
           f"{len(papers)} papers cited by the knowledge base, oldest first.\n"]
    for paper, citing in papers.values():
        out.append(f"\n### {md_text(paper.title)} {{: #{paper.anchor} }}\n")
        by = f"{md_text(paper.authors)}, {paper.year}." if paper.parsed else \
            "<em>(written without authors and year)</em>"
        cited = ", ".join(links.to(n) + (" (foundational)" if role == "foundationalPaper"
                                         else "") for n, role in citing)
        out.append(_block(f"<p>{by}</p>\n<p>Cited by: {cited}</p>"))
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


def stats_block(cg: ConceptGraph) -> str:
    """The live counts shown on the home page."""
    relations, links = cg.counts()
    return (f"**{len(cg.notes)}** concepts · **{relations}** typed relations · "
            f"**{links}** links in the text · **{len(cg.papers())}** papers · "
            f"**{len(cg.wanted)}** wanted concepts\n{{: .cg-stats }}\n")


def home_page(cg: ConceptGraph, links: IndexLinks) -> str:
    """A home page for a site whose docs/ has none (a vault published with nothing else)."""
    ways = ["[concepts A–Z](concepts/index.md)",
            *(["[taxonomy](taxonomy.md)"] if "taxonomy.md" in links.pages else []),
            *(["[graph](graph.md)"] if "graph.md" in links.pages else [])]
    return (frontmatter("Home") + "# Home\n\n" + stats_block(cg) + "\n"
            "Browse the " + ", the ".join(ways[:-1]) + " or the " * (len(ways) > 1)
            + ways[-1] + ".\n")


def graph_page(links: IndexLinks) -> str:
    """The graph explorer, for a site whose docs/ has no graph page: the plugin's script
    (conceptgraph-graph.js) draws every concept and relation of graph.json in the
    ``#cg-graph`` element. Nothing of the notes is written here."""
    concepts = relative_url(links.urls[f"{CONCEPTS_DIR}/index.md"], links.here)
    return (frontmatter("Graph", hide=("toc",), description="Every concept and how they "
                        "relate, as an interactive graph.")
            + "# Graph\n\nEvery concept, joined by its links and relations. Hover a concept to "
            "see its neighbours, click it to open its page, drag to move it, scroll to zoom. "
            "From the keyboard: Tab into the search box, pick a concept with the arrow keys "
            "and Enter, then Tab to the graph, where the arrow keys pan, `+` and `-` zoom, "
            "`]` and `[` step through neighbours and Enter opens the selected concept.\n\n"
            '<div id="cg-graph" class="cg-graph"></div>\n\n'
            f'<noscript>The graph needs JavaScript. The <a href="{attr(concepts)}">list of '
            "concepts</a> has the same links as text.</noscript>\n")


def wanted_pages(cg: ConceptGraph) -> frozenset[str]:
    """The generated pages that have content: no Taxonomy without a taxonomy relation in
    use, no Papers without a paper."""
    pages = {f"{CONCEPTS_DIR}/index.md", "wanted.md"}
    taxonomy = cg.taxonomy_relations()
    if any(e.relation in taxonomy for e in cg.declared):
        pages.add("taxonomy.md")
    if any(note.papers for note in cg.notes.values()):
        pages.add("papers.md")
    return frozenset(pages)


GENERATED: dict[str, Callable[[ConceptGraph, IndexLinks], str]] = {
    f"{CONCEPTS_DIR}/index.md": concepts_index,
    "taxonomy.md": taxonomy_page,
    "papers.md": papers_page,
    "wanted.md": wanted_page,
}
