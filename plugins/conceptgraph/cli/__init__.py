"""The ``conceptgraph`` command: new, check, graph, schema. The build never imports it."""

from conceptgraph.cli.main import main

__all__ = ["main"]
