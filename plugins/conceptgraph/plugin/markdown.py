"""The Markdown extensions a vault needs, enabled by the plugin itself: zero configuration.

Material with ``plugins: [search, conceptgraph]`` is enough for an Obsidian vault. Each extension
is added only when mkdocs.yml does not list it already, so a site's own settings win; the one
exception is Mermaid, whose fence is added to a listed ``pymdownx.superfences`` that has none.
(MkDocs always has ``toc``, ``tables`` and ``fenced_code``.) Add what a feature needs to
``_NEEDED``.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from pymdownx.superfences import fence_code_format

# name → its settings when the plugin adds it (Obsidian Flavored Markdown, obsidian.md §3–6)
_NEEDED: dict[str, dict[str, Any]] = {
    "attr_list": {},  # the plugin's own pages use it
    "tables": {},
    "pymdownx.blocks.html": {},  # the <div class="internal-embed"> of a note's transclusion
    "footnotes": {"USE_DEFINITION_ORDER": False},  # numbered as Obsidian: by first reference
    "admonition": {},  # callouts (> [!type]) become admonitions ...
    "pymdownx.details": {},  # ... and foldable ones (> [!type]-) collapsible details
    "pymdownx.mark": {},  # ==highlight==
    "pymdownx.tilde": {"subscript": False},  # ~~strike~~; Obsidian has no ~sub~
    "pymdownx.tasklist": {},
}
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
    fences = list(settings.get("custom_fences", []))
    if not any(f.get("name") == "mermaid" for f in fences):
        settings["custom_fences"] = [*fences, MERMAID_FENCE]
