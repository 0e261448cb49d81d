"""The typed concept graph: relations, inverses, taxonomy, cycles, wanted concepts, graph.json."""

import json

from factories import graph, messages, note_text

from conceptgraph.graph.export import to_json
from conceptgraph.notes.papers import parse_paper


def kb():
    return {
        "Activation function.md": note_text('description: "f"'),
        "Rectifiers.md": note_text('typeOf: "[[Activation function]]"'),
        "ReLU.md": note_text('typeOf: "[[Rectifiers]]"\nvariants: ["[[Leaky ReLU]]"]',
                             "# ReLU\n\nThe rectifier. Unlike [[Sigmoid]], it is cheap.\n"),
        "Leaky ReLU.md": note_text('typeOf: ["[[Rectifiers]]"]',
                                   "# Leaky ReLU\n\nA fix for [[ReLU]] units that die. More.\n"),
    }


def test_relations_and_their_inverses():
    cg, report = graph(kb())
    assert messages(report) == [
        "kb/ReLU.md:7: unresolved link [[Sigmoid]]; add a note for it, or fix the name "
        "(see the Wanted concepts page)"]
    assert {k: [n.name for n in v] for k, v in cg.outgoing("relu").items()} == {
        "typeOf": ["Rectifiers"], "variants": ["Leaky ReLU"]}
    assert {k: [n.name for n in v] for k, v in cg.incoming("leaky-relu").items()} == {
        "variants": ["ReLU"]}
    assert [n.name for n in cg.children("rectifiers")] == ["Leaky ReLU", "ReLU"]


def test_mentions_carry_the_sentence_around_the_link():
    cg, _ = graph(kb())
    [(note, sentence)] = cg.mentions("relu")
    assert note.name == "Leaky ReLU"
    assert sentence == "A fix for ReLU units that die."


def test_breadcrumbs_follow_the_typeof_chain():
    cg, _ = graph(kb())
    assert [[n.name for n in c] for c in cg.breadcrumbs("relu")] == [
        ["Activation function", "Rectifiers", "ReLU"]]
    assert cg.family("leaky-relu") == "rectifiers"


def test_wanted_concepts_list_every_missing_target_with_its_notes():
    cg, _ = graph(kb())
    assert list(cg.wanted) == ["Sigmoid"]
    assert [(w.note.name, w.line) for w in cg.wanted["Sigmoid"]] == [("ReLU", 7)]


def test_typeof_cycle_is_an_error_with_the_whole_chain():
    _, report = graph({
        "A.md": note_text('typeOf: "[[B]]"'),
        "B.md": note_text('typeOf: "[[C]]"'),
        "C.md": note_text('typeOf: "[[A]]"'),
    })
    assert messages(report) == [
        "kb/A.md:2: 'typeOf' cycle: A (kb/A.md:2) → B (kb/B.md:2) → C (kb/C.md:2) → A; "
        "a concept cannot be a type of itself; remove one 'typeOf' link"]


def test_typeof_self_loop_is_a_cycle():
    _, report = graph({"A.md": note_text('typeOf: "[[A]]"')})
    assert [d.code for d in report.items] == ["cycle"]


def test_graph_json_is_sorted_and_escapes_html():
    texts = kb()
    texts["Evil.md"] = note_text('title: "</script><img src=x onerror=alert(1)>"')
    cg, _ = graph(texts)
    text = to_json(cg, {s: f"concepts/{s}/" for s in cg.notes})
    assert "<" not in text and ">" not in text
    data = json.loads(text)
    assert [n["id"] for n in data["nodes"]] == sorted(n["id"] for n in data["nodes"])
    assert {n["title"] for n in data["nodes"]} >= {"</script><img src=x onerror=alert(1)>"}
    assert data["edges"] == sorted(data["edges"], key=lambda e: (e["source"], e["target"],
                                                                 e["relation"]))
    assert {"source": "relu", "target": "leaky-relu", "relation": "variants"} in data["edges"]
    assert {"source": "leaky-relu", "target": "relu", "relation": "link"} in data["edges"]


def test_undeclared_link_field_is_an_edge_labelled_with_the_key_and_says_how_to_declare_it():
    cg, report = graph({"A.md": note_text('seeAlso: "[[B]]"'), "B.md": note_text()})
    assert messages(report) == [
        "kb/A.md:2: field 'seeAlso' holds wiki-links but is not a declared relation; declare "
        "it in mkdocs.yml under plugins → conceptgraph → relations: seeAlso: {label: ..., "
        "inverse: ...}"]
    assert [d.level for d in report.items] == ["info"]  # `undeclared: warn` makes it a warning
    assert [(e.source, e.target, e.relation) for e in cg.edges("seeAlso")] == [
        ("a", "b", "seeAlso")]
    assert cg.relations["seeAlso"].label == "seeAlso"


def test_unquoted_link_in_yaml_gets_the_hint_to_quote():
    _, report = graph({"A.md": note_text("typeOf: [[B]]"), "B.md": note_text()})
    (d,) = report.items
    assert d.level == "error" and d.line == 2
    assert 'put wiki-links in quotes: typeOf: "[[Name]]"' in str(d)


def test_wrong_types_say_expected_and_received():
    _, report = graph({"A.md": note_text("title: [a]\ntypeOf: 3")})
    assert messages(report) == [
        "kb/A.md:2: 'title' expected text, received a list; write title: \"...\"",
        "kb/A.md:3: 'typeOf' expected wiki-links like \"[[Name]]\", received '3'; write "
        "typeOf: \"[[3]]\""]


def test_unknown_key_suggests_the_known_one():
    # An info here; the build drops it (the key is shown in the Properties panel) or, with
    # `undeclared: warn`, makes it a warning (links/policy.py).
    _, report = graph({"A.md": note_text('aliasses: ["x"]')})
    assert messages(report) == ["kb/A.md:2: unknown frontmatter key 'aliasses'; did you mean "
                                "aliases or cssclasses?"]


def test_papers_are_parsed_and_merged_by_title():
    text = "Deep Sparse Rectifier Neural Networks (Glorot, Bordes & Bengio, 2011)"
    cg, report = graph({"A.md": note_text(f'foundationalPaper: "{text}"'),
                        "B.md": note_text(f'keyPapers: ["{text.upper()}", "Loose text"]')})
    assert messages(report) == [
        "kb/B.md:2: paper 'Loose text' is not in the form \"Title (Authors, Year)\"; write e.g. "
        "\"Deep Sparse Rectifier Neural Networks (Glorot, Bordes & Bengio, 2011)\"; it is shown "
        "as written"]
    papers = cg.papers()
    paper, citing = papers[parse_paper(text).key]
    assert (paper.authors, paper.year) == ("Glorot, Bordes & Bengio", 2011)
    assert [(n.name, role) for n, role in citing] == [("A", "foundationalPaper"),
                                                      ("B", "keyPapers")]


def test_a_note_citing_a_paper_twice_is_listed_once_with_its_first_role():
    text = "Rectifier Nonlinearities (Maas, Hannun & Ng, 2013)"
    other = "Searching for Activation Functions (Ramachandran, Zoph & Le, 2017)"
    cg, _ = graph({"A.md": note_text(f'foundationalPaper: "{text}"\nkeyPapers: ["{text}"]'),
                   "B.md": note_text(f'keyPapers: ["{other}", "{text}"]'),
                   "C.md": note_text(f'keyPapers: ["{text}"]')})
    papers = cg.papers()
    cited = {key: [(n.name, role) for n, role in notes] for key, (_, notes) in papers.items()}
    assert cited == {parse_paper(text).key: [("A", "foundationalPaper"), ("B", "keyPapers"),
                                             ("C", "keyPapers")],
                     parse_paper(other).key: [("B", "keyPapers")]}
    assert list(papers) == [parse_paper(text).key, parse_paper(other).key]  # by year


def test_the_neighbour_index_is_what_networkx_makes_of_the_same_edges(tmp_path):
    """graph/neighbours.py indexes the declared edges itself; networkx's multigraph of the same
    edges (``ConceptGraph.graph``) is the independent computation: the same neighbours in the
    same order, the same degrees. Edges declared twice, self-links, links to a note that
    is also related and a note's relations to one note declared around another's are in the
    knowledge base (the synthetic one, and one note written for
    it)."""
    import sys
    from pathlib import Path

    from conceptgraph.graph.build import build_graph
    from conceptgraph.notes.note import LINK_RELATION
    from conceptgraph.notes.read import load_notes
    from conceptgraph.notes.relations import DEFAULT_RELATIONS, parse_relations

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from synth_kb import write_kb

    write_kb(150, tmp_path, seed=3)
    (tmp_path / "Twice.md").write_text(
        '---\ntypeOf: "[[Concept 00001]]"\nvariants: ["[[Concept 00002]]", "[[Concept 00002]]"]\n'
        'usedIn: "[[Concept 00001]]"\n---\n# Twice\n\n'
        '[[Twice]] and [[Concept 00001]], then [[Concept 00002]] twice: '
        "[[Concept 00002]].\n", encoding="utf-8")
    relations = parse_relations(DEFAULT_RELATIONS)
    notes, report = load_notes(tmp_path, "kb", relations)
    cg = build_graph(notes, relations, report)
    g, index = cg.graph, cg.neighbours
    assert index.degree == dict(g.degree())
    link = LINK_RELATION.key
    for slug in cg.notes:
        for adjacency, got in ((g.succ, index.outgoing), (g.pred, index.incoming)):
            groups: dict[str, list[str]] = {}
            for other, keyed in adjacency[slug].items():
                for data in keyed.values():
                    if data["edge"].relation != link:
                        groups.setdefault(data["edge"].relation, []).append(other)
            assert list(got[slug]) == list(groups)
            assert {k: sorted(v) for k, v in got[slug].items()} == \
                {k: sorted(set(v)) for k, v in groups.items()}
        firsts = {}
        for source, keyed in g.pred[slug].items():
            lines = [d["edge"].line for d in keyed.values()
                     if d["edge"].relation == link and source != slug]
            if lines:
                firsts[source] = min(lines)
        assert {s: e.line for s, e in index.first_links[slug].items()} == firsts
        assert list(index.first_links[slug]) == list(firsts)
    # Twice relates to Concept 00001, then 00002, then 00001 again: networkx groups by
    # neighbour first, so the relations do not come in the order they were written
    written = list(dict.fromkeys(e.relation for e in cg.declared
                                 if e.source == "twice" and e.relation != link))
    assert list(index.outgoing["twice"]) != written
    assert index.degree["twice"] == len(g.in_edges("twice", keys=True)) + \
        len(g.out_edges("twice", keys=True))
