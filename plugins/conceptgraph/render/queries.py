"""Obsidian's query blocks: a fenced ```` ```query ```` (a search embedded in the note) and the
blocks of the most used community plugins (Dataview's ```` ```dataview ```` and
```` ```dataviewjs ````, Tasks' ```` ```tasks ````).

Obsidian fills them with live results from the vault; a static site cannot (Obsidian Publish
leaves them out). A page shows a folded box in their place that says so, with the query inside
for whoever opens it: nothing the note wrote is lost, and no reader takes the query for the
note's content. The plugin adds these fences to ``pymdownx.superfences`` (``plugin/
markdown.py``), unless the site's configuration has a fence of that name; a query written as
an example inside a longer fence stays code.
"""

from __future__ import annotations

import html
from typing import Any

# fence name → what the box says the results were
QUERY_FENCES = {
    "query": "Search results",
    "dataview": "Dataview results",
    "dataviewjs": "Dataview script results",
    "tasks": "Tasks results",
}


def query_format(source: str, language: str, class_name: str, options: dict[str, Any],
                 md: Any, **kwargs: Any) -> str:
    """superfences' formatter of a query fence: a folded note (Material's ``details``
    admonition) holding the query as code."""
    what = QUERY_FENCES.get(language, "Query results")
    return (f'<details class="note cg-query"><summary>{html.escape(what)}: made by Obsidian '
            f"from the vault, not published</summary>\n"
            f'<pre><code class="language-{html.escape(language)}">{html.escape(source)}'
            f"</code></pre>\n</details>")


QUERY_FENCE_CONFIGS = [{"name": name, "class": "cg-query", "format": query_format}
                       for name in QUERY_FENCES]
