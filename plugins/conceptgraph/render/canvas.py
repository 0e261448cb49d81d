"""A JSON Canvas 1.0 file (Obsidian's ``.canvas``) as a static page: no scripts.

Nodes are absolutely positioned boxes drawn in the file's order (the first at the bottom):
text nodes hold their Markdown rendered to HTML (by the caller, then sanitised here), file nodes
an image or a link, link nodes a link to their web page, groups a labelled frame. Edges are
SVG cubic curves between side midpoints, with arrow heads and labels. Every value from the file
is checked and escaped: a canvas is untrusted like a note. Each problem is a finding at the
line of the file where it is, with the fix; what can still be drawn is drawn.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from conceptgraph.diagnostics import Report
from conceptgraph.markup.sanitize import clean_html

LIMIT = 1_000_000  # px: coordinates and sizes beyond it are clamped
MAX_NODES = 10_000
PAD = 40
IMAGES = frozenset({"avif", "bmp", "gif", "jpeg", "jpg", "png", "svg", "webp"})
# The spec leaves the preset shades to the app; these are Obsidian's default theme's.
PRESETS = {"1": "#fb464c", "2": "#e9973f", "3": "#e0de71", "4": "#44cf6e", "5": "#53dfdd",
           "6": "#a882ff"}
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
_SIDES = ("top", "right", "bottom", "left")
_CARD = ("overflow:auto;padding:0 .8em;border:2px solid var(--md-default-fg-color--lighter);"
         "background:var(--md-default-bg-color)")
_GROUP = "border:2px dashed var(--md-default-fg-color--lighter);padding:.2em .6em"
_NORMAL = {"top": (0, -1), "right": (1, 0), "bottom": (0, 1), "left": (-1, 0)}
NOT_PUBLISHED = ""  # no page or file to link to, and nothing to fix


@dataclass(frozen=True)
class CanvasLinks:
    """What the caller resolves: a file node's vault path (and ``#subpath``) to its URL from
    the canvas page (None: no such file; ``NOT_PUBLISHED``: a file of the vault that is not
    published), and a text node's Markdown (written at a line of the file) to HTML."""

    file: Callable[[str, str], str | None]
    markdown: Callable[[str, int], str]


@dataclass(frozen=True)
class _Box:
    x: float
    y: float
    w: float
    h: float


class _Reader:
    def __init__(self, raw: str, path: str, report: Report):
        self.raw, self.path, self.report = raw, path, report

    def line_of(self, node_id: Any) -> int:
        """The line where an object with this id is written (1 when it cannot be found)."""
        m = re.search(r'"id"\s*:\s*' + re.escape(json.dumps(node_id, ensure_ascii=False)),
                      self.raw) if isinstance(node_id, str) else None
        return 1 if m is None else self.raw.count("\n", 0, m.start()) + 1

    def warn(self, node_id: Any, problem: str, fix: str) -> None:
        self.report.warning(self.path, self.line_of(node_id), problem, fix, "canvas")

    def number(self, item: dict[str, Any], key: str, what: str) -> float | None:
        value = item.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                isinstance(value, float) and not math.isfinite(value):
            self.warn(item.get("id"), f"{what} has no number '{key}' (found {_shown(value)})",
                      f"give it \"{key}\": a whole number of pixels, or redraw it in Obsidian")
            return None
        if abs(value) > LIMIT:
            self.warn(item.get("id"), f"{what} has '{key}' {_shown(value)}, beyond "
                      f"±{LIMIT:,} px", "move it nearer the others; it is drawn at the limit")
            return float(LIMIT if value > 0 else -LIMIT)
        return float(value)


def _shown(value: Any) -> str:  # a value from the file, short, for a message
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 40 else text[:37] + "..."


def _n(value: float) -> str:
    """A coordinate in CSS or SVG: at most one decimal."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _color(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # some schemas type the presets as numbers
    if isinstance(value, str) and (value in PRESETS or _HEX.fullmatch(value)):
        return PRESETS.get(value, value)
    return None


def render_canvas(raw: str, path: str, links: CanvasLinks, report: Report) -> str:
    """The HTML of the canvas written in ``raw`` (the file's text; ``path`` names it in
    findings). An unreadable file gives a notice instead of a drawing."""
    try:
        data = json.loads(raw) if raw.strip() else {}
    except (json.JSONDecodeError, RecursionError) as exc:
        line, why = (exc.lineno, f"not valid JSON: {exc.msg}") if isinstance(
            exc, json.JSONDecodeError) else (1, "nested too deeply to read")
        report.warning(path, line, f"the canvas is {why}", "open it in Obsidian and save it "
                       "again, or fix it in a text editor", "canvas")
        return _notice("This canvas could not be read.")
    reader = _Reader(raw, path, report)
    if not isinstance(data, dict):
        report.warning(path, 1, "the canvas is not a JSON object with \"nodes\" and \"edges\"",
                       "save it again from Obsidian", "canvas")
        return _notice("This canvas could not be read.")
    nodes, edges = (_list(data, key, reader) for key in ("nodes", "edges"))
    if len(nodes) > MAX_NODES:
        reader.warn(None, f"the canvas has {len(nodes):,} nodes; only the first "
                    f"{MAX_NODES:,} are drawn", "split it into several canvases")
        nodes = nodes[:MAX_NODES]
    boxes: dict[str, _Box] = {}
    drawn: list[tuple[dict[str, Any], _Box]] = []
    for node in nodes:
        box = _box(node, reader)
        if box is None:
            continue
        if isinstance(node.get("id"), str):
            if node["id"] in boxes:
                reader.warn(node["id"], f"two nodes have the id {node['id']!r}",
                            "give each node its own id; edges go to the first")
            else:
                boxes[node["id"]] = box
        drawn.append((node, box))
    if not drawn:
        return _notice("This canvas is empty.")
    left = min(b.x for _, b in drawn) - PAD
    top = min(b.y for _, b in drawn) - PAD
    width = max(b.x + b.w for _, b in drawn) - left + PAD
    height = max(b.y + b.h for _, b in drawn) - top + PAD
    parts = [f'<div class="cg-canvas-scroll" style="overflow:auto;max-width:100%">'
             f'<div class="cg-canvas" style="position:relative;width:{_n(width)}px;'
             f'height:{_n(height)}px">']
    for node, box in drawn:
        parts.append(_node(node, _Box(box.x - left, box.y - top, box.w, box.h), links, reader))
    parts.append(_edges(edges, boxes, left, top, width, height, reader))
    parts.append("</div></div>")
    return "\n".join(p for p in parts if p)


def _notice(text: str) -> str:
    return f'<p class="cg-canvas-notice"><em>{escape(text)}</em></p>'


def _list(data: dict[str, Any], key: str, reader: _Reader) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list):
        reader.warn(None, f"the canvas's \"{key}\" is not a list", f"write \"{key}\": [...]")
        return []
    good = [item for item in value if isinstance(item, dict)]
    if len(good) < len(value):
        reader.warn(None, f"{len(value) - len(good)} of the canvas's \"{key}\" are not "
                    "JSON objects; they are left out", "save the canvas again from Obsidian")
    return good


def _box(node: dict[str, Any], reader: _Reader) -> _Box | None:
    what = f"node {_shown(node.get('id'))}"
    x, y = reader.number(node, "x", what), reader.number(node, "y", what)
    w, h = reader.number(node, "width", what), reader.number(node, "height", what)
    if x is None or y is None or w is None or h is None:
        return None
    if w <= 0 or h <= 0:
        reader.warn(node.get("id"), f"{what} has no area ({_n(w)} × {_n(h)} px)",
                    "give it a positive width and height")
        return None
    return _Box(x, y, w, h)


def _node(node: dict[str, Any], box: _Box, links: CanvasLinks, reader: _Reader) -> str:
    kind = node.get("type")
    style = (f"position:absolute;left:{_n(box.x)}px;top:{_n(box.y)}px;width:{_n(box.w)}px;"
             f"height:{_n(box.h)}px;box-sizing:border-box;border-radius:8px;"
             + (_GROUP if kind == "group" else _CARD))
    color = _color(node.get("color"))
    if node.get("color") is not None and color is None:
        reader.warn(node.get("id"), f"color {_shown(node.get('color'))} is not a canvas color",
                    'use "1" to "6" or a hex colour like "#ff8800"')
    if color:
        style += f";border-color:{color}"
    if kind == "text":
        text = node.get("text", "")
        if not isinstance(text, str):
            reader.warn(node.get("id"), "a text node's \"text\" is not text",
                        'write "text": "..." (Markdown)')
            text = ""
        inner = clean_html(links.markdown(text, reader.line_of(node.get("id"))))
    elif kind == "file":
        inner = _file(node, links, reader)
    elif kind == "link":
        url = node.get("url")
        if isinstance(url, str) and re.match(r"https?://", url, re.IGNORECASE):
            inner = f'<a href="{escape(url)}">{escape(url)}</a>'
        else:
            reader.warn(node.get("id"), f"a link node's url {_shown(url)} is not a web address",
                        'write "url": "https://..."')
            inner = escape(url) if isinstance(url, str) else ""
    elif kind == "group":
        label = node.get("label")
        inner = f'<span class="cg-canvas-label">{escape(label)}</span>' \
            if isinstance(label, str) else ""
    else:
        reader.warn(node.get("id"), f"node type {_shown(kind)} is not a canvas node type",
                    'use "text", "file", "link" or "group"')
        return ""
    return f'<div class="cg-canvas-node cg-canvas-{kind}" style="{style}">{inner}</div>'


def _file(node: dict[str, Any], links: CanvasLinks, reader: _Reader) -> str:
    path, subpath = node.get("file"), node.get("subpath", "")
    if not isinstance(path, str) or not path.strip():
        reader.warn(node.get("id"), "a file node has no \"file\"",
                    'write "file": "Folder/Note.md" (a path in the vault)')
        return ""
    subpath = subpath if isinstance(subpath, str) else ""
    url = links.file(path, subpath)
    name = path.rpartition("/")[2]
    if url is None:
        reader.warn(node.get("id"), f"file node {path!r} is not in the vault",
                    "point it at a file of the vault, or remove the card")
        return f'<span class="cg-missing">{escape(name)}</span>'
    if url == NOT_PUBLISHED:  # not a finding: the vault's author holds it back
        return f'<span class="cg-unpublished" title="Not published">{escape(name)}</span>'
    if name.rpartition(".")[2].lower() in IMAGES:
        return f'<img src="{escape(url)}" alt="{escape(name)}" style="max-width:100%">'
    label = name[:-3] if name.endswith(".md") else name
    return f'<a href="{escape(url)}">{escape(label + subpath)}</a>'


def _side(a: _Box, b: _Box) -> str:
    """The side of ``a`` that faces ``b``."""
    dx = (b.x + b.w / 2) - (a.x + a.w / 2)
    dy = (b.y + b.h / 2) - (a.y + a.h / 2)
    if abs(dx) >= abs(dy):
        return "right" if dx >= 0 else "left"
    return "bottom" if dy >= 0 else "top"


def _point(box: _Box, side: str) -> tuple[float, float]:
    return {"top": (box.x + box.w / 2, box.y), "bottom": (box.x + box.w / 2, box.y + box.h),
            "left": (box.x, box.y + box.h / 2), "right": (box.x + box.w, box.y + box.h / 2)}[side]


def _end(edge: dict[str, Any], key: str, boxes: dict[str, _Box]) -> _Box | None:
    return boxes.get(edge[key]) if isinstance(edge.get(key), str) else None


def _edges(edges: list[dict[str, Any]], boxes: dict[str, _Box], left: float, top: float,
           width: float, height: float, reader: _Reader) -> str:
    paths = []
    for edge in edges:
        start, end = _end(edge, "fromNode", boxes), _end(edge, "toNode", boxes)
        if start is None or end is None:
            missing = edge.get("fromNode") if start is None else edge.get("toNode")
            reader.warn(edge.get("id"), f"edge {_shown(edge.get('id'))} joins node "
                        f"{_shown(missing)}, which is not drawn",
                        "connect it to a node of the canvas, or remove it")
            continue
        a = _Box(start.x - left, start.y - top, start.w, start.h)
        b = _Box(end.x - left, end.y - top, end.w, end.h)
        s1 = edge["fromSide"] if edge.get("fromSide") in _SIDES else _side(a, b)
        s2 = edge["toSide"] if edge.get("toSide") in _SIDES else _side(b, a)
        (x1, y1), (x2, y2) = _point(a, s1), _point(b, s2)
        bend = min(max(math.hypot(x2 - x1, y2 - y1) / 2, 40), 200)
        c1 = (x1 + _NORMAL[s1][0] * bend, y1 + _NORMAL[s1][1] * bend)
        c2 = (x2 + _NORMAL[s2][0] * bend, y2 + _NORMAL[s2][1] * bend)
        marks = ' marker-start="url(#cg-canvas-arrow)"' if edge.get("fromEnd") == "arrow" else ""
        if edge.get("toEnd", "arrow") == "arrow":  # the spec's defaults: none → arrow
            marks += ' marker-end="url(#cg-canvas-arrow)"'
        paths.append(f'<path d="M{_n(x1)},{_n(y1)} C{_n(c1[0])},{_n(c1[1])} {_n(c2[0])},'
                     f'{_n(c2[1])} {_n(x2)},{_n(y2)}" fill="none" stroke="'
                     f'{_color(edge.get("color")) or "currentColor"}" stroke-width="2"{marks}/>')
        label = edge.get("label")
        if isinstance(label, str) and label:
            mx = (x1 + 3 * c1[0] + 3 * c2[0] + x2) / 8  # the curve's point at t = 1/2
            my = (y1 + 3 * c1[1] + 3 * c2[1] + y2) / 8
            paths.append(f'<text x="{_n(mx)}" y="{_n(my)}" text-anchor="middle" '
                         f'fill="currentColor" class="cg-canvas-edge-label">{escape(label)}'
                         "</text>")
    if not paths:
        return ""
    return (f'<svg class="cg-canvas-edges" width="{_n(width)}" height="{_n(height)}" '
            f'viewBox="0 0 {_n(width)} {_n(height)}" style="position:absolute;left:0;top:0;'
            'pointer-events:none;overflow:visible"><defs>'
            '<marker id="cg-canvas-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
            'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
            '<path d="M0,0 L10,5 L0,10 z" fill="currentColor"/></marker></defs>'
            + "".join(paths) + "</svg>")
