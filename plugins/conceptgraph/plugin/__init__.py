"""The MkDocs adapter: the only package that imports MkDocs (and ProperDocs' drop-in)."""

from conceptgraph.plugin.plugin import ConceptGraphPlugin

__all__ = ["ConceptGraphPlugin"]
