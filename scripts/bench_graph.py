"""Benchmark the graph explorer in headless chromium (Debian's, through Playwright).

For a built site (optional argument: its directory) and for synthetic graph.json files of
1,000 and 5,000 concepts (~10 edges each, served in the browser tests' fixture site) it measures:
  first_draw_ms  navigation start -> first frame with nodes (the page's performance mark);
  settled_ms     navigation start -> layout settled and fitted (data-layout="done");
  layout_fps     frames per second while the layout runs (first second after the first draw);
  pan_fps        frames per second while the mouse drags the view, after the layout settled;
  bytes_per_edge size of graph.json divided by its number of edges.
Targets: first draw under 1 s at 1,000 nodes and under 3 s at 5,000; graph.json under 200 bytes
per edge; pan at 30 fps or more. `make bench` runs this file after scripts/bench.py.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

import fixture_site  # noqa: E402

ARGS = fixture_site.CHROMIUM_ARGS
TARGETS = {"first_draw_ms": {1000: 1000, 5000: 3000}, "bytes_per_edge": 200, "pan_fps": 30}
FRAME_COUNTER = """() => {
  const c = { frames: 0, start: performance.now(), stop: false };
  const tick = () => { if (!c.stop) { c.frames++; requestAnimationFrame(tick); } };
  requestAnimationFrame(tick);
  window.__cgFrames = c;
}"""
FRAME_RATE = """() => {
  const c = window.__cgFrames; c.stop = true;
  return c.frames / ((performance.now() - c.start) / 1000);
}"""


def measure(page: Page, url: str, graph_bytes: int, n_edges: int) -> dict:
    """Load the graph page at `url` in a fresh page and time it."""
    page.goto(url, wait_until="commit")
    page.wait_for_selector("#cg-graph[data-state=drawn]", timeout=60_000)
    first_draw = page.evaluate(
        "performance.getEntriesByName('conceptgraph:first-draw')[0].startTime"
    )
    page.evaluate(FRAME_COUNTER)
    page.wait_for_timeout(1000)
    layout_fps = page.evaluate(FRAME_RATE)
    page.wait_for_selector("#cg-graph[data-layout=done]", timeout=60_000)
    settled = page.evaluate("performance.now()")
    nodes = page.evaluate("window.conceptgraph.graphs[0].nodeCount()")
    canvas = page.locator("#cg-graph .cg-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x0, y0 = box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.5
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.evaluate(FRAME_COUNTER)
    start = time.perf_counter()
    step = 0
    while time.perf_counter() - start < 2.0:
        step += 1
        page.mouse.move(x0 + (step * 7) % 300, y0 + (step * 3) % 120)
        page.wait_for_timeout(16)
    pan_fps = page.evaluate(FRAME_RATE)
    page.mouse.up()
    return {
        "nodes": nodes,
        "edges": n_edges,
        "first_draw_ms": round(first_draw),
        "settled_ms": round(settled),
        "layout_fps": round(layout_fps, 1),
        "pan_fps": round(pan_fps, 1),
        "graph_json_bytes": graph_bytes,
        "bytes_per_edge": round(graph_bytes / max(n_edges, 1), 1),
    }


def bench_graph(site_dir: Path | None = None, sizes: tuple[int, ...] = (1000, 5000)) -> dict:
    """Run the benchmarks; returns {"site": {...} or None, "synthetic": {n: {...}}, "targets"}."""
    chromium = shutil.which("chromium")
    if not chromium:
        raise SystemExit("bench_graph: no `chromium` on PATH (make browser installs it)")
    results: dict = {"site": None, "synthetic": {}, "targets": TARGETS}
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        if site_dir is not None:
            graph_file = site_dir / "graph.json"
            n_edges = len(json.loads(graph_file.read_text(encoding="utf-8"))["edges"])
            with fixture_site.served_dir(Path(tmp) / "site", site_dir) as served:
                page = context.new_page()
                results["site"] = measure(
                    page, served.url + "graph/", graph_file.stat().st_size, n_edges
                )
                page.close()
        for n in sizes:
            graph = fixture_site.synthetic_graph(n)
            with fixture_site.served_fixture(
                Path(tmp) / f"n{n}", graph, concept_pages=False
            ) as served:
                size = (served.site_dir / "graph.json").stat().st_size
                page = context.new_page()
                results["synthetic"][n] = measure(
                    page, served.url + "graph/", size, len(graph["edges"])
                )
                page.close()
        browser.close()
    return results


def report(results: dict) -> str:
    """The results as a table, each number next to its target."""
    rows = []
    if results["site"]:
        rows.append(("site", results["site"]))
    rows += [(f"synthetic {n}", r) for n, r in results["synthetic"].items()]
    lines = [
        f"{'graph':<16}{'nodes':>7}{'edges':>8}{'first draw':>12}{'settled':>10}"
        f"{'layout fps':>12}{'pan fps':>9}{'B/edge':>8}"
    ]
    for name, r in rows:
        lines.append(
            f"{name:<16}{r['nodes']:>7}{r['edges']:>8}{r['first_draw_ms']:>10}ms"
            f"{r['settled_ms']:>8}ms{r['layout_fps']:>12}{r['pan_fps']:>9}"
            f"{r['bytes_per_edge']:>8}"
        )
    lines.append(
        "targets: first draw < 1000 ms at 1,000 nodes and < 3000 ms at 5,000; "
        "graph.json < 200 bytes per edge; pan >= 30 fps"
    )
    for name, r in rows:
        limit = next(
            (t for n, t in sorted(TARGETS["first_draw_ms"].items()) if r["nodes"] <= n),
            TARGETS["first_draw_ms"][5000],
        )
        ok = (
            r["first_draw_ms"] < limit
            and r["bytes_per_edge"] < TARGETS["bytes_per_edge"]
            and r["pan_fps"] >= TARGETS["pan_fps"]
        )
        lines.append(f"  {name}: {'meets' if ok else 'MISSES'} the targets")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site_dir", nargs="?", type=Path, help="a built site (with graph.json)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    results = bench_graph(args.site_dir, tuple(args.sizes))
    print(json.dumps(results, indent=2) if args.json else report(results))


if __name__ == "__main__":
    main()
