"""One `mkdocs build` for the site benchmark, in a process of its own, as a maintainer runs it.

    python scripts/bench_build.py path/to/mkdocs.yml

Prints one JSON line: the build's seconds from the first import, and, when the conceptgraph
plugin is on, its own time by event and by stage (work done in a second process included,
reported when it was collected). It reads the plugin's internals (its events, ``assemble`` and
``Site.timings``), which may change; scripts/bench.py does not use it, it measures builds from
outside only.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import functools  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from collections import defaultdict  # noqa: E402

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

EVENTS = ("on_config", "on_files", "on_page_markdown", "on_page_content", "on_page_context",
          "on_post_page", "on_post_build")


def timed_plugin(spent: dict[str, float], sites: list) -> None:
    """Add up the plugin's own time by event, and keep what each build assembled."""
    from mkdocs.plugins import CombinedEvent

    import conceptgraph.plugin.plugin as plugin_module
    from conceptgraph.plugin.plugin import ConceptGraphPlugin

    def timed(original, event: str):
        @functools.wraps(original)  # keeps its event priority
        def wrapper(self, *a, **kw):
            start = time.perf_counter()
            try:
                return original(self, *a, **kw)
            finally:
                spent[event] += time.perf_counter() - start

        return wrapper

    for event in EVENTS:
        original = ConceptGraphPlugin.__dict__.get(event)
        if original is None:  # an older revision (bench.py --against) without this event
            continue
        if isinstance(original, CombinedEvent):  # several handlers of one event: each timed
            setattr(ConceptGraphPlugin, event,
                    CombinedEvent(*(timed(m, event) for m in original.methods)))
        else:
            setattr(ConceptGraphPlugin, event, timed(original, event))
    assemble = plugin_module.assemble

    def recording(*a, **kw):
        sites.append(assemble(*a, **kw))
        return sites[-1]

    plugin_module.assemble = recording


def main() -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    spent: dict[str, float] = defaultdict(float)
    sites: list = []
    with open(sys.argv[1], encoding="utf-8") as f:  # a plain build must not import the plugin
        if "conceptgraph" in f.read():
            timed_plugin(spent, sites)  # before the config makes the plugin's instance
    build(load_config(sys.argv[1]))
    print(json.dumps({"seconds": time.perf_counter() - START, "events": spent,
                      "stages": sites[-1].timings if sites else {}}))


if __name__ == "__main__":
    main()
