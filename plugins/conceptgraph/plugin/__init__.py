"""The MkDocs adapter: the only package that imports MkDocs (and ProperDocs' drop-in).

Takes MkDocs' events and config; gives MkDocs the knowledge base's pages (``plugin``), and gives
the ``conceptgraph`` command mkdocs.yml as MkDocs reads it (``project``).
"""

from conceptgraph.plugin.plugin import ConceptGraphPlugin

__all__ = ["ConceptGraphPlugin"]
