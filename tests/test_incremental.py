"""The incremental preview (``mkdocs serve --dirty``), byte for byte.

Random sequences of edits are applied to a 200-note knowledge base shaped like the real one
(``scripts/synth_kb.py``: relations, a paper, links in prose and lists, headings, formulas):
add, delete, rename, retitle (``title:``), add an alias and a link to it, set a permalink or
an alias holding an old vault path (each leaves a redirect stub), edit the text, relink, break
a link, change a relation, add a transclusion (in a table cell too), put an error in a note and
take it out again, hold a note back (``publish: false``), exclude notes in Obsidian's settings
(``.obsidian/app.json``) and take the exclusion back, and edit mkdocs.yml. After each edit the
site as the preview rebuilt it must be the site a clean build makes of the same sources, every
file of it, the search index included.

The preview is driven as ``mkdocs serve --dirty`` drives it: one ``on_startup(command="serve",
dirty=True)``, then for each change a new configuration and ``build(config, serve_url=...,
dirty=True)`` into the same site folder, with the plugin instances MkDocs keeps between
rebuilds. The clean builds have plugin instances of their own (MkDocs keeps plugin instances
per process: ``Sessions`` gives each kind of build its own).
"""

from __future__ import annotations

import difflib
import json
import logging
import random
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from sitebuild import RELATIONS  # noqa: E402
from synth_kb import write_kb  # noqa: E402

SERVE_URL = "http://127.0.0.1:8000/"
N = 200


class Sessions:
    """MkDocs keeps one instance of each plugin per process (in its ``plugins`` option) for as
    long as it serves. A preview and the clean builds each get their own instances here."""

    def __init__(self) -> None:
        self.option = dict(MkDocsConfig._schema)["plugins"]
        self.caches: dict[str, dict] = {}

    @contextmanager
    def use(self, name: str) -> Iterator[None]:
        saved = self.option.plugin_cache
        self.option.plugin_cache = self.caches.setdefault(name, {})
        try:
            yield
        finally:
            self.option.plugin_cache = saved


def project(root: Path) -> Path:
    kb = root / "kb"
    write_kb(N, kb, seed=7)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text(
        "# Home\n\n<!-- conceptgraph:stats -->\n\nStart at [[Concept 00000]].\n",
        encoding="utf-8")
    # A page that shows nothing of the knowledge base: not built again, its nav title kept
    # (its ==marks== are highlighted once a note makes the plugin enable pymdownx.mark)
    (root / "docs" / "about.md").write_text("# About this site\n\nPlain ==words==.\n",
                                            encoding="utf-8")
    config = {
        "site_name": "Incremental",
        "theme": {"name": "material"},
        "markdown_extensions": [{"toc": {"permalink": True}}, "attr_list", "md_in_html",
                                "tables", "footnotes"],
        "not_in_nav": "/concepts/**\n",
        "plugins": ["search", {"conceptgraph": {"kb_dir": "kb", "relations": RELATIONS,
                                                "plots_enabled": False}}],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return kb


def run(root: Path, site: Path, dirty: bool) -> None:
    """One build as `mkdocs serve` makes it (``dirty``: as `mkdocs serve --dirty`)."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.site_url = SERVE_URL
    build(config, serve_url=SERVE_URL, dirty=dirty)


def start(root: Path, site: Path, dirty: bool) -> None:
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=dirty)


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    """What differs between the preview's files ``a`` and the clean build's ``b``; the first
    file that differs with the lines that differ."""
    out = [f"only in the preview: {k}" for k in sorted(a.keys() - b.keys())]
    out += [f"only in the clean build: {k}" for k in sorted(b.keys() - a.keys())]
    differ = [k for k in sorted(a.keys() & b.keys()) if a[k] != b[k]]
    out += [f"differs: {k}" for k in differ]
    if differ:
        lines = difflib.unified_diff(b[differ[0]].decode(errors="replace").splitlines(),
                                     a[differ[0]].decode(errors="replace").splitlines(),
                                     "clean", "preview", n=0, lineterm="")
        out.insert(0, "\n".join(line[:300] for line in list(lines)[:12]))
    return out


# -- edits: each changes the files of kb/ and says what it did ------------------------------

def _notes(kb: Path) -> list[Path]:
    return sorted(kb.rglob("*.md"))


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def edit_text(kb: Path, rng: random.Random) -> str:
    path = rng.choice(_notes(kb))
    path.write_text(_text(path) + "\nA sentence added while previewing.\n", encoding="utf-8")
    return f"edit {path.name}"


def add(kb: Path, rng: random.Random) -> str:
    others = [p.stem for p in rng.sample(_notes(kb), 3)]
    name = f"Added {rng.randrange(10**6):06d}"
    (kb / f"{name}.md").write_text(
        f'---\ntypeOf: "[[{others[0]}]]"\nusedIn: ["[[{others[1]}]]"]\n---\n# {name}\n\n'
        f"A new concept, close to [[{others[2]}]].\n", encoding="utf-8")
    return f"add {name}"


def delete(kb: Path, rng: random.Random) -> str:
    path = rng.choice(_notes(kb))
    path.unlink()
    return f"delete {path.name}"


def rename(kb: Path, rng: random.Random) -> str:
    path = rng.choice(_notes(kb))
    new = path.with_name(f"Renamed {rng.randrange(10**6):06d}.md")
    path.rename(new)
    return f"rename {path.name} to {new.name}"


def retitle(kb: Path, rng: random.Random) -> str:
    path = rng.choice(_notes(kb))
    title = f"Retitled {rng.randrange(10**6):06d}"
    path.write_text(_text(path).replace("---\n", f'---\ntitle: "{title}"\n', 1),
                    encoding="utf-8")
    return f"title {title} for {path.name}"


def configure(kb: Path, rng: random.Random) -> str:
    config = kb.parent / "mkdocs.yml"
    name = f"Incremental {rng.randrange(10**6):06d}"
    config.write_text(re.sub(r"(?m)^site_name: .*$", f"site_name: {name}", _text(config)),
                      encoding="utf-8")
    return f"mkdocs.yml: site_name {name}"


def alias(kb: Path, rng: random.Random) -> str:
    path, other = rng.sample(_notes(kb), 2)
    name = f"Alias {rng.randrange(10**6):06d}"
    path.write_text(_text(path).replace("---\n", f'---\naliases: ["{name}"]\n', 1),
                    encoding="utf-8")
    other.write_text(_text(other) + f"\nAlso called [[{name}]].\n", encoding="utf-8")
    return f"alias {name} for {path.name}, linked from {other.name}"


def permalink(kb: Path, rng: random.Random) -> str:
    """The note moves to its permalink; a redirect stub takes its old address."""
    path = rng.choice([p for p in _notes(kb) if "\npermalink:" not in _text(p)])
    link = f"moved/{rng.randrange(10**6):06d}"
    path.write_text(_text(path).replace("---\n", f"---\npermalink: {link}\n", 1),
                    encoding="utf-8")
    return f"permalink {link} for {path.name}"


def path_alias(kb: Path, rng: random.Random) -> str:
    """An alias holding an old vault path: a redirect stub at that path's address."""
    path = rng.choice([p for p in _notes(kb) if "\naliases:" not in _text(p)])
    old = f"Old folder/Old {rng.randrange(10**6):06d}"
    path.write_text(_text(path).replace("---\n", f'---\naliases: ["{old}"]\n', 1),
                    encoding="utf-8")
    return f"alias {old} for {path.name}"


def relink(kb: Path, rng: random.Random) -> str:
    path, target = rng.sample(_notes(kb), 2)
    text = _text(path)
    start = text.find("See [[")
    if start < 0:
        return "relink: nothing to relink"
    end = text.find("]]", start)
    path.write_text(text[:start] + f"See [[{target.stem}" + text[end:], encoding="utf-8")
    return f"relink {path.name} to {target.name}"


def diagram(kb: Path, rng: random.Random) -> str:
    """A Mermaid flowchart with a node linked to another note by its name (internal-link):
    its page changes when that note moves, goes or comes back."""
    path, target = rng.sample(_notes(kb), 2)
    path.write_text(_text(path) + f'\n```mermaid\ngraph LR\n  Here --> T["{target.stem}"]\n'
                    "  class T internal-link;\n```\n", encoding="utf-8")
    return f"{path.name} draws a link to {target.name}"


def break_link(kb: Path, rng: random.Random) -> str:
    path = rng.choice(_notes(kb))
    path.write_text(_text(path) + "\nSee also [[Sigmod]].\n", encoding="utf-8")
    return f"break a link in {path.name}"


def relation(kb: Path, rng: random.Random) -> str:
    path, target = rng.sample(_notes(kb), 2)
    lines = _text(path).split("\n")
    lines = [f'typeOf: "[[{target.stem}]]"' if x.startswith("typeOf:") else x for x in lines]
    if not any(x.startswith("typeOf:") for x in lines):
        lines.insert(1, f'typeOf: "[[{target.stem}]]"')
    path.write_text("\n".join(lines), encoding="utf-8")
    return f"typeOf of {path.name} to {target.name}"


def transclude(kb: Path, rng: random.Random) -> str:
    path, target = rng.sample(_notes(kb), 2)
    path.write_text(_text(path) + f"\n![[{target.stem}#Definition]]\n", encoding="utf-8")
    return f"{path.name} transcludes {target.name}"


def transclude_in_table(kb: Path, rng: random.Random) -> str:
    """A table cell's transclusion: rendered into its cell after the page (a fragment)."""
    path, target = rng.sample(_notes(kb), 2)
    path.write_text(_text(path) + f"\n| Part | Shown |\n| --- | --- |\n"
                    f"| it | ![[{target.stem}#Definition]] |\n", encoding="utf-8")
    return f"{path.name} transcludes {target.name} in a table"


def mark(kb: Path, rng: random.Random) -> str:
    """Syntax no note used so far: the plugin enables its extensions, every page may change."""
    path = rng.choice(_notes(kb))
    path.write_text(_text(path) + "\nA ==marked== and ~~struck~~ word.\n\n- [ ] a task\n",
                    encoding="utf-8")
    return f"highlight, strike and a task in {path.name}"


def error(kb: Path, rng: random.Random) -> str:
    path = rng.choice(_notes(kb))
    path.write_text(_text(path).replace("---\n", "---\nvariants: 12\n", 1), encoding="utf-8")
    return f"an error in {path.name}"


def unerror(kb: Path, rng: random.Random) -> str:
    for path in _notes(kb):
        if "variants: 12\n" in _text(path):
            path.write_text(_text(path).replace("variants: 12\n", "", 1), encoding="utf-8")
            return f"error fixed in {path.name}"
    return "no error to fix"


def hold_back(kb: Path, rng: random.Random) -> str:
    path = rng.choice(_notes(kb))
    path.write_text(_text(path).replace("---\n", "---\npublish: false\n", 1), encoding="utf-8")
    return f"publish: false in {path.name}"


def exclude(kb: Path, rng: random.Random) -> str:
    """Obsidian's Excluded files: one note by its path and ten by a prefix of their names."""
    path = rng.choice(_notes(kb))
    prefix = f"Concept 00{rng.randrange(20):02d}"
    settings = {"userIgnoreFilters": [path.name, prefix]}
    (kb / ".obsidian").mkdir(exist_ok=True)
    (kb / ".obsidian" / "app.json").write_text(json.dumps(settings), encoding="utf-8")
    return f"exclude {path.name} and {prefix}*"


def include(kb: Path, rng: random.Random) -> str:
    (kb / ".obsidian").mkdir(exist_ok=True)
    (kb / ".obsidian" / "app.json").write_text("{}", encoding="utf-8")
    return "no file excluded"


# (edit_text after exclude: an edit while notes are excluded, perhaps to one of them)
EDITS: list[Callable[[Path, random.Random], str]] = [
    edit_text, add, diagram, delete, rename, retitle, alias, permalink, path_alias, relink,
    break_link, relation, transclude, transclude_in_table, mark, error, unerror, hold_back,
    exclude, edit_text, include, configure]


@pytest.fixture(scope="module")
def sessions() -> Sessions:
    return Sessions()


@pytest.fixture
def quiet() -> Iterator[None]:
    """Forty builds' worth of warnings (unresolved links) left out; the level restored."""
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.mark.parametrize("seed", [1])
def test_every_edit_leaves_the_site_a_clean_build_makes(tmp_path: Path, seed: int,
                                                         sessions: Sessions, quiet: None) -> None:
    kb = project(tmp_path)
    preview, clean = tmp_path / "preview", tmp_path / "clean"
    with sessions.use(f"preview {seed}"):
        start(tmp_path, preview, dirty=True)
        run(tmp_path, preview, dirty=True)
    rng = random.Random(seed)
    done: list[str] = []
    for edit in [*EDITS, *rng.choices(EDITS, k=6)]:
        done.append(edit(kb, rng))
        with sessions.use(f"preview {seed}"):
            run(tmp_path, preview, dirty=True)
        with sessions.use("clean"):
            shutil.rmtree(clean, ignore_errors=True)
            start(tmp_path, clean, dirty=False)
            run(tmp_path, clean, dirty=False)
        problems = differences(tree(preview), tree(clean))
        assert not problems, f"after {done}:\n" + "\n".join(problems[:10])
