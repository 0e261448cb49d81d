"""The main job: the repository's own site builds in strict mode with no warning, and the
user's ReLU page shows everything the knowledge base knows about ReLU."""

import json
import logging
import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from sitebuild import _Capture

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("real-site")
    capture = _Capture()
    logging.getLogger("mkdocs").addHandler(capture)
    try:
        build(load_config(str(REPO / "mkdocs.yml"), site_dir=str(out), strict=True))
    finally:
        logging.getLogger("mkdocs").removeHandler(capture)
    return out, [r.getMessage() for r in capture.records]


def article(site_dir: Path, page: str) -> str:
    html = (site_dir / page / "index.html").read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]


def test_strict_build_has_no_warning(site):
    _, warnings = site
    assert warnings == []


def test_relu_page_shows_relations_mentions_references_and_breadcrumb(site):
    out, _ = site
    relu = article(out, "concepts/relu")
    assert '<p class="cg-breadcrumb"><a href="../activation-function/">Activation function' in relu
    for label, target in [("Type of", "activation-function"), ("Variants", "leaky-relu"),
                          ("Variants", "gelu"), ("Used in", "convolutional-neural-networks"),
                          ("Advantages", "sparse-activation")]:
        assert re.search(rf"<strong>{label}:</strong>[^\n]*href=\"../{target}/\"", relu), label
    assert 'id="cg-mentioned-in"' in relu and relu.count("<li>") > 20
    assert "Glorot, Bordes &amp; Bengio (2011)" in relu and "(foundational paper)" in relu


def test_relu_page_shows_formula_derivative_and_plots(site):
    out, _ = site
    relu = article(out, "concepts/relu")
    assert re.search(r'<div class="arithmatex">\\\[\s*f\(x\) = ', relu)
    assert re.search(r"<div class=\"arithmatex\">\\\[\s*f'\(x\) = ", relu)
    plots = re.findall(r'<img src="(\.\./\.\./assets/plots/activation-relu-[0-9a-f]{12}-'
                       r'(light|dark)\.svg)#only-\2"', relu)
    assert sorted(theme for _, theme in plots) == ["dark", "light"]
    for src, _ in plots:
        svg = (out / "concepts" / "relu" / src).resolve()
        assert svg.read_bytes().startswith(b"<?xml")
    assert "PyTorch" in relu  # the kink convention is stated


def test_inverse_relations_appear_on_the_targets(site):
    out, _ = site
    assert re.search(r'<strong>Subtypes:</strong>[^\n]*href="../relu/"',
                     article(out, "concepts/activation-function"))
    assert re.search(r'<strong>Variant of:</strong>[^\n]*href="../relu/"',
                     article(out, "concepts/leaky-relu"))


def test_every_note_has_one_page_and_one_graph_node(site):
    out, _ = site
    notes = sorted(p for p in (REPO / "kb").rglob("*.md"))
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    pages = sorted(p.parent.name for p in (out / "concepts").glob("*/index.html"))
    assert len(notes) == len(pages) == len(data["nodes"])


def test_site_has_404_nojekyll_and_schema(site):
    out, _ = site
    assert (out / "404.html").is_file() and (out / ".nojekyll").is_file()
    schema = json.loads((out / "schema" / "note.schema.json").read_text(encoding="utf-8"))
    assert "typeOf" in schema["properties"]


def test_the_plugin_publishes_its_vendored_files_and_not_the_test_only_mermaid(site):
    out, _ = site
    assert (REPO / "tests" / "browser" / "vendor" / "mermaid" / "mermaid.min.js.gz").is_file()
    assert not list(out.rglob("mermaid*"))
    vendor = out / "assets" / "conceptgraph" / "vendor"
    assert (vendor / "katex" / "katex.min.js").is_file()
    assert (vendor / "force-graph" / "force-graph.min.js").is_file()


def test_pages_load_the_plugins_stylesheets_and_scripts_in_order(site):
    out, _ = site
    html = (out / "concepts" / "relu" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<link rel="stylesheet" href="\.\./\.\./assets/conceptgraph/([^"]+)"',
                      html) == ["vendor/katex/katex.min.css", "conceptgraph.css"]
    assert re.findall(r'<script src="(?:\.\./)*assets/conceptgraph/([^"]+)"', html) == [
        "vendor/katex/katex.min.js", "conceptgraph-math.js",
        "vendor/force-graph/force-graph.min.js", "conceptgraph-graph.js"]
    # after Material's own bundle, as mkdocs.yml's extra_javascript would put them
    assert html.index('<script src="../../assets/javascripts/bundle.') < \
        html.index('<script src="../../assets/conceptgraph/vendor/katex/katex.min.js"')
