"""What a build imports only when it needs it. Each case runs in a fresh interpreter, since
this one has imported everything long ago."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from conceptgraph.activations.lazyimport import LazyModule

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
        from conceptgraph.graph.model import build_graph
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


def test_a_lazy_module_takes_its_stand_ins_place_on_first_use():
    namespace: dict = {}
    namespace["mod"] = LazyModule("json", namespace, "mod")
    assert isinstance(namespace["mod"], LazyModule)
    assert namespace["mod"].dumps([1]) == "[1]"
    assert namespace["mod"] is json
