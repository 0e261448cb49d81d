"""The plugin publishes its own stylesheet and scripts (plugin/assets.py): a vault built with
nothing but ``plugins: [search, conceptgraph: {kb_dir: vault}]`` gets the panels' styles, the
graph views and, when a note writes math, arithmatex and KaTeX."""

from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sitebuild import write_notes
from test_vault import build_vault

pytestmark = pytest.mark.site

REPO = Path(__file__).resolve().parents[1]
PACKAGED = REPO / "plugins" / "conceptgraph" / "plugin" / "assets"
MATH = {
    "Energy.md": """\
        Energy is $E = mc^2$, the area below:

        $$
        \\int_0^1 x^2\\,dx = \\frac{1}{3}
        $$

        See [[Plain]].
        """,
    "Plain.md": "A note without math that links to [[Energy]].\n",
}
NO_MATH = {
    "Energy.md": "Energy costs 5 USD; \\(b\\) is a bracket, as in Obsidian.\n\nSee [[Plain]].\n",
    "Plain.md": "A note without math that links to [[Energy]].\n",
}
KATEX_CSS = "assets/conceptgraph/vendor/katex/katex.min.css"
CSS = "assets/conceptgraph/conceptgraph.css"
KATEX_JS = ["assets/conceptgraph/vendor/katex/katex.min.js",
            "assets/conceptgraph/conceptgraph-math.js"]
GRAPH_JS = ["assets/conceptgraph/vendor/force-graph/force-graph.min.js",
            "assets/conceptgraph/conceptgraph-graph.js"]


def vault(tmp_path: Path, notes: dict[str, str], docs: dict[str, str] | None = None,
          **config: object):
    """Build ``notes`` as a vault with the minimal mkdocs.yml (plus ``config``), and
    ``docs`` as the pages of docs/."""
    write_notes(tmp_path / "notes", notes)  # type: ignore[arg-type]
    write_notes(tmp_path / "project" / "docs", docs or {})  # type: ignore[arg-type]
    return build_vault(tmp_path / "project", tmp_path / "notes", **config)


def linked(site: Path, page: Path) -> tuple[list[str], list[str]]:
    """The stylesheets and scripts ``page`` loads besides Material's own, as paths from the
    site root, in their order."""
    html = page.read_text(encoding="utf-8")
    here = page.parent.relative_to(site).as_posix()

    def from_root(urls: list[str]) -> list[str]:
        paths = [posixpath.normpath(posixpath.join(here, u)).lstrip("/") for u in urls
                 if not u.startswith("https:")]
        return [p for p in paths if not p.startswith(("assets/stylesheets/",
                                                      "assets/javascripts/"))]
    return (from_root(re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)),
            from_root(re.findall(r'<script src="([^"]+)"', html)))


def published(site: Path) -> list[str]:
    folder = site / "assets" / "conceptgraph"
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_a_zero_config_vault_gets_the_plugins_files_byte_for_byte(tmp_path):
    built = vault(tmp_path, MATH)
    assert built.failure is None and built.warnings == []
    files = published(built.site)
    assert "conceptgraph.css" in files and "vendor/katex/fonts/KaTeX_Main-Regular.woff2" in files
    assert "vendor/VENDORED.json" not in files  # the vendoring record stays in the package
    packaged = sorted(p.relative_to(PACKAGED).as_posix() for p in PACKAGED.rglob("*")
                      if p.is_file())
    assert files == [rel for rel in packaged if rel != "vendor/VENDORED.json"]
    for rel in files:
        assert (built.site / "assets" / "conceptgraph" / rel).read_bytes() == \
            (PACKAGED / rel).read_bytes(), rel


def test_every_page_loads_them_in_order_before_the_sites_own(tmp_path):
    docs = {"index.md": "# Home\n", "extra.css": "p {}\n", "extra.js": "var x;\n"}
    built = vault(tmp_path, MATH, docs, extra_css=["extra.css"], extra_javascript=["extra.js"])
    assert built.failure is None
    pages = sorted(built.site.rglob("*.html"))
    assert len(pages) >= 5  # home, two notes, Concepts A–Z, Wanted, 404
    for page in pages:
        assert linked(built.site, page) == ([KATEX_CSS, CSS, "extra.css"],
                                            [*KATEX_JS, *GRAPH_JS, "extra.js"]), page


def test_math_in_a_note_becomes_arithmatex_markup(tmp_path):
    built = vault(tmp_path, MATH)
    article = built.article("concepts/energy")
    assert '<span class="arithmatex">\\(E = mc^2\\)</span>' in article
    assert '<div class="arithmatex">\\[\n\\int_0^1 x^2\\,dx = \\frac{1}{3}\n\\]</div>' in article


def test_a_vault_without_math_gets_neither_arithmatex_nor_katex(tmp_path):
    built = vault(tmp_path, NO_MATH)
    assert built.failure is None and built.warnings == []
    page = built.page("concepts/energy")
    assert "arithmatex" not in page and "katex" not in page
    # Obsidian reads \( as an escaped bracket, not as math: so does the plugin
    assert "Energy costs 5 USD; (b) is a bracket" in page
    assert not any("katex" in f or "math" in f for f in published(built.site))
    assert linked(built.site, built.site / "index.html") == ([CSS], GRAPH_JS)


def test_only_dollars_are_math_as_in_obsidian(tmp_path):
    notes = {"Energy.md": "$a$ and \\(b\\) and \\[c\\]\n"}
    article = vault(tmp_path, notes).article("concepts/energy")
    assert '<span class="arithmatex">\\(a\\)</span> and (b) and [c]' in article


def test_assets_false_publishes_none_and_leaves_the_math_markup(tmp_path):
    docs = {"assets/conceptgraph/conceptgraph.css": "/* the site's own */\n"}
    built = vault(tmp_path, MATH, docs, conceptgraph={"assets": False})
    assert built.failure is None and built.warnings == []
    assert published(built.site) == ["conceptgraph.css"]  # the site's own file, as it is
    assert "the site's own" in (built.site / CSS).read_text(encoding="utf-8")
    for page in built.site.rglob("*.html"):
        assert linked(built.site, page) == ([], []), page
    assert '<span class="arithmatex">\\(E = mc^2\\)</span>' in built.page("concepts/energy")


def test_a_file_of_docs_in_the_plugins_folder_is_an_error(tmp_path):
    docs = {"assets/conceptgraph/conceptgraph.css": "p {}\n"}
    built = vault(tmp_path, MATH, docs)
    assert built.failure is not None
    assert built.errors == [
        "docs/assets/conceptgraph/conceptgraph.css: is published in assets/conceptgraph/, "
        "which holds the conceptgraph plugin's stylesheets and scripts; move or rename it, or "
        "set 'assets: false' under plugins → conceptgraph and link your own"]


def test_a_permalink_into_the_plugins_folder_is_an_error(tmp_path):
    notes = {**MATH, "Plain.md": "---\npermalink: assets/conceptgraph/conceptgraph.css\n---\n"
                                 "Text.\n"}
    built = vault(tmp_path, notes)
    assert built.failure is not None
    assert built.errors == [
        "vault/Plain.md:2: permalink 'assets/conceptgraph/conceptgraph.css' puts the page in "
        "assets/conceptgraph/, which holds the conceptgraph plugin's stylesheets and scripts; "
        "choose another permalink"]
    assert not (built.site / "assets" / "conceptgraph").exists()


@pytest.mark.parametrize(("config", "katex"), [
    # The site lists arithmatex's generic mode: math may be on its own pages, whatever the notes
    ({"markdown_extensions": [{"pymdownx.arithmatex": {"generic": True}}]}, True),
    # Without generic, arithmatex writes MathJax's script tags, which KaTeX does not read
    ({"markdown_extensions": ["pymdownx.arithmatex"]}, False),
], ids=["generic", "mathjax-mode"])
def test_a_site_that_lists_arithmatex_gets_katex_for_its_generic_mode(tmp_path, config, katex):
    built = vault(tmp_path, NO_MATH, **config)
    assert built.failure is None
    assert ("vendor/katex/katex.min.js" in published(built.site)) is katex
    css, js = linked(built.site, built.site / "concepts" / "energy" / "index.html")
    assert (css, js) == (([KATEX_CSS] if katex else []) + [CSS],
                         (KATEX_JS if katex else []) + GRAPH_JS)


def test_a_site_with_its_own_mathjax_gets_no_second_renderer(tmp_path):
    mathjax = "https://unpkg.com/mathjax@3/es5/tex-mml-chtml.js"
    built = vault(tmp_path, MATH, extra_javascript=[mathjax])
    assert built.failure is None
    page = built.page("concepts/energy")
    assert '<span class="arithmatex">\\(E = mc^2\\)</span>' in page  # for MathJax to render
    assert "katex" not in page and f'<script src="{mathjax}"></script>' in page
    assert not any("katex" in f for f in published(built.site))


def test_the_wheel_ships_every_asset(tmp_path):
    """The files the plugin publishes are package data: a wheel built from this checkout holds
    each of them (pyproject.toml: [tool.setuptools.package-data])."""
    source = tmp_path / "source"
    shutil.copytree(REPO / "plugins", source / "plugins",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--no-index", "-q", str(source), "-w", str(tmp_path / "dist")],
                   check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("conceptgraph-*.whl"))
    prefix = "conceptgraph/plugin/assets/"
    shipped = sorted(n[len(prefix):] for n in zipfile.ZipFile(wheel).namelist()
                     if n.startswith(prefix))
    assert shipped == sorted(p.relative_to(PACKAGED).as_posix() for p in PACKAGED.rglob("*")
                             if p.is_file())
    assert "vendor/katex/katex.min.js" in shipped


def test_a_vault_without_a_graph_page_gets_the_explorer(tmp_path):
    built = vault(tmp_path, MATH)
    graph = built.article("graph")
    assert '<div id="cg-graph" class="cg-graph"></div>' in graph
    assert '<a href="../concepts/">list of concepts</a>' in graph  # for readers without JS
    home = built.article("")
    assert 'Browse the <a href="concepts/">concepts A–Z</a> or the <a href="graph/">graph</a>.' \
        in home
    assert '<a href="graph/" class="md-nav__link">' in built.page("")  # in the nav


@pytest.mark.parametrize(("docs", "notes", "options", "page"), [
    ({"graph.md": "# Our graph\n"}, MATH, {}, "Our graph"),  # the site's own page
    ({}, {**MATH, "Map.md": "---\npermalink: graph\n---\nA map.\n"}, {}, "A map."),
    ({}, MATH, {"assets": False}, None),  # no script to draw it: no page
], ids=["docs", "permalink", "no-assets"])
def test_the_graph_page_is_generated_only_where_nothing_else_is(tmp_path, docs, notes,
                                                                 options, page):
    built = vault(tmp_path, notes, docs, conceptgraph=options)
    assert built.failure is None and built.warnings == []
    if page is None:
        assert not (built.site / "graph").exists()
        assert "graph/" not in built.article("")
    else:
        assert page in built.article("graph") and 'id="cg-graph"' not in built.page("graph")
