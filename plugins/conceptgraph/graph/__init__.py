"""Stage 3, graph: the typed concept graph (networkx) and what is asked of it.

Takes: the notes and the resolver. Gives: ``ConceptGraph`` with typed, inverse-labelled edges,
backlinks with context, the taxonomy, papers and wanted concepts, and its exports
(``graph.json``, GraphML).
"""
