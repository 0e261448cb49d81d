"""Obsidian's links in Mermaid flowcharts: ``class A,B internal-link;`` links nodes to notes."""

from __future__ import annotations

from factories import REL, graph, messages, note_text
from sitebuild import build_site

from conceptgraph.cli.check import check_kb
from conceptgraph.diagnostics import Report
from conceptgraph.render.mermaid import mermaid_links
from conceptgraph.render.urls import concept_src
from conceptgraph.types import Url

NOTES = {
    "Diagrams.md": note_text(body="""\
        # Flow

        ```mermaid
        graph TD
          Biology --> Chemistry
          Chemistry --> P[Physics]
          P --> X(("Leaky ReLU"))
          class Biology,P internal-link;
          class X internal-link
        ```
        """),
    "Biology.md": note_text(),
    "Sub/Physics.md": note_text(body="# Waves\n"),
    "Leaky ReLU.md": note_text(),
}


def linked(texts: dict[str, str], src_of: str = "Diagrams.md") -> tuple[str, list[str]]:
    cg, _ = graph(texts)
    urls = {concept_src(n): Url(f"{n.slug}/") for n in cg.notes.values()}
    note = next(n for n in cg.notes.values() if n.rel == src_of)
    report = Report()
    out = mermaid_links(note, note.body, note.source.body_line, cg.resolver, urls, report)
    return out, messages(report)


def test_each_node_of_the_class_gets_a_click_to_the_note_its_text_names():
    out, problems = linked(NOTES)
    lines = out.split("\n")
    # The click statements go on the class statement's line: the note keeps its line numbers
    assert len(lines) == len(NOTES["Diagrams.md"].split("\n")) - 3  # without the frontmatter
    assert '  class Biology,P internal-link; click Biology href "../biology/"; ' \
        'click P href "../sub/physics/";' in lines
    assert '  class X internal-link; click X href "../leaky-relu/";' in lines
    assert "  Chemistry --> P[Physics]" in lines and problems == []


def test_a_name_no_note_has_is_an_unresolved_link_at_its_line_and_stays_text():
    texts = {**NOTES, "Diagrams.md": note_text(body="""\
        ```mermaid
        flowchart LR
          A[Sigmod] --> B
          class A,B internal-link
        ```
        """), "Sigmoid.md": note_text(), "B.md": note_text()}
    out, problems = linked(texts)
    assert '  class A,B internal-link; click B href "../b/";' in out.split("\n")
    assert problems == ["kb/Diagrams.md:7: unresolved Mermaid link [[Sigmod]]; "
                        "did you mean [[Sigmoid]]?"]


def test_only_flowcharts_in_mermaid_fences_are_read():
    body = """\
        ```mermaid
        classDiagram
          class Biology internal-link
        ```

        ```text
        graph TD
          class Biology internal-link;
        ```

        > [!note] In a callout
        > ```mermaid
        > %% a comment first
        > graph TD
        >   class Biology internal-link;
        > ```

        > ```mermaid
        > graph TD
        ```mermaid
        graph LR
          P[Physics] --> Q
          class P internal-link
        ```
        """
    out, problems = linked({**NOTES, "Diagrams.md": note_text(body=body)})
    lines = out.split("\n")
    assert lines[2] == "  class Biology internal-link"  # a class diagram's class
    assert lines[7] == "  class Biology internal-link;"  # not Mermaid
    assert lines[14] == '>   class Biology internal-link; click Biology href "../biology/";'
    # A quoted block that the quote's end closes: the next line may open a block of its own
    assert lines[22] == '  class P internal-link; click P href "../sub/physics/";'
    assert problems == []


def test_a_note_without_the_class_is_left_as_it_is():
    text = note_text(body="```mermaid\ngraph TD\n  A --> B\n```\n")
    cg, _ = graph({**NOTES, "Diagrams.md": text})
    note = next(n for n in cg.notes.values() if n.rel == "Diagrams.md")
    report = Report()
    urls = {concept_src(n): Url(f"{n.slug}/") for n in cg.notes.values()}
    out = mermaid_links(note, note.body, note.source.body_line, cg.resolver, urls, report)
    assert out is note.body and report.items == []


def test_the_site_writes_the_links_into_the_diagram_and_the_check_reports_the_same(tmp_path):
    built = build_site(tmp_path / "good", NOTES)
    assert built.failure is None, built.errors + built.warnings
    page = built.page("concepts/diagrams")
    assert '<pre class="mermaid"><code>graph TD\n' in page
    assert 'class Biology,P internal-link; click Biology href "../biology/"; ' \
        'click P href "../sub/physics/";' in page
    broken = {**NOTES, "Diagrams.md": NOTES["Diagrams.md"].replace("P[Physics]", "P[Fysics]")}
    built = build_site(tmp_path / "broken", broken)
    assert built.failure is not None
    expected = "kb/Diagrams.md:11: unresolved Mermaid link [[Fysics]]; did you mean [[Physics]]?"
    assert built.warnings == [f"conceptgraph: {expected}"]
    checked = check_kb(tmp_path / "broken" / "kb", "kb", REL)
    assert [str(d) for d in checked.findings()] == [expected]
