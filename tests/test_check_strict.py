"""``conceptgraph check`` is as strict as ``mkdocs build --strict``: on every case of the hostile
corpus it fails exactly when the strict build fails, with the same findings; and the shipped
pre-commit hook's entry, run as pre-commit runs it, fails on a broken link and shows it."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from test_hostile import CASES, PLUGINS, Case, by_place, write_case

from conceptgraph.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def project_for(root: Path, case: Case) -> Path:
    """The case's kb/ with the mkdocs.yml its strict build uses (tests/test_hostile.py)."""
    write_case(root, case.files)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "index.md").write_text("# Home\n\n<!-- conceptgraph:stats -->\n",
                                            encoding="utf-8")
    config = {"site_name": "Test", "site_url": "https://example.org/kb/", "docs_dir": "docs",
              "theme": {"name": "material"}, "not_in_nav": "/concepts/**\n", **PLUGINS}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return root


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_check_fails_exactly_when_the_strict_build_fails(
        path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    case = Case.load(path)
    monkeypatch.chdir(project_for(tmp_path, case))
    code = main(["check"])
    out = capsys.readouterr().out.splitlines()
    # "path:line: level: message; fix" without the level is what the build logs (an info
    # only at MkDocs' INFO level, which is not a case's message).
    found = [line.replace(": error: ", ": ", 1).replace(": warning: ", ": ", 1)
             for line in out[:-1] if ": info: " not in line]
    assert len(found) == len(case.messages), "\n".join(out)
    for got, want in zip(sorted(found, key=by_place), sorted(case.messages, key=by_place),
                         strict=True):
        assert got.startswith(want), f"\n  got:  {got}\n  want: {want}"
    assert code == (0 if case.expect == "ok" else 1), "\n".join(out)


BROKEN_LINK = '---\ndescription: "A note"\n---\n# A\n\nSee [[Not written yet]].\n'


def hook_project(root: Path) -> Path:
    (root / "kb").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "kb" / "A.md").write_text(BROKEN_LINK, encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: Hook\nplugins:\n  - conceptgraph:\n"
                                     "      plots_enabled: false\n",
                                     encoding="utf-8")
    return root


def test_the_shipped_pre_commit_hook_fails_on_a_broken_link_and_shows_it(tmp_path: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "conceptgraph-check")
    project = hook_project(tmp_path / "project")
    # pre-commit runs the entry from the repository's root, with the hook's environment first
    # on PATH and (pass_filenames: false) no file names.
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(shlex.split(hook["entry"]), cwd=project, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "kb/A.md:6: warning: unresolved link [[Not written yet]]; add a note for it, or fix "
        "the name (see the Wanted concepts page)",
        "0 errors, 1 warning in 1 note",
    ]
    lenient = subprocess.run([*shlex.split(hook["entry"]), "--lenient"], cwd=project, env=env,
                             capture_output=True, text=True, timeout=300)
    assert lenient.returncode == 0 and "unresolved link" in lenient.stdout


def test_the_strict_build_fails_on_the_same_broken_link(tmp_path: Path) -> None:
    project = hook_project(tmp_path / "project")
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=project,
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 1
    assert "kb/A.md:6: unresolved link [[Not written yet]]" in result.stdout + result.stderr


@pytest.mark.parametrize("exclude", [True, False])
def test_check_reads_the_docs_pages_mkdocs_publishes(tmp_path: Path, exclude: bool) -> None:
    """A wiki-link in a page of docs/ counts for check as for the build, and a page that
    exclude_docs leaves out counts for neither."""
    project = hook_project(tmp_path / "project")
    (project / "kb" / "A.md").write_text(BROKEN_LINK.replace("[[Not written yet]]", "text"),
                                         encoding="utf-8")
    (project / "docs" / "drafts").mkdir()
    (project / "docs" / "drafts" / "plan.md").write_text("# Plan\n\nSee [[Nowhere]].\n",
                                                        encoding="utf-8")
    if exclude:
        with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
            config.write("exclude_docs: |\n  /drafts/\n")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    checked = subprocess.run([str(BIN / "conceptgraph"), "check"], cwd=project, env=env,
                             capture_output=True, text=True, timeout=300)
    built = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=project, env=env,
                           capture_output=True, text=True, timeout=300)
    assert checked.returncode == built.returncode == (0 if exclude else 1), checked.stdout
    if not exclude:
        assert checked.stdout.startswith("docs/drafts/plan.md:3: warning: unresolved link "
                                         "[[Nowhere]]")
