"""The Markdown extensions a vault needs, enabled by the plugin itself: zero configuration.

Material with ``plugins: [search, conceptgraph]`` is enough for an Obsidian vault. Each extension
is added only when mkdocs.yml does not list it already, so a site's own settings win; the one
exception is Mermaid, whose fence is added to a listed ``pymdownx.superfences`` that has none.
(MkDocs always has ``toc``, ``tables`` and ``fenced_code``.) Add what a feature needs to
``_NEEDED``, or to ``_ON_USE`` when only some vaults write its syntax: those are added once the
notes are read, only if a page the plugin generates holds their mark (a check that errs
towards adding them). Every extension is set up again for every page and runs over all of its
text, so one that no page needs costs every page time for nothing. The pages of docs/ are the
site's own: list an extension in mkdocs.yml to have it there whatever the notes use.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markdown.extensions.toc import slugify_unicode
from mkdocs.config.defaults import MkDocsConfig
from pymdownx.superfences import fence_code_format

from conceptgraph.markup.wikilinks import HeadingIds
from conceptgraph.render.queries import QUERY_FENCE_CONFIGS

# name → its settings when the plugin adds it (Obsidian Flavored Markdown, obsidian.md §3–6)
_NEEDED: dict[str, dict[str, Any]] = {
    "attr_list": {},  # the plugin's own pages use it
    "tables": {},
    "footnotes": {"USE_DEFINITION_ORDER": False},  # numbered as Obsidian: by first reference
    "admonition": {},  # callouts (> [!type]) become admonitions ...
    "pymdownx.details": {},  # ... and foldable ones (> [!type]-) collapsible details
    # lists as in Obsidian: a list of another kind starts a new list, "3." starts at 3
    "sane_lists": {},
    # a heading needs a space after its #s, as in Obsidian: a line of tags (#a #b) is no heading
    "pymdownx.saneheaders": {},
}
# name → (its settings, the marks of its syntax: a page holding one of them needs it)
_ON_USE: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {
    # the <div class="internal-embed"> of a note's transclusion (render/embeds.py)
    "pymdownx.blocks.html": ({}, ("///",)),
    "pymdownx.mark": ({}, ("==",)),  # ==highlight==
    "pymdownx.tilde": ({"subscript": False}, ("~~",)),  # ~~strike~~; Obsidian has no ~sub~
    "pymdownx.tasklist": ({}, ("[ ]", "[x]", "[X]")),  # - [ ] task
    # a bare https://… address is a link in Obsidian (GFM's autolinks)
    "pymdownx.magiclink": ({}, ("http://", "https://", "www.")),
    # $math$ and $$math$$, as Obsidian writes it (no \(...\), \[...\] or \begin{...}:
    # Obsidian reads those as text); KaTeX renders it in the page (plugin/assets.py)
    "pymdownx.arithmatex": ({"generic": True, "inline_syntax": ["dollar"],
                             "block_syntax": ["dollar"]}, ("$",)),
}
# The module loaded in the place of an extension of ``_ON_USE`` (the same settings): magiclink
# with GFM's rule for a ')' that ends a bare address (render/autolinks.py)
_LOADED_AS = {"pymdownx.magiclink": "conceptgraph.render.autolinks"}
MERMAID_FENCE = {"name": "mermaid", "class": "mermaid", "format": fence_code_format}


def ensure_extensions(config: MkDocsConfig) -> None:
    """Add to ``config`` the Markdown extensions notes are written for, unless it has them."""
    listed = {e for e in config.markdown_extensions if isinstance(e, str)}
    for name, settings in _NEEDED.items():
        if name not in listed:
            config.markdown_extensions.append(name)
            if settings:
                config.mdx_configs[name] = dict(settings)
    # Mermaid diagrams: Material draws the <pre class="mermaid"> blocks this fence writes.
    # (MkDocs always lists fenced_code; superfences, loaded after it, takes its place.)
    if "pymdownx.superfences" not in listed:
        config.markdown_extensions.append("pymdownx.superfences")
    settings = config.mdx_configs.setdefault("pymdownx.superfences", {})
    # Obsidian's query blocks (```query, ```dataview ...): a folded box (render/queries.py)
    fences = list(settings.get("custom_fences", []))
    names = {f.get("name") for f in fences}
    added = [f for f in [MERMAID_FENCE, *QUERY_FENCE_CONFIGS] if f["name"] not in names]
    if added:
        settings["custom_fences"] = [*fences, *added]
    # Heading ids that keep every script: `## 数据` gets #数据, not toc's default #_1 (the
    # same ids as the default for ASCII text). A site's own slugify stays.
    config.mdx_configs.setdefault("toc", {}).setdefault("slugify", slugify_unicode)


def heading_ids(config: MkDocsConfig) -> HeadingIds:
    """How the table of contents of the site of ``config`` makes heading ids, for the links
    the plugin writes to headings."""
    toc = config.mdx_configs.get("toc", {})
    return HeadingIds(toc.get("slugify", slugify_unicode), toc.get("separator", "-"))


def extensions_in_use(config: MkDocsConfig, pages: Iterable[str]) -> tuple[str, ...]:
    """Add to ``config`` the extensions of ``_ON_USE`` whose syntax one of ``pages`` (the
    Markdown of the pages the plugin generates) may hold, unless mkdocs.yml lists them;
    returns the names added (``_ON_USE``'s, whatever module ``_LOADED_AS`` loads)."""
    listed = {e for e in config.markdown_extensions if isinstance(e, str)}
    text = "\n".join(pages)
    used = {name for name, (_, marks) in _ON_USE.items() if any(m in text for m in marks)}
    added = tuple(name for name in _ON_USE if name in used and name not in listed
                  and _LOADED_AS.get(name, name) not in listed)
    for name in added:
        module = _LOADED_AS.get(name, name)
        config.markdown_extensions.append(module)
        if _ON_USE[name][0]:
            config.mdx_configs[module] = dict(_ON_USE[name][0])
    return added
