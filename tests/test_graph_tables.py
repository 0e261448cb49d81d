"""The graph's answers where they are easy to get wrong: several parents, repeated links,
graph.json's content; and the concept panels' links, which render computes once per page."""

import json

import pytest
from factories import graph, note_text

from conceptgraph.graph.export import to_json
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


@pytest.mark.parametrize("limit", [0, 1, 2, 4, 9])
def test_breadcrumbs_are_the_chains_from_each_root_in_parent_order(limit):
    cg, _ = graph(diamond())
    # Bottom's parents in title order: Left, Right, Root B; Left's: Root A, Root B.
    chains = [["Root A", "Left", "Bottom"], ["Root B", "Left", "Bottom"],
              ["Root A", "Right", "Bottom"], ["Root B", "Bottom"]]
    assert [[n.name for n in c] for c in cg.breadcrumbs("bottom", limit)] == chains[:limit]
    assert [[n.name for n in c] for c in cg.breadcrumbs("root-a", limit)] == \
        [["Root A"]][:limit]


def test_breadcrumbs_above_a_taxonomy_cycle_stop_at_it():
    cg, _ = graph({"A.md": note_text('typeOf: "[[B]]"'), "B.md": note_text('typeOf: "[[A]]"'),
                   "C.md": note_text('typeOf: "[[A]]"'), "D.md": note_text('typeOf: "[[E]]"'),
                   "E.md": note_text()})
    assert cg.breadcrumbs("c") == []  # the walk up never reaches a root
    assert [[n.name for n in c] for c in cg.breadcrumbs("d")] == [["E", "D"]]


def test_a_changed_breadcrumb_list_leaves_the_next_answer_alone():
    cg, _ = graph(diamond())
    cg.breadcrumbs("bottom")[0].clear()
    cg.outgoing("bottom").clear()  # the groups themselves are tuples
    assert cg.breadcrumbs("bottom")[0] and cg.outgoing("bottom")["typeOf"]


def test_each_link_is_an_edge_and_a_relation_declared_twice_is_one():
    texts = diamond()
    texts["Right.md"] = note_text('typeOf: ["[[Root A]]", "[[root a]]"]')
    cg, _ = graph(texts)
    assert cg.graph.number_of_edges("bottom", "left") == 3  # typeOf and two links
    assert cg.graph.number_of_edges("right", "root-a") == 1
    assert cg.counts() == (6, 2)
    assert [e.line for e in cg.edges("typeOf") if e.source == "right"] == [2]


def test_mentions_keep_the_sentence_of_the_first_link():
    cg, _ = graph(diamond())
    assert [(n.name, text) for n, text in cg.mentions("left")] == [("Bottom", "See Left.")]


def test_graph_json_has_each_edge_once_and_degrees_that_count_every_link():
    texts = diamond()
    texts["Évil.md"] = note_text('title: "</script><b>&amp; ü"\ntypeOf: "[[Left]]"',
                                 "# x\n\n[[Left]] [[Root A]]\n")
    cg, _ = graph(texts)
    text = to_json(cg, {s: f"concepts/{s}/" for s in cg.notes})
    assert text.isascii() and not set("<>&") & set(text)
    assert "\n" not in text and ", " not in text and ": " not in text
    data = json.loads(text)
    assert list(data) == ["edges", "nodes", "relations"]
    assert [(e["source"], e["target"], e["relation"]) for e in data["edges"]] == [
        ("bottom", "left", "link"), ("bottom", "left", "typeOf"), ("bottom", "right", "typeOf"),
        ("bottom", "root-b", "typeOf"), ("left", "root-a", "typeOf"),
        ("left", "root-b", "typeOf"), ("right", "root-a", "typeOf"),
        ("évil", "left", "link"), ("évil", "left", "typeOf"), ("évil", "root-a", "link")]
    nodes = {n["id"]: n for n in data["nodes"]}
    assert list(nodes) == sorted(nodes)
    # Left: typeOf and two links from Bottom, typeOf and a link from Évil, two typeOf out.
    assert {s: n["degree"] for s, n in nodes.items()} == {
        "bottom": 5, "left": 7, "right": 2, "root-a": 3, "root-b": 2, "évil": 3}
    assert nodes["évil"] == {"id": "évil", "title": "</script><b>&amp; ü", "degree": 3,
                             "url": "concepts/évil/", "family": "left",
                             "path": "kb/Évil.md"}  # the note's source (issue 14)
    assert data["relations"][-1] == {"key": LINK_RELATION.key, "label": LINK_RELATION.label,
                                     "inverse": LINK_RELATION.inverse}
