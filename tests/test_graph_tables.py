"""The tables the graph and the concept panels compute once give what the direct ways give."""

import json

import pytest
from factories import graph, note_text

from conceptgraph.notes.note import LINK_RELATION


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
