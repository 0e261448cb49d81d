"""The Markdown extensions a knowledge base (an Obsidian vault) needs, enabled by the plugin
itself: ``plugins: [search, conceptgraph: {kb_dir: vault}]`` is all a site needs.

One function, ``enable_extensions``, called from ``on_config``: each feature adds what it needs
to ``NEEDED``; an extension the site already lists (with its own options) is left as it is.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

# name → options, in the order they are added
NEEDED: dict[str, dict[str, object]] = {
    "toc": {"permalink": True},  # heading anchors: [[Note#Heading]] lands on them
    "attr_list": {},  # {: .markdown-embed-link } on an embed's link
    "tables": {},
    "pymdownx.blocks.html": {},  # the <div class="internal-embed"> of a note embed
}


def enable_extensions(config: MkDocsConfig) -> None:
    """Add each extension of ``NEEDED`` that the site does not list yet."""
    listed = set(config.markdown_extensions)
    for name, options in NEEDED.items():
        if name not in listed:
            config.markdown_extensions.append(name)
            if options:
                config.mdx_configs.setdefault(name, dict(options))
