"""Obsidian syntax in a real browser: the test vault's notes (tests/vault/Markdown/), built with
zero configuration, served, and visited in Chromium. A Mermaid diagram is drawn as SVG by
Material, its internal-link node a link to its note; a foldable callout opens and closes."""

from __future__ import annotations

import gzip
import sys
from collections.abc import Iterator

import pytest
from fixture_site import REPO, Served, serving
from playwright.sync_api import Page, expect

sys.path.insert(0, str(REPO / "tests"))

from sitebuild import build_site  # noqa: E402
from test_ofm import ZERO_CONFIG, vault_notes  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.site, pytest.mark.usefixtures("external_requests")]

# Material loads Mermaid from this CDN address; the test machine has no network, so the page
# gets the vendored copy of the same major version (tests/browser/vendor/mermaid).
MERMAID_CDN = "https://unpkg.com/mermaid@11/dist/mermaid.min.js"
MERMAID = REPO / "tests" / "browser" / "vendor" / "mermaid" / "mermaid.min.js.gz"
# Material draws each diagram into a closed shadow root; opened here so the test can see it.
OPEN_SHADOWS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attach.call(this, {...init, mode: "open"});
};
"""


@pytest.fixture(scope="module")
def ofm_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("ofm")
    with serving(tmp / "www") as url:
        # The one setting added: no Google Fonts, which this offline machine cannot load
        config = {**ZERO_CONFIG, "site_dir": str(tmp / "www" / "conceptgraph"),
                  "theme": {"name": "material", "font": False}}
        built = build_site(tmp / "project", vault_notes(), strict=True, site_url=url,
                           extra_config=config)
        assert built.failure is None and built.warnings == []
        yield Served(url, tmp / "www" / "conceptgraph")


@pytest.fixture
def mermaid_served(page: Page) -> list[str]:
    """Serve the vendored Mermaid for Material's CDN request; the requests it answered."""
    answered: list[str] = []

    def fulfil(route) -> None:
        answered.append(route.request.url)
        route.fulfill(status=200, body=gzip.decompress(MERMAID.read_bytes()),
                      headers={"content-type": "text/javascript"})

    page.route(MERMAID_CDN, fulfil)
    return answered


def test_a_mermaid_diagram_is_drawn_as_svg(page: Page, ofm_site: Served, mermaid_served,
                                           console_errors, external_requests) -> None:
    page.add_init_script(OPEN_SHADOWS)
    page.goto(ofm_site.url + "concepts/markdown/formatting/")
    svg = page.locator("article div.mermaid svg")
    expect(svg).to_have_count(1, timeout=20_000)
    assert mermaid_served == [MERMAID_CDN]
    expect(page.locator("article pre.mermaid")).to_have_count(0)  # replaced by the drawing
    for label in ("Batter", "Pan", "Plate"):
        expect(svg.get_by_text(label, exact=True)).to_have_count(1)
    box = svg.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 20
    # class Next internal-link: the node is a link to the note its text names
    node = svg.locator("a", has_text="Tagged note")
    expect(node).to_have_count(1)
    expect(svg.locator("a")).to_have_count(1)
    node.click()
    expect(page).to_have_url(ofm_site.url + "concepts/markdown/tagged-note/")
    assert console_errors == [] and external_requests == []


def test_a_foldable_callout_opens_and_closes(page: Page, ofm_site: Served) -> None:
    page.goto(ofm_site.url + "concepts/markdown/callouts/")
    folded = page.locator("article details.question", has_text="Faq")
    body = folded.get_by_text("Folded, and titled")
    expect(folded).not_to_have_attribute("open", "")
    expect(body).to_be_hidden()
    folded.locator("summary").click()
    expect(folded).to_have_attribute("open", "")
    expect(body).to_be_visible()
    folded.locator("summary").click()
    expect(body).to_be_hidden()
    opened = page.locator("article details.warning", has_text="Open but foldable")
    expect(opened.get_by_text("Still foldable.")).to_be_visible()  # [!warning]+ starts open
    opened.locator("summary").click()
    expect(opened.get_by_text("Still foldable.")).to_be_hidden()


def test_the_canvas_is_drawn_with_its_cards_where_the_file_puts_them(page: Page,
                                                                   ofm_site: Served) -> None:
    page.goto(ofm_site.url + "canvas/markdown/board/")
    plan = page.locator(".cg-canvas-text", has_text="Read Formatting first.")
    note = page.locator(".cg-canvas-file")
    a, b = plan.bounding_box(), note.bounding_box()
    assert a is not None and b is not None
    # In the file: plan at x 0, note at x 360 (100 px right of plan's 260 px width), same y
    assert (b["x"] - a["x"], b["y"] - a["y"]) == pytest.approx((360, 0), abs=1)
    assert (a["width"], a["height"]) == pytest.approx((260, 160), abs=1)
    expect(page.locator(".cg-canvas-edges path[fill='none']")).to_have_count(2)
    plan.get_by_role("link", name="Formatting").click()
    expect(page).to_have_url(ofm_site.url + "concepts/markdown/formatting/")



def test_a_tag_finds_its_note_in_the_search(page: Page, ofm_site: Served) -> None:
    page.goto(ofm_site.url)
    page.locator("input.md-search__input").click()
    page.keyboard.type("Français")  # only in the note's tags: field, nowhere in its text
    expect(page.locator(".md-search-result__meta")).to_have_text("1 matching document",
                                                                  timeout=10_000)
    found = page.locator(".md-search-result__item").first
    expect(found).to_contain_text("Tagged note")
    expect(found).to_contain_text("Français")
