"""Heading ids: the anchors the plugin writes into links are the ids the site's table of
contents gives its headings, whatever slugify and separator the site sets, and readable in
every script by default."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import markdown
import pytest
from markdown.extensions.toc import slugify, slugify_unicode
from mkdocs.commands.build import build
from mkdocs.config import load_config
from pymdownx.slugs import slugify as pymdownx_slugify
from sitebuild import build_site

from conceptgraph.markup.scanner import scan
from conceptgraph.markup.wikilinks import DEFAULT_IDS, HeadingIds

HEADINGS = ["Data", "数据", "Où manger", "Data", "A -- B", "C++ / C#", "数据", "!!!",
            "Ünïcödé & ASCII", "Über **uns** `code`", "X  Y"]
BODY = "\n\n".join(f"{'#' * (2 + i % 3)} {h}\nText." for i, h in enumerate(HEADINGS))

SITES = {  # toc's settings as a site writes them → how the plugin reads them
    "plugin default": ({"slugify": slugify_unicode}, HeadingIds()),
    "toc's ASCII slugify": ({"slugify": slugify}, HeadingIds(slugify)),
    "pymdownx, lower case": ({"slugify": pymdownx_slugify(case="lower")},
                             HeadingIds(pymdownx_slugify(case="lower"))),
    "underscore separator": ({"slugify": slugify_unicode, "separator": "_"},
                             HeadingIds(slugify_unicode, "_")),
}


def toc_ids(settings: dict) -> list[str]:
    """The ids Python-Markdown's own toc gives the headings of BODY."""
    html = markdown.markdown(BODY, extensions=["toc"], extension_configs={"toc": settings})
    return re.findall(r'<h\d id="([^"]*)"', html)


@pytest.mark.parametrize("site", list(SITES))
def test_scanned_heading_ids_are_the_ids_toc_gives(site):
    settings, ids = SITES[site]
    expected = toc_ids(settings)
    assert len(expected) == len(HEADINGS)
    assert [h.anchor for h in scan(BODY, 1, ids).headings] == expected


def test_the_default_keeps_every_script_and_is_toc_default_on_ascii():
    anchors = [h.anchor for h in scan(BODY).headings]
    assert anchors[1] == "数据" and anchors[2] == "où-manger" and anchors[6] == "数据_1"
    ascii_only = [h for h in HEADINGS if h.isascii()]
    assert [DEFAULT_IDS.anchor(h) for h in ascii_only] == [slugify(h, "-") for h in ascii_only]


NOTES = {
    "数据.md": """
        ---
        typeOf: []
        ---
        # 数据

        ## 数据 分析

        Text.

        ## A -- B

        More.
        """,
    "Reader.md": """
        ---
        typeOf: []
        ---
        # Reader

        See [[数据#数据 分析]] and [[数据#A -- B|the other section]].

        ## Here -- there

        Back to [[#Here -- there]].
        """,
}


def _ids_and_hrefs(built, page: str) -> tuple[set[str], list[str]]:
    html = built.page(page)
    return set(re.findall(r' id="([^"]*)"', html)), \
        re.findall(r'<a class="cg-link" href="([^"]*)"', html)


@pytest.mark.parametrize("toc", [None, "pymdownx"])
def test_links_to_headings_land_on_the_ids_of_the_built_pages(tmp_path: Path, toc):
    """Built as a site: without toc settings (the plugin's default), and with the slugify
    Material's documentation recommends, every link to a heading lands on an id of its page."""
    root = tmp_path / "site"
    built = build_site(root, {k: textwrap.dedent(v) for k, v in NOTES.items()})
    if toc is not None:  # mkdocs.yml as a user writes it (a YAML tag names the function)
        config = (root / "mkdocs.yml").read_text(encoding="utf-8").replace(
            "- toc\n", "- toc:\n    slugify: !!python/object/apply:pymdownx.slugs.slugify "
            "{kwds: {case: lower}}\n")
        assert "pymdownx.slugs.slugify" in config
        (root / "mkdocs.yml").write_text(config, encoding="utf-8")
        build(load_config(str(root / "mkdocs.yml"), strict=True))  # a warning stops it
    assert built.failure is None and built.warnings == []
    target_ids, _ = _ids_and_hrefs(built, "concepts/数据")
    reader_ids, hrefs = _ids_and_hrefs(built, "concepts/reader")
    fragments = [h.split("#", 1)[1] for h in hrefs if "#" in h]
    assert len(fragments) == 3
    assert fragments[0] in target_ids and fragments[1] in target_ids
    assert fragments[2] in reader_ids
    assert fragments[0] == "数据-分析"  # readable either way
    assert fragments[1] == ("a-b" if toc is None else "a----b")
