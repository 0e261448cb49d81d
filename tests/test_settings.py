"""Obsidian's own settings (``.obsidian/app.json``): read as defaults, never trusted.

Each way the file can be wrong is a warning at ``file:line`` with a fix, and Obsidian's default
is used; a good file's ``strictLineBreaks`` reaches the pages (tests/test_vault.py builds it).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conceptgraph.diagnostics import Report
from conceptgraph.notes.settings import MAX_BYTES, VaultSettings, read_settings


def settings(tmp_path: Path, raw: bytes | None) -> tuple[VaultSettings, list[str]]:
    if raw is not None:
        (tmp_path / ".obsidian").mkdir(exist_ok=True)
        (tmp_path / ".obsidian" / "app.json").write_bytes(raw)
    report = Report()
    found = read_settings(tmp_path, "vault", report)
    return found, [f"{d.path}:{d.line}: {d.message}" for d in report.items]


def test_a_vault_without_the_file_has_obsidians_defaults(tmp_path):
    assert settings(tmp_path, None) == (VaultSettings(strict_line_breaks=False), [])


@pytest.mark.parametrize("value", [True, False])
def test_strict_line_breaks_is_read(tmp_path, value):
    raw = json.dumps({"newLinkFormat": "shortest", "strictLineBreaks": value}, indent=2)
    assert settings(tmp_path, raw.encode()) == (VaultSettings(strict_line_breaks=value), [])


@pytest.mark.parametrize(("raw", "message"), [
    (b'{\n  "strictLineBreaks": true,\n  "x": \n}\n',
     "vault/.obsidian/app.json:4: Obsidian's settings file is not valid JSON (Expecting value)"),
    (b'[true]', "vault/.obsidian/app.json:1: Obsidian's settings file is not a JSON object"),
    (b'{\n\n  "strictLineBreaks": "yes"\n}',
     'vault/.obsidian/app.json:3: strictLineBreaks is "yes", not true or false'),
    (b'{"strictLineBreaks": \xff}', "vault/.obsidian/app.json:1: Obsidian's settings file is "
     "not UTF-8 text"),
    (b"[" * 100_000 + b"]" * 100_000, "vault/.obsidian/app.json:1: Obsidian's settings file "
     "nests too deep"),
    (b" " * (MAX_BYTES + 1), "vault/.obsidian/app.json:1: Obsidian's settings file is "
     f"{MAX_BYTES + 1} bytes"),
])
def test_a_bad_file_is_a_warning_and_the_default_is_used(tmp_path, raw, message):
    found, said = settings(tmp_path, raw)
    assert found == VaultSettings(strict_line_breaks=False)
    assert len(said) == 1 and said[0].startswith(message), said


def test_a_symbolic_link_is_not_followed(tmp_path):
    outside = tmp_path / "outside.json"
    outside.write_text('{"strictLineBreaks": true}', encoding="utf-8")
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / ".obsidian" / "app.json").symlink_to(outside)
    report = Report()
    assert read_settings(vault, "vault", report) == VaultSettings(strict_line_breaks=False)
    assert [(d.line, d.message) for d in report.items] == [
        (1, "Obsidian's settings file is a symbolic link and is not read")]
