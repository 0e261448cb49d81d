"""Small helpers to drive the graph views through their read-only hook `window.conceptgraph`."""

from __future__ import annotations

from playwright.sync_api import Page

DRAWN = "[data-state=drawn]"
SETTLED = "[data-layout=done]"


def wait_explorer(page: Page) -> None:
    """Wait until the explorer has drawn and its layout has settled."""
    page.wait_for_selector(f"#cg-graph{DRAWN}{SETTLED}", timeout=30_000)


def wait_local(page: Page) -> None:
    page.wait_for_selector(f".cg-local-graph{DRAWN}{SETTLED}", timeout=30_000)


def call(page: Page, method: str, *args: object, index: int = 0) -> object:
    """`window.conceptgraph.graphs[index][method](...args)` in the page."""
    return page.evaluate(
        "([i, m, args]) => window.conceptgraph.graphs[i][m](...args)", [index, method, list(args)]
    )


def hover_node(page: Page, node_id: str, index: int = 0) -> None:
    """Move the mouse onto a node and wait until the view reports it hovered."""
    page.evaluate(
        "i => window.conceptgraph.graphs[i].element.querySelector('.cg-canvas')"
        ".scrollIntoView({block: 'center'})",
        index,
    )
    point = call(page, "screenPosition", node_id, index=index)
    assert point, f"node {node_id!r} is not in graph {index}"
    page.mouse.move(point["x"] - 40, point["y"] - 40)
    page.mouse.move(point["x"], point["y"], steps=4)
    page.wait_for_function(
        "([i, id]) => window.conceptgraph.graphs[i].hovered() === id",
        arg=[index, node_id],
        timeout=5_000,
    )


def toggle_palette(page: Page) -> str:
    """Click Material's light/dark toggle; returns the new `data-md-color-scheme`."""
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function(
        "b => document.body.getAttribute('data-md-color-scheme') !== b", arg=before
    )
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")
