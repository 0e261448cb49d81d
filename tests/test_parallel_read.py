"""Reading a large knowledge base in two processes gives the same notes and findings, in the
same order, as reading it in one."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
HOSTILE = sorted((REPO / "tests" / "hostile").glob("*.yaml"))

CHECK = textwrap.dedent("""
    import sys
    from pathlib import Path
    import conceptgraph.background as background
    import conceptgraph.notes as notes
    from conceptgraph.relations import DEFAULT_RELATIONS, parse_relations

    relations = parse_relations(DEFAULT_RELATIONS)
    kb = Path(sys.argv[1])
    one, one_report = notes.load_notes(kb, "kb", relations)
    forked = []
    original = background.Background.__init__

    def spy(self, *args, **kwargs):
        original(self, *args, **kwargs)
        forked.append(self.forked)

    background.Background.__init__ = spy
    notes.PARALLEL_FROM = 2  # every knowledge base of this test is split
    two, two_report = notes.load_notes(kb, "kb", relations, parallel=True)
    assert forked == [True], forked
    assert one == two, "notes differ"
    assert one_report.items == two_report.items, "findings differ"
    print(len(one), len(one_report.items))
""")


def test_two_processes_read_what_one_reads(tmp_path):
    kb = tmp_path / "kb"
    kb.mkdir()
    count = 0
    for case in HOSTILE:  # notes with every kind of error and warning, and good ones
        for name, spec in yaml.safe_load(case.read_text(encoding="utf-8"))["files"].items():
            if isinstance(spec, str) and "/" not in name:
                (kb / f"{case.stem}-{name}").write_text(spec, encoding="utf-8")
                count += 1
    result = subprocess.run([sys.executable, "-c", CHECK, str(kb)], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    read, findings = map(int, result.stdout.split())
    assert count > 60 and read > 40 and findings > 40  # the corpus really was read


ONE_AFTER_ANOTHER = textwrap.dedent("""
    import os
    from conceptgraph.background import Background

    first = Background(os.getpid)
    assert first.forked and first.result() != os.getpid()
    second = Background(os.getpid)  # at once: the first worker's pool has ended
    assert second.forked and second.result() != os.getpid()
    print("ok")
""")


def test_a_worker_may_fork_as_soon_as_the_one_before_is_collected():
    result = subprocess.run([sys.executable, "-c", ONE_AFTER_ANOTHER], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-3000:]
