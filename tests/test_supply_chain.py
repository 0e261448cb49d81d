"""Supply chain: every dependency is pinned with hashes, and installed only with them."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LOCK = REPO / "requirements.lock"
MAKEFILE = REPO / "Makefile"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(?P<version>[^\s;\\]+)")
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}\b")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_entries() -> list[str]:
    """The lock's requirements, each with its continuation lines joined; comments dropped."""
    entries: list[str] = []
    continued = False
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        text = line.split(" #", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if not text:
            continued = False
            continue
        if continued:
            entries[-1] += " " + text.rstrip("\\").strip()
        else:
            entries.append(text.rstrip("\\").strip())
        continued = text.endswith("\\")
    return entries


def pins() -> dict[str, str]:
    return {normalise(m.group("name")): m.group("version")
            for m in (PIN.match(e) for e in lock_entries()) if m}


def test_every_locked_requirement_is_pinned_with_a_sha256_hash():
    entries = lock_entries()
    assert len(entries) > 20
    for entry in entries:
        assert PIN.match(entry), f"not pinned with ==: {entry[:80]}"
        assert HASH.search(entry), f"no --hash=sha256: for {entry[:80]}"


def test_lock_names_no_other_index_url_or_editable_source():
    for entry in lock_entries():
        assert not entry.startswith(("-e", "--index-url", "--extra-index-url", "--find-links",
                                     "--trusted-host", "-i ", "-f ")), entry[:80]
        assert "://" not in entry and " @ " not in entry, entry[:80]


def test_every_runtime_and_dev_dependency_is_locked():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["dev"]
    names = {normalise(re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0]) for spec in wanted}
    assert names - set(pins()) == set()


def test_the_environment_runs_the_locked_versions():
    installed = {normalise(d.metadata["Name"]): d.version for d in metadata.distributions()}
    differ = {name: (version, installed[name]) for name, version in pins().items()
              if name in installed and installed[name] != version}
    assert differ == {}


def make_installs() -> list[str]:
    text = MAKEFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if "pip install" in line]


def test_makefile_installs_the_lock_with_require_hashes():
    assert any("--require-hashes" in line and "-r requirements.lock" in line
               for line in make_installs())


def test_makefile_installs_the_project_itself_without_dependencies():
    editable = [line for line in make_installs() if " -e " in line]
    assert editable and all("--no-deps" in line for line in editable)


def test_makefile_installs_nothing_unhashed():
    for line in make_installs():
        hashed = "--require-hashes" in line or ("--no-deps" in line and " -e ." in line)
        assert hashed, line
