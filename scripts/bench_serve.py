"""The live preview benchmark: edit-to-served in ``mkdocs serve --dirty`` beside a full build.

    python scripts/bench_serve.py [--sizes 1000 5000] [--edits 5] [--repeat 2] [--tmp DIR]

The project is the one scripts/bench.py builds with the plugin: the real mkdocs.yml (``!ENV``
values read as their defaults) and docs/, the real kb/ plus N synthetic notes
(scripts/synth_kb.py) in kb/, plots on with a warm plot cache (one untimed ``mkdocs build``
fills it first). For each size:

  full     a warm ``python -m mkdocs build`` in a fresh process, wall seconds from start to
           exit; best (min) of ``--repeat``;
  served   a real ``python -m mkdocs serve --dirty`` (livereload on: its file watcher starts the
           rebuilds) is started once; then ``--edits`` edits, one at a time. Each edit appends
           to a synthetic note A (one with a body link to a note B) a sentence with a new word
           and a new link to a note C that A did not link before and that does not link A.
           t0 is taken just before the file is written; after the server logs "Documentation
           built in" the pages of A, B and C are fetched over HTTP until A's page shows the new
           word and the "Mentioned in" panels of B and C both list A. edit-to-served is t0 to
           the end of that fetch: the watcher's polling, MkDocs' build and serving included,
           as an author sees it in the browser.

"plain served" is the floor: the same edits, one at a time, served by plain Material's
``mkdocs serve --dirty`` of the same notes (the project bench.py builds without the plugin, the
notes in docs/concepts/), timed from the write until the edited page shows the new word (plain
MkDocs has no backlinks to update). It is MkDocs' own watcher and dirty rebuild, which no plugin
can go below.

"same rebuild" is yes when the first rebuild after the edit served every change (one
"Documentation built" line after t0). Also read from the server's log (INFO): its own rebuild
time ("Documentation built in X seconds"), the watcher's delay (t0 to "Detected file changes")
and the plugin's "N of M generated pages changed". A page that never shows the change within
60 s stops the benchmark with an error: no number is recorded for it. The serve's site is in
``--tmp`` too (TMPDIR), like the full builds'. Times are printed, never asserted.
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from bench import ENV, ROOT, build, files, project  # also puts scripts/ on sys.path
from synth_kb import name, write_kb

from conceptgraph.notes.names import slugify

TIMEOUT = 60.0
TARGETS = {1000: 1.0, 5000: 2.0}  # edit-to-served, seconds, at N synthetic notes
RATIO = 0.10  # edit-to-served / full warm build
LINK = re.compile(r"\[\[(Concept \d{5})\]\]")


class Server:
    """``mkdocs serve --dirty`` of ``config`` in a subprocess; its log lines with their times."""

    def __init__(self, config: Path, tmp: Path) -> None:
        with socket.socket() as s:  # a free port
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = {**ENV, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1",
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "plugins"),
                                                           ENV.get("PYTHONPATH")]))}
        self.lines: list[tuple[float, str]] = []
        self.cond = threading.Condition()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(config),
             "-a", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            text=True, env=env)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            with self.cond:
                self.lines.append((time.monotonic(), line.rstrip()))
                self.cond.notify_all()
        with self.cond:  # the server exited
            self.cond.notify_all()

    def wait(self, pattern: str, after: float, until: float, what: str) -> tuple[float, str]:
        """The first log line after ``after`` that matches ``pattern``, with its time."""
        with self.cond:
            while True:
                for t, line in self.lines:
                    if t > after and re.search(pattern, line):
                        return t, line
                left = until - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    self.fail(f"{what}: no '{pattern}' in the server's log")
                self.cond.wait(min(left, 1.0))

    def count(self, pattern: str, after: float) -> int:
        with self.cond:
            return sum(1 for t, line in self.lines if t > after and re.search(pattern, line))

    def fail(self, message: str) -> None:
        tail = "\n".join(line for _, line in self.lines[-30:])
        raise SystemExit(f"bench_serve: {message}\nthe server's last log lines:\n{tail}\n"
                         "fix: a build error in the log shows in `mkdocs build` of the same "
                         "notes (scripts/synth_kb.py); a stale page is a change the incremental "
                         "preview missed (conceptgraph/changes.py, plugin/preview.py)")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        return response.read().decode("utf-8")


def mentions(page: str, slug: str) -> bool:
    """Whether the "Mentioned in" panel of ``page`` links the page of note ``slug``."""
    panel = re.search(r'<ul class="cg-mentioned-in"[^>]*>(.*?)</ul>', page, re.S)
    return panel is not None and f'href="../{slug}/"' in panel.group(1)


def pick(kb: Path, n: int, rng: random.Random, used: set[int]) -> tuple[int, int, int]:
    """A synthetic note A with a body link to B, and a note C that A and C do not link."""
    while True:
        a, c = rng.sample(range(n), 2)
        text_a, text_c = ((kb / f"{name(i)}.md").read_text(encoding="utf-8") for i in (a, c))
        body = text_a.split("\n---\n", 1)[1]
        if a in used or not LINK.search(body) or name(c) in text_a or name(a) in text_c:
            continue
        used.add(a)
        return a, int(LINK.search(body).group(1).split()[1]), c


def edit(server: Server, base: str, kb: Path, a: int, b: int, c: int, k: int) -> dict:
    """Edit note ``a`` (new word, new link to ``c``) and time until the site serves it."""
    word = f"benchword{k:03d}x{a:05d}"
    path = kb / f"{name(a)}.md"
    text = path.read_text(encoding="utf-8")
    urls = [base + f"concepts/{slugify(name(i))}/" for i in (a, b, c)]
    slug_a = slugify(name(a))
    t0 = time.monotonic()
    path.write_text(text + f"\nThe {word} step relates to [[{name(c)}]].\n", encoding="utf-8")
    until = t0 + TIMEOUT
    detected, _ = server.wait("Detected file changes", t0, until, f"edit of {name(a)}")
    built, line = server.wait(r"Documentation built in", t0, until, f"edit of {name(a)}")
    while True:
        page_a, page_b, page_c = map(fetch, urls)
        served = time.monotonic()
        done = {"A's new word": word in page_a, "B's backlink": mentions(page_b, slug_a),
                "C's new backlink": mentions(page_c, slug_a)}
        if all(done.values()):
            break
        if served > until:
            stale = ", ".join(k for k, ok in done.items() if not ok)
            server.fail(f"{TIMEOUT:.0f} s after editing {name(a)}, the served site still lacks "
                        f"{stale} (A = {name(a)}, B = {name(b)}, C = {name(c)})")
        time.sleep(0.05)
    changed = [ln for t, ln in server.lines if t0 < t <= built and "generated pages changed" in ln]
    return {"served": served - t0, "watch": detected - t0,
            "rebuild": float(re.search(r"built in ([\d.]+)", line).group(1)),
            "same": server.count("Documentation built in", t0) == 1,
            "changed": re.search(r"(\d+ of \d+) generated", changed[-1]).group(1)
            if changed else "?"}


def plain_edit(server: Server, base: str, docs: Path, a: int, c: int, k: int) -> float:
    """The same edit of note ``a`` in the plain project: seconds until its page shows it."""
    word = f"benchword{k:03d}x{a:05d}"
    path = docs / f"{name(a)}.md"
    text = path.read_text(encoding="utf-8")
    url = base + "concepts/" + quote(name(a)) + "/"
    t0 = time.monotonic()
    path.write_text(text + f"\nThe {word} step relates to [[{name(c)}]].\n", encoding="utf-8")
    until = t0 + TIMEOUT
    server.wait(r"Documentation built in", t0, until, f"plain edit of {name(a)}")
    while True:
        page = fetch(url)
        served = time.monotonic()
        if word in page:
            return served - t0
        if served > until:
            server.fail(f"{TIMEOUT:.0f} s after editing {name(a)}, plain MkDocs still serves "
                        "the old page")
        time.sleep(0.05)


def serve_edits(config: Path, tmp: Path, one: Callable[[Server, str, int], object],
                edits: int) -> list:
    """Start ``mkdocs serve --dirty`` of ``config``, make ``edits`` edits with ``one``."""
    server, results = Server(config, tmp), []
    try:
        _, line = server.wait(r"Serving on ", 0, time.monotonic() + 600, "starting the server")
        url = line.split("Serving on ", 1)[1].split()[0]
        time.sleep(2)  # the watcher's first look at every file
        for k in range(edits):
            results.append(one(server, url, k))
            time.sleep(1)  # the next edit is a change of its own
    finally:
        server.stop()
    return results


def measure(n: int, edits: int, repeat: int, tmp: Path) -> tuple[float, list[dict], list[float]]:
    """Best full warm build, the edits' results and plain MkDocs' edit-to-served (the same
    edits, the same notes, no plugin) at ``n`` synthetic notes."""
    base = tmp / str(n)
    real = sorted(p for p in (ROOT / "kb").iterdir() if p.is_file())
    notes = real + write_kb(n, base / "synthetic")
    config = project(base / "project", notes, base / "cache")
    build(config, base / "site-warmup", ROOT / "plugins")  # fills the plot cache
    cached = files(base / "cache")
    full = min(build(config, base / f"site-{i}", ROOT / "plugins").wall for i in range(repeat))
    kb, rng, used = base / "project" / "kb", random.Random(n), set()
    picks = [pick(kb, n, rng, used) for _ in range(edits)]

    def one(server: Server, url: str, k: int) -> dict:
        a, b, c = picks[k]
        r = edit(server, url, kb, a, b, c, k)
        print(f"  edit {k + 1}: {name(a)} (links {name(b)}) now links {name(c)}: served "
              f"in {r['served']:.2f} s (watcher {r['watch']:.2f} s, MkDocs rebuild "
              f"{r['rebuild']:.2f} s), {r['changed']} pages changed", flush=True)
        return r
    results = serve_edits(config, base, one, edits)
    if files(base / "cache") != cached:
        print("warning: the plot cache gained files after the warm-up: something rendered",
              file=sys.stderr)
    plain_config = project(base / "plain", notes, None)
    docs = base / "plain" / "docs" / "concepts"

    def plain_one(server: Server, url: str, k: int) -> float:
        a, _, c = picks[k]
        served = plain_edit(server, url, docs, a, c, k)
        print(f"  plain MkDocs, edit {k + 1}: {name(a)} served in {served:.2f} s", flush=True)
        return served
    plain = serve_edits(plain_config, base, plain_one, edits)
    shutil.rmtree(base, ignore_errors=True)
    return full, results, plain


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000],
                        help="numbers of synthetic notes added to the real kb/")
    parser.add_argument("--edits", type=int, default=5, help="timed edits per size")
    parser.add_argument("--repeat", type=int, default=2, help="full builds per size (best)")
    parser.add_argument("--tmp", metavar="DIR",
                        default="/dev/shm" if os.path.isdir("/dev/shm") else None,
                        help="where the projects and sites are (default: /dev/shm if there "
                             "is one, else the system's temporary folder)")
    args = parser.parse_args()
    real = sum(1 for p in (ROOT / "kb").iterdir() if p.is_file())
    compileall.compile_dir(ROOT / "plugins", quiet=1)  # as bench.py: the plugin from bytecode
    print("== live preview: edit-to-served in `mkdocs serve --dirty` beside a full warm build ==")
    print(f"real kb/ ({real} notes) plus N synthetic; in {args.tmp or tempfile.gettempdir()}; "
          f"full: best of {args.repeat}; {args.edits} edits per size", flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="cg-bench-serve-", dir=args.tmp) as tmp:
        for n in args.sizes:
            print(f"{n} synthetic notes:", flush=True)
            rows.append((n, *measure(n, args.edits, args.repeat, Path(tmp))))
    print(f"{'notes':>6} {'full':>7} {'served':>7} {'served':>7} {'ratio':>6} {'rebuild':>8} "
          f"{'same':>7} {'plain':>7}  pages changed per edit\n{'':>6} {'wall s':>7} "
          f"{'median':>7} {'max':>7} {'':>6} {'median s':>8} {'rebuild':>7} {'served':>7}")
    for n, full, results, plain in rows:
        served = [r["served"] for r in results]
        median = statistics.median(served)
        same = "yes" if all(r["same"] for r in results) else "no"
        rebuild = statistics.median(r["rebuild"] for r in results)
        print(f"{n + real:>6} {full:>7.2f} {median:>7.2f} {max(served):>7.2f} "
              f"{median / full:>6.3f} {rebuild:>8.2f} {same:>7} "
              f"{statistics.median(plain):>7.2f}  "
              + ", ".join(r["changed"] for r in results))
    print(f"targets: median/full <= {RATIO}; served <= 1 s at 1,000 notes, <= 2 s at 5,000; "
          "the new backlink in the same rebuild (judged on the median)")
    print("plain served: the same edits served by plain Material's `mkdocs serve --dirty` on the "
          "same notes (no plugin: no backlinks to update), median")
    for n, full, results, _ in rows:
        median = statistics.median(r["served"] for r in results)
        limit = TARGETS.get(n)
        met = [f"ratio {'met' if median / full <= RATIO else 'NOT met'}",
               f"same rebuild {'met' if all(r['same'] for r in results) else 'NOT met'}"]
        if limit is not None:
            met.insert(1, f"<= {limit:.0f} s {'met' if median <= limit else 'NOT met'}")
        print(f"{n:>6} synthetic: " + "; ".join(met))


if __name__ == "__main__":
    main()
