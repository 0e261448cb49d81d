"""A vault built with the minimal mkdocs.yml (Material, search, the plugin), served and visited
in Chromium: the files the plugin publishes itself render its math with KaTeX and draw each
note's local graph and the generated Graph page, with nothing fetched from elsewhere."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fixture_site import Served
from graphpage import call, wait_explorer, wait_local
from playwright.sync_api import Page, expect
from vault_site import served_vault

pytestmark = [pytest.mark.browser, pytest.mark.site, pytest.mark.usefixtures("external_requests")]

NOTES = {
    "Energy.md": """\
        Energy is $E = mc^2$, and the area below the parabola:

        $$
        \\int_0^1 x^2\\,dx = \\frac{1}{3}
        $$

        Related: [[Mass]] and [[Light]].
        """,
    "Mass.md": "Mass, as in [[Energy]].\n",
    "Light.md": "Light has a speed.\n",
}


@pytest.fixture(scope="module")
def vault_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served_vault(tmp_path_factory.mktemp("assets"), NOTES) as served:
        yield served


def test_a_zero_config_vault_renders_its_math_with_katex(page: Page, vault_site: Served,
                                                        console_errors, external_requests) -> None:
    page.goto(vault_site.url + "concepts/energy/")
    inline = page.locator("article span.arithmatex .katex")
    expect(inline).to_have_count(1)
    expect(page.locator("article div.arithmatex .katex-display")).to_have_count(1)
    assert "\\(" not in page.locator("article span.arithmatex").inner_text()
    assert inline.locator(".katex-html").inner_text().replace("\n", "") == "E=mc2"
    # KaTeX's fonts, from the site: the formula is not drawn in a fallback font
    assert page.evaluate("document.fonts.check('16px KaTeX_Main')")
    assert console_errors == [] and external_requests == []


def test_a_zero_config_vault_draws_the_local_graph(page: Page, vault_site: Served,
                                                  console_errors, external_requests) -> None:
    page.goto(vault_site.url + "concepts/energy/")
    wait_local(page)
    canvas = page.locator(".cg-local-graph canvas").first
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    assert call(page, "nodeCount") == 3  # Energy, Mass and Light
    # Styled by the plugin's stylesheet: .cg-local-graph .cg-canvas { height: 20rem }
    assert page.evaluate("""() => {
      const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
      const el = document.querySelector('.cg-local-graph .cg-canvas');
      return Math.abs(el.getBoundingClientRect().height - 20 * rem) < 1;
    }""")
    assert console_errors == [] and external_requests == []


def test_a_zero_config_vault_gets_a_graph_page_that_draws_every_note(
        page: Page, vault_site: Served, console_errors, external_requests) -> None:
    page.goto(vault_site.url)
    page.locator("article a[href='graph/']").click()
    wait_explorer(page)
    assert call(page, "nodeCount") == 3
    canvas = page.locator("#cg-graph canvas").first
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 200
    assert console_errors == [] and external_requests == []
