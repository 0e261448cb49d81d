"""An Obsidian vault published as it is (issue 14): tests/vault/, built as a real strict site
with nothing but Material, search and the plugin in mkdocs.yml.

tests/vault/ is shaped like a real vault: folders, Attachments/ with real PNG, SVG, PDF and WAV
files, `.obsidian/` and `.trash/`, two notes called Notes in different folders, a CJK-named and
an accented note, embeds, transclusions, block ids and properties, and a Templates/ folder that
its `.obsidian/app.json` excludes (Obsidian's "Excluded files"): a template note full of
placeholders and links to notes nobody will write, a picture and a canvas. Its Problems/ folder
holds one of each mistake a vault may have; without it the vault builds strict without a
warning.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError
from sitebuild import _Capture

from conceptgraph.cli.main import main

pytestmark = pytest.mark.site

VAULT = Path(__file__).parent / "vault"
PREFIX = "conceptgraph: "


@dataclass
class Site:
    site: Path
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    mkdocs_infos: list[str] = field(default_factory=list)  # MkDocs' own, not the plugin's
    failure: Exception | None = None

    def page(self, url: str) -> str:
        return (self.site / url / "index.html").read_text(encoding="utf-8")

    def article(self, url: str) -> str:
        html = self.page(url)
        return html[html.index("<article"):html.index("</article>")]


def build_vault(root: Path, vault: Path = VAULT, strict: bool = True,
                **config: object) -> Site:
    """Copy ``vault`` to ``root``/vault and build it with the minimal mkdocs.yml (plus
    ``config``), like `mkdocs build`; the plugin's own log lines are kept by level."""
    shutil.copytree(vault, root / "vault", symlinks=True)
    (root / "docs").mkdir(exist_ok=True)  # MkDocs needs its docs folder, even empty
    options = config.pop("conceptgraph", {})
    settings = {"site_name": "Vault", "theme": {"name": "material"},
                "plugins": ["search", {"conceptgraph": {"kb_dir": "vault", **options}}],
                **config}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(settings, allow_unicode=True),
                                     encoding="utf-8")
    capture = _Capture(logging.INFO)
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.INFO)  # the plugin's infos too (held-back notes, undeclared keys)
    logger.addHandler(capture)
    site = Site(root / "site")
    try:
        build(load_config(str(root / "mkdocs.yml"), strict=strict))
    except (Abort, PluginError, SystemExit) as exc:
        site.failure = exc
    finally:
        logger.removeHandler(capture)
        logger.setLevel(level)
    for r in capture.records:
        text = r.getMessage()
        if not text.startswith(PREFIX):
            if r.levelno >= logging.WARNING:
                (site.errors if r.levelno >= logging.ERROR else site.warnings).append(text)
            else:
                site.mkdocs_infos.append(text)
            continue
        text = text.removeprefix(PREFIX)
        if r.levelno >= logging.ERROR:
            site.errors.append(text)
        elif r.levelno >= logging.WARNING:
            site.warnings.append(text)
        else:
            site.infos.append(text)
    return site


def clean_vault(tmp: Path) -> Path:
    """tests/vault/ without its Problems/ folder."""
    shutil.copytree(VAULT, tmp, symlinks=True, ignore=shutil.ignore_patterns("Problems"))
    return tmp


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    tmp = tmp_path_factory.mktemp("vault")
    return build_vault(tmp / "project", clean_vault(tmp / "clean"))


# -- the vault as it is ---------------------------------------------------------------------


def test_the_vault_builds_strict_with_exactly_the_warnings_of_its_problems(tmp_path):
    built = build_vault(tmp_path)
    assert built.errors == []
    assert built.warnings == [
        "vault/Problems/Cycle A.md:3: embed ![[Cycle B]] makes a cycle: Problems/Cycle B → "
        "Problems/Cycle A → Problems/Cycle B; remove one embed of the chain; it is shown as a "
        "link",
        "vault/Problems/Cycle B.md:3: embed ![[Cycle A]] makes a cycle: Problems/Cycle A → "
        "Problems/Cycle B → Problems/Cycle A; remove one embed of the chain; it is shown as a "
        "link",
        "vault/Problems/Mistakes.md:3: unresolved link [[Missing picture.png]]; no file of that "
        "name is in the vault: add it, or fix the name",
        "vault/Problems/Mistakes.md:4: ambiguous link [[Notes]]: it fits vault/Recipes/Notes.md "
        "and vault/Travel/Notes.md; write the path to pick one: [[Recipes/Notes]] or "
        "[[Travel/Notes]]",
        "vault/Problems/Mistakes.md:5: link [[Pancakes#^nowhere]]: vault/Recipes/Pancakes.md has "
        "no block ^nowhere; its block ids are: '^intro', '^rest-overnight', '^milk', "
        "'^cooking-table'",
        "vault/Problems/Mistakes.md:6: '[[' is not closed by ']]' on its line, so it stays "
        "text; close the link on the same line, or write \\[[ for literal brackets",
        "vault/Problems/Mistakes.md:9: a wiki-link inside raw HTML stays text: Markdown is not "
        "read there; move the link out of the HTML block (a blank line ends it), or write an "
        "<a> link",
        "vault/Problems/Mistakes.md:13: link [[#Nowhere]]: vault/Problems/Mistakes.md has no "
        "heading 'Nowhere'; its headings are: 'Mistakes'",
        "vault/Problems/Mistakes.md:13: link [[#^nowhere-here]]: vault/Problems/Mistakes.md has "
        "no block ^nowhere-here; add ' ^nowhere-here' at the end of the paragraph in "
        "vault/Problems/Mistakes.md",
        "vault/Problems/Moved.md:4: alias '../Outside the vault' holds a '/' but is not a path "
        "in the vault (a part is empty, '.' or '..', or has no letters or digits): no redirect "
        "is made from it; write the note's old path from the vault's root, e.g. Old folder/Old "
        "name",
        "vault/Problems/Moved.md:5: alias 'Recipes/Notes': no redirect from "
        "concepts/recipes/notes/ is made, as it is the address of the note "
        "vault/Recipes/Notes.md; remove the alias: the old address is taken",
        # As a real vault writes it (obsidian-help's Tags view: `- [Tag pane]`); Obsidian
        # reads the text, so the note is published and the alias is a link target.
        "vault/Problems/Moved.md:6: 'aliases' holds a list inside its list (YAML reads [x], "
        "and an unquoted [[x]], as a list); it is read as the text \"Old moved name\"; write "
        "it as text, without the brackets",
        # A note's own address wins over another note's permalink: no note is lost for it
        "vault/Problems/Moved.md:7: permalink 'concepts/recipes/notes' is the address of "
        "vault/Recipes/Notes.md; the note is published at its own address instead; choose "
        "another permalink",
    ]
    assert "Aborted with 13 warnings in strict mode" in str(built.failure)
    # A heading or block the page does not have: the page's top, as a link to another note's
    # missing heading, never an id no element holds
    assert '<a class="cg-link" href="#">Nowhere</a>' in built.article("concepts/problems/mistakes")
    assert '<a class="cg-link" href="#">^nowhere-here</a>' in built.article(
        "concepts/problems/mistakes")
    assert '<a class="cg-link" href="../moved/">Old moved name</a>' in built.article(
        "concepts/problems/mistakes")
    # The cycle is shown as a link, on both pages, and the page still exists
    cycle = built.article("concepts/problems/cycle-a")
    assert '<a class="cg-link" href="../cycle-b/">Cycle B</a>' in cycle
    # A missing file is not a concept to write: its tooltip says so
    mistakes = built.article("concepts/problems/mistakes")
    assert 'title="Missing file: Missing picture.png"' in mistakes


def test_without_its_problems_the_vault_builds_strict_without_a_warning(site):
    assert (site.failure, site.errors, site.warnings) == (None, [], [])
    assert "1 note held back by 'publish: false'" in site.infos
    assert ("1 note and 2 other files held back by Obsidian's excluded files "
            "(userIgnoreFilters in vault/.obsidian/app.json)") in site.infos


def test_dot_folders_are_never_published_and_every_note_is(site):
    published = sorted(p.relative_to(site.site).as_posix() for p in site.site.rglob("*"))
    assert not [p for p in published if "obsidian" in p or "trash" in p or "deleted" in p]
    # graph.json: one node per note, each with its source path relative to mkdocs.yml,
    # counted independently from the files of the vault
    notes = sorted(f"vault/{p.relative_to(VAULT).as_posix()}" for p in VAULT.rglob("*.md")
                   if not any(part.startswith(".") for part in p.relative_to(VAULT).parts)
                   and "Problems" not in p.parts and "Templates" not in p.parts
                   and p.name != "Private plans.md")
    nodes = json.loads((site.site / "graph.json").read_text(encoding="utf-8"))["nodes"]
    assert sorted(n["path"] for n in nodes) == notes


def test_a_vault_without_activations_or_figure_blocks_renders_no_plots(site):
    # Home.md says "figure" in its text: only a ```figure block asks for a figure
    assert not (site.site / "assets" / "plots").exists()


def test_attachments_are_copied_beside_their_notes_byte_for_byte(site):
    for rel, dest in [("Attachments/diagram.png", "concepts/attachments/diagram.png"),
                      ("Attachments/logo.svg", "concepts/attachments/logo.svg"),
                      ("Attachments/paper.pdf", "concepts/attachments/paper.pdf"),
                      ("Attachments/chime.wav", "concepts/attachments/chime.wav"),
                      ("Recipes/pancake photo.png", "concepts/recipes/pancake photo.png")]:
        assert (site.site / dest).read_bytes() == (VAULT / rel).read_bytes(), rel


def test_notes_sharing_a_file_name_each_get_their_page_and_links_find_them(site):
    kitchen = site.article("concepts/recipes/notes")
    travel = site.article("concepts/travel/notes")
    assert "Kitchen notes" in kitchen and "Travel notes" in travel
    home = site.article("concepts/home")
    assert '<a class="cg-link" href="../recipes/notes/">notes</a>' in home
    assert '<a class="cg-link" href="../travel/notes/">Travel/Notes</a>' in home
    # [[Notes]] in Recipes/Pancakes.md is the note of its own folder
    assert '<a class="cg-link" href="../notes/">Notes</a>' in site.article(
        "concepts/recipes/pancakes")


def test_non_ascii_names_get_readable_urls_and_resolve(site):
    assert (site.site / "concepts/travel/東京/index.html").is_file()
    assert (site.site / "concepts/travel/café/index.html").is_file()
    home = site.article("concepts/home")
    assert '<a class="cg-link" href="../travel/%E6%9D%B1%E4%BA%AC/">東京</a>' in home
    assert '<a class="cg-link" href="../travel/caf%C3%A9/">Café</a>' in home
    # by alias, from another folder's note
    cafe = site.article("concepts/travel/café")
    assert '<a class="cg-link" href="../%E6%9D%B1%E4%BA%AC/">Tokyo</a>' in cafe
    assert '<a class="cg-link" href="../../recipes/pancakes/">Crêpes</a>' in cafe
    # headings in any script get readable ids, and links to them land there
    assert '<h2 id="見どころ">' in site.article("concepts/travel/東京")
    assert '<a class="cg-link" href="../%E6%9D%B1%E4%BA%AC/#見どころ">the sights</a>' in cafe
    assert '<h2 id="où-manger">' in cafe
    assert cafe.count('href="#où-manger"') == 2  # by its text and by its id


# -- embeds and transclusion ----------------------------------------------------------------


def test_image_embeds_in_every_form(site):
    page = site.article("concepts/embeds")
    src = 'src="../attachments/diagram.png"'
    assert f'<img {src} alt="diagram" class="internal-embed image-embed">' in page
    assert f'<img {src} alt="diagram" width="300" class="internal-embed image-embed">' in page
    assert (f'<img {src} alt="diagram" width="300" height="200" '
            'class="internal-embed image-embed">') in page
    assert f'<img {src} alt="A red diagram" class="internal-embed image-embed">' in page
    assert f'<img {src} alt="Small" width="40" class="internal-embed image-embed">' in page
    assert f'<img {src} alt="diagram" class="internal-embed image-embed embed-dark">' in page
    assert '<img alt="Relative" src="../attachments/diagram.png">' in page  # Markdown image
    pancakes = site.article("concepts/recipes/pancakes")
    assert '<img alt="The pancakes" src="../pancake%20photo.png">' in pancakes
    tokyo = site.article("concepts/travel/東京")
    assert ('<img src="../../attachments/%E6%9D%B1%E4%BA%AC%E3%82%BF%E3%83%AF%E3%83%BC.png" '
            'alt="東京タワー" width="120"') in tokyo


def test_svg_is_an_img_never_inlined_and_media_are_their_elements(site):
    page = site.article("concepts/embeds")
    assert '<img src="../attachments/logo.svg" alt="logo" class="internal-embed image-embed">' \
        in page
    assert "<svg" not in page and "alert(1)" not in page
    assert ('<iframe class="internal-embed pdf-embed" src="../attachments/paper.pdf#page=1" '
            'title="paper.pdf"></iframe>') in page
    assert '<audio class="internal-embed" controls src="../attachments/chime.wav"></audio>' \
        in page
    assert "data-cg-embed" not in page


def _embed(page: str, link: str) -> str:
    """The transclusion whose source link is ``link``."""
    start = page.index(f'<p class="markdown-embed-link"><a class="cg-link" href="{link}"')
    return page[start:page.index("</div>", start)]


def test_heading_transclusion_is_the_section_with_its_subsections(site):
    batter = _embed(site.article("concepts/embeds"), "../recipes/pancakes/#batter")
    assert "Pancakes › Batter</a>" in batter
    assert "Whisk flour" in batter and "Cover the bowl." in batter  # ### Resting is inside
    assert "Heat" not in batter and "Fluffy" not in batter  # ## Cooking and the intro are not
    assert "cg-block-anchor" not in batter and "^rest-overnight" not in batter.split("</p>", 1)[1]


def test_block_transclusions_are_the_paragraph_the_item_or_the_table(site):
    page = site.article("concepts/embeds")
    rest = _embed(page, "../recipes/pancakes/#^rest-overnight")
    assert "Rest the batter overnight." in rest and "Flour" not in rest
    milk = _embed(page, "../recipes/pancakes/#^milk")
    assert "<li>Milk<ul>\n<li>whole milk is best</li>" in milk and "Eggs" not in milk
    table = _embed(page, "../recipes/pancakes/#^cooking-table")
    assert "<table>" in table and "<td>Cook</td>" in table and "Cover" not in table


def test_links_inside_a_transclusion_resolve_as_in_its_note(site):
    # [[Notes]] in Recipes/Pancakes.md is Recipes/Notes; from Embeds.md it would fit two notes
    intro = _embed(site.article("concepts/embeds"), "../recipes/pancakes/#^intro")
    assert '<a class="cg-link" href="../recipes/notes/">Notes</a>' in intro
    whole = _embed(site.article("concepts/embeds"), "../travel/notes/")
    assert '<a class="cg-link" href="../travel/%E6%9D%B1%E4%BA%AC/">東京</a>' in whole


def test_transclusions_in_table_cells_are_rendered_in_their_cells(site):
    page = site.article("concepts/embeds")
    table = page[page.index("<th>Part</th>"):]
    table = table[:table.index("</table>")]
    rows = re.findall(r"<tr>\n<td>(\w+)</td>\n<td>(.*?)</td>\n</tr>", table, re.S)
    assert [part for part, _ in rows] == ["intro", "resting", "photo"]  # the table is whole
    intro, resting, photo = (cell for _, cell in rows)
    assert intro.startswith('<div class="internal-embed markdown-embed">')
    assert "Fluffy pancakes for four." in intro and "^intro" not in intro.split("</p>", 1)[1]
    # its link resolves as in its note, as in the transclusion outside the table
    assert '<a class="cg-link" href="../recipes/notes/">Notes</a>' in intro
    assert "Pancakes › Resting</a>" in resting and "<p>Cover the bowl.</p>" in resting
    assert photo == '<img src="../attachments/diagram.png" alt="diagram" width="40" ' \
        'class="internal-embed image-embed">'
    assert "![[" not in table and "data-cg-embed" not in table


def test_canvas_file_cards_show_the_file_their_vault_path_names(site):
    """Map.canvas: an image card is the image, a PDF card a link, and two notes that share a
    file name are each found by their folder."""
    page = site.article("canvas/map")
    assert '<img src="../../concepts/attachments/diagram.png" alt="diagram.png"' in page
    assert '<a href="../../concepts/attachments/paper.pdf">paper.pdf</a>' in page
    assert '<a href="../../concepts/travel/notes/">Notes</a>' in page
    assert '<a href="../../concepts/recipes/notes/">Notes</a>' in page
    assert "cg-missing" not in page


def test_embeds_in_code_stay_code(site):
    assert "<code>![[diagram.png]]</code>" in site.article("concepts/embeds")


# -- block ids ------------------------------------------------------------------------------


def test_block_ids_become_hidden_anchors_that_links_land_on(site):
    pancakes = site.article("concepts/recipes/pancakes")
    assert 'overnight. <span id="^rest-overnight" class="cg-block-anchor"></span></p>' in pancakes
    assert '<li>Milk <span id="^milk" class="cg-block-anchor"></span><ul>' in pancakes
    # a standalone id anchors the block above it (the table)
    assert re.search(r'<div id="\^cooking-table" class="cg-block-anchor"></div>\s*<table>',
                     pancakes)
    assert "^rest-overnight</p>" not in pancakes  # the marker is hidden
    home = site.article("concepts/home")
    assert 'href="../recipes/pancakes/#^rest-overnight"' in home
    assert '<a class="cg-link" href="#^home-list">^home-list</a>' in home
    assert '<span id="^home-list" class="cg-block-anchor"></span>' in home


# -- properties -----------------------------------------------------------------------------


def test_publish_false_holds_a_note_back_and_links_to_it_say_so(site):
    assert not (site.site / "concepts/private-plans").exists()
    assert "Never published" not in (site.site / "search/search_index.json").read_text()
    assert '<span class="cg-unpublished" title="Not published">Private plans</span>' in \
        site.article("concepts/home")


UNPUBLISHED = '<span class="cg-unpublished" title="Not published">{}</span>'
CARDS = {"nodes": [
    {"id": "t", "type": "text", "text": "See [[Private]].", "x": 0, "y": 0, "width": 90,
     "height": 60},
    {"id": "f", "type": "file", "file": "Private.md", "x": 100, "y": 0, "width": 90,
     "height": 60}], "edges": []}


def test_every_kind_of_link_to_a_note_held_back_shows_it_as_unpublished(tmp_path):
    vault = write(tmp_path / "v", {
        "Private.md": "---\npublish: false\n---\n# Private\n\nSecret words.\n",
        "A.md": "# A\n\nA [Markdown link](Private.md), a [[Private|wiki-link]] and an "
                "embed:\n\n![[Private]]\n",
        "Board.canvas": json.dumps(CARDS)})
    built = build_vault(tmp_path / "p", vault)  # strict: not a warning, not MkDocs' either
    assert (built.failure, built.errors, built.warnings) == (None, [], [])
    page = built.article("concepts/a")
    for label in ("Markdown link", "wiki-link", "Private"):
        assert UNPUBLISHED.format(label) in page, label
    board = built.article("canvas/board")
    assert f"See {UNPUBLISHED.format('Private')}." in board  # a text card's link
    assert UNPUBLISHED.format("Private.md") in board  # a file card
    assert "Secret words" not in page + board


def test_obsidians_excluded_files_are_held_back_and_links_to_them_say_so(site):
    templates = VAULT / "Templates"
    assert sorted(p.name for p in templates.iterdir()) == [
        "Daily note.md", "Weekly board.canvas", "template banner.png"]
    published = [p.relative_to(site.site).as_posix().lower() for p in site.site.rglob("*")]
    assert not [p for p in published if "templates" in p or "daily" in p or "weekly" in p
                or "banner" in p]
    everything = "".join(p.read_text(encoding="utf-8", errors="replace")
                         for p in site.site.rglob("*") if p.suffix in (".html", ".json"))
    assert "{{" not in everything and "Inbox" not in everything  # not in the Wanted page
    home = site.article("concepts/home")
    for label in ("Daily note", "Markdown link", "template banner.png", "as a Markdown image",
                  "Weekly board.canvas"):
        assert UNPUBLISHED.format(label) in home, label


def test_standard_properties_reach_the_page(site):
    html = site.page("cards/property-card")  # permalink
    assert '<article class="md-content__inner md-typeset wide-page card">' in html
    assert '<meta name="description" content="A card with every kind of property.">' in html
    assert '<meta property="og:image" content="../../concepts/attachments/diagram.png">' in html
    # the note's own address only redirects to the permalink
    assert redirect(site, "concepts/properties/card") == "../../../cards/property-card/"


def redirect(site: Site, url: str) -> str:
    """Where the stub at ``url`` sends its reader; it is a stub, never a page of the site."""
    stub = site.page(url)
    to = re.fullmatch(r'(?s).*<meta http-equiv="refresh" content="0; url=([^"]*)">.*', stub)
    assert to is not None and "<article" not in stub, stub
    assert f'<link rel="canonical" href="{to.group(1)}">' in stub
    assert f'<a href="{to.group(1)}">' in stub
    return to.group(1)


def test_an_alias_holding_a_vault_path_redirects_from_that_address(site):
    # Recipes/Pancakes.md has the alias "Kitchen/Old pancakes": where it was before it moved
    to = redirect(site, "concepts/kitchen/old-pancakes")
    assert to == "../../recipes/pancakes/"
    page = (site.site / "concepts/kitchen/old-pancakes" / to).resolve() / "index.html"
    assert page == (site.site / "concepts/recipes/pancakes/index.html").resolve()
    assert "Fluffy pancakes" in page.read_text(encoding="utf-8")
    assert not (site.site / "concepts/crêpes").exists()  # a bare alias makes none


def test_redirects_are_in_neither_the_search_index_nor_the_sitemap(tmp_path):
    built = build_vault(tmp_path, clean_vault(tmp_path / "clean"),
                        site_url="https://example.org/vault/")
    assert (built.failure, built.warnings) == (None, [])
    assert redirect(built, "concepts/kitchen/old-pancakes") == "../../recipes/pancakes/"
    index = json.loads((built.site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert "concepts/recipes/pancakes/" in locations and "cards/property-card/" in locations
    assert not [loc for loc in locations if "old-pancakes" in loc or "properties/card" in loc]
    sitemap = (built.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/vault/concepts/recipes/pancakes/" in sitemap
    assert "old-pancakes" not in sitemap and "properties/card" not in sitemap


def test_other_properties_are_a_typed_panel_and_link_keys_are_edges(site):
    card = site.article("cards/property-card")
    for row in ['<th>rating</th><td data-type="number">4.5</td>',
                '<th>done</th><td data-type="checkbox"><input type="checkbox" disabled checked>',
                '<th>due</th><td data-type="date"><time>2024-03-09</time></td>',
                '<th>source</th><td data-type="link"><a href="https://example.org/source">',
                '<th>cast</th><td data-type="list"><ul><li>Ada</li><li><a href="../../concepts/'
                'home/">Home</a></li></ul></td>',
                '<th>seeAlso</th><td data-type="link"><a href="../../concepts/recipes/pancakes/">'
                'Pancakes</a></td>']:
        assert row in card, row
    edges = json.loads((site.site / "graph.json").read_text(encoding="utf-8"))["edges"]
    assert {"source": "properties/card", "target": "recipes/pancakes",
            "relation": "seeAlso"} in edges
    assert {"source": "properties/card", "target": "home", "relation": "cast"} in edges
    assert ("vault/Properties/Card.md:14: field 'seeAlso' holds wiki-links but is not a "
            "declared relation; declare it in mkdocs.yml under plugins → conceptgraph → "
            "relations: seeAlso: {label: ..., inverse: ...}") in site.infos


def test_a_strict_knowledge_base_can_make_undeclared_keys_warnings(tmp_path):
    vault = tmp_path / "v"
    (vault / "Properties").mkdir(parents=True)
    shutil.copy(VAULT / "Properties/Card.md", vault / "Properties/Card.md")
    (vault / "Home.md").write_text("# Home\n", encoding="utf-8")
    (vault / "Recipes").mkdir()
    (vault / "Recipes/Pancakes.md").write_text("# Pancakes\n", encoding="utf-8")
    (vault / "Attachments").mkdir()
    shutil.copy(VAULT / "Attachments/diagram.png", vault / "Attachments/diagram.png")
    built = build_vault(tmp_path / "p", vault, conceptgraph={"undeclared": "warn"})
    assert [w.split(";")[0] for w in built.warnings] == [
        "vault/Properties/Card.md:7: unknown frontmatter key 'rating'",
        "vault/Properties/Card.md:8: unknown frontmatter key 'done'",
        "vault/Properties/Card.md:9: unknown frontmatter key 'due'",
        "vault/Properties/Card.md:10: unknown frontmatter key 'source'",
        "vault/Properties/Card.md:11: field 'cast' holds wiki-links but is not a declared "
        "relation",
        "vault/Properties/Card.md:14: field 'seeAlso' holds wiki-links but is not a declared "
        "relation",
    ]


# -- generated pages and the nav ------------------------------------------------------------


def test_generated_pages_only_with_content_and_the_auto_nav_follows(site):
    for page in ("papers", "taxonomy", "activation-functions"):
        assert not (site.site / page).exists(), page
    home = site.page("")  # generated: docs/ has no index.md
    nav = re.findall(r'class="md-nav__link[^"]*"[^>]*>\s*<span class="md-ellipsis">\s*([^<]*?)\s*<',
                     home)
    assert "Papers" not in nav and "Taxonomy" not in nav and "Concepts" in nav


def test_a_nav_that_names_the_generated_pages_keeps_only_those_with_content(tmp_path):
    nav = [{"Concepts": "concepts/index.md"}, {"Taxonomy": "taxonomy.md"},
           {"Papers": "papers.md"}, {"Activation functions": "activation-functions.md"},
           {"Wanted": "wanted.md"}]
    built = build_vault(tmp_path, clean_vault(tmp_path / "clean"), nav=nav)
    assert (built.failure, built.warnings) == (None, [])
    home = built.page("")
    assert 'href="concepts/"' in home and 'href="wanted/"' in home
    assert 'href="papers/"' not in home and 'href="taxonomy/"' not in home
    assert 'href="activation-functions/"' not in home


# -- safety ---------------------------------------------------------------------------------


def test_symlinks_are_refused_and_embeds_cannot_leave_the_vault(tmp_path):
    vault = tmp_path / "v"
    vault.mkdir()
    (tmp_path / "secret.md").write_text("# Secret\n\nTOP SECRET\n", encoding="utf-8")
    (vault / "A.md").write_text("# A\n\n![[../secret]]\n![[/../secret.md]]\n", encoding="utf-8")
    built = build_vault(tmp_path / "p", vault, strict=False)
    assert built.warnings == [
        "vault/A.md:3: unresolved link [[../secret]]; add a note for it, or fix the name (see "
        "the Wanted concepts page)",
        "vault/A.md:4: unresolved link [[/../secret.md]]; add a note for it, or fix the name "
        "(see the Wanted concepts page)"]
    assert "TOP SECRET" not in built.article("concepts/a")
    os.symlink(tmp_path / "secret.md", vault / "Link.md")
    built = build_vault(tmp_path / "q", vault, strict=False)
    assert built.errors[0] == ("vault/Link.md:1: symbolic links are not allowed in the "
                               "knowledge base; replace the link with the file itself")


def test_an_attachment_over_50_mb_is_a_warning(tmp_path):
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / "A.md").write_text("# A\n\n[[big.bin]]\n", encoding="utf-8")
    with open(vault / "big.bin", "wb") as f:
        f.truncate(51 * 2**20)  # sparse: no 51 MB written to the disk
    built = build_vault(tmp_path / "p", vault, strict=False)
    assert built.warnings == ["vault/big.bin:1: a large attachment (51 MB) is published with "
                              "the site; keep attachments under 50 MB: link to large files "
                              "instead"]


def write(folder: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return folder


def test_a_note_with_an_error_does_not_make_links_to_it_unresolved(tmp_path):
    vault = write(tmp_path / "v", {"Broken.md": "---\ntitle: [\n---\n# Broken\n",
                                   "A.md": "# A\n\nSee [[Broken]] and [[Brokn]].\n"})
    built = build_vault(tmp_path / "p", vault)
    assert [e.split(";")[0] for e in built.errors] == [
        "vault/Broken.md:3: invalid YAML in frontmatter: did not find expected node content",
        "1 error in the knowledge base (listed above)"]
    # [[Broken]] says nothing (its note's own error is the finding); only the typo is reported
    assert built.warnings == [
        "vault/A.md:3: unresolved link [[Brokn]]; add a note for it, or fix the name (see the "
        "Wanted concepts page)"]


def test_embeds_more_than_five_deep_stop_with_the_chain(tmp_path):
    vault = write(tmp_path / "v", {f"N{i}.md": f"# N{i}\n\n![[N{i + 1}]]\n" for i in range(7)})
    write(vault, {"N7.md": "# N7\n\nThe end.\n"})
    built = build_vault(tmp_path / "p", vault, strict=False)
    assert built.warnings == [
        "vault/N5.md:3: embed ![[N6]] goes more than 5 embeds deep: N0 → N1 → N2 → N3 → N4 → "
        "N5 → N6; remove one embed of the chain; it is shown as a link",
        "vault/N6.md:3: embed ![[N7]] goes more than 5 embeds deep: N1 → N2 → N3 → N4 → N5 → "
        "N6 → N7; remove one embed of the chain; it is shown as a link"]
    top = built.article("concepts/n0")
    assert top.count('class="internal-embed markdown-embed"') == 5
    assert '<a class="cg-link" href="../n6/">N6</a>' in top


def test_permalinks_that_clash_keep_the_first_and_publish_the_other_at_its_address(tmp_path):
    # As a permalink that takes a page of the site (below): a warning, and both notes are
    # published (obsidian-help has two notes with `permalink: sync/migrate`)
    vault = write(tmp_path / "v", {"A.md": "---\npermalink: about\n---\n# A\n",
                                   "B.md": "---\npermalink: /about/\n---\n# B\n"})
    built = build_vault(tmp_path / "p", vault, strict=False)
    assert built.failure is None and built.errors == []
    assert built.warnings == [
        "vault/B.md:2: permalink 'about' is the permalink of vault/A.md; the note is published "
        "at its own address instead; choose another permalink"]
    assert "<h1" in built.article("about") and ">A</h1>" in built.article("about")
    assert ">B</h1>" in built.article("concepts/b")


def test_a_note_keeps_its_title_when_a_heading_1_stands_further_down(tmp_path):
    # The theme writes a page's title only when its content has no <h1>: a transcluded note's
    # `# Title`, or a raw <h1> (obsidian-help's Basic formatting syntax), took the title away,
    # and the aliases went under that heading, inside the embed
    vault = write(tmp_path / "v", {
        "A.md": "---\naliases: [Alpha]\n---\nIntro of A.\n\n![[B]]\n",
        "B.md": "# B title\n\nBody of B.\n",
        "C.md": "Text.\n\n<h1>Raw</h1>\n"})
    built = build_vault(tmp_path / "p", vault)
    assert built.failure is None and built.warnings == []
    a = built.article("concepts/a")
    assert a.index("<h1>A</h1>") < a.index('<p class="cg-aliases"><em>Also known as:</em> Alpha') \
        < a.index("Intro of A.") < a.index('<h1 id="b-title">B title</h1>')
    assert a.count("cg-aliases") == 1
    c = built.article("concepts/c")
    assert c.index("<h1>C</h1>") < c.index("Text.") < c.index("<h1>Raw</h1>")
    # A note that opens with its own heading keeps it, once
    assert built.article("concepts/b").count("<h1") == 1


def test_a_permalink_that_takes_a_page_of_the_site_keeps_the_note_at_its_own_address(tmp_path):
    vault = write(tmp_path / "v", {
        "Tags note.md": "---\npermalink: tags\ntags: [x]\n---\n# Tags note\n",
        "Home.md": "---\npermalink: /index/\n---\n# Home\n\nSee [[Tags note]].\n"})
    built = build_vault(tmp_path / "p", vault, strict=False)
    assert built.failure is None and built.errors == []
    assert built.warnings == [
        "vault/Tags note.md:2: permalink 'tags' is the address of another page of the site; "
        "the note is published at its own address instead; choose another permalink"]
    assert "Tags note" in built.article("concepts/tags-note")
    assert 'href="x/"' in built.article("tags")  # the Tags page keeps its address
    assert "Home" in built.article("")  # a free address: the home page is the note


def test_a_markdown_link_to_nothing_of_the_vault_is_a_warning_at_its_line(tmp_path):
    vault = write(tmp_path / "v", {
        "A.md": "# A\n\nSee [the example](Example.md#Details) and [B](B.md).\n\n"
                "Also [the home page](../index.md) and [top](#a).\n",
        "B.md": "# B\n"})
    built = build_vault(tmp_path / "p", vault, strict=False)
    assert built.warnings == [
        "vault/A.md:3: link [the example](Example.md) names no note or file of the vault and no "
        "page of the site; fix the path (from the note's folder or the vault's root), or add "
        "the file"]  # said once, by the plugin, at the note's own line (not by MkDocs)
    page = built.article("concepts/a")
    assert "See the example and " in page and '<a href="../b/">B</a>' in page
    assert '<a href="#a">top</a>' in page


def test_markdown_links_to_notes_and_files_lead_to_their_pages(site):
    cafe = site.article("concepts/travel/café")
    assert '<a href="../../home/">home</a>' in cafe
    assert '<a href="../../recipes/pancakes/#batter">batter</a>' in cafe
    assert '<a href="../../recipes/notes/">the kitchen notes</a>' in cafe
    assert '<a href="../../recipes/pancake%20photo.png">photo</a>' in cafe
    assert '<a href="https://example.org/">a page of the web</a>' in cafe


def test_a_vault_index_is_the_home_page_and_a_folder_index_its_folder_page(tmp_path):
    vault = write(tmp_path / "v", {"index.md": "# Welcome\n\nStart at [[Guide/index|the guide]].\n",
                                   "Guide/index.md": "# The guide\n\nSee [[Clip]].\n",
                                   "Guide/Clip.md": "# Clip\n\n![[clip.mp4]]\n"})
    (vault / "Guide" / "clip.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    built = build_vault(tmp_path / "p", vault)
    assert (built.failure, built.warnings) == (None, [])
    assert '<a class="cg-link" href="concepts/guide/">the guide</a>' in built.article("")
    assert '<a class="cg-link" href="clip/">Clip</a>' in built.article("concepts/guide")
    assert ('<video class="internal-embed" controls src="../clip.mp4"></video>'
            in built.article("concepts/guide/clip"))


def test_a_transclusion_stays_inside_its_quote_or_list_item(site):
    page = site.article("concepts/embeds")
    quote = page[page.index("<blockquote>"):page.index("</blockquote>")]
    assert "A quote with a transclusion:" in quote and "Kitchen notes" in quote
    item = page[page.index("<li>\n<p>A list item with one:"):]
    assert item.index("Rest the batter overnight.") < item.index("</li>")
    assert "<p>The next item</p>" in item


LINES = "# Lines\n\nFirst line\nsecond line.\n\n> A quote\n> keeps going.\n"


@pytest.mark.parametrize(("app", "option", "breaks"), [
    (None, None, True),  # Obsidian's default: a line break is a break
    ('{"strictLineBreaks": true}', None, False),  # the vault's own setting
    ('{"strictLineBreaks": true}', False, True),  # the site's option wins
    ('{"strictLineBreaks": false}', True, False),
])
def test_line_breaks_follow_the_vaults_strict_line_breaks_setting(tmp_path, app, option,
                                                                   breaks):
    vault = write(tmp_path / "v", {"Lines.md": LINES})
    if app is not None:
        write(vault, {".obsidian/app.json": app})
    options = {} if option is None else {"strict_line_breaks": option}
    built = build_vault(tmp_path / "p", vault, conceptgraph=options)
    assert built.failure is None and built.warnings == []
    article = built.article("concepts/lines")
    joined = ("<p>First line<br>\nsecond line.</p>", "<p>A quote<br>\nkeeps going.</p>")
    plain = ("<p>First line\nsecond line.</p>", "<p>A quote\nkeeps going.</p>")
    for html in joined if breaks else plain:
        assert html in article, article


def test_a_broken_settings_file_is_a_warning_at_its_line(tmp_path):
    vault = write(tmp_path / "v", {"Lines.md": LINES,
                                   ".obsidian/app.json": '{\n  "strictLineBreaks": 1\n}\n'})
    built = build_vault(tmp_path / "p", vault)
    assert [w.split(";")[0] for w in built.warnings] == [
        "vault/.obsidian/app.json:2: strictLineBreaks is 1, not true or false"]
    assert "<p>First line<br>\nsecond line.</p>" in built.article("concepts/lines")


EXCLUDING = '{\n  "userIgnoreFilters": [\n    "Drafts",\n    "/^Daily/"\n  ]\n}\n'


def test_excluded_files_are_path_prefixes_and_a_regular_expression_is_a_warning(
        tmp_path, monkeypatch, capsys):
    vault = write(tmp_path / "v", {
        ".obsidian/app.json": EXCLUDING,
        "A.md": "# A\n\nSee [[Idea]], [[Draftsman]], [[Today]] and [[Tomorrow]].\n",
        "Drafts/Idea.md": "# Idea\n\nHalf an idea.\n",
        "Draftsman.md": "# Draftsman\n",  # "Drafts" is a prefix of its path
        "Daily/Today.md": "# Today\n"})  # matched by the regular expression, not applied
    built = build_vault(tmp_path / "p", vault)
    warning = ('vault/.obsidian/app.json:4: userIgnoreFilters entry "/^Daily/" is a regular '
               "expression; it is not applied, so the files it matches are published (the "
               "site runs no pattern written in the vault: one could take forever to match); "
               'list the folder or file as a path instead, e.g. "Templates/" (Obsidian: '
               "Settings → Files and links → Excluded files)")
    unresolved = ("vault/A.md:3: unresolved link [[Tomorrow]]; add a note for it, or fix the "
                  "name (see the Wanted concepts page)")
    assert built.warnings == [warning, unresolved]
    assert ("2 notes held back by Obsidian's excluded files (userIgnoreFilters in "
            "vault/.obsidian/app.json)") in built.infos
    assert (built.site / "concepts/daily/today/index.html").is_file()
    assert not (built.site / "concepts/drafts").exists()
    assert not (built.site / "concepts/draftsman").exists()
    page = built.article("concepts/a")
    assert f"See {UNPUBLISHED.format('Idea')}, {UNPUBLISHED.format('Draftsman')}, " in page
    assert '<a class="cg-link" href="../daily/today/">Today</a>' in page
    # `conceptgraph check` reads the vault as the build does: the same findings
    monkeypatch.chdir(tmp_path / "p")
    assert main(["check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.replace(": warning: ", ": ", 1) for line in out[:-1]] == built.warnings
    assert out[-1] == "0 errors, 2 warnings in 2 notes"  # the excluded notes are not read


def test_a_key_every_note_has_is_told_once_in_the_log_and_warned_at_each_note(tmp_path):
    notes = {f"N{i}.md": f'---\nsee_also: "[[N{(i + 1) % 3}]]"\nstatus: draft\n---\n# N{i}\n'
             for i in range(3)}
    built = build_vault(tmp_path / "p", write(tmp_path / "v", notes))
    assert built.failure is None and built.warnings == []
    told = [i.split(";")[0] for i in built.infos if "vault/" in i]
    assert told == [
        "vault/N0.md:2: field 'see_also' holds wiki-links but is not a declared relation "
        "(and in 2 more notes)"]
    # Made warnings, each note's key is a place to fix: listed one by one
    strict = build_vault(tmp_path / "q", tmp_path / "v", conceptgraph={"undeclared": "warn"})
    assert len([w for w in strict.warnings if "'status'" in w]) == 3


def test_mkdocs_finds_every_markdown_link_of_the_generated_pages(site):
    """The generated pages link each other by source path, which MkDocs checks and turns into
    the page's URL: a link written as a URL ("../") is one MkDocs cannot check, and says so."""
    assert any("tags/" in page.relative_to(site.site).as_posix()
               for page in site.site.rglob("index.html"))  # the vault has tag pages
    assert [m for m in site.mkdocs_infos if "link" in m] == []


def test_a_note_that_starts_with_key_value_lines_keeps_them(tmp_path):
    # MkDocs reads "Key: value" lines at the top of a page as metadata and drops them; a note's
    # text is never metadata (Obsidian shows these lines), and they cannot retitle the page
    vault = write(tmp_path / "v", {
        "Plain.md": "Status: draft\nTitle: Not the title\n\nThe body.\n",
        "Front.md": "---\ntags: [x]\n---\nSummary: a short one\n\nMore.\n",
        "Rule.md": "---\ntags: [x]\n---\n---\ntitle: Hijack\n---\nText.\n"})
    built = build_vault(tmp_path / "p", vault)
    assert (built.failure, built.errors, built.warnings) == (None, [], [])
    assert "<title>Rule - Vault</title>" in built.page("concepts/rule")  # no YAML read
    assert "Hijack" in built.article("concepts/rule")
    assert "<p>Status: draft<br>\nTitle: Not the title</p>\n<p>The body.</p>" in \
        built.article("concepts/plain")
    assert "<title>Plain - Vault</title>" in built.page("concepts/plain")
    assert "<p>Summary: a short one</p>\n<p>More.</p>" in built.article("concepts/front")


def test_a_line_of_tags_is_no_heading_and_a_bare_address_is_a_link(tmp_path):
    # Obsidian: a heading needs a space after its #s; https://… in the text is a link
    vault = write(tmp_path / "v", {"T.md": "# T\n\n#project #status/active\n\n##not-a-heading"
                                   "\n\nSee https://help.obsidian.md/sitemap.xml today.\n\n[[T|https://x.org]]\n"
                                   "\nRead https://en.wikipedia.org/wiki/Rectifier_(neural_networks)."
                                   " (Or www.x.org/a_(b)) (see https://x.org/c)\n"})
    built = build_vault(tmp_path / "p", vault)
    assert (built.failure, built.errors, built.warnings) == (None, [], [])
    article = built.article("concepts/t")
    assert ('<p><a class="tag" href="../../tags/project/">#project</a> <a class="tag" '
            'href="../../tags/status/active/">#status/active</a></p>') in article
    assert "<p>##not-a-heading</p>" in article
    assert ('See <a href="https://help.obsidian.md/sitemap.xml">'
            'https://help.obsidian.md/sitemap.xml</a> today.') in article
    # a ')' that closes a '(' of the address is part of it, as in GFM; one that closes none not
    wiki = "https://en.wikipedia.org/wiki/Rectifier_(neural_networks)"
    assert f'Read <a href="{wiki}">{wiki}</a>.' in article
    assert '(Or <a href="http://www.x.org/a_(b)">www.x.org/a_(b)</a>)' in article
    assert '(see <a href="https://x.org/c">https://x.org/c</a>)' in article
    # an address in a wiki-link's label is its text: links do not nest
    assert '<p><a class="cg-link" href="./">https://x.org</a></p>' in article


def test_lists_of_two_kinds_stay_two_lists_and_keep_their_start(tmp_path):
    # Python-Markdown merges a bullet list into the numbered list above it; Obsidian does not
    vault = write(tmp_path / "v", {"L.md": "# L\n\n1. one\n2. two\n\n- a note\n\n3. three\n"})
    built = build_vault(tmp_path / "p", vault)
    assert (built.failure, built.errors, built.warnings) == (None, [], [])
    assert "".join(built.article("concepts/l").split()).count("</ol><ul><li>anote</li></ul>"
                                                            '<olstart="3"><li>three') == 1


def test_an_obsidian_uri_of_this_vault_links_to_its_note(tmp_path):
    # Obsidian's "Copy Obsidian URL": a link to a note of this vault (named by its folder) is
    # the link to that note's page; another vault's stays as written
    vault = write(tmp_path / "v", {
        "Recipes/Pancakes.md": "# Pancakes\n",
        "A.md": "# A\n\nSee [the recipe](obsidian://open?vault=vault&file=Recipes%2FPancakes),"
                " [theirs](obsidian://open?vault=Another&file=Recipes%2FPancakes)\nand"
                " [gone](obsidian://open?vault=vault&file=Nope).\n"})
    built = build_vault(tmp_path / "p", vault, strict=False)
    assert built.errors == []
    assert built.warnings == ["vault/A.md:4: link [gone](/Nope) names no note or file of the "
                              "vault and no page of the site; fix the path (from the note's "
                              "folder or the vault's root), or add the file"]
    article = built.article("concepts/a")
    assert 'See <a href="../recipes/pancakes/">the recipe</a>' in article
    assert '<a href="obsidian://open?vault=Another&amp;file=Recipes%2FPancakes">theirs</a>' \
        in article
    assert "and gone." in article


def test_query_blocks_are_a_folded_box_holding_the_query(tmp_path):
    # Obsidian fills ```query and Dataview's blocks from the vault; a static site shows a folded
    # box saying so, the query inside (escaped); a query shown as an example stays code
    vault = write(tmp_path / "v", {"Q.md": (
        "# Q\n\n```query\ntag:#relu\n```\n\n"
        "```dataview\nTABLE x FROM \"a\" WHERE y < 2\n"
        "</code></pre><script>alert(1)</script>\n```\n\n"
        "````md\n```query\nembed OR search\n```\n````\n\n"
        "> [!note] In a callout\n> ```dataviewjs\n> dv.list([1])\n> ```\n")})
    built = build_vault(tmp_path / "p", vault)
    assert (built.failure, built.errors, built.warnings) == (None, [], [])
    article = built.article("concepts/q")
    assert ('<details class="note cg-query"><summary>Search results: made by Obsidian from the '
            'vault, not published</summary>\n<pre><code class="language-query">tag:#relu'
            '</code></pre>\n</details>') in article
    assert ('<summary>Dataview results: made by Obsidian from the vault, not published</summary>'
            '\n<pre><code class="language-dataview">TABLE x FROM "a" WHERE y &lt; 2\n'
            '&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>') \
        in article
    assert "<script>" not in article
    assert article.count("cg-query") == 3  # the example in a longer fence is code
    assert "embed OR search" in article and "<summary>Dataview script results" in article
