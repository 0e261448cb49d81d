"""The GitHub workflows, CODEOWNERS and the pre-commit hook: valid, least privilege, pinned."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean True; GitHub reads it as "on".
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job["steps"])


@pytest.mark.parametrize("name", ["ci.yml", "pages.yml"])
def test_workflow_is_valid_yaml_with_jobs(name: str) -> None:
    data = load(WORKFLOWS / name)
    assert isinstance(data["jobs"], dict) and data["jobs"]
    for job in data["jobs"].values():
        assert job["runs-on"] == "ubuntu-latest"
        assert isinstance(job["timeout-minutes"], int)


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.y*ml")), ids=lambda p: p.name)
def test_no_workflow_uses_pull_request_target(path: Path) -> None:
    assert "pull_request_target" not in load(path)["on"]
    assert "pull_request_target" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.y*ml")), ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_version(path: Path) -> None:
    uses = [s["uses"] for job in load(path)["jobs"].values() for s in steps(job) if "uses" in s]
    assert uses
    for ref in uses:
        assert re.fullmatch(r"actions/[\w-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})", ref), ref


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.y*ml")), ids=lambda p: p.name)
def test_checkout_does_not_keep_the_token(path: Path) -> None:
    for job in load(path)["jobs"].values():
        for step in steps(job):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_ci_runs_on_pull_requests_and_pushes() -> None:
    triggers = load(WORKFLOWS / "ci.yml")["on"]
    assert set(triggers) == {"pull_request", "push"}
    assert triggers["push"]["branches"] == ["main"]


def test_ci_is_read_only() -> None:
    data = load(WORKFLOWS / "ci.yml")
    assert data["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in data["jobs"].values())


def test_ci_runs_the_check_the_tests_and_the_strict_build() -> None:
    commands = [s.get("run", "") for s in steps(load(WORKFLOWS / "ci.yml")["jobs"]["test"])]
    assert "make test" in commands
    assert "make site" in commands
    assert any(c.startswith(".venv/bin/conceptgraph check") for c in commands)


def test_make_site_is_a_strict_build() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nsite:", 1)[1].split("\n\n", 1)[0]
    assert "mkdocs build --strict" in recipe


def test_pages_deploys_from_main_or_by_hand_only() -> None:
    triggers = load(WORKFLOWS / "pages.yml")["on"]
    assert set(triggers) == {"push", "workflow_dispatch"}
    assert triggers["push"]["branches"] == ["main"]


def test_pages_grants_each_job_only_what_it_needs() -> None:
    data = load(WORKFLOWS / "pages.yml")
    assert data["permissions"] == {}
    assert data["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert data["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_pages_deploys_one_at_a_time_without_cancelling() -> None:
    assert load(WORKFLOWS / "pages.yml")["concurrency"] == {"group": "pages",
                                                          "cancel-in-progress": False}


def test_pages_builds_for_the_repository_address() -> None:
    build = load(WORKFLOWS / "pages.yml")["jobs"]["build"]
    assert build["env"]["SITE_URL"] == (
        "${{ vars.SITE_URL || format('https://{0}.github.io/{1}/', github.repository_owner, "
        "github.event.repository.name) }}")
    assert "make site" in [s.get("run") for s in steps(build)]


def test_pages_uploads_the_built_site_and_deploys_it() -> None:
    data = load(WORKFLOWS / "pages.yml")
    upload = next(s for s in steps(data["jobs"]["build"])
                  if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    deploy = data["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in steps(deploy)] == ["actions/deploy-pages"]


@pytest.mark.parametrize("path", ["/mkdocs.yml", "/.github/", "/requirements.lock",
                                  "/pyproject.toml"])
def test_codeowners_flags_build_critical_files(path: str) -> None:
    rules = [line.split() for line in (ROOT / ".github" / "CODEOWNERS").read_text(
        encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    owners = {rule[0]: rule[1:] for rule in rules}
    assert owners[path] and all(o.startswith("@") for o in owners[path])


def test_pre_commit_hook_runs_check_on_what_the_check_reads() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "conceptgraph-check")
    assert hook["entry"] == "conceptgraph check"  # the default: as strict as CI
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert hook["verbose"] is True  # findings shown even when the hook passes
    for changed in ("kb/ReLU.md", "docs/index.md", "mkdocs.yml"):
        assert re.search(hook["files"], changed)
    assert not re.search(hook["files"], "plugins/conceptgraph/build.py")


def test_this_repository_runs_the_same_hook_from_its_venv() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    shipped = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    local = config["repos"][0]["hooks"][0]
    assert config["repos"][0]["repo"] == "local"
    assert local["entry"] == ".venv/bin/" + shipped["entry"]
    assert {k: local[k] for k in ("id", "files", "pass_filenames", "verbose")} == \
        {k: shipped[k] for k in ("id", "files", "pass_filenames", "verbose")}


def test_make_check_uses_the_default_strictness() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ncheck:", 1)[1].split("\n\n", 1)[0]
    assert "conceptgraph check" in recipe and "--lenient" not in recipe


@pytest.mark.parametrize("name", ["ci.yml", "pages.yml"])
def test_workflows_cache_pip_keyed_on_the_lock(name: str) -> None:
    job = next(iter(load(WORKFLOWS / name)["jobs"].values()))
    cached = [s for s in steps(job) if s.get("uses", "").startswith("actions/cache@")
              or s.get("with", {}).get("cache") == "pip"]
    assert len(cached) == 1, name
    step = cached[0]
    if step["uses"].startswith("actions/cache@"):
        assert step["with"]["path"] == "~/.cache/pip"
        assert "hashFiles('requirements.lock')" in step["with"]["key"]
    else:
        assert step["with"]["cache-dependency-path"] == "requirements.lock"
    # the cache is restored before the environment is installed from the lock
    runs = [i for i, s in enumerate(steps(job)) if "make" in s.get("run", "")]
    assert steps(job).index(step) < min(runs)
