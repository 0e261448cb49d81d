"""The tables the graph and the concept panels compute once give what the direct ways give."""

import html
import json

import pytest
from factories import graph, note_text

from conceptgraph.notes.note import LINK_RELATION
from conceptgraph.render.pages import _sibling_anchor, attr, url_from


def diamond():
    """Two roots, a diamond below them, and a note with three parents."""
    return {
        "Root A.md": note_text(),
        "Root B.md": note_text(),
        "Left.md": note_text('typeOf: ["[[Root A]]", "[[Root B]]"]'),
        "Right.md": note_text('typeOf: "[[Root A]]"'),
        "Bottom.md": note_text('typeOf: ["[[Right]]", "[[Left]]", "[[Root B]]"]',
                               "# Bottom\n\nSee [[Left]]. And [[Left]] again.\n"),
    }


@pytest.mark.parametrize("limit", [0, 1, 2, 3, 4, 9])
def test_breadcrumbs_from_the_table_are_those_of_the_walk_up(limit):
    cg, _ = graph(diamond())
    for slug in cg.notes:
        assert cg.breadcrumbs(slug, limit) == cg._walk_up(slug, limit)


def test_breadcrumbs_above_a_taxonomy_cycle_stop_at_it():
    cg, _ = graph({"A.md": note_text('typeOf: "[[B]]"'), "B.md": note_text('typeOf: "[[A]]"'),
                   "C.md": note_text('typeOf: "[[A]]"'), "D.md": note_text('typeOf: "[[E]]"'),
                   "E.md": note_text()})
    assert cg.breadcrumbs("c") == []  # the walk up never reaches a root
    assert [[n.name for n in c] for c in cg.breadcrumbs("d")] == [["E", "D"]]


def test_a_changed_breadcrumb_list_leaves_the_next_answer_alone():
    cg, _ = graph(diamond())
    cg.breadcrumbs("bottom")[0].clear()
    cg.outgoing("bottom")["typeOf"].clear()
    assert cg.breadcrumbs("bottom")[0] and cg.outgoing("bottom")["typeOf"]


def test_link_edges_get_the_keys_networkx_would_choose():
    cg, _ = graph(diamond())
    keys = sorted(k for _, _, k in cg.graph.edges("bottom", keys=True) if not isinstance(k, str))
    assert keys == [1, 2]  # after the typeOf edge to Left, two links to it


def test_mentions_keep_the_sentence_of_the_first_link():
    cg, _ = graph(diamond())
    assert [(n.name, text) for n, text in cg.mentions("left")] == [("Bottom", "See Left.")]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_a_link_between_concepts_is_the_same_from_every_other_concept(directory_urls):
    title = 'A <b> & "c"'
    for origin in ("relu", "a", "zz-top"):
        url = url_from(f"concepts/{origin}.md", "concepts/sigmoid.md", directory_urls)
        assert _sibling_anchor("sigmoid", title, directory_urls) == \
            f'<a href="{attr(url)}">{html.escape(title)}</a>'
    assert _sibling_anchor("index", title, directory_urls) is None


def test_graph_json_is_what_json_dumps_writes():
    texts = diamond()
    texts["Évil.md"] = note_text('title: "</script><b>&amp; ü"\ntypeOf: "[[Left]]"',
                                 "# x\n\n[[Left]] [[Root A]]\n")
    cg, _ = graph(texts)
    urls = {s: f"concepts/{s}/" for s in cg.notes}
    nodes = [{"id": s, "title": n.title, "url": urls[s], "family": cg.family(s),
              "degree": cg.graph.degree(s)} for s, n in sorted(cg.notes.items())]
    edges = sorted({(e.source, e.target, e.relation) for e in cg.edges()})
    relations = [{"key": r.key, "label": r.label, "inverse": r.inverse}
                 for r in [*cg.relations.values(), LINK_RELATION]]
    data = {"nodes": nodes, "edges": [{"source": s, "target": t, "relation": r}
                                      for s, t, r in edges], "relations": relations}
    text = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    assert cg.to_json(urls) == \
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def test_concept_url_from_is_url_from_for_every_pair_of_pages():
    from types import SimpleNamespace

    from conceptgraph.render.pages import concept_src, concept_url_from, url_from

    slugs = ["relu", "leaky-relu", "index", "a/b", "x"]
    sources = [f"concepts/{s}.md" for s in slugs] + ["index.md", "taxonomy.md",
                                                      "concepts/index.md", "deep/er/page.md"]
    for directory_urls in (True, False):
        for src in sources:
            for slug in slugs:
                target = SimpleNamespace(slug=slug)
                assert concept_url_from(src, target, directory_urls) == url_from(  # type: ignore[arg-type]
                    src, concept_src(target), directory_urls), (src, slug, directory_urls)  # type: ignore[arg-type]
