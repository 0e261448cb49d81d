"""Obsidian Flavored Markdown: the notes of tests/vault/Markdown/ built as a real strict site
(callouts, highlights, comments, tasks, footnotes, Mermaid, line breaks, tags, a canvas), and
the pieces on their own."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from sitebuild import build_site

from conceptgraph.markup.comments import strip_comments
from conceptgraph.markup.tags import inline_tags
from conceptgraph.render.callouts import CALLOUT_TYPES, callout_class

VAULT = Path(__file__).parent / "vault"
MARKDOWN = VAULT / "Markdown"


def vault_notes() -> dict[str, bytes]:
    """The files of tests/vault/Markdown/ as the knowledge base's Markdown/ folder."""
    return {f"Markdown/{p.name}": p.read_bytes() for p in sorted(MARKDOWN.iterdir())}


def article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


# Zero configuration: Material, search and the plugin; no Markdown extensions listed.
ZERO_CONFIG = {"markdown_extensions": [],
               "plugins": ["search", {"conceptgraph": {"kb_dir": "kb", "plots_enabled": False}}]}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("ofm"), vault_notes(), strict=True,
                      extra_config=ZERO_CONFIG)


pytestmark = pytest.mark.site


def test_the_vault_builds_strict_without_a_warning(built):
    assert built.failure is None
    assert built.warnings == []


def test_no_page_shows_a_raw_callout_marker_or_a_comment(built):
    pages = list(built.site.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        text = article(html) if "<article" in html else ""
        shown = re.sub(r"<code>.*?</code>|<pre.*?</pre>", "", text, flags=re.S)
        assert "[!" not in shown, page
        assert "%%" not in shown and "secret inline" not in shown, page


def test_callouts_are_admonitions_with_titles_and_folds(built):
    page = article(built.page("concepts/markdown/callouts"))
    assert '<div class="admonition note">\n<p class="admonition-title">Note</p>\n' \
        "<p>A note with the default title.</p>" in page
    # The title's Markdown renders; lines break as in Obsidian; a list right under a line
    assert '<div class="admonition tip">\n<p class="admonition-title">Cook it <em>slowly</em>' \
        "</p>\n<p>The pan must be hot.<br>\nThen lower the heat.</p>\n<ul>\n<li>flour</li>" in page
    assert '<details class="question">\n<summary>Faq</summary>' in page
    assert '<details class="warning" open="open">\n<summary>Open but foldable</summary>' in page
    assert '<div class="admonition info todo">\n<p class="admonition-title">Title only</p>\n' \
        "</div>" in page
    assert '<div class="admonition note callout-recipe">\n<p class="admonition-title">' \
        "An unknown type</p>" in page
    nested = re.search(r'<div class="admonition info">\s*<p class="admonition-title">Outer</p>'
                       r'\s*<div class="admonition question">\s*<p class="admonition-title">'
                       r'Middle</p>\s*<div class="admonition danger">\s*<p class="admonition-'
                       r'title">Inner</p>\s*<p>Three deep.</p>\s*</div>\s*</div>\s*</div>', page)
    assert nested is not None
    assert "&gt; [!note] in code stays code" in page  # inside the example's code block
    assert "<li>\n<p>Make the batter</p>\n<div class=\"admonition tip\">\n<p class=\"admonition-" \
        "title\">Inside a list</p>\n<p>Four spaces under the item.</p>\n</div>\n</li>\n<li>\n" \
        "<p>Rest it</p>\n</li>" in page
    assert "<blockquote>\n<p>Just a quote.<br>\nWith two lines.</p>\n</blockquote>" in page
    # A fence indented inside its quote (">  ```md") is code too, closed by "> ```"
    example = page[page.index("Code indented in its quote"):]
    code = example[example.index("<code>"):example.index("</code>")]
    assert html.unescape(re.sub(r"<[^>]+>", "", code)) == "> [!note] shown as written\n"


def test_every_obsidian_type_and_alias_gets_its_material_style(built):
    page = article(built.page("concepts/markdown/callouts"))
    for name, classes in CALLOUT_TYPES.items():
        assert f'<div class="admonition {classes}">\n<p class="admonition-title">The {name} ' \
            "callout</p>" in page, name


def test_code_in_a_callout_is_code_not_links_tags_comments_or_html(built):
    # Real vaults show Markdown examples in callouts; none of it may be read as note syntax
    # (the build above also has no warning of a link, an unclosed %% or unsafe HTML).
    page = article(built.page("concepts/markdown/callouts"))
    assert ("<code>[[Nowhere]], ![[Nowhere.png]], #not-a-tag, %% not a comment, &lt;svg&gt;\n"
            "</code>") in page
    assert "not-a-tag" not in built.page("tags")


def test_a_fence_closed_with_no_space_after_the_quote_mark_is_still_code(built):
    # obsidian-help's Style guide closes a fence in a callout with ">```": the space after
    # ">" is optional in Markdown, as in Obsidian; it was read as an inline code span
    page = article(built.page("concepts/markdown/callouts"))
    start = page.index("Code closed with no space after the quote mark")
    block = page[start:page.index("</details>", start)]
    assert '<div class="highlight"><pre>' in block and "kept as code" in block
    assert "<p><code>html" not in block and "<b>" not in block


def test_a_fence_its_callout_never_closes_ends_with_the_callout(built):
    # As Markdown and Obsidian close it (obsidian-help's Chinese Basic formatting syntax):
    # left open, it made code of the rest of the page, and its callouts stayed "> [!tip]"
    page = article(built.page("concepts/markdown/callouts"))
    start = page.index("A fence its callout never closes")
    block = page[start:page.index("</div>\n</div>", start)]
    assert '<div class="highlight"><pre>' in block and "still code when the callout ends" in block
    assert '<p class="admonition-title">The callout after it is a callout</p>' in page


def test_callout_types_map_like_obsidian_and_unknown_ones_fall_back_to_note():
    assert callout_class("tldr") == "abstract"
    assert callout_class("todo") == "info todo"
    assert callout_class("my-type") == "note callout-my-type"
    assert callout_class("a<b>") == "note callout-a-b"
    assert callout_class("") == "note"
    assert callout_class("tip inline end") == "tip inline end"  # [!tip|right]
    assert callout_class("tip other words") == "tip"  # only Material's placements are kept


def test_highlight_strike_tasks_footnotes_and_mermaid(built):
    page = article(built.page("concepts/markdown/formatting"))
    assert "This is <mark>highlighted</mark> and this is <del>struck</del>. In code, " \
        "<code>==stays==</code> and <code>%%stays%%</code>." in page
    # Any mark makes a task done; the mark stays as data-task, for themes
    assert '<li class="task-list-item" data-task=" "><input type="checkbox" disabled=""> ' \
        "to do</li>" in page
    for mark, done in (("x", "done"), ("?", "asked: any mark makes a task done"),
                       ("-", "cancelled")):
        assert f'<li class="task-list-item" data-task="{mark}"><input type="checkbox" ' \
            f'disabled="" checked=""> {done}' in page
    assert "<pre><code>- [?] indented code keeps its brackets\n</code></pre>" in page
    # Inline and named footnotes numbered together, by first reference
    assert 'flour<sup id="fnref:flour"><a class="footnote-ref" href="#fn:flour">1</a></sup>' \
        in page
    assert 'milk<sup id="fnref:cg-inline-1"><a class="footnote-ref" href="#fn:cg-inline-1">2' \
        in page
    assert "<p>Whole milk, or <em>oat</em> milk.&nbsp;" in page
    assert '<pre class="mermaid"><code>graph LR\n  Batter --&gt; Pan\n  Pan --&gt; Plate' in page
    assert "%% not a comment in a code block %%" in page
    assert "<blockquote>\n<p>A quote<br>\nkeeps its line breaks.</p>" in page


def test_a_link_may_write_a_heading_with_its_code_span(built):
    # obsidian-help's Filters note links [[Filters#`wikilink`|wikilink]] to `### `wikilink``:
    # a code span in the heading part is the heading as written, not markup in the name
    page = article(built.page("concepts/markdown/formatting"))
    assert '<h2 id="code-in-a-heading"><code>code</code> in a heading</h2>' in page
    assert '<a class="cg-link" href="#code-in-a-heading">this section</a>' in page
    assert '<a class="cg-link" href="./#code-in-a-heading">and from the name</a>' in page
    assert "[[" not in page.partition("code-in-a-heading")[2]


def test_a_table_row_may_write_its_outer_pipes_when_the_header_does_not(built):
    # GFM and Obsidian: each row's outer pipes are optional on their own (obsidian-help's
    # Obsidian Flavored Markdown); Python-Markdown gave the row an empty first cell and
    # dropped its last, the link
    page = article(built.page("concepts/markdown/formatting"))
    assert ("<tr>\n<td>(see link)</td>\n<td><a class=\"cg-link\" href=\"../callouts/\">a row "
            "with them</a></td>\n</tr>") in page


def test_comments_are_gone_from_the_page_the_links_and_the_search_index(built):
    page = article(built.page("concepts/markdown/formatting"))
    assert "<p>A line with a comment  in it.<br>\nA second line, straight under.</p>" in page
    for hidden in ("secret inline", "block comment", "One line, one comment", "Missing link",
                   "hidden-tag"):
        assert hidden not in page
    index = (built.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "secret inline" not in index and "block comment" not in index
    assert "Missing link" not in (built.site / "graph.json").read_text(encoding="utf-8")
    assert not (built.site / "tags" / "hidden-tag").exists()


def test_tags_link_to_their_pages_and_are_searchable(built):
    page = article(built.page("concepts/markdown/tagged-note"))
    assert '<a class="tag" href="../../../tags/recipe/">#recipe</a>' in page
    assert '<a class="tag" href="../../../tags/breakfast/sweet/">#breakfast/sweet</a>' in page
    assert '<a class="tag" href="../../../tags/recipe/">#Recipe</a>' in page  # one tag, any case
    for not_a_tag in ("in-code", "sharp", "1984", "fragment", "escaped", "not-a-tag"):
        assert f'href="../../../tags/{not_a_tag}/"' not in page
    # Material's tag list above the page: the field's tags, then the text's
    listed = re.findall(r'<a href="([^"]+)" class="md-tag">([^<]+)</a>', page)
    assert listed == [("../../../tags/syntax/tags/", "syntax/tags"),
                      ("../../../tags/fran%C3%A7ais/", "Français"),
                      ("../../../tags/recipe/", "recipe"),
                      ("../../../tags/breakfast/sweet/", "breakfast/sweet")]
    index = json.loads((built.site / "search" / "search_index.json").read_text("utf-8"))
    entry = next(d for d in index["docs"] if d["location"] == "concepts/markdown/tagged-note/")
    assert entry["tags"] == ["syntax/tags", "Français", "recipe", "breakfast/sweet"]


def test_the_tags_page_and_a_page_per_tag(built):
    tags = article(built.page("tags"))
    assert "7 tags in the notes." in tags
    for name, count in (("breakfast", 1), ("breakfast/sweet", 1), ("Français", 1),
                        ("recipe", 1), ("syntax", 2), ("syntax/callouts", 1),
                        ("syntax/tags", 1)):
        assert f">#{name}</a> ({count})" in tags, name
    syntax = article(built.page("tags/syntax"))
    assert "2 notes tagged &#35;syntax." in syntax  # (a character reference: # is text)
    assert 'See <a href="../">all tags</a>.' in syntax
    assert '<a href="../../concepts/markdown/callouts/">Callouts</a>' in syntax
    assert '<a href="../../concepts/markdown/tagged-note/">Tagged note</a>' in syntax
    nav = built.page("index")
    assert 'href="tags/"' in nav and 'href="tags/syntax/"' not in nav


def test_no_tag_pages_without_tags(tmp_path):
    built = build_site(tmp_path, {"A.md": "---\ndescription: d\n---\n# A\n\nNo tags, C#.\n"})
    assert built.failure is None and built.warnings == []
    assert not (built.site / "tags").exists()


def test_the_canvas_page_is_drawn_with_its_links(built):
    page = article(built.page("canvas/markdown/board"))
    assert '<h1 id="board">Board</h1>' in page
    assert "<h1>Plan</h1>\n<p>Read <a class=\"cg-link\" " \
        "href=\"../../../concepts/markdown/formatting/\">Formatting</a> first. " \
        "<mark>Hot pan.</mark></p>" in page
    assert '<a href="../../../concepts/markdown/callouts/#callouts">Callouts#Callouts</a>' in page
    assert '<a href="https://jsoncanvas.org/">https://jsoncanvas.org/</a>' in page
    assert '<span class="cg-canvas-label">Kitchen</span>' in page
    assert page.count('marker-end="url(#cg-canvas-arrow)"') == 1
    assert 'stroke="#fb464c"' in page  # preset "1"
    assert ">then</text>" in page
    assert "<script" not in page


def test_problems_are_warnings_at_file_and_line(tmp_path):
    notes = {
        "A.md": "---\ntags:\n  - ok\n  - 'bad tag!'\n---\n# A\n\nText %%never closed\n\nhidden\n",
        "Broken.canvas": '{"nodes": [\n  {"id": "x", "type": "text"\n]}',
    }
    built = build_site(tmp_path, notes, strict=True)
    assert built.warnings == [
        "conceptgraph: kb/A.md:4: tag 'tag!' is not a tag name; use letters, digits, '_', "
        "'-' and '/' (at least one letter), e.g. tags: [machine-learning]",
        "conceptgraph: kb/A.md:8: this %% comment is never closed: it hides the rest of the "
        "note; close it with %% where the comment ends",
        "conceptgraph: kb/Broken.canvas:3: the canvas is not valid JSON: Expecting ',' "
        "delimiter; open it in Obsidian and save it again, or fix it in a text editor",
    ]


@pytest.mark.parametrize(("body", "want"), [
    ("a %%b%% c", "a  c"),
    ("`%%code%%` %%gone%%", "`%%code%%`"),
    ("a\n%%\nb\nc\n%%\nd", "a\n\n\n\n\nd"),
    ("```\n%%\n```\nx %%y%%", "```\n%%\n```\nx"),
    ("a %%b\nc%% d", "a\n d"),
])
def test_comments_are_taken_out_and_lines_keep_their_numbers(body, want):
    assert strip_comments(body) == (want, None)


def test_an_unclosed_comment_hides_the_rest_and_names_its_line():
    assert strip_comments("a\nb %%c\nd\ne", first_line=5) == ("a\nb\n\n", 6)


def test_inline_tags_follow_obsidian_rules():
    body = ("#top at the start, #a/b/ nested, #Été.\n# Heading #no\n`#code` C#x #1984 #y1984\n"
            "```\n#fenced\n```\n[[Note#heading]] <a href='#frag'> https://x.org/#frag\n"
            "\n    #indented-code\n")
    assert inline_tags(body, first_line=3) == [("top", 3), ("a/b", 3), ("Été", 3),
                                               ("y1984", 5)]


def test_a_canvas_link_to_a_missing_note_follows_the_unresolved_policy(tmp_path):
    canvas = json.dumps({"nodes": [{"id": "t", "type": "text", "text": "See [[Nope]].",
                                    "x": 0, "y": 0, "width": 100, "height": 50}]}, indent=1)
    notes = {"A.md": "---\ndescription: d\n---\n# A\n", "Board.canvas": canvas}
    warned = build_site(tmp_path / "warn", notes, strict=True)
    assert warned.warnings == ["conceptgraph: kb/Board.canvas:4: unresolved link [[Nope]]; "
                               "add a note for it"]
    config = {"plugins": [{"conceptgraph": {"kb_dir": "kb", "plots_enabled": False,
                                            "unresolved": "info"}}]}
    told = build_site(tmp_path / "info", notes, strict=True, extra_config=config)
    assert told.failure is None and told.warnings == []
    assert '<span class="cg-missing" title="Missing concept: Nope (see Wanted concepts)">Nope' \
        "</span>" in told.page("canvas/board")


def _config(extensions: list, configs: dict | None = None):
    from mkdocs.config.defaults import MkDocsConfig

    config = MkDocsConfig()
    config.load_dict({"site_name": "T", "markdown_extensions": extensions})
    errors, _ = config.validate()
    assert errors == []
    config.mdx_configs.update(configs or {})
    return config


def test_the_plugin_enables_what_notes_need_and_keeps_what_the_site_set():
    from conceptgraph.plugin.markdown import MERMAID_FENCE, ensure_extensions, extensions_in_use

    bare = _config([])
    ensure_extensions(bare)
    names = [e for e in bare.markdown_extensions if isinstance(e, str)]
    for needed in ("admonition", "pymdownx.details", "pymdownx.superfences", "footnotes",
                   "tables", "attr_list", "pymdownx.saneheaders", "sane_lists"):
        assert names.count(needed) == 1, needed
    fences = bare.mdx_configs["pymdownx.superfences"]["custom_fences"]
    assert [f["name"] for f in fences] == ["mermaid", "query", "dataview", "dataviewjs", "tasks"]
    assert fences[0] == MERMAID_FENCE
    # The extensions of a syntax only some notes write: added when a page holds its mark
    on_use = ("pymdownx.blocks.html", "pymdownx.mark", "pymdownx.tilde", "pymdownx.tasklist",
              "pymdownx.arithmatex", "pymdownx.magiclink")
    assert not set(on_use) & set(names)
    assert extensions_in_use(bare, ["plain text", "x = y", "~ [a]"]) == ()
    assert bare.markdown_extensions == names
    pages = ["a ==mark== b", "nothing", "- [x] done", "/// html | div\n\nx\n\n///"]
    assert extensions_in_use(bare, pages) == ("pymdownx.blocks.html", "pymdownx.mark",
                                              "pymdownx.tasklist")
    assert bare.markdown_extensions == names + ["pymdownx.blocks.html", "pymdownx.mark",
                                                "pymdownx.tasklist"]
    fresh = _config([])
    assert extensions_in_use(fresh, ["~~gone~~"]) == ("pymdownx.tilde",)
    assert extensions_in_use(fresh, ["see https://example.org"]) == ("pymdownx.magiclink",)
    # magiclink, loaded with GFM's rule for a ')' ending a bare address (render/autolinks.py)
    assert fresh.markdown_extensions[-1] == "conceptgraph.render.autolinks"
    assert extensions_in_use(fresh, ["see https://example.org"]) == ()
    own_links = _config(["pymdownx.magiclink"])
    assert extensions_in_use(own_links, ["see https://example.org"]) == ()
    assert "conceptgraph.render.autolinks" not in own_links.markdown_extensions
    assert fresh.mdx_configs["pymdownx.tilde"] == {"subscript": False}
    # Math as Obsidian writes it: $...$ and $$...$$ only, for KaTeX (generic markup)
    math = _config([])
    assert extensions_in_use(math, ["\\(x\\) and \\[y\\]"]) == ()
    assert extensions_in_use(math, ["costs $x^2$"]) == ("pymdownx.arithmatex",)
    assert math.mdx_configs["pymdownx.arithmatex"] == {
        "generic": True, "inline_syntax": ["dollar"], "block_syntax": ["dollar"]}
    # A site's own settings stay; Mermaid joins its fences; a second call changes nothing
    own_fence = {"name": "math", "class": "arithmatex", "format": str}
    own_query = {"name": "dataview", "class": "mine", "format": str}
    site = _config([{"pymdownx.tilde": {"subscript": True}},
                    {"pymdownx.superfences": {"custom_fences": [own_fence, own_query]}}])
    ensure_extensions(site)
    ensure_extensions(site)
    assert extensions_in_use(site, ["~~gone~~"]) == ()
    assert site.mdx_configs["pymdownx.tilde"] == {"subscript": True}
    fences = site.mdx_configs["pymdownx.superfences"]["custom_fences"]
    assert fences[:3] == [own_fence, own_query, MERMAID_FENCE]  # the site's dataview fence wins
    assert [f["name"] for f in fences[3:]] == ["query", "dataviewjs", "tasks"]
    assert [e for e in site.markdown_extensions if isinstance(e, str)].count(
        "pymdownx.superfences") == 1


def test_the_quick_block_id_check_agrees_with_the_scanner_line_by_line():
    """``Embeds.page`` skips a note with no block id; its check over the whole body must find
    what the scanner's ``BLOCK_ID`` finds on each line (a formula's ``^`` is not one)."""
    import random

    from conceptgraph.markup.scanner import BLOCK_ID, has_block_id

    rng = random.Random(5)
    parts = ["a", " ", "^", "x", "-", "\n", "\t", "b1", "^id", " ^blk", "$w^\\top$", "`^c`"]
    for _ in range(5000):
        body = "".join(rng.choice(parts) for _ in range(rng.randint(0, 30)))
        assert has_block_id(body) == any(BLOCK_ID.search(x) for x in body.split("\n")), body
