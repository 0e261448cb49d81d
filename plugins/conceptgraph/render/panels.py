"""What the graph knows about a concept, shown around its rendered note.

A concept page is the note's own HTML with, around it, a breadcrumb of its ``typeOf`` chain, its
aliases, its typed relations both ways, the notes that mention it, its references and the mount
of its local graph. Only the aliases go into the page's content (search finds a concept by any
alias); the rest is navigation that search should not index, so the content carries two HTML
comments where the panels go, and the finished page has them filled in.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

from conceptgraph.graph.model import ConceptGraph
from conceptgraph.markup.wikilinks import LINK_RE, LinkText
from conceptgraph.notes.note import Note
from conceptgraph.render.text import attr, text_with_code
from conceptgraph.render.urls import RelativeTo, attachment_src, concept_src, relative_url
from conceptgraph.types import Url

HEAD_MARK = "<!--conceptgraph:head-->"
TAIL_MARK = "<!--conceptgraph:tail-->"


def wrap(content: str, after_title: str, title: str | None = None) -> str:
    """A rendered note with ``after_title`` (its aliases) under its title and markers where
    the panels go. The title is the note's own ``<h1>`` when the note opens with one;
    otherwise the theme writes the page ``title``, unless an ``<h1>`` stands further down
    (raw HTML, or a transcluded note's heading): then the theme leaves its title out, so it
    is written here, and the aliases never go into that heading's section."""
    if content.lstrip().startswith("<h1"):
        end = content.find("</h1>") + len("</h1>")
        content = content[:end] + after_title + content[end:]
    else:
        head = f"<h1>{html.escape(title)}</h1>\n" if title and "<h1" in content else ""
        content = head + after_title + content
    return HEAD_MARK + content + TAIL_MARK


def fill(page_html: str, head: str, tail: str) -> str:
    """The finished page with the markers replaced by the panels (first occurrence only; note
    HTML is cleaned of comments, so the first ones are the plugin's)."""
    return page_html.replace(HEAD_MARK, head, 1).replace(TAIL_MARK, tail, 1)


class Panels:
    """The panels of every concept page, each made when its page is written and not kept:
    held for all pages at once they would be the largest thing a build keeps.

    ``urls`` gives each page's URL by its source path. Titles are escaped once a build."""

    def __init__(self, cg: ConceptGraph, urls: Mapping[str, Url]):
        self._cg, self._urls = cg, urls
        self._titles: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"Panels({len(self._cg.notes)} notes)"

    def _title(self, note: Note) -> str:
        title = self._titles.get(note.slug)
        if title is None:
            title = self._titles[note.slug] = html.escape(note.title)
        return title

    def around(self, note: Note) -> tuple[str, str]:
        """The HTML before the page of ``note`` (its breadcrumb) and after it (properties,
        relations, mentions, references and the mount of its local graph)."""
        cg, urls = self._cg, self._urls
        here = RelativeTo(urls[concept_src(note)])

        def a(other: Note) -> str:
            url = here(urls[concept_src(other)])
            return f'<a href="{attr(url)}">{self._title(other)}</a>'

        head = ""
        chains = [c for c in cg.breadcrumbs(note.slug) if len(c) > 1]
        if chains:
            title = self._title(note)
            crumbs = ["\u00a0› ".join([a(n) for n in chain[:-1]]) + f"\u00a0› {title}"
                      for chain in chains]
            head = f'<p class="cg-breadcrumb">{"<br>".join(crumbs)}</p>\n'
        tail = [properties_html(cg, note, urls), _relations_html(cg, note, a),
                _mentions_html(cg, note, a), _references_html(note, here(urls["papers.md"])),
                f'\n<div class="cg-local-graph" data-node="{attr(note.slug)}" data-depth="1" '
                f'data-source="{attr(note.path)}"></div>\n']
        return head, "".join(tail)

    def image(self, note: Note) -> str | None:
        """The social image of the page of ``note`` (``_image``)."""
        return _image(self._cg, note, self._urls)


def _image(cg: ConceptGraph, note: Note, urls: Mapping[str, Url]) -> str | None:
    """The note's ``image`` or ``cover``: a web address as written, a file of the vault by
    its URL; None without one (or when it names no published file)."""
    if not note.image:
        return None
    if re.match(r"https?://", note.image):
        return note.image
    found = cg.resolver.find(note.image.strip("[]!"), note)
    return urls.get(attachment_src(found.file)) if found is not None and found.file else None


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?")


def properties_html(cg: ConceptGraph, note: Note, urls: Mapping[str, Url]) -> str:
    """The Properties panel: each key no one declared, with its value typed as Obsidian types
    it (text, list, number, checkbox, date, link)."""
    if not note.properties:
        return ""
    here = urls[concept_src(note)]

    def one(value: object) -> tuple[str, str]:  # (type, HTML)
        if isinstance(value, list):
            return "list", "<ul>" + "".join(f"<li>{one(v)[1]}</li>" for v in value) + "</ul>"
        if isinstance(value, dict):
            return "text", html.escape(", ".join(f"{k}: {v}" for k, v in value.items()))
        text = str(value).strip()
        if text.lower() in ("true", "false"):
            checked = " checked" if text.lower() == "true" else ""
            return "checkbox", f'<input type="checkbox" disabled{checked}>'
        if _NUMBER.fullmatch(text):
            return "number", html.escape(text)
        if _DATE.fullmatch(text):
            return "date", f"<time>{html.escape(text)}</time>"
        if LINK_RE.search(text):
            return "link", LINK_RE.sub(lambda m: _link(cg, note, m.group("inner"), urls, here),
                                       html.escape(text, quote=False))
        if re.match(r"https?://\S+$", text):
            return "link", f'<a href="{attr(text)}">{html.escape(text)}</a>'
        return "text", html.escape(text)

    rows = []
    for key, value, _ in note.properties:
        kind, shown = one(value)
        rows.append(f'<tr><th>{html.escape(key)}</th><td data-type="{kind}">{shown}</td></tr>')
    return ('\n<details class="cg-properties" open data-search-exclude><summary>Properties'
            '</summary>\n<table>\n' + "\n".join(rows) + "\n</table>\n</details>\n")


def _link(cg: ConceptGraph, note: Note, inner: str, urls: Mapping[str, Url], here: Url) -> str:
    text = LinkText.parse(html.unescape(inner))
    found = cg.resolver.find(text.target, note) if text.target else None
    label = html.escape(text.display())
    url = None
    if found is not None and found.note is not None:
        url = relative_url(urls[concept_src(found.note)], here)
    elif found is not None and found.file is not None and attachment_src(found.file) in urls:
        url = relative_url(urls[attachment_src(found.file)], here)
    if url is None:
        return f'<span class="cg-missing">{label}</span>'
    return f'<a href="{attr(url)}">{label}</a>'


def aliases_html(note: Note) -> str:
    """The line of aliases shown under a concept's title (searchable: it is page content)."""
    if not note.aliases:
        return ""
    return ('\n<p class="cg-aliases"><em>Also known as:</em> '
            + ", ".join([html.escape(x) for x in note.aliases]) + "</p>")


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
        listed = {n.slug for n in bucket}  # a note listed once under a label
        bucket.extend([n for n in group if n.slug not in listed])
    if not merged:
        return ""
    return _section("cg-relations", "Relations", [
        f"<strong>{html.escape(label)}:</strong> " + ", ".join(map(a, group))
        for label, group in merged.items()])


def _mentions_html(cg: ConceptGraph, note: Note, a: Callable[[Note], str]) -> str:
    mentions = cg.mentions(note.slug)
    if not mentions:
        return ""
    return _section("cg-mentioned-in", "Mentioned in", [
        a(other) + (f": “{_quote(context)}”" if context else "")
        for other, context in mentions])


def _quote(context: str) -> str:
    return text_with_code(context) if "$" in context or "`" in context else \
        html.escape(context)


def _references_html(note: Note, papers_url: str) -> str:
    if not note.papers:
        return ""
    items = []
    for paper, role, _ in note.papers:
        what = " (foundational paper)" if role == "foundationalPaper" else ""
        link = (f'<a href="{attr(papers_url)}#{attr(paper.anchor)}">'
                f"{html.escape(paper.title if paper.parsed else paper.text)}</a>")
        cite = f"{html.escape(paper.authors)} ({paper.year}). " if paper.parsed else ""
        items.append(cite + link + what)
    return _section("cg-references", "References", items)
