"""The graph JS alone, on the fixture site: hand-written graph.json, hostile titles included."""

from __future__ import annotations

import pytest
from fixture_site import IMG_TITLE, RTL_TITLE, SCRIPT_TITLE, small_graph
from graphpage import call, hover_node, toggle_palette, wait_explorer, wait_local
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

GRAPH = small_graph()


def open_graph(page: Page, root: str) -> None:
    page.goto(root + "graph/")
    wait_explorer(page)


def test_explorer_draws_every_node_of_graph_json(page: Page, fixture_site_url: str) -> None:
    open_graph(page, fixture_site_url)
    assert call(page, "nodeCount") == len(GRAPH["nodes"])
    assert call(page, "edgeCount") == len(GRAPH["edges"])
    expect(page.locator("#cg-graph")).to_have_attribute("data-node-count", str(len(GRAPH["nodes"])))


def test_hover_shows_hostile_title_as_text(page: Page, fixture_site_url: str, dialogs) -> None:
    open_graph(page, fixture_site_url)
    for node_id, title in [("xss-img", IMG_TITLE), ("xss-script", SCRIPT_TITLE)]:
        hover_node(page, node_id)
        expect(page.locator("#cg-graph .float-tooltip-kap")).to_have_text(title)
    assert page.locator("#cg-graph img").count() == 0
    assert dialogs == []


def test_search_lists_hostile_titles_literally(page: Page, fixture_site_url: str, dialogs) -> None:
    open_graph(page, fixture_site_url)
    search = page.get_by_role("combobox", name="Find a concept")
    search.fill("alert(1)")
    expect(page.locator(".cg-search-result")).to_have_text(
        [IMG_TITLE, SCRIPT_TITLE], ignore_case=False
    )
    search.fill("\u05e2\u05d1")
    expect(page.locator(".cg-search-result")).to_have_text([RTL_TITLE])
    assert page.locator(".cg-controls script, .cg-controls img").count() == 0
    assert dialogs == []


def test_list_alternative_holds_every_title_as_link_text(page: Page, fixture_site_url: str) -> None:
    open_graph(page, fixture_site_url)
    links = page.locator("#cg-graph .cg-list a")
    assert sorted(links.all_text_contents()) == sorted(n["title"] for n in GRAPH["nodes"])
    label = page.locator("#cg-graph .cg-canvas").get_attribute("aria-label")
    assert f"{len(GRAPH['nodes'])} concepts" in label


def test_search_is_case_insensitive_substring_and_centres(
    page: Page, fixture_site_url: str
) -> None:
    open_graph(page, fixture_site_url)
    search = page.get_by_role("combobox", name="Find a concept")
    search.fill("LEAKY")
    expect(page.locator(".cg-search-result")).to_have_text(["Leaky ReLU"])
    search.press("Enter")
    assert call(page, "selected") == "leaky-relu"
    page.wait_for_function(
        """() => {
            const g = window.conceptgraph.graphs[0];
            const box = g.element.querySelector('.cg-canvas').getBoundingClientRect();
            const p = g.screenPosition('leaky-relu');
            return g.zoom() >= 2.5 && Math.abs(p.x - (box.left + box.width / 2)) < 5
                && Math.abs(p.y - (box.top + box.height / 2)) < 5;
        }""",
        timeout=5_000,
    )


def test_enter_on_graph_opens_the_selected_node(page: Page, fixture_site_url: str) -> None:
    open_graph(page, fixture_site_url)
    page.get_by_role("combobox", name="Find a concept").fill("prelu")
    page.keyboard.press("Enter")
    page.locator("#cg-graph .cg-canvas").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/concepts/prelu/")


def test_keys_zoom_and_pan_the_focused_graph(page: Page, fixture_site_url: str) -> None:
    open_graph(page, fixture_site_url)
    page.locator("#cg-graph .cg-canvas").focus()
    before = call(page, "zoom")
    page.keyboard.press("+")
    page.wait_for_function(f"() => window.conceptgraph.graphs[0].zoom() > {before} * 1.2")
    start = call(page, "screenPosition", "relu")
    page.keyboard.press("ArrowRight")
    moved = call(page, "screenPosition", "relu")
    assert moved["x"] < start["x"] - 30
    assert page.url.endswith("/graph/")  # Material's own shortcuts did not fire


def test_tab_moves_from_search_into_the_graph(page: Page, fixture_site_url: str) -> None:
    open_graph(page, fixture_site_url)
    page.get_by_role("combobox", name="Find a concept").focus()
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('cg-canvas')"):
            break
    assert page.evaluate("document.activeElement.getAttribute('aria-roledescription')") == "graph"


def test_relation_filter_shows_only_checked_relations(page: Page, fixture_site_url: str) -> None:
    open_graph(page, fixture_site_url)
    page.get_by_role("button", name="None").click()
    assert call(page, "visibleEdgeCount") == 0
    page.get_by_role("checkbox", name="Type of").check()
    type_of = sum(e["relation"] == "typeOf" for e in GRAPH["edges"])
    assert call(page, "visibleEdgeCount") == type_of
    assert call(page, "activeRelations") == ["typeOf"]
    page.get_by_role("checkbox", name="Variants").check()
    variants = sum(e["relation"] == "variants" for e in GRAPH["edges"])
    assert call(page, "visibleEdgeCount") == type_of + variants


def test_click_on_node_opens_its_page(page: Page, fixture_site_url: str) -> None:
    open_graph(page, fixture_site_url)
    hover_node(page, "sigmoid")
    point = call(page, "screenPosition", "sigmoid")
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url("**/concepts/sigmoid/")
    wait_local(page)


def test_local_graph_appears_after_instant_navigation(page: Page, fixture_site_url: str) -> None:
    page.goto(fixture_site_url)
    page.evaluate("window.__notReloaded = true")
    page.locator("article a", has_text="ReLU (Rectified Linear Unit)").click()
    page.wait_for_url("**/concepts/relu/")
    wait_local(page)
    assert page.evaluate("window.__notReloaded") is True
    relu_neighbours = {e["source"] for e in GRAPH["edges"] if e["target"] == "relu"}
    relu_neighbours |= {e["target"] for e in GRAPH["edges"] if e["source"] == "relu"}
    assert call(page, "nodeCount") == len(relu_neighbours) + 1


def test_depth_control_widens_the_local_graph(page: Page, fixture_site_url: str) -> None:
    page.goto(fixture_site_url + "concepts/prelu/")
    wait_local(page)
    one_step = call(page, "nodeCount")
    page.get_by_role("button", name="Show two steps away").click()
    expect(page.locator(".cg-local-graph")).to_have_attribute("data-depth", "2")
    assert call(page, "nodeCount") > one_step


def test_page_change_tears_down_the_previous_graph(page: Page, fixture_site_url: str) -> None:
    open_graph(page, fixture_site_url)
    page.evaluate("window.__old = window.conceptgraph.graphs[0]")
    page.locator("nav.md-nav--primary a", has_text="Home").first.dispatch_event("click")
    page.wait_for_function("() => !document.getElementById('cg-graph')")
    assert page.evaluate("window.__old.isDestroyed()") is True
    assert page.evaluate("window.conceptgraph.graphs.length") == 0
    page.locator("nav.md-nav--primary a", has_text="Graph").first.dispatch_event("click")
    wait_explorer(page)
    assert page.evaluate("window.conceptgraph.graphs.length") == 1


def test_palette_toggle_recolours_graph(page: Page, fixture_site_url: str) -> None:
    open_graph(page, fixture_site_url)
    assert call(page, "scheme") == "default"
    swatch = page.locator(".cg-filter [data-relation=typeOf]")
    light = swatch.evaluate("s => s.style.backgroundColor")
    assert toggle_palette(page) == "slate"
    page.wait_for_function("() => window.conceptgraph.graphs[0].scheme() === 'slate'")
    assert swatch.evaluate("s => s.style.backgroundColor") != light


def test_instant_preview_appears_on_concept_link(page: Page, fixture_site_url: str) -> None:
    page.goto(fixture_site_url + "concepts/relu/")
    page.locator("article a[href$='leaky-relu/']").first.hover()
    expect(page.locator(".md-tooltip2").first).to_be_visible(timeout=10_000)


def test_no_console_error_on_fixture_pages(
    page: Page, fixture_site_url: str, console_errors: list[str]
) -> None:
    for path in ["", "graph/", "concepts/relu/", "concepts/xss-img/", "concepts/rtl/"]:
        page.goto(fixture_site_url + path)
        if path.startswith("graph"):
            wait_explorer(page)
        elif path:
            wait_local(page)
    assert console_errors == []
