"""What a build imports only when it needs it: a warm build computes nothing, so it imports
none of numpy, scipy, sympy or matplotlib. Each case runs in a fresh interpreter, since this one
has imported them all long ago."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def fresh(code: str) -> dict:
    """Run ``code`` in a new interpreter; it prints one JSON line, returned here."""
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=REPO,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_typeof_cycle_is_still_listed_in_full(tmp_path):
    kb = tmp_path / "kb"
    kb.mkdir()
    for name, parent in (("A", "C"), ("B", "A"), ("C", "B"), ("D", "D")):
        (kb / f"{name}.md").write_text(f'---\ntypeOf: "[[{parent}]]"\n---\n# {name}\n',
                                       encoding="utf-8")
    out = fresh(f"""
        import json
        from pathlib import Path
        from conceptgraph.diagnostics import Report
        from conceptgraph.graph.build import build_graph
        from conceptgraph.notes.note import Relation
        from conceptgraph.notes.read import load_notes

        relations = {{"typeOf": Relation("typeOf", "Type of", "Subtypes", taxonomy=True)}}
        notes, report = load_notes(Path({str(kb)!r}), "kb", relations)
        build_graph(notes, relations, report)
        print(json.dumps([str(d) for d in report.errors]))
    """)
    assert len(out) == 2, out
    assert any("'typeOf' cycle: A (kb/A.md:2) → C (kb/C.md:2) → B (kb/B.md:2) → A" in e
               for e in out), out
    assert any("'typeOf' cycle: D (kb/D.md:2) → D" in e for e in out), out


WARM_BUILD = """
    import json, sys
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config("mkdocs.yml", site_dir=SITE_DIR, strict=True))
    print(json.dumps({m: m in sys.modules for m in LAZY}))
"""
# A warm build computes no plot, so it starts no process pool; a site without canvases never
# imports the canvas drawing, one without callouts their converter; a build with nothing to
# suggest never imports difflib.
LAZY = ("matplotlib", "scipy", "sympy", "concurrent.futures.process",
        "conceptgraph.render.canvas", "mkdocs_callouts", "difflib")


@pytest.mark.site
def test_a_warm_build_of_the_real_site_imports_only_what_it_uses(tmp_path):
    # The first build fills the checkout's cache (plots_cache_dir, as test_real_site uses it)
    # if it is not warm yet; the second, in a fresh interpreter, must only read it.
    def build(site: Path) -> dict:
        return fresh(f"LAZY = {LAZY!r}\nSITE_DIR = {str(site)!r}\n" + textwrap.dedent(WARM_BUILD))

    first = build(tmp_path / "cold")
    assert set(first) == set(LAZY)
    warm = build(tmp_path / "warm")
    assert warm == dict.fromkeys(LAZY, False)
    assert (tmp_path / "warm" / "concepts" / "relu" / "index.html").is_file()
