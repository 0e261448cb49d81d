"""The real site: the project built with its plugin (tests/browser/conftest.py `real_site`),
served under /conceptgraph/ with a matching SITE_URL. Screenshots go to test-artifacts/."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
import yaml
from fixture_site import REPO, Served
from graphpage import call, hover_node, toggle_palette, wait_explorer, wait_local
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.site, pytest.mark.usefixtures("external_requests")]

ARTIFACTS = REPO / "test-artifacts"


def graph_json(site: Served) -> dict:
    return json.loads((site.site_dir / "graph.json").read_text(encoding="utf-8"))


def open_graph(page: Page, site: Served) -> None:
    page.goto(site.url + "graph/")
    wait_explorer(page)


def screenshot(page: Page, name: str, selector: str | None = None) -> None:
    """A full-page screenshot, or of the element `selector` (with a margin of page around it)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = str(ARTIFACTS / f"{name}.png")
    if selector is None:
        page.screenshot(path=path, full_page=True)
        return
    page.locator(selector).scroll_into_view_if_needed()
    box = page.locator(selector).bounding_box()
    clip = {
        "x": 0,
        "y": max(0, box["y"] - 120),
        "width": page.viewport_size["width"],
        "height": min(box["height"] + 160, page.viewport_size["height"]),
    }
    page.screenshot(path=path, clip=clip)


def an_alias(graph: dict) -> tuple[str, dict]:
    """An alias from a note's front matter that its title does not contain, and its node."""
    by_title = {n["title"].casefold(): n for n in graph["nodes"]}
    for note in sorted((REPO / "kb").glob("*.md")):
        match = re.match(r"---\n(.*?)\n---", note.read_text(encoding="utf-8"), re.S)
        meta = yaml.safe_load(match.group(1)) if match else None
        if not isinstance(meta, dict) or not meta.get("aliases"):
            continue
        title = str(meta.get("title", note.stem))
        node = by_title.get(title.casefold())
        for alias in meta["aliases"]:
            if node and alias.casefold() not in title.casefold():
                return alias, node
    pytest.fail("no note in kb/ has an alias that differs from its title")


def test_graph_draws_every_node_of_graph_json(page: Page, real_site: Served) -> None:
    open_graph(page, real_site)
    graph = graph_json(real_site)
    assert call(page, "nodeCount") == len(graph["nodes"])
    assert call(page, "edgeCount") == len(graph["edges"])


def test_clicking_a_node_opens_its_page(page: Page, real_site: Served) -> None:
    open_graph(page, real_site)
    page.get_by_role("combobox", name="Find a concept").fill("ReLU (")
    page.keyboard.press("Enter")
    node_id = call(page, "selected")
    node = next(n for n in graph_json(real_site)["nodes"] if n["id"] == node_id)
    page.wait_for_timeout(600)  # the centring transition
    hover_node(page, node_id)
    point = call(page, "screenPosition", node_id)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(real_site.url + node["url"])
    wait_local(page)


def test_filter_hides_the_edges_of_unchecked_relations(page: Page, real_site: Served) -> None:
    open_graph(page, real_site)
    edges = graph_json(real_site)["edges"]
    page.get_by_role("button", name="None").click()
    assert call(page, "visibleEdgeCount") == 0
    page.get_by_role("checkbox", name=re.compile(r"^Type of")).check()
    assert call(page, "visibleEdgeCount") == sum(e["relation"] == "typeOf" for e in edges)
    page.get_by_role("checkbox", name=re.compile(r"^Links to")).check()
    expected = sum(e["relation"] in ("typeOf", "link") for e in edges)
    assert call(page, "visibleEdgeCount") == expected


def test_local_graph_appears_after_instant_navigation(page: Page, real_site: Served) -> None:
    page.goto(real_site.url)
    page.evaluate("window.__notReloaded = true")
    page.locator("article a[href$='concepts/relu/']").first.click()
    page.wait_for_url("**/concepts/relu/")
    wait_local(page)
    assert page.evaluate("window.__notReloaded") is True
    assert call(page, "nodeCount") > 1
    screenshot(page, "concept-light", ".cg-local-graph")
    toggle_palette(page)
    page.wait_for_function("() => window.conceptgraph.graphs[0].scheme() === 'slate'")
    screenshot(page, "concept-dark", ".cg-local-graph")


def test_hover_preview_appears_on_a_concept_link(page: Page, real_site: Served) -> None:
    page.goto(real_site.url)
    page.locator("article a[href$='concepts/relu/']").first.hover()
    expect(page.locator(".md-tooltip2").first).to_be_visible(timeout=10_000)


def test_search_finds_a_concept_by_alias(page: Page, real_site: Served) -> None:
    alias, node = an_alias(graph_json(real_site))
    page.goto(real_site.url)
    search = page.locator("input.md-search__input")
    search.click()
    # Material builds its index in a worker; typing before it is ready finds nothing.
    page.wait_for_function("() => document.querySelector('.md-search-result__meta')"
                           "?.textContent.includes('Type to start searching')", timeout=30_000)
    search.press_sequentially(alias, delay=30)
    hit = page.locator(f".md-search-result__item a[href*='{node['url']}']").first
    expect(hit).to_be_attached(timeout=10_000)


def test_light_dark_toggle_switches_the_graph(page: Page, real_site: Served) -> None:
    open_graph(page, real_site)
    screenshot(page, "graph-light")
    assert toggle_palette(page) == "slate"
    page.wait_for_function("() => window.conceptgraph.graphs[0].scheme() === 'slate'")
    screenshot(page, "graph-dark")
    assert toggle_palette(page) == "default"
    page.wait_for_function("() => window.conceptgraph.graphs[0].scheme() === 'default'")


def sitemap_urls(site: Served) -> list[str]:
    tree = ET.parse(site.site_dir / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [loc.text for loc in tree.findall("s:url/s:loc", ns) if loc.text]


def test_no_console_error_on_any_page(
    page: Page, real_site: Served, console_errors: list[str], external_requests: list[str]
) -> None:
    urls = sitemap_urls(real_site)
    assert urls and all(u.startswith(real_site.url) for u in urls)
    failures = {}
    for url in urls:
        page.goto(url, wait_until="load")
        if page.locator("#cg-graph, .cg-local-graph").count():
            page.wait_for_selector("[data-state=drawn]", timeout=15_000)
        if console_errors:
            failures[url] = list(console_errors)
            console_errors.clear()
    assert failures == {}
    assert external_requests == []


def test_formulas_are_rendered_by_the_vendored_katex(page: Page, real_site: Served) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(real_site.url + "concepts/elu/")
    math = page.locator("div.arithmatex .katex-display")
    expect(math.first).to_be_visible()
    assert math.count() >= 2  # f and f′
    # Inline math in the text, rendered too; the raw TeX delimiters are gone.
    assert page.locator("span.arithmatex .katex").count() >= 1
    assert "\\[" not in page.locator("div.arithmatex").first.inner_text()
    katex = [u for u in requests if "katex" in u]
    assert katex and all(u.startswith(real_site.url) for u in katex)  # served by the site


def test_plots_follow_the_palette(page: Page, real_site: Served) -> None:
    page.goto(real_site.url + "concepts/relu/")
    light = page.locator('img.cg-plot--light')
    dark = page.locator('img.cg-plot--dark')
    expect(light).to_be_visible()
    expect(dark).to_be_hidden()
    toggle_palette(page)
    expect(dark).to_be_visible()
    expect(light).to_be_hidden()
    assert page.evaluate("(img) => img.naturalWidth > 0", dark.element_handle())
