"""Benchmarks, each against a baseline measured side by side in the same run.

    python scripts/bench.py [--sizes 100 1000 5000] [--repeat N] [--tmp DIR] [--against REV]
                            [--skip-plots] [--skip-graph]

1. Site build: for synthetic knowledge bases of each size, each build a fresh `mkdocs build`
   process (imports included), plain MkDocs + Material over the same
   notes placed in docs/ (plugin off, links left as text) against the real configuration (plugin
   on); both times, their ratio, the plugin's own time by stage, and its time per note.
2. Plots: cold rendering with every core against one after another, then a warm build
   (scripts/bench_plots.py).
3. Graph view: time to first draw and panning frame rate in headless Chromium
   (scripts/bench_graph.py).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from synth_kb import write_kb  # noqa: E402

BASE = {
    "site_name": "Bench",
    "site_url": "https://example.org/bench/",
    "theme": {"name": "material", "features": ["navigation.instant"]},
    "markdown_extensions": ["toc", "attr_list", "tables", "admonition",
                            {"pymdownx.arithmatex": {"generic": True}}],
    "nav": [{"Home": "index.md"}],
}


def build(config_path: Path, code: Path | None = None) -> tuple[float, dict]:
    """Wall-clock seconds of one `mkdocs build` in a fresh process (imports included: every
    build a maintainer runs pays them), and what the process reports (bench_build.py). With
    ``code``, the plugin is imported from that folder (another revision's ``plugins/``)."""
    env = None
    if code is not None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [str(code), *filter(None, [os.environ.get("PYTHONPATH")])])}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, str(HERE / "bench_build.py"), str(config_path)],
                            capture_output=True, text=True, check=False, env=env)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build of {config_path} failed:\n{result.stderr[-3000:]}")
    return seconds, json.loads(result.stdout.strip().splitlines()[-1])


def plain_project(root: Path, kb: Path, frontmatter: bool = True) -> Path:
    """The notes as they are, in docs/concepts/ (MkDocs reads their frontmatter as page meta);
    with ``frontmatter=False``, their bodies only (a stricter baseline that parses no YAML)."""
    docs = root / "docs"
    (docs / "concepts").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    for note in kb.iterdir():
        text = note.read_text(encoding="utf-8")
        if not frontmatter and text.startswith("---\n"):
            text = text.split("\n---\n", 1)[1]
        (docs / "concepts" / note.name).write_text(text, encoding="utf-8")
    config = dict(BASE, docs_dir="docs", site_dir=str(root / "site"),
                  not_in_nav="/concepts/**\n", plugins=["search"])
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def plugin_project(root: Path, kb: Path, cache: Path) -> Path:
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\n<!-- conceptgraph:stats -->\n", encoding="utf-8")
    shutil.copytree(kb, root / "kb")
    relations = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "!ENV", ""))
    relations = next(p["conceptgraph"]["relations"] for p in relations["plugins"]
                     if isinstance(p, dict) and "conceptgraph" in p)
    config = dict(BASE, docs_dir="docs", site_dir=str(root / "site"),
                  not_in_nav="/concepts/**\n",
                  plugins=["search", {"conceptgraph": {"kb_dir": "kb", "relations": relations,
                                                       "plots_cache_dir": str(cache)}}])
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


@contextmanager
def checkout(rev: str | None, where: str | None) -> Iterator[Path | None]:
    """The ``plugins/`` folder of revision ``rev``, checked out in a temporary git worktree."""
    if rev is None:
        yield None
        return
    tree = Path(tempfile.mkdtemp(prefix="cg-bench-rev-", dir=where)) / "tree"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), rev],
                   check=True, capture_output=True)
    try:
        yield tree / "plugins"
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                       check=False, capture_output=True)
        shutil.rmtree(tree.parent, ignore_errors=True)


def bench_site(sizes: list[int], repeat: int, where: str | None = None,
               against: str | None = None) -> None:
    with checkout(against, where) as other:
        # Every build imports the plugin from bytecode, as MkDocs and Material are (pip compiled
        # them): with PYTHONDONTWRITEBYTECODE set, a plugin never compiled would be compiled
        # from source in every build, which no maintainer's second build does.
        for code in filter(None, [ROOT / "plugins", other]):
            compileall.compile_dir(code, quiet=1)
        _bench_site(sizes, repeat, where, against, other)


def _bench_site(sizes: list[int], repeat: int, where: str | None, against: str | None,
                other: Path | None) -> None:
    cache = Path(tempfile.mkdtemp(prefix="cg-bench-cache-", dir=where))
    print("== site build: plain MkDocs + Material vs the plugin (same notes, same run) ==")
    print(f"knowledge bases and sites in {where or tempfile.gettempdir()}")
    print(f"each build a fresh `mkdocs build` process, best of {repeat}, in turn; plain: the "
          "same note files in docs/ (frontmatter read by MkDocs as page meta); bodies: the "
          "notes without frontmatter, a stricter baseline")
    print(f"{'notes':>6} {'plain s':>8} {'bodies s':>9} {'plugin s':>9} {'ratio':>6} "
          f"{'vs bodies':>9} {'plugin own s':>13} {'own ms/note':>12}  stages | events")
    with tempfile.TemporaryDirectory(prefix="cg-bench-", dir=where) as tmp:
        warm = Path(tmp) / "warm"
        write_kb(5, warm / "kb")
        build(plugin_project(warm / "p", warm / "kb", cache))  # plots rendered once, cached
        if other is not None:
            build(plugin_project(warm / "q", warm / "kb", cache), other)  # its own plots
        for n in sizes:
            base = Path(tmp) / str(n)
            kb = base / "kb"
            write_kb(n, kb)
            projects: dict[str, tuple[Path, Path | None]] = {
                "plain": (plain_project(base / "plain", kb), None),
                "bodies": (plain_project(base / "bodies", kb, frontmatter=False), None),
                "plugin": (plugin_project(base / "plugin", kb, cache), None)}
            if other is not None:
                projects["other"] = (plugin_project(base / "other", kb, cache), other)
            best: dict[str, tuple[float, dict]] = {}
            for _ in range(repeat):
                for name, (config, code) in projects.items():
                    seconds, report = build(config, code)
                    if name not in best or seconds < best[name][0]:
                        best[name] = (seconds, report)
            plain, bodies, (with_plugin, report) = best["plain"][0], best["bodies"][0], \
                best["plugin"]
            own = sum(report["events"].values())
            detail = " ".join(f"{k}={v:.2f}" for k, v in report["stages"].items())
            events = " ".join(f"{k[3:]}={v:.2f}" for k, v in report["events"].items()
                              if v > 0.01)
            print(f"{n:>6} {plain:>8.2f} {bodies:>9.2f} {with_plugin:>9.2f} "
                  f"{with_plugin / plain:>6.2f} {with_plugin / bodies:>9.2f} {own:>13.2f} "
                  f"{1000 * own / n:>12.2f}  {detail} | {events}", flush=True)
            if other is not None:
                then = best["other"][0]
                print(f"{'':>6} at {against}: plugin {then:.2f} s, ratio {then / plain:.2f}; "
                      f"this tree against it: {with_plugin / then:.3f}", flush=True)
    shutil.rmtree(cache, ignore_errors=True)
    print("target: ratio <= 1.10 at 1,000 and 5,000 notes; own ms/note roughly constant")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--skip-plots", action="store_true")
    parser.add_argument("--skip-graph", action="store_true")
    parser.add_argument("--skip-site", action="store_true")
    parser.add_argument("--tmp", metavar="DIR", default=None,
                        help="where the knowledge bases are built (default: the system's "
                             "temporary folder); a RAM disk such as /dev/shm keeps the disk's "
                             "own variance out of the ratios")
    parser.add_argument("--against", metavar="REV", default=None,
                        help="also build with the plugin of git revision REV, in turn with "
                             "the others, and print both (an A/B in one run)")
    parser.add_argument("--repeat", type=int, default=2,
                        help="builds of each kind per size; the best is kept")
    args = parser.parse_args()
    if not args.skip_site:
        bench_site(args.sizes, args.repeat, args.tmp, args.against)
    if not args.skip_plots:
        import bench_plots

        bench_plots.main()
    if not args.skip_graph:
        import bench_graph

        # The real site (built to site/ by `make site`) when there is one, and the synthetic
        # graphs of 1,000 and 5,000 nodes.
        site = ROOT / "site"
        bench_graph.main([str(site)] if (site / "graph.json").exists() else [])


if __name__ == "__main__":
    main()
