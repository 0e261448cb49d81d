"""The guarantees of issue 7 that no single note shows: nothing lost, deterministic output, no
half-written site, and a live preview that survives a broken edit."""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from sitebuild import RELATIONS, build_site, write_notes

from conceptgraph.graph.export import to_json
from conceptgraph.plugin.plugin import ConceptGraphPlugin

pytestmark = pytest.mark.site

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

KB = {
    "A.md": '---\ndescription: "first"\n---\n# A\n',
    "B.md": '---\ntypeOf: "[[A]]"\n---\n# B\n\nSee [[A]].\n',
    "C.md": '---\ndescription: "third"\n---\n# C\n\nSee [[B]].\n',
}


# -- nothing lost -----------------------------------------------------------------------------

def test_integrity_check_passes_on_a_normal_build(tmp_path):
    built = build_site(tmp_path, KB)
    assert built.failure is None, built.errors + built.warnings


def test_build_fails_when_a_concept_page_is_not_written(tmp_path, monkeypatch):
    on_files = ConceptGraphPlugin.on_files

    def drop_b(self, files, /, *, config):
        files = on_files(self, files, config=config)
        files.remove(files.get_file_from_path("concepts/b.md"))
        return files

    monkeypatch.setattr(ConceptGraphPlugin, "on_files", drop_b)
    built = build_site(tmp_path, KB)
    assert built.failure is not None
    assert "kb/B.md: no page was written for this note" in "\n".join(built.errors)
    assert "fix: another plugin or step changed or removed these files" in "\n".join(built.errors)


def test_build_fails_when_graph_json_loses_a_node(tmp_path, monkeypatch):
    def without_c(cg, url_of):
        data = json.loads(to_json(cg, url_of))
        data["nodes"] = [n for n in data["nodes"] if n["id"] != "c"]
        return json.dumps(data)

    monkeypatch.setattr("conceptgraph.build.to_json", without_c)
    built = build_site(tmp_path, KB)
    assert built.failure is not None
    assert "graph.json: 2 nodes for 3 notes" in "\n".join(built.errors)


def test_build_fails_when_graph_json_is_changed_after_it_was_made(tmp_path, monkeypatch):
    on_post_build = ConceptGraphPlugin.on_post_build

    def tampered(self, *, config):
        written = Path(config.site_dir) / "graph.json"
        written.write_text(written.read_text(encoding="utf-8").replace('"b"', '"x"'),
                           encoding="utf-8")
        return on_post_build(self, config=config)

    monkeypatch.setattr(ConceptGraphPlugin, "on_post_build", tampered)
    built = build_site(tmp_path, KB)
    assert built.failure is not None
    assert "graph.json: not the file the plugin made" in "\n".join(built.errors)


def test_a_note_page_holds_the_planned_text_itself_not_a_copy(tmp_path, monkeypatch):
    # One copy of each note's text a build: MkDocs reads the page into a string of its own,
    # and the plugin hands the page the plan's string back when the two are equal
    seen: dict[str, bool] = {}
    on_page_content = ConceptGraphPlugin.on_page_content

    def spy(self, html, /, *, page, config, files):
        src = page.file.src_uri
        if src in self.plan.notes:
            seen[src] = page.markdown is self.plan.files[src]
        return on_page_content(self, html, page=page, config=config, files=files)

    monkeypatch.setattr(ConceptGraphPlugin, "on_page_content", spy)
    built = build_site(tmp_path, KB)
    assert built.failure is None, built.errors
    assert seen == {"concepts/a.md": True, "concepts/b.md": True, "concepts/c.md": True}


def test_the_plan_is_let_go_before_the_search_index_is_written(tmp_path, monkeypatch):
    # Material's search plugin writes its index after the plugin's on_post_build: the build
    # peaks there, so the plan (notes, graph, pages) must no longer be held by then
    from material.plugins.search.plugin import SearchPlugin

    held: list[object] = []
    plugins: list[ConceptGraphPlugin] = []
    on_config = ConceptGraphPlugin.on_config
    write_index = SearchPlugin.on_post_build

    def remember(self, config):
        plugins.append(self)
        return on_config(self, config)

    def spy(self, *, config):
        held.extend(p.plan.graph for p in plugins)
        held.extend(p.links for p in plugins)
        return write_index(self, config=config)

    monkeypatch.setattr(ConceptGraphPlugin, "on_config", remember)
    monkeypatch.setattr(SearchPlugin, "on_post_build", spy)
    settings = {"kb_dir": "kb", "relations": RELATIONS, "plots_enabled": False}
    built = build_site(tmp_path, KB, extra_config={
        "plugins": ["search", {"conceptgraph": settings}]})
    assert built.failure is None, built.errors
    assert len(plugins) == 1 and held == [None, None]
    assert (built.site / "search" / "search_index.json").is_file()


def test_build_fails_when_a_page_loses_its_note_identity(tmp_path, monkeypatch):
    on_post_page = ConceptGraphPlugin.on_post_page

    def anonymous(self, output, /, *, page, config):
        return re.sub(r' data-source="[^"]*"', "", on_post_page(self, output, page=page,
                                                                  config=config))

    monkeypatch.setattr(ConceptGraphPlugin, "on_post_page", anonymous)
    built = build_site(tmp_path, KB)
    assert built.failure is not None
    assert "kb/A.md: its page does not carry its identity" in "\n".join(built.errors)


def test_integrity_check_finds_pages_without_directory_urls(tmp_path):
    built = build_site(tmp_path, KB, extra_config={"use_directory_urls": False})
    assert built.failure is None, built.errors + built.warnings
    assert (built.site / "concepts" / "b.html").is_file()


def test_identity_is_found_far_from_the_end_of_a_page(tmp_path, monkeypatch):
    """Only the end of a page is read at first; a page whose marker is not there is read whole
    (a mutant that never reads the whole page fails this test)."""
    on_post_page = ConceptGraphPlugin.on_post_page

    def long_footer(self, output, /, *, page, config):
        output = on_post_page(self, output, page=page, config=config)
        return output.replace("</body>", "<!--" + "x" * 40000 + "--></body>")

    monkeypatch.setattr(ConceptGraphPlugin, "on_post_page", long_footer)
    built = build_site(tmp_path, KB)
    assert built.failure is None, built.errors + built.warnings
    assert len(built.page("concepts/a")) > 40000


# -- deterministic ----------------------------------------------------------------------------

def digest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_real_site_is_byte_identical_across_hash_seed_time_zone_and_locale(tmp_path):
    envs = [{"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8"},
            {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati", "LC_ALL": "C"}]
    sites = []
    for i, extra in enumerate(envs):
        site = tmp_path / f"site{i}"
        env = {**os.environ, **extra, "SOURCE_DATE_EPOCH": "1700000000",
               "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
        env.pop("LANG", None)
        # The warm plot cache of the checkout (plots_cache_dir) keeps this to seconds.
        result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-q", "-d", str(site)],
                                cwd=REPO, env=env, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr[-3000:]
        sites.append(digest(site))
    assert sites[0].keys() == sites[1].keys()
    differ = [name for name in sites[0] if sites[0][name] != sites[1][name]]
    assert differ == []
    assert "sitemap.xml.gz" in sites[0] and "search/search_index.json" in sites[0]


def test_two_builds_in_two_processes_give_the_same_site(tmp_path):
    """Deterministic: the same notes give a byte-identical site, whatever the hash seed of
    the process that builds it."""
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from synth_kb import note
    finally:
        sys.path.remove(str(REPO / "scripts"))
    rng = random.Random(7)
    notes = {f"Concept {i:05d}.md": note(i, 60, rng) for i in range(60)}
    notes["Concept 00003.md"] = notes["Concept 00003.md"].replace(
        "---\n", '---\naliases: ["Third <one>"]\n', 1)
    sites = []
    for seed in ("1", "2"):
        root = tmp_path / seed
        write_notes(root / "kb", notes)
        write_notes(root / "docs", {"index.md": "# Home\n"})
        config = {"site_name": "Test", "site_url": "https://example.org/kb/",
                  "theme": {"name": "material"}, "not_in_nav": "/concepts/**\n",
                  "plugins": ["search", {"conceptgraph": {
                      "relations": RELATIONS, "plots_enabled": False}}]}
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
        result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=root,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1",
                                     "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1700000000"},
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr[-3000:]
        sites.append(digest(root / "site"))
    assert sites[0] == sites[1]
    page = (tmp_path / "1" / "site" / "concepts" / "concept-00003" / "index.html").read_text(
        encoding="utf-8")
    assert "Third &lt;one&gt;" in page and 'class="cg-relations"' in page


# -- no half-written site ---------------------------------------------------------------------

def copy_project(target: Path) -> Path:
    """The project's sources, Makefile and warm plot cache, without its venv or built site."""
    for name in ("kb", "docs", ".cache/conceptgraph"):
        shutil.copytree(REPO / name, target / name)
    for name in ("mkdocs.yml", "Makefile", "requirements.lock", "pyproject.toml"):
        shutil.copy2(REPO / name, target / name)
    stamp = target / "venv.installed"
    stamp.touch()  # newer than requirements.lock and pyproject.toml: make installs nothing
    return stamp


def make_site(project: Path, stamp: Path) -> subprocess.CompletedProcess[str]:
    # VENV and STAMP from the command line: the checkout's environment, never a new install.
    return subprocess.run(["make", "site", f"VENV={BIN.parent}", f"STAMP={stamp}"],
                          cwd=project, capture_output=True, text=True, check=False,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})


def test_failed_make_site_leaves_the_previous_site_untouched(tmp_path):
    project = tmp_path / "project"
    stamp = copy_project(project)
    first = make_site(project, stamp)
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-2000:]
    before = digest(project / "site")
    assert "concepts/relu/index.html" in before

    (project / "kb" / "ReLU.md").write_text("# ReLU without frontmatter\n", encoding="utf-8")
    second = make_site(project, stamp)
    assert second.returncode != 0
    assert "kb/ReLU.md:1: missing frontmatter" in second.stdout + second.stderr
    assert "Traceback" not in second.stdout + second.stderr
    assert digest(project / "site") == before


# -- mkdocs serve -----------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def wait_for(what: str, check: Callable[[], bool], tries: int = 120) -> None:
    """Poll ``check`` every half second, at most ``tries`` times (the machine may be loaded)."""
    for _ in range(tries):
        try:
            if check():
                return
        except (OSError, ValueError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"mkdocs serve: gave up waiting for {what}")


def log_text(lines: list[str]) -> str:
    return "".join(lines)[-3000:]


@contextmanager
def serving(project: Path, *options: str) -> Iterator[tuple[str, list[str]]]:
    """``mkdocs serve`` of ``project`` on a free port; yields its URL and its log lines."""
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", *options, "-a", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"})
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(process.stdout.readline, "")),
                              daemon=True)
    reader.start()
    try:
        yield f"http://127.0.0.1:{port}/", lines
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=5)
        process.stdout.close()


def nodes(url: str) -> list[str]:
    status, text = get(url + "graph.json")
    return sorted(n["id"] for n in json.loads(text)["nodes"]) if status == 200 else []


def test_serve_survives_a_broken_note_and_forgets_a_deleted_one(tmp_path):
    """A broken note keeps its page (with its errors) and every other page; then it is fixed
    and another note deleted, and the preview follows."""
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    for name, text in KB.items():
        (project / "kb").mkdir(exist_ok=True)
        (project / "kb" / name).write_text(text, encoding="utf-8")
    (project / "mkdocs.yml").write_text(yaml.safe_dump({
        "site_name": "Serve", "theme": {"name": "material"}, "not_in_nav": "/concepts/**\n",
        "plugins": [{"conceptgraph": {"kb_dir": "kb", "relations": RELATIONS,
                                      "plots_enabled": False,
                                      "require_frontmatter": True}}]}), encoding="utf-8")
    with serving(project) as (url, log):
        wait_for("the first build", lambda: nodes(url) == ["a", "b", "c"])

        (project / "kb" / "B.md").write_text("# B, frontmatter forgotten\n", encoding="utf-8")
        wait_for("the broken note's error",
                 lambda: any("kb/B.md:1: missing frontmatter" in line for line in log))
        # Every page stays; the broken note's page shows its error instead of the note.
        wait_for("the broken note's page showing its error",
                 lambda: "missing frontmatter" in get(url + "concepts/b/")[1])
        assert nodes(url) == ["a", "b", "c"]
        assert get(url + "concepts/a/")[0] == 200  # still serving, not stuck
        text = "".join(log)
        assert "unresolved link [[B]]" not in text  # C's link to the broken note still resolves
        assert "conceptgraph: conceptgraph:" not in text
        assert "conceptgraph: 1 error in the knowledge base (listed above)" in text

        (project / "kb" / "B.md").write_text(KB["B.md"], encoding="utf-8")
        (project / "kb" / "C.md").unlink()
        wait_for("the fixed and shrunk knowledge base", lambda: nodes(url) == ["a", "b"])
        assert get(url + "concepts/c/")[0] == 404
        status, index = get(url + "concepts/")
        assert status == 200 and 'href="b/"' in index and 'href="c/"' not in index
        status, page = get(url + "concepts/b/")
        assert status == 200 and "Mentioned in" not in page  # C's link to B is gone too
    assert not any("Traceback" in line for line in log), "".join(log)


def test_serve_dirty_rebuilds_the_edited_note_and_the_page_it_now_links_to(tmp_path):
    """`make serve` (``mkdocs serve --dirty``): an edit that adds a link from A to C shows on
    A's page and in C's *Mentioned in* after one rebuild, which builds those two pages again
    and not B's; a deleted note's page goes."""
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (project / "kb").mkdir()
    for name, text in KB.items():
        (project / "kb" / name).write_text(text, encoding="utf-8")
    (project / "mkdocs.yml").write_text(yaml.safe_dump({
        "site_name": "Serve", "theme": {"name": "material"}, "not_in_nav": "/concepts/**\n",
        "plugins": ["search", {"conceptgraph": {"kb_dir": "kb", "relations": RELATIONS,
                                                "plots_enabled": False}}]}), encoding="utf-8")
    with serving(project, "--dirty") as (url, log):
        wait_for("the first build", lambda: nodes(url) == ["a", "b", "c"])
        assert "Mentioned in" not in get(url + "concepts/c/")[1]
        a = project / "kb" / "A.md"
        a.write_text(KB["A.md"] + "\nNow A cites [[C]] as well: a fresh sentence.\n",
                     encoding="utf-8")
        wait_for("A's new sentence", lambda: "a fresh sentence" in get(url + "concepts/a/")[1])
        page = get(url + "concepts/c/")[1]
        assert "Mentioned in" in page and 'href="../a/"' in page  # the same rebuild
        # the generated Graph page is one of the seven
        assert any("2 of 7 generated pages changed" in line for line in log), log_text(log)
        (project / "kb" / "B.md").unlink()
        wait_for("B's page to go", lambda: get(url + "concepts/b/")[0] == 404)
    text = "".join(log)
    assert "Traceback" not in text and "A 'dirty' build is being performed" not in text, text


# -- note pages are cleaned last ----------------------------------------------------------------

HOOKS = '''
from mkdocs.plugins import event_priority


@event_priority(-50)  # after most plugins, before conceptgraph's cleaning (-100)
def on_page_content(html, page, config, files):
    if page.file.src_uri == "concepts/b.md":
        return html + '<p class="late">late<script>alert(1)</script></p>'
    return html
'''


def test_what_other_plugins_add_to_a_note_page_is_cleaned_too(tmp_path):
    (tmp_path / "hooks.py").write_text(HOOKS, encoding="utf-8")
    notes = {**KB, "B.md": KB["B.md"] + '\n<span onclick="x()">click</span>'
                                        "<script>alert(2)</script>\n"}
    built = build_site(tmp_path, notes, strict=False, extra_config={"hooks": ["hooks.py"]})
    assert built.failure is None, built.errors + built.warnings
    assert len(built.warnings) == 1 and "kb/B.md:8: unsafe HTML" in built.warnings[0]
    page = built.page("concepts/b")
    assert '<p class="late">late</p>' in page and "alert(" not in page
    assert "<span>click</span>" in page and 'class="cg-link"' in page
