"""One resolver for body and frontmatter links: names, titles, aliases; case, NFC, spaces."""

import unicodedata

import pytest
from factories import graph, messages, note_text

from conceptgraph.graph.export import to_json


def simple(name_to_fm: dict[str, str], body: str = "") -> dict[str, str]:
    texts = {f"{n}.md": note_text(fm) for n, fm in name_to_fm.items()}
    texts["Origin.md"] = note_text('description: "origin"', body)
    return texts


@pytest.mark.parametrize("written", [
    "Leaky ReLU", "leaky relu", "LEAKY RELU", "  Leaky   ReLU ", "LReLU", "lrelu",
    "The leaky rectifier",
])
def test_link_resolves_by_name_alias_or_title_ignoring_case_and_spaces(written):
    cg, report = graph(simple({"Leaky ReLU": 'title: "The leaky rectifier"\naliases: ["LReLU"]'},
                              f"See [[{written}]].\n"))
    assert messages(report) == []
    assert [e.target for e in cg.edges("link")] == ["leaky-relu"]


def test_link_resolves_across_unicode_normalisation_forms():
    nfc = unicodedata.normalize("NFC", "Café")
    nfd = unicodedata.normalize("NFD", "Café")
    cg, report = graph({f"{nfc}.md": note_text(), "B.md": note_text(body=f"[[{nfd}]]\n")})
    assert messages(report) == []
    assert len(cg.edges("link")) == 1


def test_unresolved_link_is_a_warning_with_file_line_and_suggestion():
    _, report = graph({"Sigmoid.md": note_text(), "A.md": note_text(body="x\n[[Sigmod]]\n")})
    assert messages(report) == [
        "kb/A.md:5: unresolved link [[Sigmod]]; did you mean [[Sigmoid]]?"]
    assert report.items[0].level == "warning"


def test_frontmatter_link_uses_the_same_resolver():
    _, report = graph({"Sigmoid.md": note_text(), "A.md": note_text('typeOf: "[[sigmod]]"')})
    assert messages(report) == [
        "kb/A.md:2: unresolved 'typeOf' link [[sigmod]]; did you mean [[Sigmoid]]?"]


def test_name_claimed_by_two_notes_is_an_error_naming_both_files():
    _, report = graph({"A.md": note_text('aliases: ["Shared"]'),
                       "sub/B.md": note_text('title: "shared"')})
    assert [d.level for d in report.items] == ["error", "error"]
    text = "\n".join(messages(report))
    assert "kb/A.md (an alias)" in text and "kb/sub/B.md (its title)" in text


def test_case_twins_in_different_folders_clash():
    _, report = graph({"x/Relu.md": note_text(), "y/ReLU.md": note_text()})
    assert any("kb/x/Relu.md" in m and "kb/y/ReLU.md" in m for m in messages(report))
    assert all(d.level == "error" for d in report.items)


@pytest.mark.parametrize(("body", "expected"), [
    ("[[]]", "kb/A.md:4: empty link [[]]; write the concept's name"),
    ("[[|x]]", "kb/A.md:4: empty link [[|x]]"),
    ("[[#]]", "kb/A.md:4: empty heading in link [[#]]"),
    ("[[B#^block]]", "kb/A.md:4: block references are not supported: [[B#^block]]"),
    ("[[B#Missing]]", "kb/A.md:4: link [[B#Missing]]: kb/B.md has no heading 'Missing'; "
                      "did you mean 'Mission'?"),
    ("[[../../etc/passwd]]", "kb/A.md:4: unresolved link [[../../etc/passwd]]"),
    ("[[javascript:alert(1)]]", "kb/A.md:4: unresolved link [[javascript:alert(1)]]"),
    ("[[Re\u200bLU]]", "kb/A.md:4: unresolved link [[Re\u200bLU]]"),
])
def test_bad_links_are_named(body, expected):
    texts = {"A.md": note_text(body=body + "\n"), "B.md": note_text(body="## Mission\n"),
             "ReLU.md": note_text()}
    _, report = graph(texts)
    assert any(m.startswith(expected) for m in messages(report)), messages(report)


def test_heading_link_resolves_to_the_toc_anchor():
    cg, report = graph({"A.md": note_text(body="[[B#Dead ReLU Problem]]\n"),
                        "B.md": note_text(body="## Dead ReLU Problem\n")})
    assert messages(report) == []
    assert cg.edges("link")[0].anchor == "dead-relu-problem"


def test_resolution_does_not_depend_on_file_order():
    texts = {"A.md": note_text(body="[[c]] [[b]]\n"), "B.md": note_text(),
             "C.md": note_text(body="[[a]]\n")}
    forward, _ = graph(texts)
    backward, _ = graph(dict(reversed(list(texts.items()))))
    assert to_json(forward, {s: s for s in forward.notes}) == \
        to_json(backward, {s: s for s in backward.notes})
