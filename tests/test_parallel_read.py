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
    import conceptgraph.render.background as background
    import conceptgraph.notes.read as notes
    from conceptgraph.notes.relations import DEFAULT_RELATIONS, parse_relations

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
    from conceptgraph.render.background import Background

    first = Background(os.getpid)
    assert first.forked and first.result() != os.getpid()
    second = Background(os.getpid)  # at once: the first worker has ended
    assert second.forked and second.result() != os.getpid()
    print("ok")
""")


def test_a_worker_may_fork_as_soon_as_the_one_before_is_collected():
    result = subprocess.run([sys.executable, "-c", ONE_AFTER_ANOTHER], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-3000:]


STARTED_EARLY = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    import conceptgraph.notes.read as notes
    from conceptgraph.notes.relations import DEFAULT_RELATIONS, parse_relations

    relations = parse_relations(DEFAULT_RELATIONS)
    kb = Path(sys.argv[1])
    one, one_report = notes.load_notes(kb, "kb", relations)
    notes.PARALLEL_FROM = 2
    meets = []
    for wait in (0.0, 1.0):  # reading asked for at once, or after the second process's head start
        reading = notes.Reading(kb, "kb", relations, parallel=True)
        time.sleep(wait)
        two, two_report = reading.result()
        assert one == two and one_report.items == two_report.items, wait
        meets.append(reading.split)  # where the two processes met
    count = len(one)
    # After a head start, the second process read most of it, and left this one what it could
    # read while the second packed its notes. (At once, how they share depends on when the
    # second process is first scheduled: only the result is checked.)
    assert count // 2 < meets[1] < count, (meets, count)

    parent, seen = os.getpid(), [0]
    original = notes.read_note

    def dying(*args, **kwargs):  # the second process dies after reading a few notes
        if os.getpid() != parent:
            seen[0] += 1
            if seen[0] > 20:
                os._exit(3)
        return original(*args, **kwargs)

    notes.read_note = dying
    reading = notes.Reading(kb, "kb", relations, parallel=True)
    time.sleep(1.0)
    three, three_report = reading.result()
    assert reading.split > 0, "the second process claimed nothing before it died"
    assert one == three and one_report.items == three_report.items, "notes lost"

    notes.read_note = original
    claim = notes.Reading._claim

    def dies_holding_the_lock(self, front, taken=0):  # killed at the worst moment
        if front and os.getpid() != parent and taken >= 16:
            self._counters.acquire()
            os._exit(4)
        return claim(self, front, taken)

    notes.Reading._claim = dies_holding_the_lock
    reading = notes.Reading(kb, "kb", relations, parallel=True)
    time.sleep(0.5)
    four, four_report = reading.result()  # neither waits forever nor loses a note
    assert one == four and one_report.items == four_report.items, "notes lost (lock)"
    print(meets[0], meets[1], count)
""")


def test_reading_started_early_or_interrupted_reads_what_one_process_reads(tmp_path):
    kb = tmp_path / "kb"
    kb.mkdir()
    for i in range(160):
        links = " ".join(f"[[N{(i * 7 + k) % 170}]]" for k in range(6))  # some are wanted
        (kb / f"N{i}.md").write_text(f'---\ntypeOf: "[[N{i // 2}]]"\n---\n# N{i}\n\n{links}\n',
                                     encoding="utf-8")
    (kb / "Bad.md").write_text("no frontmatter\n", encoding="utf-8")  # an error, in order
    result = subprocess.run([sys.executable, "-c", STARTED_EARLY, str(kb)], capture_output=True,
                            text=True, check=False, timeout=120)  # a lock never given back
    assert result.returncode == 0, result.stderr[-3000:]
    _, late, count = map(int, result.stdout.split())
    assert count == 160 and late > count // 2


WORKER_FAILURES = textwrap.dedent("""
    import os
    from conceptgraph.render.background import Background, SharedCounters

    failing = Background(lambda: 1 // 0)  # the work itself fails: raised here, as without fork
    try:
        failing.result()
        raise SystemExit("no error")
    except ZeroDivisionError:
        pass
    assert failing.forked and failing.finished
    # A result that cannot be pickled is made here instead.
    local = Background(lambda: (os.getpid(), lambda: 0))
    pid, made = local.result()
    assert local.forked and pid == os.getpid() and made() == 0

    counters = SharedCounters(3, 9)
    assert counters.acquire() and not counters.acquire(timeout=0.05)
    child = Background(lambda: (counters.acquire(timeout=0.2), counters.get()))
    assert child.result() == (False, (3, 9))  # the lock is held here; the counters are shared
    counters.set(4, 8)
    counters.release()
    child = Background(lambda: (counters.acquire(timeout=5), counters.set(5, 7)))
    assert child.result() == (True, None) and counters.get() == (5, 7)
    print("ok")
""")


def test_a_worker_that_fails_leaves_the_work_to_this_process_and_counters_are_shared():
    result = subprocess.run([sys.executable, "-c", WORKER_FAILURES], capture_output=True,
                            text=True, check=False, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-3000:]
