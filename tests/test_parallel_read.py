"""Reading a large knowledge base in two processes gives the same notes and findings, in the
same order, as reading it in one."""

from __future__ import annotations

import json
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


VERIFY = textwrap.dedent("""
    import json, shutil, sys
    from pathlib import Path
    import conceptgraph.background as background
    import conceptgraph.integrity as integrity
    from conceptgraph.relations import DEFAULT_RELATIONS, parse_relations
    from conceptgraph.site import assemble

    kb, site_dir = Path(sys.argv[1]), Path(sys.argv[2])
    site = assemble(kb, "kb", parse_relations(DEFAULT_RELATIONS))
    assert not site.report.items, [str(d) for d in site.report.items]
    (site_dir / "graph.json").write_text(site.deferred["graph.json"](), encoding="utf-8")
    srcs = sorted(site.notes_by_src)
    for src in srcs:
        slug = src[len("concepts/"):-len(".md")]
        page = site_dir / "concepts" / slug / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f'<div class="cg-local-graph" data-node="{slug}" data-depth="1" '
                        f'data-source="x"></div>', encoding="utf-8")
    # A page lost and a page without its identity in each half.
    for src in (srcs[3], srcs[-3]):
        shutil.rmtree(site_dir / src[:-len(".md")])
    for src in (srcs[5], srcs[-5]):
        (site_dir / src[:-len(".md")] / "index.html").write_text("<p>anonymous</p>")
    forked = []
    original = background.Background.__init__

    def spy(self, *args, **kwargs):
        original(self, *args, **kwargs)
        forked.append(self.forked)

    one = integrity.verify_site(site_dir, site, "graph.json")
    background.Background.__init__ = spy
    two = integrity.verify_site(site_dir, site, "graph.json", parallel=True)
    assert forked == [True], forked
    assert one == two, (one, two)
    print(json.dumps(one))
""")


def test_two_processes_check_the_written_site_as_one_does(tmp_path):
    kb, site_dir = tmp_path / "kb", tmp_path / "site"
    kb.mkdir()
    site_dir.mkdir()
    count = 420  # above integrity.PARALLEL_FROM: the check is split
    for i in range(count):
        (kb / f"Note {i:04d}.md").write_text(
            f'---\ndescription: "number {i}"\n---\n# Note {i}\n\n'
            f"See [[Note {(i + 1) % count:04d}]].\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", VERIFY, str(kb), str(site_dir)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    problems = json.loads(result.stdout.strip().splitlines()[-1])
    assert problems == [
        "kb/Note 0003.md: no page was written for this note",
        "kb/Note 0005.md: its page does not carry its identity",
        "kb/Note 0415.md: its page does not carry its identity",
        "kb/Note 0417.md: no page was written for this note",
        f"{count - 2} concept pages for {count} notes",
    ]
