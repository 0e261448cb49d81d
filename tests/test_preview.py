"""The live preview (``mkdocs serve``: ``BuildOptions.keep_going``) with a broken note: its page
shows the errors, every other page stays (the generated ones and the Activation functions page
included), links to it still resolve, and the findings are reported once, without a doubled
prefix. ``tests/test_guarantees.py`` runs a real ``mkdocs serve``."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from conceptgraph.build import ACTIVATIONS_PAGE, BuildOptions, build
from conceptgraph.notes.relations import DEFAULT_RELATIONS, parse_relations
from conceptgraph.plugin.publish import publish
from conceptgraph.render.index_pages import GENERATED
from conceptgraph.types import Url

NOTES = {
    "Tanh.md": '---\nactivation: "Tanh"\naliases: ["hyperbolic tangent"]\ntypeOf: '
               '"[[Activation function]]"\n---\n# Tanh\n',
    "Activation function.md": '---\ndescription: "the family"\n---\n# Activation function\n\n'
                              "See [[Tanh]], the [[hyperbolic tangent]] and [[Snake]].\n",
    "Snake.md": '---\nformula: "x + sin(a*x)**2 / a"\nparameters: {a: 1.0}\n---\n# Snake\n',
}
# A field the reader refuses ('typeOf' holds no wiki-link); the frontmatter itself reads.
BROKEN_FIELD = NOTES["Tanh.md"].replace('"[[Activation function]]"', '"Activation function"')


def options(cache: Path, plots: bool = True) -> BuildOptions:
    return BuildOptions("kb", parse_relations(DEFAULT_RELATIONS),
                        url_of=lambda src: Url(src.removesuffix(".md") + "/"),
                        plots=plots, cache_dir=cache, plot_processes=1, keep_going=True)


def write(kb: Path, notes: dict[str, str]) -> Path:
    kb.mkdir(parents=True, exist_ok=True)
    for name, text in notes.items():
        (kb / name).write_text(text, encoding="utf-8")
    return kb


@pytest.mark.parametrize("broken", [
    "# Tanh, its frontmatter forgotten\n",  # unreadable frontmatter: the file name is kept
    BROKEN_FIELD,                           # readable frontmatter: title and aliases kept
])
def test_a_broken_note_keeps_its_page_with_its_errors_and_every_page_stays(
        tmp_path: Path, broken: str) -> None:
    kb = write(tmp_path / "kb", {**NOTES, "Tanh.md": broken})
    plan = build(kb, options(tmp_path / "cache"))
    assert plan.findings.errors, "the broken note's error is reported"
    assert all(d.path == "kb/Tanh.md" for d in plan.findings.errors)
    page = plan.files["concepts/tanh.md"]
    assert "This note has errors" in page and "cg-broken-note" in page
    assert all(f"kb/Tanh.md:{d.line}" in page for d in plan.findings.errors)
    assert "[[" not in page  # messages are shown as text, never read as links
    # every page is still there, generated ones and the Activation functions page included
    # (but for those with nothing to show here: no taxonomy relation, no paper; issue 14)
    assert plan.omitted == {"taxonomy.md", "papers.md"}
    for src in [*GENERATED, ACTIVATIONS_PAGE, "concepts/snake.md",
                "concepts/activation-function.md"]:
        assert src in plan.files or src in plan.omitted, src
    assert "Snake" in str(plan.files[ACTIVATIONS_PAGE])
    # links to the broken note resolve (by name, and by alias when it could be read)
    unresolved = [str(d) for d in plan.findings.items if d.code == "unresolved-link"]
    expected = [] if broken == BROKEN_FIELD else [
        "kb/Activation function.md:6: unresolved link [[hyperbolic tangent]]; add a note for "
        "it, or fix the name (see the Wanted concepts page)"]
    assert unresolved == expected


def test_a_broken_formula_note_shows_its_error_and_the_comparison_page_stays(
        tmp_path: Path) -> None:
    snake = NOTES["Snake.md"].replace("sin(a*x)", "sin(a*x).real")
    kb = write(tmp_path / "kb", {**NOTES, "Snake.md": snake})
    plan = build(kb, options(tmp_path / "cache"))
    assert [d.message for d in plan.findings.errors] == [
        "formula: the formula uses attribute access ('.real') at column 5, which is not "
        "allowed"]
    assert "attribute access" in plan.files["concepts/snake.md"]
    assert "Tanh" in str(plan.files[ACTIVATIONS_PAGE])
    assert "Snake" not in str(plan.files[ACTIVATIONS_PAGE])


def test_the_preview_summary_has_one_prefix(caplog: pytest.LogCaptureFixture,
                                            tmp_path: Path) -> None:
    kb = write(tmp_path / "kb", {**NOTES, "Tanh.md": BROKEN_FIELD})
    plan = build(kb, options(tmp_path / "cache", plots=False))
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        publish(plan.findings, fatal=False)
    lines = [r.getMessage() for r in caplog.records]
    assert lines[-1].startswith("conceptgraph: 1 error in the knowledge base (listed above)")
    assert not any(line.startswith("conceptgraph: conceptgraph:") for line in lines)


def test_with_a_broken_note_links_to_notes_held_back_still_say_nothing(tmp_path: Path) -> None:
    # The preview resolves the links again with stand-ins for the broken notes; the notes held
    # back (publish: false, Obsidian's excluded files) stay held back in that second pass.
    kb = write(tmp_path / "kb", {**NOTES, "Tanh.md": BROKEN_FIELD,
                                 "Private.md": "---\npublish: false\n---\n# Private\n",
                                 "Other.md": '---\ndescription: "x"\n---\n# Other\n\nSee '
                                             "[[Private]] and [[Draft]].\n"})
    write(kb / "Templates", {"Draft.md": "# Draft\n"})
    write(kb / ".obsidian", {"app.json": '{"userIgnoreFilters": ["Templates/"]}'})
    plan = build(kb, options(tmp_path / "cache", plots=False))
    assert [d.path for d in plan.findings.errors] == ["kb/Tanh.md"]
    assert [str(d) for d in plan.findings.items if d.path == "kb/Other.md"] == []
    assert plan.held == {"Private.md", "Templates/Draft.md", "Tanh.md"}
    assert "concepts/templates/draft.md" not in plan.files
