"""Whole-site builds in a temporary folder: the HTML readers get and the exact warnings."""

import json
import re
from types import SimpleNamespace
from urllib.parse import quote, urljoin

import pytest
from sitebuild import RELATIONS, build_site

from conceptgraph.cli.main import main
from conceptgraph.plugin.publish import edit_url

pytestmark = pytest.mark.site

RELU = """\
---
typeOf: "[[Activation function]]"
variants: ["[[Leaky ReLU]]"]
foundationalPaper: "Deep Sparse Rectifier Neural Networks (Glorot, Bordes & Bengio, 2011)"
aliases: ["Rectifier"]
---
# ReLU

The rectifier. Unlike [[Sigmod]], it is cheap.

## Dead ReLU Problem

Units can die. Code `[[NotALink]]` stays code.
"""

KB = {
    "Activation function.md": '---\ndescription: "A nonlinearity."\n---\n# Activation function\n',
    "ReLU.md": RELU,
    "Leaky ReLU.md": '---\ntypeOf: "[[Activation function]]"\n---\n# Leaky ReLU\n\n'
                     "It keeps [[ReLU#Dead ReLU Problem|dying units]] alive. More text.\n",
    "Sigmoid.md": '---\ntypeOf: "[[Activation function]]"\n---\n# Sigmoid\n',
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("site"), KB, strict=False)


def article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


def test_strict_build_fails_on_a_broken_link_with_file_line_and_suggestion(tmp_path):
    result = build_site(tmp_path, KB, strict=True)
    assert result.warnings == [
        "conceptgraph: kb/ReLU.md:9: unresolved link [[Sigmod]]; did you mean [[Sigmoid]]?"]
    assert "Aborted with 1 warnings in strict mode" in str(result.failure)


def test_clean_knowledge_base_builds_strict_without_warnings(tmp_path):
    kb = dict(KB, **{"ReLU.md": RELU.replace("[[Sigmod]]", "[[Sigmoid]]")})
    result = build_site(tmp_path, kb, strict=True)
    assert result.failure is None
    assert result.warnings == []


def test_relations_panel_lists_outgoing_and_inverse_relations(built):
    relu = article(built.page("concepts/relu"))
    assert re.search(r'<strong>Type of:</strong> <a href="../activation-function/">'
                     r"Activation function</a>", relu)
    assert '<strong>Variants:</strong> <a href="../leaky-relu/">Leaky ReLU</a>' in relu
    leaky = article(built.page("concepts/leaky-relu"))
    assert '<strong>Variant of:</strong> <a href="../relu/">ReLU</a>' in leaky
    top = article(built.page("concepts/activation-function"))
    assert re.search(r"<strong>Subtypes:</strong> .*Leaky ReLU.*ReLU.*Sigmoid", top)


def test_mentioned_in_shows_the_sentence_around_the_link(built):
    relu = article(built.page("concepts/relu"))
    assert 'id="cg-mentioned-in"' in relu
    assert '<a href="../leaky-relu/">Leaky ReLU</a>: “It keeps dying units alive.”' in relu


def test_heading_link_goes_to_the_toc_anchor(built):
    leaky = article(built.page("concepts/leaky-relu"))
    assert '<a class="cg-link" href="../relu/#dead-relu-problem">dying units</a>' in leaky
    assert 'id="dead-relu-problem"' in built.page("concepts/relu")


def test_unresolved_link_is_visibly_missing_and_has_no_href(built):
    relu = article(built.page("concepts/relu"))
    assert '<span class="cg-missing" title="Missing concept: Sigmod (see Wanted concepts)">' \
           "Sigmod</span>" in relu
    wanted = article(built.page("wanted"))
    assert "Sigmod" in wanted and '<a href="../concepts/relu/">ReLU</a>' in wanted
    assert "kb/ReLU.md:9" in wanted


def test_links_in_code_stay_code(built):
    assert "<code>[[NotALink]]</code>" in built.page("concepts/relu")


def test_references_link_to_the_papers_page(built):
    relu = article(built.page("concepts/relu"))
    assert ('Glorot, Bordes &amp; Bengio (2011). <a href="../../papers/#paper-deep-sparse-'
            'rectifier-neural-networks">Deep Sparse Rectifier Neural Networks</a> '
            "(foundational paper)") in relu
    papers = article(built.page("papers"))
    assert 'id="paper-deep-sparse-rectifier-neural-networks"' in papers
    assert '<a href="../concepts/relu/">ReLU</a> (foundational)' in papers


def test_breadcrumb_and_aliases_appear_on_the_page(built):
    relu = article(built.page("concepts/relu"))
    assert '<p class="cg-breadcrumb"><a href="../activation-function/">Activation function' \
           "</a>\u00a0› ReLU</p>" in relu
    assert '<p class="cg-aliases"><em>Also known as:</em> Rectifier</p>' in relu


def test_generated_index_pages(built):
    concepts = article(built.page("concepts"))
    assert concepts.count('<a href="') >= 4 and "Rectifier" in concepts
    taxonomy = article(built.page("taxonomy"))
    assert re.search(r"Activation function</a>\s*<ul>\s*<li><a [^>]*>Leaky ReLU", taxonomy)
    home = article(built.page("index"))
    assert "<strong>4</strong> concepts" in home
    assert "<strong>1</strong> wanted concepts" in home
    # The counts of the home page agree with the published graph.
    edges = json.loads((built.site / "graph.json").read_text())["edges"]
    links = sum(1 for e in edges if e["relation"] == "link")
    assert links and f"<strong>{len(edges) - links}</strong> typed relations" in home
    assert f"<strong>{links}</strong> links in the text" in home


def test_search_indexes_concepts_and_papers_but_not_the_taxonomy(tmp_path):
    built = build_site(tmp_path, KB, strict=False, extra_config={"plugins": [
        "search", {"conceptgraph": {"kb_dir": "kb", "plots_enabled": False}}]})
    index = json.loads((built.site / "search" / "search_index.json").read_text())
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"concepts/relu/", "concepts/", "papers/"} <= pages
    assert "taxonomy/" not in pages  # every concept again, under each parent: only noise
    relu = next(d for d in index["docs"] if d["location"] == "concepts/relu/")
    assert "Unlike Sigmod, it is cheap." in relu["text"]  # links are indexed as their text


def test_graph_json_has_a_node_per_note(built):
    data = json.loads((built.site / "graph.json").read_text())
    assert sorted(n["id"] for n in data["nodes"]) == [
        "activation-function", "leaky-relu", "relu", "sigmoid"]
    assert {"source": "relu", "target": "leaky-relu", "relation": "variants"} in data["edges"]


def test_edit_link_points_at_the_note_in_kb(tmp_path):
    result = build_site(tmp_path, {"Leaky ReLU.md": '---\ndescription: "x"\n---\n# L\n'},
                        extra_config={"repo_url": "https://github.com/o/r",
                                      "edit_uri": "edit/main/docs/",
                                      "theme": {"name": "material",
                                                "features": ["content.action.edit"]}})
    assert 'href="https://github.com/o/r/edit/main/kb/Leaky%20ReLU.md"' in \
        result.page("concepts/leaky-relu")


def test_hostile_title_is_text_everywhere(tmp_path):
    evil = '<img src=x onerror=alert(1)></title><script>alert(2)</script>'
    result = build_site(tmp_path, {
        "Evil.md": f"---\ntitle: '{evil}'\naliases: ['$x$ <b>bold</b>']\n---\nBody.\n",
        "Other.md": '---\ntypeOf: "[[Evil]]"\n---\n# Other\n\nSee [[Evil]].\n'}, strict=True)
    assert result.failure is None, result.warnings
    for page in ("concepts/evil", "concepts/other", "concepts", "taxonomy"):
        html = result.page(page)
        assert "<img src=x" not in html
        assert "alert(2)</script>" not in html
        assert "<b>bold" not in html
    evil_page = result.page("concepts/evil")
    assert "<title>&lt;img src=x onerror=alert(1)&gt;&lt;/title&gt;" in evil_page
    assert "$x$ &lt;b&gt;bold" in evil_page  # alias shown as text, not HTML


def test_docs_page_link_is_checked_with_its_line(tmp_path):
    result = build_site(tmp_path, {"ReLU.md": '---\ndescription: "x"\n---\n# ReLU\n'},
                        docs={"index.md": "# Home\n\nSee [[ReLU]] and\n[[Relu6]].\n"})
    assert result.warnings == [
        "conceptgraph: docs/index.md:4: unresolved link [[Relu6]]; did you mean [[ReLU]]?"]
    assert '<a class="cg-link" href="concepts/relu/">ReLU</a>' in result.page("index")


def test_broken_note_stops_the_build_and_names_every_error(tmp_path):
    result = build_site(tmp_path, {
        "A.md": "---\ntitle: a\ntitle: b\n---\n",
        "B.md": "no frontmatter\n",
        "C.md": '---\ntypeOf: "[[C]]"\n---\n'}, strict=False)
    assert result.failure is not None
    assert result.errors[-1].endswith("3 errors in the knowledge base (listed above); fix them "
                                      "and build again")
    assert [e.split(";")[0] for e in result.errors[:-1]] == [
        "conceptgraph: kb/A.md:3: duplicate key 'title' (first written on line 2)",
        "conceptgraph: kb/B.md:1: missing frontmatter",
        "conceptgraph: kb/C.md:2: 'typeOf' cycle: C (kb/C.md:2) → C",
    ]


def test_headings_with_links_show_plain_labels_in_the_table_of_contents(tmp_path):
    kb = {"A.md": '---\ndescription: "a"\n---\n# A\n\n## See [[B]] first\n\ntext\n\n'
                  "### Then [[B|the b]] again\n\ntext\n",
          "B.md": '---\ndescription: "b"\n---\n# B\n'}
    page = build_site(tmp_path, kb).page("concepts/a")
    toc = page[page.index('md-nav--secondary'):]
    assert re.search(r'<span class="md-ellipsis">\s*See B first\s*</span>', toc)
    assert re.search(r'<span class="md-ellipsis">\s*Then the b again\s*</span>', toc)
    assert '<a class="cg-link" href="../b/">the b</a>' in page  # the heading itself links
    assert not re.search("[\ue000-\ue01f]", page)


@pytest.mark.parametrize("edit_uri", ["edit/main/docs/", "edit/main/docs", "blob/main/",
                                      "/o/r/edit/main/site/docs/", ""])
@pytest.mark.parametrize("kb", ["kb", "notes/kb", "../vault"])
@pytest.mark.parametrize("rel", ["Leaky ReLU.md", "Folder/Ünïcode ?#%.md", "a:b.md"])
def test_an_edit_link_is_the_kb_folder_joined_with_the_note_path(edit_uri, kb, rel):
    # The folder's link is worked out once a build; each note's must be what joining its whole
    # path to the repository's address gives
    config = SimpleNamespace(repo_url="https://github.com/o/r/", edit_uri=edit_uri,
                             docs_dir="/p/docs")
    base = edit_uri.rstrip("/")
    base = base[: -len("docs")].rstrip("/") if base.endswith("/docs") else base
    assert edit_url(config, kb, rel) == urljoin("https://github.com/o/r/",  # type: ignore[arg-type]
                                                quote(f"{base}/{kb}/{rel}"))


@pytest.mark.parametrize("docs_page, kb_file", [
    ("wanted.md", None),  # a page the plugin always generates
    ("concepts/relu.md", None),  # a note's page
    ("concepts/Figure.png", "Figure.png"),  # an attachment's address
    ("graph.json", None),  # the graph explorer's data
    ("schema/note.schema.json", None),  # the notes' JSON schema
    ("canvas/board.md", "Board.canvas"),  # a canvas's page
])
def test_a_file_of_docs_where_the_build_writes_its_own_stops_the_build_and_the_check(
        tmp_path, monkeypatch, capsys, docs_page, kb_file):
    notes: dict[str, str | bytes] = {"ReLU.md": '---\ndescription: "x"\n---\n# ReLU\n'}
    if kb_file:
        notes[kb_file] = b'{"nodes": [], "edges": []}' if kb_file.endswith(".canvas") \
            else b"\x89PNG"
    docs = {"index.md": "# Home\n", docs_page: "# Mine\n"}
    built = build_site(tmp_path, notes, docs=docs)
    what = "an attachment of the knowledge base" if kb_file == "Figure.png" else \
        "a page the conceptgraph plugin generates"
    assert built.failure is not None
    assert built.errors == [f"{tmp_path}/docs/{docs_page}: clashes with {what}; rename or "
                            "remove it"]
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    assert f"docs/{docs_page}:1: error: clashes with {what}; rename or remove it" in \
        capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("notes, docs, build_error, check_line", [
    ({"A.md": '---\ndescription: "x"\npermalink: assets/conceptgraph/a\n---\n# A\n'},
     {}, "kb/A.md:3: permalink 'assets/conceptgraph/a' puts the page in "
     "assets/conceptgraph/, which holds the conceptgraph plugin's stylesheets and scripts; "
     "choose another permalink",
     "kb/A.md:3: error: permalink 'assets/conceptgraph/a' puts the page in "
     "assets/conceptgraph/, which holds the conceptgraph plugin's stylesheets and scripts; "
     "choose another permalink"),
    ({"A.md": '---\ndescription: "x"\n---\n# A\n'}, {"assets/conceptgraph/mine.css": "a{}"},
     "docs/assets/conceptgraph/mine.css: is published in assets/conceptgraph/, which holds the "
     "conceptgraph plugin's stylesheets and scripts; move or rename it, or set 'assets: false' "
     "under plugins → conceptgraph and link your own",
     "docs/assets/conceptgraph/mine.css:1: error: is published in assets/conceptgraph/, which "
     "holds the conceptgraph plugin's stylesheets and scripts; move or rename it, or set "
     "'assets: false' under plugins → conceptgraph and link your own"),
])
def test_a_page_among_the_plugins_own_files_stops_the_build_and_the_check(
        tmp_path, monkeypatch, capsys, notes, docs, build_error, check_line):
    built = build_site(tmp_path, notes, docs={"index.md": "# Home\n", **docs})
    assert built.failure is not None and built.errors == [build_error]
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    assert check_line in capsys.readouterr().out.splitlines()


def test_a_page_of_docs_at_the_activation_functions_address_stops_the_build_and_the_check(
        tmp_path, monkeypatch, capsys):
    notes = {"ReLU.md": '---\ndescription: "x"\nactivation: "ReLU"\n---\n# ReLU\n'}
    docs = {"index.md": "# Home\n", "activation-functions.md": "# Mine\n"}
    config = {"plugins": [{"conceptgraph": {"kb_dir": "kb", "relations": RELATIONS,
                                            "plots_cache_dir": str(tmp_path / "cache")}}]}
    built = build_site(tmp_path, notes, docs=docs, extra_config=config)
    assert built.errors == [f"{tmp_path}/docs/activation-functions.md: clashes with a page the "
                            "conceptgraph plugin generates; rename or remove it"]
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    assert "docs/activation-functions.md:1: error: clashes with a page the conceptgraph plugin " \
        "generates; rename or remove it" in capsys.readouterr().out.splitlines()
    # Without plots the build makes no such page: neither the build nor the check stops
    config["plugins"][0]["conceptgraph"]["plots_enabled"] = False
    assert build_site(tmp_path / "off", notes, docs=docs, extra_config=config).errors == []
    monkeypatch.chdir(tmp_path / "off")
    capsys.readouterr()
    assert main(["check"]) == 0, capsys.readouterr().out
