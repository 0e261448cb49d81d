"""Markdown for the pages the plugin writes: concept pages and the generated index pages.

Everything here is text in, Markdown out. Text that comes from notes is written as HTML entities
wherever Markdown or math could read it as syntax (``md_text``), so a title like
``<img onerror=...>`` or ``$x$`` shows exactly those characters. Links are relative ``.md`` paths,
so MkDocs checks them and makes them URLs.
"""

from __future__ import annotations

import html
import json
import posixpath
from collections import defaultdict
from collections.abc import Callable

from .graph import ConceptGraph
from .notes import Note

CONCEPTS_DIR = "concepts"

# Characters Markdown, its extensions (arithmatex, tables, attr_list, tilde, caret…) or HTML
# could read as syntax in running text.
_SPECIAL = frozenset("\\`*_{}[]()#+-.!|~^=:<>&\"'$@%")


def md_text(text: str) -> str:
    """``text`` as Markdown that renders to exactly these characters, never to markup."""
    return "".join(f"&#{ord(c)};" if c in _SPECIAL else c for c in text)


def attr(text: str) -> str:
    """``text`` for an HTML attribute value in double quotes."""
    return html.escape(text, quote=True)


def concept_src(note: Note) -> str:
    """The virtual source path of a note's page: ``concepts/<slug>.md``."""
    return f"{CONCEPTS_DIR}/{note.slug}.md"


def rel(from_src: str, to_src: str) -> str:
    """Relative path from one source page to another (what MkDocs resolves as a link)."""
    return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")


def link(from_src: str, note: Note, anchor: str | None = None) -> str:
    target = rel(from_src, concept_src(note)) + (f"#{anchor}" if anchor else "")
    return f"[{md_text(note.title)}]({target})"


def frontmatter(title: str, **extra: str) -> str:
    """A YAML block MkDocs reads for the page; JSON strings are valid YAML double-quoted text.

    Material writes ``page.meta.title`` into the page as HTML (``<title>``, header, nav), so the
    title is HTML-escaped here: a title is always text.
    """
    lines = [f"title: {json.dumps(html.escape(title, quote=True), ensure_ascii=True)}"]
    lines += [f"{k}: {json.dumps(v, ensure_ascii=True)}" for k, v in extra.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def concept_page(cg: ConceptGraph, note: Note, body: str, extra_sections: str = "") -> str:
    """The Markdown of a concept page: breadcrumb, the note's body, then what the graph knows."""
    src = concept_src(note)
    out = [frontmatter(note.title, cg_note=note.path)]
    chains = [c for c in cg.breadcrumbs(note.slug) if len(c) > 1]
    if chains:
        crumbs = [" › ".join(link(src, n) for n in chain[:-1]) + f" › {md_text(note.title)}"
                  for chain in chains]
        out.append("<br>".join(crumbs) + "\n{: .cg-breadcrumb }\n\n")
    lines = body.split("\n")
    h1 = next((i for i, line in enumerate(lines) if line.startswith("# ")), None)
    aka = ""
    if note.aliases:
        aka = "*Also known as:* " + ", ".join(md_text(a) for a in note.aliases) + \
              "\n{: .cg-aliases }\n"
    if h1 is not None and all(not line.strip() for line in lines[:h1]):
        lines[h1 + 1:h1 + 1] = ["", aka] if aka else []
        out.append("\n".join(lines))
    else:
        out.append((aka + "\n" if aka else "") + body)
    out.append("\n\n" + extra_sections)
    out.append(relations_section(cg, note, src))
    out.append(mentions_section(cg, note, src))
    out.append(references_section(note, src))
    out.append(f'\n<div class="cg-local-graph" data-node="{attr(note.slug)}" data-depth="1" '
               f'data-source="{attr(note.path)}"></div>\n')
    return "".join(out)


def relations_section(cg: ConceptGraph, note: Note, src: str) -> str:
    rows = []
    for key, targets in cg.outgoing(note.slug).items():
        rows.append((cg.relations[key].label, targets))
    for key, sources in cg.incoming(note.slug).items():
        rows.append((cg.relations[key].inverse, sources))
    if not rows:
        return ""
    merged: dict[str, list[Note]] = {}
    for label, group in rows:
        merged.setdefault(label, [])
        merged[label] += [n for n in group if n not in merged[label]]
    out = ["\n\n## Relations {: #cg-relations .cg-section }\n\n"]
    for label, group in merged.items():
        out.append(f"- **{md_text(label)}:** " + ", ".join(link(src, n) for n in group) + "\n")
    return "".join(out)


def mentions_section(cg: ConceptGraph, note: Note, src: str) -> str:
    mentions = cg.mentions(note.slug)
    if not mentions:
        return ""
    out = ["\n\n## Mentioned in {: #cg-mentioned-in .cg-section }\n\n"]
    for other, context in mentions:
        out.append(f"- {link(src, other)}" + (f": “{md_text(context)}”" if context else "")
                   + "\n")
    return "".join(out)


def references_section(note: Note, src: str) -> str:
    if not note.papers:
        return ""
    out = ["\n\n## References {: #cg-references .cg-section }\n\n"]
    papers_page = rel(src, "papers.md")
    for paper, role, _ in note.papers:
        what = " (foundational paper)" if role == "foundationalPaper" else ""
        if paper.parsed:
            out.append(f"- {md_text(paper.authors)} ({paper.year}). "
                       f"[{md_text(paper.title)}]({papers_page}#{paper.anchor}){what}\n")
        else:
            out.append(f"- [{md_text(paper.text)}]({papers_page}#{paper.anchor}){what}\n")
    return "".join(out)


# -- generated site pages ---------------------------------------------------------------------

def concepts_index(cg: ConceptGraph) -> str:
    """Concepts A–Z, grouped by first letter."""
    src = f"{CONCEPTS_DIR}/index.md"
    groups: dict[str, list[Note]] = defaultdict(list)
    for note in cg.notes.values():
        first = note.title[:1].upper()
        groups[first if first.isalpha() else "#"].append(note)
    out = [frontmatter("Concepts"), "# Concepts\n\n",
           f"{len(cg.notes)} concepts, A–Z. See also the [taxonomy](../taxonomy.md).\n"]
    for letter in sorted(groups, key=lambda s: (s == "#", s)):
        anchor = f"letter-{ord(letter):x}" if not letter.isascii() or letter == "#" else \
            f"letter-{letter.lower()}"
        out.append(f"\n## {md_text(letter)} {{: #{anchor} }}\n\n")
        for note in sorted(groups[letter], key=lambda n: (n.title.casefold(), n.slug)):
            aka = f" ({', '.join(md_text(a) for a in note.aliases)})" if note.aliases else ""
            desc = f" — {md_text(note.description)}" if note.description else ""
            out.append(f"- {link(src, note)}{aka}{desc}\n")
    return "".join(out)


def taxonomy_page(cg: ConceptGraph) -> str:
    """The typeOf tree: every concept once under each of its parents."""
    src = "taxonomy.md"
    out = [frontmatter("Taxonomy"), "# Taxonomy\n\n",
           "Each concept appears under every concept it is a type of.\n\n"]

    def walk(note: Note, depth: int, path: set[str]) -> None:
        out.append("    " * depth + f"- {link(src, note)}\n")
        if depth >= 12:
            return
        for child in cg.children(note.slug):
            if child.slug not in path:
                walk(child, depth + 1, path | {child.slug})

    for root in cg.roots():
        walk(root, 0, {root.slug})
    return "".join(out)


def papers_page(cg: ConceptGraph) -> str:
    """Every paper cited by a note, with the concepts that cite it."""
    src = "papers.md"
    papers = cg.papers()
    out = [frontmatter("Papers"), "# Papers\n\n",
           f"{len(papers)} papers cited by the knowledge base, oldest first.\n"]
    for paper, citing in papers.values():
        out.append(f"\n### {md_text(paper.title)} {{: #{paper.anchor} }}\n\n")
        if paper.parsed:
            out.append(f"{md_text(paper.authors)}, {paper.year}.\n\n")
        else:
            out.append("*(written without authors and year)*\n\n")
        out.append("Cited by: " + ", ".join(
            link(src, n) + (" (foundational)" if role == "foundationalPaper" else "")
            for n, role in citing) + "\n")
    return "".join(out)


def wanted_page(cg: ConceptGraph) -> str:
    """Every link target that has no note, with the notes that want it."""
    src = "wanted.md"
    out = [frontmatter("Wanted concepts"), "# Wanted concepts\n\n"]
    if not cg.wanted:
        out.append("Every link resolves: no concept is wanted.\n")
        return "".join(out)
    out.append(f"{len(cg.wanted)} concepts are linked to but have no note yet. "
               "Writing one is a good first contribution.\n\n")
    out.append("| Wanted concept | Wanted by |\n|---|---|\n")
    for target, wants in cg.wanted.items():
        by = ", ".join(f"{link(src, w.note)} (`{md_text_code(w.note.path)}:{w.line}`)"
                       for w in wants)
        out.append(f"| {md_text(target)} | {by} |\n")
    return "".join(out)


def md_text_code(text: str) -> str:
    """Text for inside a code span: backticks cannot be escaped there, so they are dropped."""
    return text.replace("`", "'").replace("|", "\\|")


def stats_block(cg: ConceptGraph) -> str:
    """The live counts shown on the home page."""
    relations = sum(1 for e in cg.edges() if e.relation != "link")
    links = sum(1 for e in cg.edges() if e.relation == "link")
    return (f"**{len(cg.notes)}** concepts · **{relations}** typed relations · "
            f"**{links}** links in the text · **{len(cg.papers())}** papers · "
            f"**{len(cg.wanted)}** wanted concepts\n{{: .cg-stats }}\n")


GeneratedPage = Callable[[ConceptGraph], str]
GENERATED: dict[str, GeneratedPage] = {
    f"{CONCEPTS_DIR}/index.md": concepts_index,
    "taxonomy.md": taxonomy_page,
    "papers.md": papers_page,
    "wanted.md": wanted_page,
}
