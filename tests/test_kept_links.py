"""The live preview's resolved links (``KeptLinks``): a rebuild resolves again only the links
of the notes that changed, while every name stays the same; the graph and the findings are
those a build from scratch makes."""

from __future__ import annotations

from pathlib import Path

from factories import REL, messages, note_text
from mkdocs.structure.files import File

from conceptgraph.build import BuildOptions, build
from conceptgraph.diagnostics import Report
from conceptgraph.graph.build import KeptLinks, build_graph
from conceptgraph.graph.model import ConceptGraph
from conceptgraph.notes.note import Note
from conceptgraph.notes.read import ReadCache

VAULT = {
    "A.md": note_text(body="# A\n\nSee [[B#Definition]] and [[Sigmod]].\n"),
    "B.md": note_text('typeOf: "[[C]]"', "# B\n\n## Definition\n\nLinks to [[C]].\n"),
    "C.md": note_text(body="# C\n\nNothing but [[A]].\n"),
}


def read(cache: ReadCache, texts: dict[str, str]) -> tuple[list[Note], Report]:
    report = Report()
    out = [cache.read(t.encode(), rel, "kb", REL, report, True) for rel, t in texts.items()]
    cache.forget_unseen()
    return [n for n in out if n is not None], report


def graph(cache: ReadCache, kept: KeptLinks | None, texts: dict[str, str]
          ) -> tuple[ConceptGraph, Report]:
    notes, report = read(cache, texts)
    return build_graph(notes, REL, report, kept=kept), report


def scratch(texts: dict[str, str]) -> tuple[ConceptGraph, Report]:
    return graph(ReadCache(), None, texts)


def same_as_scratch(cg: ConceptGraph, report: Report, texts: dict[str, str]) -> None:
    fresh, fresh_report = scratch(texts)
    assert cg.declared == fresh.declared
    assert {k: [(w.note.path, w.line) for w in v] for k, v in cg.wanted.items()} == \
        {k: [(w.note.path, w.line) for w in v] for k, v in fresh.wanted.items()}
    assert messages(report) == messages(fresh_report)


def test_an_edit_to_one_note_keeps_the_other_notes_edges_and_their_findings() -> None:
    cache, kept = ReadCache(), KeptLinks()
    before, _ = graph(cache, kept, VAULT)
    edited = {**VAULT, "C.md": VAULT["C.md"] + "\nAnd [[B]].\n"}
    after, report = graph(cache, kept, edited)
    same_as_scratch(after, report, edited)
    unchanged = [e for e in before.declared if e.source in ("a", "b")]
    assert all(any(e is f for f in after.declared) for e in unchanged)  # the same objects
    assert not any(e is f for e in before.declared if e.source == "c" for f in after.declared)
    # A's findings are kept with its edges: said again, not lost
    assert any("unresolved link [[Sigmod]]" in m for m in messages(report))


def test_a_new_heading_resolves_again_the_links_of_every_note() -> None:
    cache, kept = ReadCache(), KeptLinks()
    texts = {**VAULT, "A.md": note_text(body="# A\n\nSee [[B#Usage]].\n")}
    before, report = graph(cache, kept, texts)
    assert any("has no heading 'Usage'" in m for m in messages(report))
    texts["B.md"] += "\n## Usage\n\nText.\n"
    after, report = graph(cache, kept, texts)
    same_as_scratch(after, report, texts)
    assert not any("has no heading" in m for m in messages(report))
    assert any(e.source == "a" and e.anchor == "usage" for e in after.declared)


def test_a_retitled_note_and_a_deleted_note_resolve_the_others_again() -> None:
    cache, kept = ReadCache(), KeptLinks()
    graph(cache, kept, VAULT)
    texts = {**VAULT, "C.md": note_text('title: "Sigmod"', "# C\n\nNothing but [[A]].\n")}
    after, report = graph(cache, kept, texts)
    same_as_scratch(after, report, texts)  # A's [[Sigmod]] now names C
    assert not any("Sigmod" in m for m in messages(report))
    texts = {rel: t for rel, t in VAULT.items() if rel != "C.md"}
    after, report = graph(cache, kept, texts)
    same_as_scratch(after, report, texts)
    assert set(after.wanted) == {"C", "Sigmod"}


def test_a_build_never_changes_a_kept_note_even_if_its_permalink_is_refused(tmp_path: Path):
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "A.md").write_text(note_text('permalink: "papers"', "# A\n"))
    (kb / "B.md").write_text(note_text(body="# B\n\nSee [[A]].\n"))
    cache = ReadCache()
    options = BuildOptions("kb", REL, url_of=lambda src: File(src, None, "", True).url,
                           plots=False, cache_dir=tmp_path / ".cache", reads=cache,
                           links=KeptLinks(), docs_files=frozenset(), keep_going=True)
    first, second = build(kb, options), build(kb, options)
    a1, a2 = (next(n for n in plan.notes.values() if n.name == "A") for plan in (first, second))
    b1, b2 = (next(n for n in plan.notes.values() if n.name == "B") for plan in (first, second))
    assert b1 is b2  # the kept note itself, not a copy
    # A's permalink names a generated page: A is published at its own address, and the note
    # the preview keeps still has it, so the next build refuses it again
    assert a1.permalink is None and a2.permalink is None
    kept = [rel for rel, (_, n, _) in cache._kept.items() if n is not None and n.permalink]
    assert kept == ["A.md"]
    for plan in (first, second):
        assert "concepts/a.md" in plan.files and "papers.md" not in plan.files
        assert [d.code for d in plan.findings.warnings] == ["permalink-clash"]
