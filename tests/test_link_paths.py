"""A wiki-link is marked in the note's Markdown when the site is assembled, or rendered by the
Markdown extension: either way the page must be the same."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from sitebuild import build_site

import conceptgraph.render.site as site_module
from conceptgraph.diagnostics import Report
from conceptgraph.graph.build import build_graph
from conceptgraph.notes.read import read_note
from conceptgraph.notes.relations import DEFAULT_RELATIONS, parse_relations
from conceptgraph.render.links import marked_body
from conceptgraph.render.marks import MARK_OPEN, strip_marks

REPO = Path(__file__).resolve().parents[1]
RELATIONS = parse_relations(DEFAULT_RELATIONS)

BODY = """\
# A

Plain [[B]] and [[B|the b]] and [[B#Part]] and [[#Own]] and [[Missing one]].
Code `x` then [[B]].
Math $x$ then [[B]].
Markup label [[B|*b*]] and [[B|b_c]].
A [Markdown](https://example.org) link, then [[B]].
Escaped \\* then [[B]].
Attribute {: #id } then [[B]].

## Own
"""


def notes(texts: dict[str, str]):
    report = Report()
    out = [read_note(t.encode(), name, "kb", RELATIONS, report) for name, t in texts.items()]
    assert not report.errors, report.errors
    return out


def test_links_on_plain_lines_are_marked_and_the_others_are_left_as_written():
    a, b = notes({"A.md": "---\ndescription: \"a\"\n---\n" + BODY,
                  "B.md": "---\ndescription: \"b\"\n---\n# B\n\n## Part\n"})
    cg = build_graph([a, b], RELATIONS, Report())
    body, links, report = marked_body(cg, a, "concepts/a.md")
    lines = body.split("\n")
    assert "[[" not in lines[2] and lines[2].count(MARK_OPEN) == 5
    assert [m.url for m in links.marks] == ["../b/", "../b/", "../b/#part", "#own", None]
    for line in lines[3:9]:  # code, math, markup labels, a Markdown link, an escape, attr_list
        assert "[[B" in line and MARK_OPEN not in line, line
    assert report.items == []
    unmarked, _, _ = marked_body(cg, a, "concepts/a.md", mark=False)
    assert unmarked == a.body


def digest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.site
def test_the_real_knowledge_base_renders_the_same_either_way(tmp_path, monkeypatch):
    kb = {p.relative_to(REPO / "kb").as_posix(): p.read_text(encoding="utf-8")
          for p in sorted((REPO / "kb").rglob("*.md"))}
    kb["Extra.md"] = "---\ndescription: \"x\"\n---\n# Extra\n\n" + BODY.replace(
        "[[B", "[[ReLU").replace("#Part", "#Dead ReLU Problem").replace(
        "[[Missing one]]", "[[Sigmoid]]")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    relations = next(p["conceptgraph"]["relations"] for p in config["plugins"]
                     if isinstance(p, dict) and "conceptgraph" in p)
    extensions = {"markdown_extensions": [{"toc": {"permalink": True}}, "admonition",
                                          "attr_list", "md_in_html", "tables", "footnotes",
                                          {"pymdownx.arithmatex": {"generic": True}}],
                  "plugins": ["search", {"conceptgraph": {"kb_dir": "kb", "relations": relations,
                                                          "plots_enabled": False}}]}
    sites = []
    for mark in (True, False):
        def marked(*args, __mark=mark, **kwargs):
            return marked_body(*args, **kwargs, mark=__mark)

        monkeypatch.setattr(site_module, "marked_body", marked)
        built = build_site(tmp_path / str(mark), kb, extra_config=extensions)
        assert built.failure is None and built.warnings == [], built.warnings
        sites.append(digest(built.site))
    assert sites[0] == sites[1]
    page = (tmp_path / "True" / "site" / "concepts" / "extra" / "index.html").read_text()
    assert page.count('class="cg-link"') >= 12


def test_links_shared_between_concept_pages_are_those_each_page_makes_alone():
    """Links from concept pages are made once per concept and shared (``siblings``); each page
    must get what it gets without sharing, its own page ("./") and missing concepts included."""
    head = '---\ndescription: "x"\n---\n'
    texts = {f"{n}.md": f"{head}# {n}\n\nSee [[A]], [[B]], [[C|the c]], [[{n}]] and [[Gone]].\n"
             for n in "ABC"}
    texts["D.md"] = f"{head}# D\n\nSee [[A]], [[D]] and [[Gone]], then [[B#Part]].\n"
    found = notes(texts)
    cg = build_graph(found, RELATIONS, Report())
    siblings: dict = {}
    for directory_urls in (True, False):
        for note in [*found, *reversed(found)]:  # each page first to make a shared link
            src = f"concepts/{note.slug}.md"
            shared = marked_body(cg, note, src, directory_urls, siblings=siblings)[1]
            alone = marked_body(cg, note, src, directory_urls)[1]
            assert shared.marks == alone.marks
            assert len(shared.marks) >= 4 and None in [m.url for m in alone.marks]
        siblings.clear()
    own = marked_body(cg, found[0], "concepts/a.md", siblings={})[1]
    assert [m.url for m in own.marks] == ["./", "../b/", "../c/", "./", None]


def test_marked_and_unmarked_links_mix_on_one_line():
    a, b = notes({"A.md": '---\ndescription: "a"\n---\n# A\n\n'
                          "[[B]] and [[B|*b*]] and [[B|x]], [[B|b_c]] [[B]]\n\nLast [[B]]\n",
                  "B.md": '---\ndescription: "b"\n---\n# B\n'})
    cg = build_graph([a, b], RELATIONS, Report())
    body, links, _ = marked_body(cg, a, "concepts/a.md")
    line, last = body.split("\n")[2], body.split("\n")[4]
    assert strip_marks(line) == "B and [[B|*b*]] and x, [[B|b_c]] B"
    assert strip_marks(last) == "Last B"
    assert len(links.marks) == 4 and line.count(MARK_OPEN) == 3
    assert links.fill(line).startswith('<a class="cg-link" href="../b/">B</a> and [[B|*b*]]')
