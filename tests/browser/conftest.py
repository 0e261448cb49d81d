"""Browser fixtures: Debian's chromium driven by Playwright, and built sites served locally.

Playwright is pointed at the system binary (`shutil.which("chromium")`); it never downloads a
browser. Sites are served on 127.0.0.1 at a random port under /conceptgraph/ and built with the
matching SITE_URL, so that Material's instant navigation and previews work as deployed.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import fixture_site  # noqa: E402

CHROMIUM_ARGS = fixture_site.CHROMIUM_ARGS


def chromium_path() -> str:
    path = shutil.which("chromium")
    if not path:
        pytest.fail(
            "No `chromium` on PATH: the browser tests need Debian's chromium "
            "(`make browser` installs it: apt-get install chromium). "
            "Playwright's own browser download is not used.",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {
        **browser_context_args,
        "viewport": {"width": 1280, "height": 900},
        "color_scheme": "light",
        "service_workers": "block",
    }


@pytest.fixture
def dialogs(page) -> list[str]:
    """Every JS dialog (alert, confirm, prompt) the page opens; each is dismissed."""
    seen: list[str] = []

    def on_dialog(dialog) -> None:
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return seen


@pytest.fixture
def console_errors(page) -> list[str]:
    """Console errors and uncaught exceptions of the page."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


@pytest.fixture(scope="session")
def fixture_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture site (hand-written graph.json with hostile titles), served; its root URL."""
    with fixture_site.served_fixture(
        tmp_path_factory.mktemp("fixture"), fixture_site.small_graph()
    ) as served:
        yield served.url


def private_config(project: Path, target: Path) -> Path:
    """A copy of the project's mkdocs.yml, in `target`, with the graph page added if the
    project does not list it yet (the plugin publishes its stylesheet and scripts itself).
    Relative paths are made absolute."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    for key in ("docs_dir", "custom_dir", "kb_dir"):
        text = re.sub(
            rf"^(\s*{key}:\s*)(?![/\"'])(\S+)\s*$",
            lambda m: f"{m.group(1)}{project / m.group(2)}",
            text,
            flags=re.M,
        )
    if not re.search(r"^docs_dir:", text, flags=re.M):
        text += f"\ndocs_dir: {project / 'docs'}\n"
    text = re.sub(r"^watch:\n(\s+- .*\n?)+", "", text, flags=re.M)
    if "graph.md" not in text:
        text = re.sub(r"^(\s*- Home: index\.md\n)", r"\1  - Graph: graph.md\n", text, flags=re.M)
    target.mkdir(parents=True, exist_ok=True)
    config = target / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[fixture_site.Served]:
    """The real project built with its plugin into a temp site_dir, served.

    Until the plugin builds the site and writes graph.json, these tests are skipped with the
    build's error; set CONCEPTGRAPH_REQUIRE_REAL_SITE=1 (CI) to make that a failure instead.
    """
    tmp = tmp_path_factory.mktemp("real")
    config = private_config(fixture_site.REPO, tmp / "config")
    with fixture_site.serving(tmp / "www") as url:
        site_dir = tmp / "www" / fixture_site.PREFIX
        try:
            fixture_site.build(config, site_dir, url)
            if not (site_dir / "graph.json").is_file():
                raise RuntimeError(f"the build wrote no {site_dir / 'graph.json'}")
        except RuntimeError as error:
            message = f"real site not available yet: {str(error)[-1500:]}"
            if os.environ.get("CONCEPTGRAPH_REQUIRE_REAL_SITE"):
                pytest.fail(message, pytrace=False)
            pytest.skip(message)
        yield fixture_site.Served(url, site_dir)


GITHUB_FACTS = {
    # Material fetches repository facts for `repo_url` from the GitHub API on the first page.
    "releases/latest": {"tag_name": "v0.0.0"},
    "": {"stargazers_count": 0, "forks_count": 0},
}


@pytest.fixture
def external_requests(page) -> list[str]:
    """Keeps the page offline: local requests pass; Material's GitHub repository facts get a
    stub answer (the test machine has no network); anything else is recorded and aborted."""
    seen: list[str] = []

    def route(route) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1:", "data:", "blob:")):
            route.continue_()
        elif url.startswith("https://api.github.com/repos/"):
            path = url.split("/repos/", 1)[1].split("/", 2)
            facts = GITHUB_FACTS["releases/latest" if path[2:] == ["releases/latest"] else ""]
            route.fulfill(status=200, json=facts)
        else:
            seen.append(url)
            route.abort()

    page.route("**/*", route)
    return seen
