"""The site build benchmark: the project's own mkdocs.yml with the plugin against it without.

    python scripts/bench.py [--sizes 1000 5000] [--repeat 3] [--tmp DIR] [--against REV]
    python scripts/bench.py --vault [--sizes 1000] ...

``--vault`` measures an Obsidian vault instead (scripts/synth_vault.py: folders, attachments,
image embeds, heading and block transclusions, callouts, tags, properties): the minimal
configuration a vault owner writes (Material, ``plugins: [search, conceptgraph: {kb_dir:
vault}]``) against plain Material with the same vault as its docs/ folder, where wiki-links,
embeds and callouts stay text (its notes kept out of the nav, as the plugin keeps them, and
the pages the plugin generates for a vault in its nav as stubs: the A-Z index, graph, wanted
and tags pages); a second row compares it with plain Material given the Markdown extensions the
plugin enables for a vault and the plugin's stylesheet and scripts, which leaves the plugin's
own cost. The plugin does much more for these pages than plain MkDocs does (it draws every
embed and fills every transclusion): the ratio is the price of publishing a vault as Obsidian
shows it.

Both configurations are made from the real mkdocs.yml (``!ENV`` values read as their defaults):
the same theme, features, palette, markdown extensions, nav and validation; the only difference
is that the plain one has no ``conceptgraph`` entry in ``plugins`` (``search`` stays). Both
projects get a copy of the project's docs/ (home, contributing, graph page, overrides). The
plugin publishes its stylesheet and scripts itself; the plain one gets the same files in its
docs/, listed in its extra CSS and JavaScript (``hand_listed_assets``), so both copy and link
the same files. (A plugin of ``--against REV`` from before the plugin published them builds
without them.) The notes are the real kb/ plus N synthetic ones
(scripts/synth_kb.py): in kb/ for the plugin build, the same files in docs/concepts/ for the
plain one (wiki-links stay text there).

The pages the plugin generates and the nav names (concepts/index.md, taxonomy.md, papers.md,
activation-functions.md, wanted.md) are given to the plain build as stub pages, so that its nav
is the same: the A-Z index, the taxonomy and the papers are each a list with one link per note
(about the text of the plugin's pages, without their panels), the other two a heading and a
sentence. The plain build does somewhat less work for these pages than the plugin does: the
ratios err against the plugin.

Plots on and warm: the plugin's ``plots_cache_dir`` is filled by one untimed build of each size
first, so the timed builds render no plot (checked: the cache gains no file while timing).
Builds are taken in turn (plain, plugin, plain, plugin, ...), ``--repeat`` of each, every one a
fresh ``python -m mkdocs build`` process into a new site folder. Measured from outside, with no
knowledge of the plugin's internals (os.wait4 of the build process):
  wall   seconds from start to exit; best (min) of the runs;
  CPU    user + system seconds of the build and of the processes it waited for (the plugin's
         second process and plot workers included); best (min) of the runs;
  peak   ru_maxrss: the largest resident set of the build process or any process it waited for
         (the largest one, not their sum); the max of the runs, in MiB.
"own ms/note" is (plugin - plain) / notes, all notes counted (real and synthetic).
`mkdocs build --verbose` logs the plugin's own stage times; this script does not use them.
Absolute numbers are noisy on a shared machine; compare the ratios.
"""

from __future__ import annotations

import argparse
import compileall
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synth_kb import write_kb  # noqa: E402
from synth_vault import write_vault  # noqa: E402

from conceptgraph.plugin.assets import SITE_DIR, asset_urls, packaged_files  # noqa: E402
from conceptgraph.plugin.markdown import _NEEDED as NEEDED  # noqa: E402

ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1",
       "DISABLE_MKDOCS_2_WARNING": "true"}
PLUGIN = "conceptgraph"
LISTS = {"concepts/index.md": "Concepts", "taxonomy.md": "Taxonomy", "papers.md": "Papers"}
STUBS = {"activation-functions.md": "Activation functions", "wanted.md": "Wanted concepts"}
VAULT_STUBS = {"graph.md": "Graph", "wanted.md": "Wanted concepts", "tags/index.md": "Tags"}


class EnvDefaults(yaml.SafeLoader):
    """A YAML loader that reads MkDocs' ``!ENV [NAME, default]`` as its default."""


def _env_default(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    if isinstance(node, yaml.SequenceNode):
        values = loader.construct_sequence(node)
        return values[-1] if len(values) > 1 else None
    return None


EnvDefaults.add_constructor("!ENV", _env_default)


def real_config(root: Path = ROOT) -> dict:
    """The project's mkdocs.yml as a dict."""
    with open(root / "mkdocs.yml", encoding="utf-8") as f:
        return yaml.load(f, EnvDefaults)  # noqa: S506 - a SafeLoader with one constructor more


def without_plugin(plugins: list) -> list:
    return [p for p in plugins if not (p == PLUGIN or isinstance(p, dict) and PLUGIN in p)]


def with_cache(plugins: list, cache: Path) -> list:
    """``plugins`` with the conceptgraph entry's plot cache in ``cache``."""
    out = []
    for p in plugins:
        if p == PLUGIN or isinstance(p, dict) and PLUGIN in p:
            options = dict(p[PLUGIN] or {}) if isinstance(p, dict) else {}
            p = {PLUGIN: {**options, "plots_cache_dir": str(cache)}}
        out.append(p)
    return out


def hand_listed_assets(config: dict, docs: Path, math: bool) -> None:
    """For a build without the plugin: the files the plugin publishes, copied into ``docs``
    and listed first in ``config``'s extra CSS and JavaScript, as the plugin does."""
    for rel, path in packaged_files(math).items():
        (docs / SITE_DIR / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, docs / SITE_DIR / rel)
    css, js = asset_urls(math)
    config["extra_css"] = css + config.get("extra_css", [])
    config["extra_javascript"] = js + config.get("extra_javascript", [])


def stub_pages(docs: Path, notes: list[Path]) -> None:
    """The plain build's pages for the nav entries the plugin generates (module docstring)."""
    for page, title in LISTS.items():
        up = "../" * page.count("/")
        lines = [f"# {title}", ""] + [
            f"- [{n.stem}]({up}concepts/{quote(n.name)})" for n in sorted(notes)]
        (docs / page).write_text("\n".join(lines) + "\n", encoding="utf-8")
    for page, title in STUBS.items():
        (docs / page).write_text(f"# {title}\n\nGenerated by the plugin.\n", encoding="utf-8")


def project(folder: Path, notes: list[Path], cache: Path | None) -> Path:
    """A project in ``folder`` with ``notes``: with the plugin (its plots cached in ``cache``),
    or plain MkDocs when ``cache`` is None. Returns its mkdocs.yml."""
    shutil.copytree(ROOT / "docs", folder / "docs")
    config = real_config()
    if cache is None:
        config["plugins"] = without_plugin(config["plugins"])
        notes_dir = folder / "docs" / "concepts"
    else:
        config["plugins"] = with_cache(config["plugins"], cache)
        options = next(p[PLUGIN] for p in config["plugins"] if isinstance(p, dict) and PLUGIN in p)
        notes_dir = folder / options.get("kb_dir", "kb")
    notes_dir.mkdir(parents=True, exist_ok=True)
    for note in notes:
        shutil.copy2(note, notes_dir / note.name)
    if cache is None:
        stub_pages(folder / "docs", notes)
        hand_listed_assets(config, folder / "docs", math=True)  # mkdocs.yml lists arithmatex
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@dataclass(frozen=True)
class Run:
    """One build, measured from outside."""

    wall: float
    cpu: float
    peak_kib: int


def build(config: Path, site: Path, code: Path) -> Run:
    """One ``mkdocs build`` of ``config`` into ``site`` in a fresh process, with the plugin
    imported from ``code`` (a ``plugins/`` folder); the site is removed afterwards."""
    env = {**ENV, "PYTHONPATH": os.pathsep.join(filter(None, [str(code),
                                                              ENV.get("PYTHONPATH")]))}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"build of {config} failed:\n{err.read().decode()[-3000:]}")
    shutil.rmtree(site, ignore_errors=True)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


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


def files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def vault_project(folder: Path, vault: Path, plugin: bool, cache: Path | None,
                  extensions: bool = False) -> Path:
    """A project in ``folder`` for the synthetic ``vault``: Material with the plugin and its
    minimal configuration, or plain Material with the vault as docs/ (with ``extensions``,
    the Markdown extensions the plugin enables for a vault). Returns its mkdocs.yml."""
    plugins: list = ["search"]
    if plugin:
        plugins.append({PLUGIN: {"kb_dir": "vault", "plots_cache_dir": str(cache)}})
        shutil.copytree(vault, folder / "vault")
        docs = folder / "docs"
        docs.mkdir(parents=True)
    else:
        docs = folder / "docs"
        shutil.copytree(vault, docs)
    (docs / "index.md").write_text("# A vault\n\nWelcome.\n", encoding="utf-8")
    config = {"site_name": "A vault", "theme": {"name": "material"}, "plugins": plugins}
    if not plugin:
        # The plugin keeps notes out of the nav (one page each, not a thousand-entry menu on
        # every page); the plain build gets the same small nav, or it would render each page's
        # nav of every note and the ratio would flatter the plugin. The nav holds the pages
        # the plugin generates for a vault, as stubs (as stub_pages does for the site): the
        # A-Z index as a list of every note, the graph, wanted and tags pages a heading (the
        # synthetic vault has tags: the plugin's nav has a Tags section).
        notes = sorted(p.relative_to(docs) for p in docs.rglob("*.md")
                       if not any(part.startswith(".") for part in p.relative_to(docs).parts))
        (docs / "concepts").mkdir(exist_ok=True)
        (docs / "concepts" / "index.md").write_text("# Concepts\n\n" + "".join(
            f"- [{n.stem}](<../{n.as_posix()}>)\n" for n in notes), encoding="utf-8")
        for page, title in VAULT_STUBS.items():
            (docs / page).parent.mkdir(exist_ok=True)
            (docs / page).write_text(f"# {title}\n\nGenerated by the plugin.\n",
                                     encoding="utf-8")
        config["not_in_nav"] = "/**\n!/index.md\n!/concepts/index.md\n" + "".join(
            f"!/{page}\n" for page in VAULT_STUBS)
    if extensions:  # and the plugin's stylesheet and scripts (the vault writes no math)
        config["markdown_extensions"] = [{name: settings} for name, settings in NEEDED.items()] \
            + ["pymdownx.superfences"]
        hand_listed_assets(config, docs, math=False)
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def measure(n: int, repeat: int, tmp: Path, codes: dict[str, Path],
            vault: bool = False) -> dict[str, list[Run]]:
    """The runs of each kind ("plain", "plugin", and "other" for ``--against``) at ``n``
    synthetic notes, taken in turn after one untimed build of each plugin."""
    base = tmp / str(n)
    caches = {kind: base / f"cache-{kind}" for kind in codes if not kind.startswith("plain")}
    if vault:
        write_vault(n, base / "synthetic")
        configs = {kind: vault_project(base / kind, base / "synthetic", kind in caches,
                                       caches.get(kind), kind == "plain-ext")
                   for kind in codes}
    else:
        real = sorted(p for p in (ROOT / "kb").iterdir() if p.is_file())
        notes = real + write_kb(n, base / "synthetic")
        configs = {kind: project(base / kind, notes, caches.get(kind)) for kind in codes}
    builds = itertools.count()
    for kind in caches:  # the warm-up: renders and caches every plot
        build(configs[kind], base / f"site-{next(builds)}", codes[kind])
    cached = {kind: files(cache) for kind, cache in caches.items()}
    runs: dict[str, list[Run]] = {kind: [] for kind in codes}
    for _ in range(repeat):
        for kind in codes:
            runs[kind].append(build(configs[kind], base / f"site-{next(builds)}", codes[kind]))
    for kind, cache in caches.items():
        if files(cache) != cached[kind]:
            print(f"warning: the timed {kind} builds added {len(files(cache) - cached[kind])} "
                  "files to the warm plot cache; they rendered something", file=sys.stderr)
    shutil.rmtree(base, ignore_errors=True)
    return runs


def best(runs: list[Run]) -> tuple[float, float, float]:
    """Min wall, min CPU, max peak MiB."""
    return (min(r.wall for r in runs), min(r.cpu for r in runs),
            max(r.peak_kib for r in runs) / 1024)


def row(notes: int, plain: tuple[float, float, float], plugin: tuple[float, float, float]) -> str:
    (pw, pc, pm), (qw, qc, qm) = plain, plugin
    return (f"{notes:>6} {pw:>7.2f} {qw:>7.2f} {qw / pw:>6.2f} {pc:>7.2f} {qc:>7.2f} "
            f"{qc / pc:>6.2f} {pm:>7.0f} {qm:>7.0f} {qm / pm:>6.2f} "
            f"{1000 * (qw - pw) / notes:>9.2f} {1000 * (qc - pc) / notes:>9.2f}")


HEADER = (f"{'notes':>6} {'plain':>7} {'plugin':>7} {'ratio':>6} {'plain':>7} {'plugin':>7} "
          f"{'ratio':>6} {'plain':>7} {'plugin':>7} {'ratio':>6} {'own wall':>9} {'own CPU':>9}\n"
          f"{'':>6} {'wall s':>7} {'wall s':>7} {'wall':>6} {'CPU s':>7} {'CPU s':>7} "
          f"{'CPU':>6} {'MiB':>7} {'MiB':>7} {'memory':>6} {'ms/note':>9} {'ms/note':>9}")


def bench(sizes: list[int], repeat: int, where: str | None, against: str | None,
          vault: bool = False) -> None:
    real = 0 if vault else sum(1 for p in (ROOT / "kb").iterdir() if p.is_file())
    with checkout(against, where) as other, \
            tempfile.TemporaryDirectory(prefix="cg-bench-", dir=where) as tmp:
        codes = {"plain": ROOT / "plugins", "plugin": ROOT / "plugins"}
        if other is not None:
            codes["other"] = other
        if vault:  # also plain Material with the Markdown extensions the plugin enables
            codes["plain-ext"] = ROOT / "plugins"
        # Every build imports the plugin from bytecode, as MkDocs and Material are (pip compiled
        # them): with PYTHONDONTWRITEBYTECODE set, a plugin never compiled would be compiled
        # from source in every build, which no maintainer's second build does.
        for code in set(codes.values()):
            compileall.compile_dir(code, quiet=1)
        if vault:
            print("== vault build: Material with the plugin's minimal configuration against "
                  "plain Material on the same vault ==")
        else:
            print("== site build: the project's mkdocs.yml without the plugin (plain) and with "
                  "it ==")
        print(f"real kb/ ({real} notes) plus N synthetic; builds in "
              f"{where or tempfile.gettempdir()}, in turn, {repeat} of each; wall and CPU: best "
              "run; memory: largest peak RSS")
        print(HEADER, flush=True)
        for n in sizes:
            runs = measure(n, repeat, Path(tmp), codes, vault)
            plain = best(runs["plain"])
            print(row(n + real, plain, best(runs["plugin"])), flush=True)
            if "plain-ext" in runs:
                print(row(n + real, best(runs["plain-ext"]), best(runs["plugin"]))
                      + "  against plain Material with the plugin's Markdown extensions",
                      flush=True)
            if other is not None:
                print(row(n + real, plain, best(runs["other"])) + f"  at {against}", flush=True)
                ratio = best(runs["plugin"])[0] / best(runs["other"])[0]
                print(f"{'':>6} this tree's wall time against {against}'s: {ratio:.3f}",
                      flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000],
                        help="numbers of synthetic notes added to the real kb/")
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed builds of each kind per size, taken in turn")
    parser.add_argument("--tmp", metavar="DIR", default=None,
                        help="where the projects are built (default: the system's temporary "
                             "folder); a RAM disk such as /dev/shm keeps the disk's own "
                             "variance out of the ratios")
    parser.add_argument("--against", metavar="REV", default=None,
                        help="also build with the plugin of git revision REV (same config), "
                             "in turn with the others (an A/B in one run)")
    parser.add_argument("--vault", action="store_true",
                        help="a synthetic Obsidian vault with the minimal configuration, "
                             "against plain Material on the same vault")
    args = parser.parse_args()
    bench(args.sizes, args.repeat, args.tmp, args.against, args.vault)


if __name__ == "__main__":
    main()
