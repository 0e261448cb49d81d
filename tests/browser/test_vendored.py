"""The vendored force-graph is the one package-lock.json pins, byte for byte what
scripts/vendor_js.sh copied out of `npm ci` (it records the sha256 in VENDORED.json)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VENDOR = REPO / "docs" / "assets" / "vendor"


def lock_entry(package: str) -> dict:
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"][f"node_modules/{package}"]


def vendored() -> dict:
    return json.loads((VENDOR / "VENDORED.json").read_text(encoding="utf-8"))


def test_vendored_record_matches_package_lock() -> None:
    locked = lock_entry("force-graph")
    record = vendored()["force-graph"]
    assert (record["version"], record["integrity"]) == (locked["version"], locked["integrity"])


def test_package_json_pins_the_locked_version() -> None:
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    assert package["dependencies"]["force-graph"] == lock_entry("force-graph")["version"]


def test_vendored_files_match_their_recorded_sha256() -> None:
    files = vendored()["force-graph"]["files"]
    actual = {
        name: hashlib.sha256((VENDOR / "force-graph" / name).read_bytes()).hexdigest()
        for name in files
    }
    assert actual == files
    assert {p.name for p in (VENDOR / "force-graph").iterdir()} == set(files)


def test_minified_file_announces_the_locked_version() -> None:
    head = (VENDOR / "force-graph" / "force-graph.min.js").read_text(encoding="utf-8")[:200]
    assert head.startswith(f"// Version {lock_entry('force-graph')['version']} force-graph")


def test_vendored_library_has_its_license() -> None:
    text = (VENDOR / "force-graph" / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in text or "Permission is hereby granted" in text
