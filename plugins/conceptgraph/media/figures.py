"""The named figures as SVG: each drawn once per palette, named by a key of everything its
bytes depend on, so a warm build reads them from the cache without numpy or matplotlib."""

from __future__ import annotations

import hashlib
import json

from conceptgraph.activations.figures import FigureSpec
from conceptgraph.media.cache import library_version, source_digest
from conceptgraph.media.svgout import RC, THEMES, Theme

# Bump when a drawing or a caption changes, so that cached SVGs are regenerated.
FIGURE_VERSION = "1"

# The code that computes and draws the figures is part of the key, so that an edit to it
# regenerates the SVGs even when nobody remembers to bump FIGURE_VERSION.
FIGURE_MODULES = tuple(f"conceptgraph.{m}" for m in (
    "activations.experiments", "activations.unit_stats", "activations.registry",
    "activations.table", "activations.numeric", "activations.smooth", "activations.figures",
    "media.drawings", "media.figures", "media.svgout"))


def cache_key(spec: FigureSpec) -> str:
    """sha256 of everything the SVG bytes depend on: name, caption, FIGURE_VERSION, numpy
    and matplotlib versions, the themes and the source of the modules that compute and draw
    the figure (the experiment's parameters are in that source)."""
    payload = {
        "name": spec.name,
        "caption": spec.caption_template,
        "version": FIGURE_VERSION,
        "numpy": library_version("numpy"),
        "matplotlib": library_version("matplotlib"),
        "themes": repr(sorted(THEMES.items())),
        "rc": repr(sorted(RC.items())),
        "source": source_digest(*FIGURE_MODULES),
    }
    blob = json.dumps(payload, sort_keys=True, default=repr).encode()
    return hashlib.sha256(blob).hexdigest()


def filename(spec: FigureSpec, theme: str) -> str:
    """A content-addressed file name for the ``theme`` rendering."""
    return f"{spec.name}.{cache_key(spec)[:12]}.{theme}.svg"


def render(spec: FigureSpec, theme: str | Theme = "light") -> bytes:
    """The figure as deterministic SVG bytes for ``theme`` (``"light"``, ``"dark"`` or a
    ``Theme``)."""
    from conceptgraph.media import drawings  # numpy and matplotlib: only to draw

    return drawings.render(spec.draw, spec.compute(), theme, spec.size)
