"""Generated index pages write their long lists as HTML blocks that Markdown passes on
untouched: the HTML must be exactly what Markdown would have made of the same lists."""

from __future__ import annotations

import random
import re

import markdown
import pytest

from conceptgraph.render.index_pages import ListItem, html_list
from conceptgraph.render.text import md_text, text_with_code

URLS = {"papers.md": "papers/", **{f"concepts/{s}.md": f"concepts/{s}/" for s in "ab"}}


def lines(html: str) -> str:
    """HTML with blank lines dropped: Markdown ends a raw HTML block with one, a list not."""
    return re.sub(r"\n\n+", "\n", html)


def tree(rng: random.Random, depth: int = 0) -> list[ListItem]:
    words = ["ReLU", "a & b", "x < y", "*not emphasis*", "Leaky ReLU", "[[X]]", "`c`", "$m$"]
    return [ListItem(md_text(rng.choice(words) + f" {depth}.{i}"),
                     tuple(tree(rng, depth + 1)) if depth < 4 and rng.random() < 0.4 else ())
            for i in range(rng.randint(1, 4))]


def as_markdown(items: list[ListItem] | tuple[ListItem, ...], depth: int = 0) -> str:
    return "".join("    " * depth + f"- {item.html}\n" + as_markdown(item.children, depth + 1)
                   for item in items)


def test_an_html_list_is_what_markdown_makes_of_the_same_list():
    rng = random.Random(11)
    for _ in range(200):
        items = tree(rng)
        assert html_list(items) == markdown.markdown(as_markdown(items))


def test_a_page_with_blocks_renders_as_the_page_with_lists():
    from conceptgraph.render.index_pages import _block

    rng = random.Random(5)
    lists = [tree(rng) for _ in range(3)]
    with_blocks = "# T\n\nIntro.\n" + "".join(f"\n## S{i} {{: #s{i} }}\n" + _block(
        html_list(items)) for i, items in enumerate(lists))
    with_lists = "# T\n\nIntro.\n" + "".join(f"\n## S{i} {{: #s{i} }}\n\n" + as_markdown(items)
                                            for i, items in enumerate(lists))
    extensions = ["toc", "attr_list", "md_in_html"]
    assert lines(markdown.markdown(with_blocks, extensions=extensions)) == \
        lines(markdown.markdown(with_lists, extensions=extensions))


def test_the_papers_page_renders_as_its_markdown_did():
    """The Papers page before blocks, written here as it was, is the reference."""
    from factories import graph, note_text

    from conceptgraph.render.index_pages import IndexLinks, papers_page

    cg, _ = graph({
        "A.md": note_text('foundationalPaper: "Deep Sparse Rectifier (Glorot, Bordes & Bengio, '
                          '2011)"\nkeyPapers: ["Just a title <b>"]'),
        "B.md": note_text('keyPapers: ["Deep Sparse Rectifier (Glorot, Bordes & Bengio, '
                          '2011)", "Another *one* (Doe, 1999)"]')})
    links = IndexLinks("papers.md", URLS)
    page = papers_page(cg, links)
    old_links = IndexLinks("papers.md", URLS)
    old = [f"{len(cg.papers())} papers cited by the knowledge base, oldest first.\n"]
    for paper, citing in cg.papers().values():
        old.append(f"\n### {md_text(paper.title)} {{: #{paper.anchor} }}\n\n")
        old.append(f"{md_text(paper.authors)}, {paper.year}.\n\n" if paper.parsed
                   else "*(written without authors and year)*\n\n")
        old.append("Cited by: " + ", ".join(
            old_links.to(n) + (" (foundational)" if role == "foundationalPaper" else "")
            for n, role in citing) + "\n")
    extensions = ["toc", "attr_list"]
    new_html = lines(markdown.markdown(
        page.split("\n---\n", 1)[1].split("# Papers\n\n", 1)[1], extensions=extensions))
    old_html = lines(markdown.markdown("".join(old), extensions=extensions))
    assert new_html == old_html
    assert '<a href="../concepts/a/">A</a> (foundational)' in new_html
    assert "(written without authors and year)" in new_html and "Bordes &#38; Bengio" in new_html


def test_concept_meta_is_what_mkdocs_reads_from_the_frontmatter_it_replaces():
    """Concept pages carry no YAML for MkDocs to parse; their metadata is set directly, and it
    must be what MkDocs read from the frontmatter the pages used to start with."""
    from types import SimpleNamespace

    from mkdocs.utils.meta import get_data

    from conceptgraph.build import concept_meta
    from conceptgraph.render.text import frontmatter

    titles = ["ReLU", "<img src=x onerror=alert(1)>", 'a "quoted" & \\ title', "Ünïcödé — ✓",
              "NO", "2024-01-01", "key: value", "#hash", "- dash", "null", "\u2028line"]
    for title in titles:
        note = SimpleNamespace(title=title, path=f"kb/{title}.md", description="", tags=())
        markdown, meta = get_data(frontmatter(title, cg_note=note.path) + "# Body\n")
        assert markdown == "# Body\n"
        assert concept_meta(note) == meta, title  # type: ignore[arg-type]
    # A note's tags go to Material's search as the page's `tags`
    tagged = SimpleNamespace(title="T", path="kb/T.md", tags=("a/b", "Été", "#x"),
                             description="")
    _, meta = get_data(frontmatter("T", cg_note="kb/T.md", tags=["a/b", "Été", "#x"]) + "x")
    assert concept_meta(tagged) == meta  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "html_text"), [
    ("add `[!info]` here", "add <code>[!info]</code> here"),
    ("`<b>` & $x<y$", '<code>&lt;b&gt;</code> &amp; <span class="arithmatex">\\(x&lt;y\\)</span>'),
    ("`` a`b ``", "<code>a`b</code>"),  # two ticks hold one; the padding goes
    ("`$x$` is code", "<code>$x$</code> is code"),  # no formula inside code
    ("an ` unclosed tick", "an ` unclosed tick"),
])
def test_a_quoted_sentence_shows_code_as_code_and_escapes_the_rest(text, html_text):
    assert text_with_code(text) == html_text


@pytest.mark.parametrize("body", [
    "Plain text.\n", "Status: draft\nMore.\n", "  key-1: v\n", "---\ntitle: Hijack\n---\nText\n",
    "- a list\n", "# A heading\n", "\nStarts blank.\n", "", "Ünïcödé: ✓\n", "a:b\n",
    "http://x.org/\n", "[[Link]]: text\n"])
def test_mkdocs_reads_a_note_page_back_as_its_text_with_no_metadata(body):
    """A note's page is its text: MkDocs (``get_data``) must read no metadata from it and give
    back the text as written (leading blank lines aside, which Markdown ignores). When MkDocs
    could read nothing from the first line, the page is the note's string itself: one copy."""
    from mkdocs.utils.meta import get_data

    from conceptgraph.render.text import page_markdown

    for extra in ("", "## Plot\n"):
        page = page_markdown(body, extra)
        markdown, meta = get_data(page)
        assert meta == {}
        assert markdown == (body + "\n\n" + extra if extra else body).lstrip("\n")
    markdown, meta = get_data(body)
    if meta == {} and markdown == body:
        assert page_markdown(body) is body
