"""What the process that renders pages does not import: networkx (the graph is made in the
second process) and numpy (a warm build draws nothing). Each case runs in a fresh interpreter,
since this one has imported both long ago."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conceptgraph.activations.lazyimport import LazyModule

REPO = Path(__file__).resolve().parents[1]


def fresh(code: str) -> dict:
    """Run ``code`` in a new interpreter; it prints one JSON line, returned here."""
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=REPO,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


ASSEMBLE = """
    import json, sys
    from pathlib import Path
    from conceptgraph.notes.relations import parse_relations
    from conceptgraph.render.site import assemble
    import yaml

    config = yaml.safe_load(Path("mkdocs.yml").read_text().replace("!ENV", ""))
    relations = next(p["conceptgraph"]["relations"] for p in config["plugins"]
                     if isinstance(p, dict) and "conceptgraph" in p)
    site = assemble(Path("kb"), "kb", parse_relations(relations), parallel=PARALLEL)
    before = {m: m in sys.modules for m in ("networkx", "numpy", "scipy")}
    made = site.from_graph()
    pages = made.pages
    after = {m: m in sys.modules for m in ("networkx", "numpy", "scipy")}
    print(json.dumps({"before": before, "after": after, "errors": len(site.report.errors),
                      "taxonomy": "taxonomy.md" in pages, "nodes": made.nodes,
                      "notes": len(site.notes_by_src)}))
"""


@pytest.mark.parametrize("parallel", [False, True])
def test_assembling_the_real_kb_leaves_networkx_and_numpy_unimported_until_asked(parallel):
    out = fresh(f"PARALLEL = {parallel}\n" + textwrap.dedent(ASSEMBLE))
    assert out["errors"] == 0 and out["taxonomy"]
    assert out["before"] == {"networkx": False, "numpy": False, "scipy": False}
    # The index pages are made from the networkx graph: here when asked for, or in the
    # second process, which leaves this one without networkx for the whole build.
    assert out["after"] == {"networkx": not parallel, "numpy": False, "scipy": False}
    assert out["nodes"] == out["notes"] > 10


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
        from conceptgraph.notes.read import Relation, load_notes

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
