"""Every wiki-link goes one way: a placeholder made by the Markdown extension, made the page's
link once MkDocs has rewritten its own links, with the URL MkDocs gives the target page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitebuild import build_site

pytestmark = pytest.mark.site

HEAD = '---\ndescription: "x"\n---\n'
BODY = """\
# A

Plain [[B]] and [[B|the b]] and [[B#Part]] and [[#Own]] and [[Missing one]].
Code `x` then [[B]].
Math $x$ then [[B]].
Markup label [[B|*b*]] and [[B|b_c]].
A [Markdown](https://example.org) link, then [[B]].
Escaped \\* then [[B]].
Attribute {: #id } then [[B]].

## Own [[B]]
"""
NOTES = {"A.md": HEAD + BODY, "B.md": HEAD + "# B\n\n## Part\n"}
LINK = re.compile(r'<a class="cg-link" href="([^"]*)">(.*?)</a>')


def page(built, src: str) -> str:
    return (built.site / src).read_text(encoding="utf-8")


@pytest.mark.parametrize(("directory_urls", "src", "b"), [
    (True, "concepts/a/index.html", "../b/"), (False, "concepts/a.html", "b.html")])
def test_every_kind_of_line_gets_the_same_links(tmp_path: Path, directory_urls, src, b):
    built = build_site(tmp_path, NOTES, strict=False,
                       extra_config={"use_directory_urls": directory_urls})
    assert built.failure is None
    html = page(built, src)
    links = LINK.findall(html)
    # [[#Own]] names no heading (the heading is "Own B"): the page's top, not a dead "#own"
    assert links == [(b, "B"), (b, "the b"), (b + "#part", "B › Part"), ("#", "Own"),
                     (b, "B"), (b, "B"), (b, "<em>b</em>"), (b, "b_c"), (b, "B"), (b, "B"),
                     (b, "B"), (b, "B")]
    assert '<span class="cg-missing" title="Missing concept: Missing one (see Wanted ' \
           'concepts)">Missing one</span>' in html
    assert "cg-link>" not in html and "<cg-link" not in html  # no placeholder is left
    # The heading's link shows as its label in the table of contents
    assert re.search(r'<a href="#own-b" class="md-nav__link">\s*<span class="md-ellipsis">'
                     r"\s*Own B\s*</span>", html)


def test_a_placeholder_written_in_a_note_is_not_a_link(tmp_path: Path):
    forged = '<cg-link href="https://evil.example/">evil</cg-link> and [[B]].'
    built = build_site(tmp_path, {"A.md": HEAD + "# A\n\n" + forged + "\n", "B.md": HEAD})
    assert built.failure is None and built.warnings == []
    html = page(built, "concepts/a/index.html")
    assert LINK.findall(html) == [("../b/", "B")]
    assert "evil.example" not in html and "evil and" in html


@pytest.mark.parametrize("directory_urls", [True, False])
def test_plots_and_figures_are_reached_from_their_pages(tmp_path: Path, directory_urls: bool):
    """Plots and figures are raw HTML, which MkDocs does not rewrite: their paths are made
    relative to the URL MkDocs gives the page, in both URL styles."""
    from sitebuild import RELATIONS

    cache = Path(__file__).resolve().parents[1] / ".cache" / "conceptgraph"  # make site's
    notes = {"ReLU.md": HEAD + "# ReLU\n\n```figure\nmean-shift\n```\n",
             "Other.md": HEAD + "# Other\n\nSee [[ReLU]].\n"}
    plugins = [{"conceptgraph": {"kb_dir": "kb", "relations": RELATIONS,
                                 "plots_cache_dir": str(cache)}}]
    built = build_site(tmp_path, notes, extra_config={"use_directory_urls": directory_urls,
                                                      "plugins": plugins})
    assert built.failure is None, built.warnings + built.errors
    pages = {"concepts/relu/index.html": 3, "activation-functions/index.html": 4} \
        if directory_urls else {"concepts/relu.html": 3, "activation-functions.html": 4}
    for src, at_least in pages.items():
        html = page(built, src)
        images = re.findall(r'<img src="([^"#]+\.svg)', html)
        assert len(images) >= at_least, src
        for image in images:
            assert ((built.site / src).parent / image).is_file(), (src, image)
