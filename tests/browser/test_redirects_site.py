"""Redirect stubs in a real browser: a vault served under a sub-path (/conceptgraph/, as on
GitHub Pages), whose note moved to a permalink and keeps an alias holding its old path. Each
old address lands on the note, with the #fragment of the link; without JavaScript, the meta
refresh still does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fixture_site import Served
from playwright.sync_api import Browser, Page, expect
from vault_site import served_vault

pytestmark = [pytest.mark.browser, pytest.mark.site, pytest.mark.usefixtures("external_requests")]

NOTES = {
    "Team/About us.md": """\
        ---
        permalink: about
        aliases: ["Old folder/Who we are"]
        ---
        # About us

        ## Founders

        Two people.
        """,
}


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served_vault(tmp_path_factory.mktemp("redirects"), NOTES) as served:
        yield served


@pytest.mark.parametrize("old", ["concepts/team/about-us/", "concepts/old-folder/who-we-are/"])
def test_an_old_address_lands_on_the_note_with_its_fragment(page: Page, moved_site: Served,
                                                            old: str, console_errors) -> None:
    page.goto(moved_site.url + old + "#founders")
    expect(page).to_have_url(moved_site.url + "about/#founders")
    expect(page.locator("article h2#founders")).to_have_count(1)
    # the stub replaced itself: going back leaves the site, it does not return to the stub
    assert page.evaluate("history.length") == 2
    assert console_errors == []


def test_without_javascript_the_refresh_lands_on_the_note(browser: Browser,
                                                          moved_site: Served) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(moved_site.url + "concepts/old-folder/who-we-are/")
        expect(page).to_have_url(moved_site.url + "about/")
        expect(page.locator("article h1")).to_have_text("About us")
    finally:
        context.close()
