"""The vendored force-graph, KaTeX and Mermaid are the one package-lock.json pins, byte for byte
what scripts/vendor_js.sh copied out of `npm ci` (it records the sha256 in the VENDORED.json
beside them): force-graph and KaTeX in the package, which publishes them with every site, and
Mermaid among the browser tests, which alone use it."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE_VENDOR = REPO / "plugins" / "conceptgraph" / "plugin" / "assets" / "vendor"
TEST_VENDOR = Path(__file__).resolve().parent / "vendor"
VENDOR = {"force-graph": PACKAGE_VENDOR, "katex": PACKAGE_VENDOR, "mermaid": TEST_VENDOR}


def lock_entry(package: str) -> dict:
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"][f"node_modules/{package}"]


def vendored(package: str) -> dict:
    record = json.loads((VENDOR[package] / "VENDORED.json").read_text(encoding="utf-8"))
    return record[package]


PACKAGES = list(VENDOR)


@pytest.mark.parametrize("folder", sorted(set(VENDOR.values())), ids=lambda p: p.name)
def test_each_record_lists_exactly_the_packages_of_its_folder(folder: Path) -> None:
    record = json.loads((folder / "VENDORED.json").read_text(encoding="utf-8"))
    packages = sorted(p.name for p in folder.iterdir() if p.is_dir())
    assert sorted(record) == packages == sorted(k for k, v in VENDOR.items() if v == folder)


@pytest.mark.parametrize("package", PACKAGES)
def test_vendored_record_matches_package_lock(package: str) -> None:
    locked = lock_entry(package)
    record = vendored(package)
    assert (record["version"], record["integrity"]) == (locked["version"], locked["integrity"])


@pytest.mark.parametrize("package", PACKAGES)
def test_package_json_pins_the_locked_version(package: str) -> None:
    pkg = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    assert pkg["dependencies"][package] == lock_entry(package)["version"]


@pytest.mark.parametrize("package", PACKAGES)
def test_vendored_files_match_their_recorded_sha256(package: str) -> None:
    files = vendored(package)["files"]
    folder = VENDOR[package] / package
    actual = {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }
    assert actual == files


def test_minified_file_announces_the_locked_version() -> None:
    head = (PACKAGE_VENDOR / "force-graph" / "force-graph.min.js").read_text(encoding="utf-8")
    head = head[:200]
    assert head.startswith(f"// Version {lock_entry('force-graph')['version']} force-graph")
    katex = (PACKAGE_VENDOR / "katex" / "katex.min.js").read_text(encoding="utf-8")
    assert f'version:"{lock_entry("katex")["version"]}"' in katex.replace(" ", "")
    mermaid = (TEST_VENDOR / "mermaid" / "mermaid.min.js.gz").read_bytes()
    mermaid = gzip.decompress(mermaid).decode()
    assert f'version:"{lock_entry("mermaid")["version"]}"' in mermaid


@pytest.mark.parametrize("package", PACKAGES)
def test_vendored_library_has_its_license(package: str) -> None:
    text = (VENDOR[package] / package / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in text or "Permission is hereby granted" in text
