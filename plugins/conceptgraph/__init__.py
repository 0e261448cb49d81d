"""conceptgraph: typed concept graphs from wiki-linked Markdown notes, published with MkDocs.

The core (notes, wikilinks, resolve, graph, papers, pages, numeric, plots, figures) never imports
MkDocs; ``conceptgraph.plugin.plugin`` is the only adapter.
"""

__version__ = "0.1.0"
