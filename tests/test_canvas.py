"""The JSON Canvas renderer (render/canvas.py): a static drawing, every value checked and
escaped, every problem a finding at the file's line with the fix."""

from __future__ import annotations

import html
import json
import re

import markdown
import pytest

from conceptgraph.diagnostics import Report
from conceptgraph.render.canvas import LIMIT, PAD, CanvasLinks, render_canvas

FILES = {"Recipes/Pancakes.md": "../recipes/pancakes/", "Attachments/photo.png":
         "../attachments/photo.png"}


def links() -> CanvasLinks:
    return CanvasLinks(file=lambda path, subpath: FILES.get(path),
                       markdown=lambda text, line: markdown.markdown(text))


def draw(canvas: object | str) -> tuple[str, list[str]]:
    raw = canvas if isinstance(canvas, str) else json.dumps(canvas, indent=2)
    report = Report()
    out = render_canvas(raw, "kb/Board.canvas", links(), report)
    return out, [str(d) for d in report.items]


SPEC = {
    "nodes": [
        {"id": "g", "type": "group", "label": "Plan", "x": -100, "y": -50, "width": 800,
         "height": 400},
        {"id": "a", "type": "text", "text": "# Plan\n\nSome **bold**", "x": 0, "y": 0,
         "width": 240, "height": 120, "color": "4"},
        {"id": "b", "type": "file", "file": "Recipes/Pancakes.md", "subpath": "#Batter",
         "x": 320, "y": 0, "width": 300, "height": 200},
        {"id": "c", "type": "file", "file": "Attachments/photo.png", "x": 0, "y": 200,
         "width": 100, "height": 100, "color": 4},
        {"id": "d", "type": "link", "url": "https://example.org/?a=1&b=2", "x": 320, "y": 250,
         "width": 200, "height": 60, "color": "#FF8800"},
    ],
    "edges": [
        {"id": "e1", "fromNode": "a", "fromSide": "right", "toNode": "b", "toSide": "left",
         "label": "see"},
        {"id": "e2", "fromNode": "b", "toNode": "d", "fromEnd": "arrow", "toEnd": "none"},
    ],
}


def boxes(out: str) -> list[tuple[str, float, float, float, float]]:
    return [(m.group(1), *map(float, m.group(2, 3, 4, 5))) for m in re.finditer(
        r'class="cg-canvas-node cg-canvas-(\w+)" style="position:absolute;left:([-\d.]+)px;'
        r'top:([-\d.]+)px;width:([-\d.]+)px;height:([-\d.]+)px', out)]


def test_the_spec_example_is_drawn_with_every_kind_of_node_and_edge():
    out, findings = draw(SPEC)
    assert findings == []
    # In the file's order (z-order), moved so the leftmost and topmost node sit at PAD
    assert boxes(out) == [("group", PAD, PAD, 800, 400), ("text", 100 + PAD, 50 + PAD, 240, 120),
                          ("file", 420 + PAD, 50 + PAD, 300, 200),
                          ("file", 100 + PAD, 250 + PAD, 100, 100),
                          ("link", 420 + PAD, 300 + PAD, 200, 60)]
    width = (-100 + 800) - (-100) + 2 * PAD  # the group spans the others
    assert f'class="cg-canvas" style="position:relative;width:{width}px;height:{400 + 2 * PAD}px"' \
        in out
    assert "<h1>Plan</h1>\n<p>Some <strong>bold</strong></p>" in out
    assert '<span class="cg-canvas-label">Plan</span>' in out
    assert '<a href="../recipes/pancakes/">Pancakes#Batter</a>' in out
    assert '<img src="../attachments/photo.png" alt="photo.png"' in out
    assert '<a href="https://example.org/?a=1&amp;b=2">https://example.org/?a=1&amp;b=2</a>' in out
    assert out.count("border-color:#44cf6e") == 2  # the preset "4", written as text or number
    assert "border-color:#FF8800" in out
    assert "<script" not in out


def test_edges_join_side_midpoints_with_arrows_and_labels():
    out, _ = draw(SPEC)
    ax, ay = 100 + PAD + 240, 50 + PAD + 60  # a's right side
    bx, by = 420 + PAD, 50 + PAD + 100  # b's left side
    bend = min(max(((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5 / 2, 40), 200)
    path = re.search(r'<path d="M([\d.]+),([\d.]+) C([\d.]+),([\d.]+) ([\d.]+),([\d.]+) '
                     r'([\d.]+),([\d.]+)"[^>]*marker-end="url\(#cg-canvas-arrow\)"/>', out)
    assert path is not None
    got = [float(v) for v in path.groups()]
    want = [ax, ay, ax + bend, ay, bx - bend, by, bx, by]
    assert got == pytest.approx(want, abs=0.05)
    mx = (ax + 3 * (ax + bend) + 3 * (bx - bend) + bx) / 8
    assert re.search(rf'<text x="{mx:.1f}'.rstrip("0").rstrip(".") + r'[^>]*>see</text>', out)
    # e2: no sides given, so the facing ones; an arrow at its start only
    second = re.findall(r'<path d=[^>]*fill="none"[^>]*>', out)[1]
    assert 'marker-start="url(#cg-canvas-arrow)"' in second and "marker-end" not in second


@pytest.mark.parametrize(("raw", "line", "message"), [
    ('{\n  "nodes": [\n    {"id": "a",, }\n  ]\n}', 3, "the canvas is not valid JSON: "
     "Expecting property name enclosed in double quotes"),
    ("[1, 2]", 1, 'the canvas is not a JSON object with "nodes" and "edges"'),
    ("[" * 100_000 + "]" * 100_000, 1, "the canvas is nested too deeply to read"),
])
def test_an_unreadable_file_is_one_finding_at_its_line_and_a_notice(raw, line, message):
    out, findings = draw(raw)
    assert out == '<p class="cg-canvas-notice"><em>This canvas could not be read.</em></p>'
    assert len(findings) == 1
    assert findings[0].startswith(f"kb/Board.canvas:{line}: {message}")


def test_an_empty_file_or_canvas_is_a_notice_without_findings():
    for raw in ("", "{}", '{"nodes": [], "edges": []}'):
        assert draw(raw) == ('<p class="cg-canvas-notice"><em>This canvas is empty.</em></p>',
                             [])


def test_bad_nodes_and_edges_are_findings_at_their_lines_and_the_rest_is_drawn():
    canvas = {"nodes": [
        {"id": "ok", "type": "text", "text": "fine", "x": 0, "y": 0, "width": 10, "height": 10},
        {"id": "nox", "type": "text", "text": "no x", "y": 0, "width": 10, "height": 10},
        {"id": "str", "type": "text", "text": "x", "x": "12", "y": 0, "width": 1, "height": 1},
        {"id": "flat", "type": "text", "text": "x", "x": 0, "y": 0, "width": 0, "height": 5},
        {"id": "odd", "type": "widget", "x": 0, "y": 0, "width": 5, "height": 5},
        {"id": "nofile", "type": "file", "x": 0, "y": 0, "width": 5, "height": 5},
        {"id": "gone", "type": "file", "file": "../../etc/passwd", "x": 0, "y": 0, "width": 5,
         "height": 5},
        {"id": "js", "type": "link", "url": "javascript:alert(1)", "x": 0, "y": 0, "width": 5,
         "height": 5},
        {"id": "ok", "type": "text", "text": "again", "x": 0, "y": 0, "width": 5, "height": 5,
         "color": "red"},
        "not an object",
    ], "edges": [{"id": "e", "fromNode": "ok", "toNode": "nox"}]}
    raw = json.dumps(canvas, indent=1)
    out, findings = draw(raw)

    def at(node_id: str) -> str:  # the line of the first object with this id
        line = next(i for i, t in enumerate(raw.splitlines(), 1) if f'"id": "{node_id}"' in t)
        return f"kb/Board.canvas:{line}:"

    assert findings == [
        "kb/Board.canvas:1: 1 of the canvas's \"nodes\" are not JSON objects; they are left out"
        "; save the canvas again from Obsidian",
        f"{at('nox')} node \"nox\" has no number 'x' (found null); give it \"x\": a whole "
        "number of pixels, or redraw it in Obsidian",
        f"{at('str')} node \"str\" has no number 'x' (found \"12\"); give it \"x\": a whole "
        "number of pixels, or redraw it in Obsidian",
        f"{at('flat')} node \"flat\" has no area (0 × 5 px); give it a positive width and "
        "height",
        f"{at('ok')} two nodes have the id 'ok'; give each node its own id; edges go to the "
        "first",
        f"{at('odd')} node type \"widget\" is not a canvas node type; use \"text\", \"file\", "
        "\"link\" or \"group\"",
        f"{at('nofile')} a file node has no \"file\"; write \"file\": \"Folder/Note.md\" "
        "(a path in the vault)",
        f"{at('gone')} file node '../../etc/passwd' is not in the vault; point it at a file "
        "of the vault, or remove the card",
        f"{at('js')} a link node's url \"javascript:alert(1)\" is not a web address; write "
        "\"url\": \"https://...\"",
        f"{at('ok')} color \"red\" is not a canvas color; use \"1\" to \"6\" or a hex colour "
        "like \"#ff8800\"",
        f"{at('e')} edge \"e\" joins node \"nox\", which is not drawn; connect it to a "
        "node of the canvas, or remove it",
    ]
    assert [b[0] for b in boxes(out)] == ["text", "file", "file", "link", "text"]
    assert "href" not in out.split("cg-canvas-link")[1].split("</div>")[0]
    assert '<span class="cg-missing">passwd</span>' in out


def test_every_finding_names_a_line_that_exists():
    canvas = {"nodes": [{"id": f"n{i}", "type": "text", "x": "bad", "y": 0, "width": 1,
                         "height": 1} for i in range(3)]}
    raw = json.dumps(canvas, indent=2)
    _, findings = draw(raw)
    lines = [int(f.split(":")[1]) for f in findings]
    assert len(lines) == 3 and lines == sorted(set(lines))
    for f, line in zip(findings, lines, strict=True):
        node = re.search(r'node "(n\d)"', f).group(1)
        assert f'"{node}"' in raw.splitlines()[line - 1]


def test_huge_coordinates_are_clamped_with_a_finding():
    canvas = {"nodes": [
        {"id": "far", "type": "text", "text": "far", "x": 10**400, "y": -1e300, "width": 10,
         "height": 10},
        {"id": "inf", "type": "text", "text": "inf", "x": 0, "y": 0, "width": 10, "height": 10},
    ]}
    raw = json.dumps(canvas).replace('"y": 0, "width"', '"y": Infinity, "width"', 1)
    out, findings = draw(raw)
    assert [f.split(": ", 1)[1].split(";")[0] for f in findings] == [
        f"node \"far\" has 'x' {'1' + '0' * 36}..., beyond ±1,000,000 px",
        "node \"far\" has 'y' -1e+300, beyond ±1,000,000 px",
        "node \"inf\" has no number 'y' (found Infinity)",
    ]
    assert boxes(out) == [("text", PAD, PAD, 10, 10)]
    assert f"width:{2 * PAD + 10}px" in out
    assert LIMIT == 1_000_000


def test_html_in_the_file_is_escaped_or_sanitised():
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    canvas = {"nodes": [
        {"id": "t", "type": "text", "text": f"Hi {evil}\n\n[x](javascript:alert(3))", "x": 0,
         "y": 0, "width": 100, "height": 100},
        {"id": "g", "type": "group", "label": evil, "x": 0, "y": 200, "width": 100,
         "height": 100},
        {"id": "f", "type": "file", "file": f"{evil}.png", "x": 200, "y": 0, "width": 10,
         "height": 10},
        {"id": "l", "type": "link", "url": 'https://x.org/"><script>alert(4)</script>', "x": 200,
         "y": 200, "width": 10, "height": 10, "color": '#fff;background:url(x)'},
    ], "edges": [{"id": "e", "fromNode": "t", "toNode": "g", "label": evil,
                  "color": '"><script>'}]}
    out, _ = draw(canvas)
    assert "<script" not in out and "<img src=x" not in out and "javascript:" not in out
    assert 'href="https://x.org/&quot;&gt;&lt;script&gt;' in out  # stays inside its attribute
    assert html.escape(evil) in out  # the group's label and the edge's, as text
    assert "background:url" not in out
    assert 'stroke="currentColor"' in out


def test_the_drawing_is_the_same_for_the_same_file():
    assert draw(SPEC) == draw(json.loads(json.dumps(SPEC)))
