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


def test_a_link_to_a_notes_old_path_alias_resolves_and_is_never_its_own_suggestion():
    # obsidian-help's Chinese notes: [[Obsidian 同步服务/同步安全和隐私#^sync-geo-regions]] names
    # the moved note by the old path its alias keeps. It warned "unresolved link [[X]]; did
    # you mean [[X]]?" (the alias was a suggestion, never a target)
    cg, report = graph({"Sync/Security.md": note_text(
                            'aliases: ["Old folder/Security"]', "## Hosting\n"),
                        "A.md": note_text(body="[[Old folder/Security#Hosting]]\n")})
    assert messages(report) == []
    assert [e.target for e in cg.edges("link")] == ["sync/security"]


def test_frontmatter_link_uses_the_same_resolver():
    _, report = graph({"Sigmoid.md": note_text(), "A.md": note_text('typeOf: "[[sigmod]]"')})
    assert messages(report) == [
        "kb/A.md:2: unresolved 'typeOf' link [[sigmod]]; did you mean [[Sigmoid]]?"]


def test_a_shared_alias_or_title_is_allowed_and_only_a_link_to_it_is_a_warning():
    texts = {"A.md": note_text('aliases: ["Shared"]'), "sub/B.md": note_text('title: "shared"')}
    _, report = graph(texts)
    assert messages(report) == []
    cg, report = graph({**texts, "C.md": note_text(body="[[Shared]]\n")})
    assert messages(report) == [
        "kb/C.md:4: ambiguous link [[Shared]]: it fits kb/A.md and kb/sub/B.md; write the path "
        "to pick one: [[A]] or [[sub/B]]"]
    assert [e.target for e in cg.edges("link")] == ["a"]  # the fewest folders, then the path


def test_a_file_name_wins_over_a_title_or_alias():
    cg, report = graph({"ReLU.md": note_text(), "Other.md": note_text('aliases: ["ReLU"]'),
                        "C.md": note_text(body="[[relu]]\n")})
    assert messages(report) == []
    assert [e.target for e in cg.edges("link")] == ["relu"]


def test_notes_sharing_a_name_in_different_folders_resolve_as_obsidian_does():
    texts = {"x/Note.md": note_text(body="[[Note]] [[y/Note]]\n"),
             "y/Note.md": note_text(body="[[Note]]\n"),
             "z/C.md": note_text(body="[[x/Note]] [[Note]]\n")}
    cg, report = graph(texts)
    # From x/ and y/ a bare [[Note]] is the note in the same folder (itself: no edge);
    # from z/ it fits both.
    assert messages(report) == [
        "kb/z/C.md:4: ambiguous link [[Note]]: it fits kb/x/Note.md and kb/y/Note.md; write "
        "the path to pick one: [[x/Note]] or [[y/Note]]"]
    assert sorted((e.source, e.target) for e in cg.edges("link")) == [
        ("x/note", "y/note"), ("z/c", "x/note"), ("z/c", "x/note")]


@pytest.mark.parametrize(("body", "expected"), [
    ("[[]]", "kb/A.md:4: empty link [[]]; write the concept's name"),
    ("[[|x]]", "kb/A.md:4: empty link [[|x]]"),
    ("[[#]]", "kb/A.md:4: empty heading in link [[#]]"),
    ("[[B#^block]]", "kb/A.md:4: link [[B#^block]]: kb/B.md has no block ^block"),
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


@pytest.mark.parametrize(("written", "expected"), [
    ("Recipes/Pancakes", "recipes/pancakes"),  # a vault path
    ("Recipes/Pancakes.md", "recipes/pancakes"),  # .md is optional
    ("/Recipes/Pancakes", "recipes/pancakes"),  # from the vault root
    ("./Pancakes", "recipes/pancakes"),  # from the linking note's folder
    ("../Recipes/Pancakes", "recipes/pancakes"),
    ("pancakes", "recipes/pancakes"),  # by file name, any case
    ("Desserts/Pancakes", "desserts/pancakes"),  # a name two notes share, path-qualified
])
def test_paths_resolve_as_in_obsidian(written, expected):
    texts = {"Recipes/Pancakes.md": note_text(), "Desserts/Pancakes.md": note_text(),
             "Recipes/Menu.md": note_text(body=f"[[{written}]]\n")}
    cg, report = graph(texts)
    assert messages(report) == []
    assert [e.target for e in cg.edges("link")] == [expected]


def test_an_exact_case_match_wins_and_attachments_resolve_by_name():
    from factories import notes as read

    from conceptgraph.diagnostics import Report
    from conceptgraph.links.resolve import Resolver

    ns, _ = read({"a/ReLU.md": note_text(), "b/relu.md": note_text()})
    resolver = Resolver(ns, Report(), ["Attachments/Fig 1.png", "x/Fig 1.png"])
    assert resolver.find("relu").note.rel == "b/relu.md"
    assert resolver.find("ReLU").note.rel == "a/ReLU.md"
    assert resolver.find("fig 1.png").candidates == ("Attachments/Fig 1.png", "x/Fig 1.png")
    assert resolver.find("x/Fig 1.png").file == "x/Fig 1.png"
    assert resolver.find("../outside.png") is None


def test_headings_match_as_obsidian_writes_links_to_them():
    # Obsidian leaves out the characters a link cannot hold: "Cause: effect" → "Cause effect"
    cg, report = graph({"A.md": note_text(body="[[B#Cause effect]] [[B#cause: EFFECT]]\n"),
                        "B.md": note_text(body="## Cause: effect\n")})
    assert messages(report) == []
    assert [e.anchor for e in cg.edges("link")] == ["cause-effect", "cause-effect"]


def test_a_heading_that_holds_a_hash_is_found_by_its_text():
    # "C++ & C#" is written [[B#C++ & C#]] or, as Obsidian suggests it, [[B#C++ & C]]: the
    # '#' at the end leaves an empty sub-heading, which is no heading
    cg, report = graph({"A.md": note_text(body="[[B#C++ & C#]] [[B#C++ & C]] [[B#Top#C++ & C#]]\n"),
                        "B.md": note_text(body="## Top\n\n### C++ & C#\n")})
    assert messages(report) == []
    assert [e.anchor for e in cg.edges("link")] == ["c-c"] * 3
