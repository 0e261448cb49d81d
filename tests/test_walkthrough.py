"""A contributor adds a new activation function without writing Python, with the commands the
guide gives: ``conceptgraph new``, a formula in the frontmatter, ``conceptgraph check``, then
the strict build CI runs. The page has the formula, the derivative, light and dark plots and
the properties table; the comparison page lists the function; no heading is empty."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
FORMULA = 'formula: "a * x * tanh(log(1 + sigmoid(b * x)))"\nparameters: {a: 1.0, b: 1.0}\n'
SENTENCE = ("Smish multiplies x by tanh(ln(1 + sigmoid(x))), a smooth gate that is "
            "almost 0 for very negative inputs.\n")


def run(project: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / command[0]), *command[1:]], cwd=project, env=ENV,
                          capture_output=True, text=True, timeout=900)


def project(root: Path) -> Path:
    (root / "kb").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "kb" / "Activation function.md").write_text(
        '---\ndescription: "what a unit computes"\n---\n# Activation function\n\n'
        "A function applied to each unit's input.\n", encoding="utf-8")
    config = {"site_name": "Walkthrough", "site_url": "https://example.org/kb/",
              "theme": {"name": "material"}, "not_in_nav": "/concepts/**\n",
              "markdown_extensions": ["toc", "tables", "attr_list", "md_in_html",
                                      {"pymdownx.arithmatex": {"generic": True}}],
              "plugins": [{"conceptgraph": {"plots_processes": 2}}]}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return root


def article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


def empty_headings(html: str) -> list[str]:
    """Section headings (h2–h6) followed by nothing but another heading or the end."""
    parts = re.split(r"(<h[2-6][^>]*>.*?</h[2-6]>)", article(html), flags=re.S)
    empty = []
    for i in range(1, len(parts), 2):
        after = re.sub(r"<[^>]+>|\s", "", parts[i + 1]) if i + 1 < len(parts) else ""
        if not after:
            empty.append(re.sub(r"<[^>]+>", "", parts[i]).strip())
    return empty


@pytest.mark.site
def test_a_contributor_adds_a_function_with_a_formula(tmp_path: Path) -> None:
    root = project(tmp_path / "project")

    # 1. new: the note from the template, and a notice that it has no function yet
    made = run(root, "conceptgraph", "new", "Smish", "--type", "Activation function")
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[0] == "wrote kb/Smish.md"
    assert "Smish gets no formula, derivative or plots yet" in made.stdout
    note = root / "kb" / "Smish.md"

    # 2. the formula, in the frontmatter, and a first sentence
    text = note.read_text(encoding="utf-8")
    text = text.replace("aliases: []\n", "aliases: []\n" + FORMULA, 1)
    text = text.replace("# Smish\n", "# Smish\n\n" + SENTENCE, 1)
    note.write_text(text, encoding="utf-8")

    # 3. check: clean, as strict as CI
    checked = run(root, "conceptgraph", "check")
    assert (checked.returncode, checked.stdout) == (0, "0 errors, 0 warnings in 2 notes\n"), \
        checked.stdout + checked.stderr

    # 4. the strict build
    built = run(root, "mkdocs", "build", "--strict")
    assert built.returncode == 0, built.stdout + built.stderr

    # 5. the page: formula, derivative, both plots, the properties table
    site = root / "site"
    page = (site / "concepts" / "smish" / "index.html").read_text(encoding="utf-8")
    body = article(page)
    assert r"f(x) = a x \tanh{\left(\ln{\left(\sigma\left(b x\right) + 1 \right)} \right)}" in body
    assert "f'(x) = " in body and r"\left(1 - \sigma\left(b x\right)\right)" in body
    plots = re.findall(r'<img src="([^"]+\.svg)#only-(light|dark)"', body)
    assert sorted(theme for _, theme in plots) == ["dark", "light"]
    for src, _ in plots:
        assert (site / "concepts" / "smish" / src).resolve().is_file(), src
    for row in ("range", "monotonic", "zero-centred", "continuity", "saturating"):
        assert f"<td>{row}</td>" in body, row
    assert '<td>continuity</td>\n<td><span class="arithmatex">\\(C^{\\infty}\\)</span></td>' in body
    assert "smooth everywhere, so no kink convention is needed" in body
    assert "central differences" in body
    assert empty_headings(page) == []

    # 6. the comparison page lists it, with its link and its sparkline
    comparison = (site / "activation-functions" / "index.html").read_text(encoding="utf-8")
    row = next(r for r in comparison.split("<tr>") if ">Smish</a>" in r)
    assert 'href="../concepts/smish/"' in row
    assert "spark-smish-" in row
    assert "Mish" in comparison  # the built-in functions are listed beside it


def test_the_template_renders_no_empty_heading(tmp_path: Path) -> None:
    from sitebuild import build_site

    from conceptgraph.cli.new import note_template
    from conceptgraph.notes.relations import DEFAULT_RELATIONS, parse_relations

    relations = parse_relations(DEFAULT_RELATIONS)
    notes = {"Parent.md": '---\ndescription: "p"\n---\n# Parent\n\nText.\n'}
    for name, activation, formula in (("Plain", None, None), ("Elu", "ELU", None),
                                      ("Snake", None, "x + sin(x)**2")):
        notes[f"{name}.md"] = note_template(name, relations, "typeOf", "Parent", activation,
                                            {"alpha": 1.0} if activation else {},
                                            formula=formula)
    built = build_site(tmp_path, notes)
    assert built.failure is None, built.warnings + built.errors
    for slug in ("plain", "elu", "snake"):
        assert empty_headings(built.page(f"concepts/{slug}")) == [], slug
