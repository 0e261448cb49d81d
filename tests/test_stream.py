"""background.Stream: items made in a forked worker, in order; made here when it cannot fork or
when the worker dies, from where it stopped. Run in fresh interpreters: only a process with a
single thread forks."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import json, os, signal, sys
    from conceptgraph.background import Stream

    def produce():
        for i in range(200):
            yield (i, os.getpid(), "x" * 5000)  # 200 items of 5 kB: more than a pipe holds

    here = os.getpid()
    mode = sys.argv[1]
    stream = Stream(produce, enabled=mode != "off")
    out = []
    while True:
        if mode == "kill" and len(out) == 50:
            os.kill(stream._pid, signal.SIGKILL)  # the worker dies halfway
        try:
            out.append(stream.next())
        except StopIteration:
            break
    made_here = [i for i, pid, _ in out if pid == here]
    print(json.dumps({"numbers": [i for i, _, _ in out], "forked": mode != "off",
                      "made_here": made_here[:1] + made_here[-1:], "count": len(made_here)}))
""")

LEFT = textwrap.dedent("""
    import os, time
    from conceptgraph.background import Stream

    stream = Stream(lambda: iter(range(10**6)), enabled=True)
    assert stream.next() == 0
    pid = stream._pid
    stream.close()  # the worker, blocked on a full pipe, is stopped and reaped
    try:
        os.kill(pid, 0)
        print("alive")
    except ProcessLookupError:
        print("gone")
""")


def run(code: str, *args: str) -> str:
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                            text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.strip().splitlines()[-1]


def test_a_stream_gives_every_item_in_order_from_a_worker():
    out = json.loads(run(SCRIPT, "on"))
    assert out["numbers"] == list(range(200)) and out["count"] == 0


def test_without_a_worker_the_items_are_made_here():
    out = json.loads(run(SCRIPT, "off"))
    assert out["numbers"] == list(range(200)) and out["count"] == 200


def test_when_the_worker_dies_the_rest_is_made_here_from_where_it_stopped():
    out = json.loads(run(SCRIPT, "kill"))
    assert out["numbers"] == list(range(200))
    first, last = out["made_here"]
    assert 50 <= first < 200 and last == 199 and out["count"] == 200 - first


def test_closing_a_stream_stops_its_worker():
    assert run(LEFT) == "gone"
