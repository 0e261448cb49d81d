"""What the adapter adds to pages and the nav from the plan: the generated pages that are left
out leave the nav too, a note's ``cssclasses`` and social image reach its page, the
transclusions of its table cells are rendered as the page is, and a page of docs/ gets its
wiki-links."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Collection
from typing import Any
from urllib.parse import urljoin

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from conceptgraph.build import SitePlan, concept_meta
from conceptgraph.links.policy import apply_unresolved
from conceptgraph.markup.sanitize import clean_html
from conceptgraph.notes.note import Note
from conceptgraph.plugin.markdown import heading_ids
from conceptgraph.plugin.publish import edit_url, publish
from conceptgraph.render.fragments import fill_fragments
from conceptgraph.render.links import PageLinks, page_links
from conceptgraph.render.panels import aliases_html, wrap
from conceptgraph.render.tag_pages import TagHref, page_tags, tag_links
from conceptgraph.render.urls import relative_url
from conceptgraph.types import Url

_ARTICLE = re.compile(r'<article class="(md-content__inner md-typeset)"')


def drop_from_nav(config: MkDocsConfig, omitted: Collection[str]) -> None:
    """Remove the entries of ``config.nav`` (mkdocs.yml's nav) that name an ``omitted``
    page, so the nav offers no page the site does not have."""
    if config.nav and omitted:
        config.nav = _without(config.nav, set(omitted))


def _without(items: list[Any], omitted: set[str]) -> list[Any]:
    kept: list[Any] = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 \
            else item
        if isinstance(value, str) and value.lstrip("/") in omitted:
            continue
        if isinstance(value, list):
            value = _without(value, omitted)
            if not value:
                continue
            item = {next(iter(item)): value}
        kept.append(item)
    return kept


def page_extras(page_html: str, classes: tuple[str, ...], image: str | None, page_url: str,
                site_url: str | None) -> str:
    """The finished page of a note with its ``cssclasses`` on the article and its social
    ``image`` (``og:image``, ``twitter:image``) in the head."""
    if classes:
        extra = " ".join(html.escape(c, quote=True) for c in classes)
        page_html = _ARTICLE.sub(lambda m: f'<article class="{m.group(1)} {extra}"', page_html,
                                 count=1)
    if image:
        url = image
        if not re.match(r"https?://", url):
            url = urljoin(site_url, url) if site_url else relative_url(Url(url), Url(page_url))
        quoted = html.escape(url, quote=True)
        meta = (f'<meta property="og:image" content="{quoted}">'
                f'<meta name="twitter:image" content="{quoted}">')
        page_html = page_html.replace("</head>", meta + "</head>", 1)
    return page_html


def note_page_links(plan: SitePlan, note: Note, page: Page
                    ) -> tuple[PageLinks, TagHref | None]:
    """A note's page gets its concept metadata (the page's own, if any, wins), the links of
    its body and its links to tag pages."""
    assert plan.graph is not None
    page.meta = {**concept_meta(note), **page.meta}
    url = Url(page.url)
    return (PageLinks(plan.graph, plan.urls, url, note.scan.headings, note),
            tag_links(plan.urls, url))


def note_html(html: str, note: Note, plan: SitePlan, page: Page, config: MkDocsConfig) -> str:
    """A note's HTML cleaned (its body is untrusted), with its players, PDFs and table-cell
    transclusions, and the marks where its panels go (``render/panels.py``)."""
    cleaned = fill_fragments(clean_html(html), plan.fragments.get(page.file.src_uri, []),
                             markdown_renderer(config))
    return wrap(cleaned, aliases_html(note), page.title)


def note_context(context: dict[str, Any], note: Note, plan: SitePlan, page: Page,
                 config: MkDocsConfig, kb_display: str) -> None:
    """A note's edit link points into the knowledge base; its tags are shown above it."""
    if config.repo_url and config.edit_uri:
        page.edit_url = edit_url(config, kb_display, note.rel)
    if note.tags:  # Material shows them above the page
        context["tags"] = page_tags(note, plan.urls)


def docs_page_links(plan: SitePlan, page: Page, markdown: str, config: MkDocsConfig,
                    unresolved: str) -> tuple[PageLinks, str]:
    """The links of a page of docs/ and its Markdown with their placeholders; its unresolved
    links are reported by the ``unresolved`` policy."""
    assert plan.graph is not None
    links, markdown, report = page_links(plan.graph, plan.urls, page.file.src_uri,
                                         Url(page.url), markdown, config.docs_dir,
                                         heading_ids(config))
    publish(apply_unresolved(report, unresolved))
    return links, markdown


def markdown_renderer(config: MkDocsConfig) -> Callable[[str], str]:
    """Markdown → cleaned HTML, as MkDocs renders the page being built (the same extensions
    and settings, the plugin's with the page's links): for the transclusions of table cells
    (``render/embeds.py``), which a table row cannot hold as Markdown."""
    def render(text: str) -> str:
        md = markdown.Markdown(extensions=config.markdown_extensions,
                               extension_configs=config.mdx_configs or {})
        return clean_html(md.convert(text))
    return render
