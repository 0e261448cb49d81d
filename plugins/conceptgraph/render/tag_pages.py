"""The tag pages: *Tags* (every tag, nested ones under their parents) and one page per tag
listing its notes, those of the tags nested in it included (``#a/b`` is also under ``a``).

Made only when some note has a tag. Material's tags plugin is not used: it works only when
listed in mkdocs.yml, and makes no page per tag; the tags reach Material's search through each
note page's ``tags`` metadata (``build.concept_meta``), which its search indexes by itself.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from conceptgraph.notes.note import Note
from conceptgraph.notes.tags import TAGS_DIR, tag_key, tag_levels, tag_src
from conceptgraph.render.index_pages import IndexLinks, ListItem, html_list
from conceptgraph.render.text import attr, frontmatter, md_text
from conceptgraph.render.urls import relative_url
from conceptgraph.types import Url

TAGS_PAGE = f"{TAGS_DIR}/index.md"
TagHref = Callable[[str], "str | None"]  # a tag's name → its page's URL from the current page


def all_tags(notes: Iterable[Note]) -> dict[str, tuple[str, list[Note]]]:
    """Every tag and every tag a nested one is in, by key: its name as first written and its
    notes (in the given order), sorted by name."""
    found: dict[str, tuple[str, list[Note]]] = {}
    for note in notes:
        for tag in note.tags:
            for level in tag_levels(tag):
                name, tagged = found.setdefault(tag_key(level), (level, []))
                if not tagged or tagged[-1] is not note:
                    tagged.append(note)
    return dict(sorted(found.items(), key=lambda kv: (kv[1][0].casefold(), kv[0])))


def tag_sources(notes: Iterable[Note]) -> list[str]:
    """The source paths of the tag pages: none without tags."""
    tags = all_tags(notes)
    return [TAGS_PAGE, *(tag_src(name) for name, _ in tags.values())] if tags else []


def tag_pages(notes: Iterable[Note], urls: Mapping[str, Url]) -> dict[str, str]:
    """The Markdown of the Tags page and of each tag's page, by source path."""
    tags = all_tags(notes)
    if not tags:
        return {}
    pages = {TAGS_PAGE: _index(tags, urls)}
    for name, tagged in tags.values():
        src = tag_src(name)
        links = IndexLinks(src, urls)
        items = [ListItem(links.to(n)) for n in sorted(tagged, key=lambda n: n.title.casefold())]
        count = f"{len(tagged)} note{'s' if len(tagged) != 1 else ''}"
        up = posixpath.relpath(TAGS_PAGE, posixpath.dirname(src))  # MkDocs checks the link
        pages[src] = (frontmatter(f"#{name}") + f"# &#35;{md_text(name)}\n\n{count} tagged "
                      f"&#35;{md_text(name)}. See [all tags]({up}).\n\n"
                      f"{html_list(items)}\n")
    return pages


def _index(tags: Mapping[str, tuple[str, list[Note]]], urls: Mapping[str, Url]) -> str:
    here = urls[TAGS_PAGE]
    nested: dict[str, list[str]] = defaultdict(list)  # a tag's key → the tags right under it
    for name, _ in tags.values():
        if "/" in name:
            nested[tag_key(name.rpartition("/")[0])].append(name)

    def item(name: str) -> ListItem:
        _, tagged = tags[tag_key(name)]
        url = relative_url(urls[tag_src(name)], here)
        children = tuple(item(child) for child in nested[tag_key(name)])
        return ListItem(f'<a class="tag" href="{attr(url)}">#{md_text(name)}</a> '
                        f"({len(tagged)})", children)

    roots = [item(name) for name, _ in tags.values() if "/" not in name]
    return (frontmatter("Tags") + f"# Tags\n\n{len(tags)} tags in the notes.\n\n"
            + html_list(roots) + "\n")


def one_tag_page(src: str) -> bool:
    """Whether ``src`` is a single tag's page (reached from *Tags*, not the navigation)."""
    return src.startswith(f"{TAGS_DIR}/") and src != TAGS_PAGE


def tag_links(urls: Mapping[str, Url], page_url: Url) -> TagHref | None:
    """A tag's name → the URL of its page from the page at ``page_url`` (None: no such tag);
    None when no note has a tag."""
    if TAGS_PAGE not in urls:
        return None

    def href(name: str) -> str | None:
        url = urls.get(tag_src(name))
        return None if url is None else relative_url(url, page_url)
    return href


def page_tags(note: Note, urls: Mapping[str, Url]) -> list[dict[str, str]]:
    """The note's tags for Material's tag list at the top of its page: name and URL."""
    return [{"name": name, "url": urls[tag_src(name)]} for name in note.tags
            if tag_src(name) in urls]

