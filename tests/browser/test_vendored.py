"""The vendored force-graph, KaTeX and Mermaid are the one package-lock.json pins, byte for byte
what scripts/vendor_js.sh copied out of `npm ci` (it records the sha256 in VENDORED.json)."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VENDOR = REPO / "docs" / "assets" / "vendor"


def lock_entry(package: str) -> dict:
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"][f"node_modules/{package}"]


def vendored() -> dict:
    return json.loads((VENDOR / "VENDORED.json").read_text(encoding="utf-8"))


PACKAGES = ["force-graph", "katex", "mermaid"]


@pytest.mark.parametrize("package", PACKAGES)
def test_vendored_record_matches_package_lock(package: str) -> None:
    locked = lock_entry(package)
    record = vendored()[package]
    assert (record["version"], record["integrity"]) == (locked["version"], locked["integrity"])


@pytest.mark.parametrize("package", PACKAGES)
def test_package_json_pins_the_locked_version(package: str) -> None:
    pkg = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    assert pkg["dependencies"][package] == lock_entry(package)["version"]


@pytest.mark.parametrize("package", PACKAGES)
def test_vendored_files_match_their_recorded_sha256(package: str) -> None:
    files = vendored()[package]["files"]
    folder = VENDOR / package
    actual = {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }
    assert actual == files


def test_minified_file_announces_the_locked_version() -> None:
    head = (VENDOR / "force-graph" / "force-graph.min.js").read_text(encoding="utf-8")[:200]
    assert head.startswith(f"// Version {lock_entry('force-graph')['version']} force-graph")
    katex = (VENDOR / "katex" / "katex.min.js").read_text(encoding="utf-8")
    assert f'version:"{lock_entry("katex")["version"]}"' in katex.replace(" ", "")
    mermaid = gzip.decompress((VENDOR / "mermaid" / "mermaid.min.js.gz").read_bytes()).decode()
    assert f'version:"{lock_entry("mermaid")["version"]}"' in mermaid


@pytest.mark.parametrize("package", PACKAGES)
def test_vendored_library_has_its_license(package: str) -> None:
    text = (VENDOR / package / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in text or "Permission is hereby granted" in text
