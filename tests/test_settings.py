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


# -- Obsidian's "Excluded files" (userIgnoreFilters) ---------------------------------------

FIX = ('list the folder or file as a path instead, e.g. "Templates/" (Obsidian: Settings → '
       "Files and links → Excluded files)")


def said_in_full(tmp_path: Path, raw: str) -> tuple[VaultSettings, list[str]]:
    """The settings of ``raw`` and every finding as the build prints it, fix included."""
    (tmp_path / ".obsidian").mkdir(exist_ok=True)
    (tmp_path / ".obsidian" / "app.json").write_text(raw, encoding="utf-8")
    report = Report()
    found = read_settings(tmp_path, "vault", report)
    return found, [str(d) for d in report.items]


def test_excluded_files_are_read_as_path_prefixes_in_the_files_order(tmp_path):
    filters = ["Templates/", "Archive", "Daily/2023-01-01.md"]
    raw = json.dumps({"strictLineBreaks": True, "userIgnoreFilters": filters}, indent=2)
    assert settings(tmp_path, raw.encode()) == (
        VaultSettings(strict_line_breaks=True, excluded=tuple(filters)), [])


@pytest.mark.parametrize(("entry", "rel", "excluded"), [
    ("Templates/", "Templates/Daily.md", True),
    ("Templates/", "Templates/Sub/pic.png", True),
    ("Templates/", "Templates.md", False),  # the slash is part of the prefix
    ("Templates/", "Notes/Templates/x.md", False),  # from the vault's root only
    ("Archive", "Archive/x.md", True),
    ("Archive", "Archives.md", True),  # a plain prefix, as Obsidian matches it
    ("Archive", "Old/Archive.md", False),
    ("Daily/2023-01-01.md", "Daily/2023-01-01.md", True),
    ("Daily/2023-01-01.md", "Daily/2023-01-02.md", False),
    ("templates/", "Templates/x.md", False),  # case counts
    ("Café/", "Cafe\u0301/menu.md", True),  # a name stored decomposed (macOS) is the same
])
def test_a_file_is_excluded_when_its_vault_path_starts_with_an_entry(tmp_path, entry, rel,
                                                                     excluded):
    found, said = settings(tmp_path, json.dumps({"userIgnoreFilters": [entry]}).encode())
    assert said == []
    assert found.excludes(rel) is excluded


def test_without_entries_nothing_is_excluded(tmp_path):
    found, _ = settings(tmp_path, b'{"userIgnoreFilters": []}')
    assert not found.excludes("Templates/Daily.md") and not VaultSettings().excludes("")


def test_a_regular_expression_is_a_warning_at_its_line_and_is_not_applied(tmp_path):
    raw = ('{\n  "userIgnoreFilters": [\n    "Templates/",\n    "/^Daily\\\\/.*/",\n'
           '    "/(a+)+$/"\n  ]\n}\n')
    found, said = said_in_full(tmp_path, raw)
    assert found.excluded == ("Templates/",)  # the paths still apply
    assert not found.excludes("Daily/2023-01-01.md")
    assert said == [
        'vault/.obsidian/app.json:4: userIgnoreFilters entry "/^Daily\\\\/.*/" is a regular '
        "expression; it is not applied, so the files it matches are published (the site runs "
        "no pattern written in the vault: one could take forever to match); " + FIX,
        'vault/.obsidian/app.json:5: userIgnoreFilters entry "/(a+)+$/" is a regular '
        "expression; it is not applied, so the files it matches are published (the site runs "
        "no pattern written in the vault: one could take forever to match); " + FIX,
    ]


@pytest.mark.parametrize(("raw", "excluded", "message"), [
    ('{\n  "strictLineBreaks": false,\n  "userIgnoreFilters": "Templates/"\n}',
     (), 'vault/.obsidian/app.json:3: userIgnoreFilters is "Templates/", not a list of paths; '
     "Obsidian's default (no file excluded) is used; write a list, e.g. \"userIgnoreFilters\": "
     '["Templates/"], or set Excluded files in Obsidian (Settings → Files and links)'),
    ('{"userIgnoreFilters": {"Templates/": true}}',
     (), 'vault/.obsidian/app.json:1: userIgnoreFilters is {"Templates/": true}, not a list of '
     "paths; Obsidian's default (no file excluded) is used; write a list, e.g. "
     '"userIgnoreFilters": ["Templates/"], or set Excluded files in Obsidian (Settings → Files '
     "and links)"),
    ('{"userIgnoreFilters": [\n  "Templates/",\n  3,\n  "Archive"\n]}',
     ("Templates/", "Archive"), "vault/.obsidian/app.json:3: userIgnoreFilters entry 3 is not "
     "text; it is not applied; " + FIX),
    ('{"userIgnoreFilters": [\n  "A/",\n  ["B/"]\n]}',
     ("A/",), 'vault/.obsidian/app.json:3: userIgnoreFilters entry ["B/"] is not text; it is '
     "not applied; " + FIX),
    ('{"userIgnoreFilters": [\n  "A/",\n\n  ""\n]}',
     ("A/",), 'vault/.obsidian/app.json:4: userIgnoreFilters entry "" is empty; it is not '
     "applied (as a path it would exclude every file); remove it, or write the folder or file "
     "to exclude"),
])
def test_an_entry_of_the_wrong_shape_is_a_warning_at_its_line(tmp_path, raw, excluded,
                                                               message):
    found, said = said_in_full(tmp_path, raw)
    assert (found.excluded, said) == (excluded, [message])


@pytest.mark.parametrize(("raw", "lines"), [
    # the same entry twice: each at its own line
    ('{"userIgnoreFilters": [\n"/x/",\n"/x/"\n]}', [2, 3]),
    # written with an escape JSON writers use: found as written
    ('{"userIgnoreFilters": [\n"A/",\n"/caf\\u00e9/"\n]}', [3]),
    # written with an escape nobody uses ("\/"): the line of the key
    ('{\n"userIgnoreFilters": [\n"\\/x\\/"\n]}', [2]),
])
def test_each_entry_is_found_at_its_own_line(tmp_path, raw, lines):
    _, said = said_in_full(tmp_path, raw)
    assert [int(s.split(":")[1]) for s in said] == lines


def test_the_excluded_files_are_listed_apart_and_never_opened(tmp_path):
    from conceptgraph.notes.read import load_vault

    (tmp_path / "Templates" / "Deep").mkdir(parents=True)
    (tmp_path / "A.md").write_text("# A\n", encoding="utf-8")
    (tmp_path / "Templates" / "Broken.md").write_bytes(b"---\ntitle: [\n---\n\xff\n")
    (tmp_path / "Templates" / "Deep" / "pic.png").write_bytes(b"\x89PNG")
    (tmp_path / "Templates" / "Upper.MD").write_text("# Upper\n", encoding="utf-8")
    (tmp_path / "Templates" / "Link.md").symlink_to(tmp_path / "A.md")
    (tmp_path / "Snippets").symlink_to(tmp_path / "Templates")  # a folder, wholly excluded
    (tmp_path / "Elsewhere.md").symlink_to(tmp_path / "A.md")  # not excluded: refused
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian" / "app.json").write_text(
        '{"userIgnoreFilters": ["Templates/", "Snippets/"]}', encoding="utf-8")
    vault, report = load_vault(tmp_path, "vault", {}, require_frontmatter=False)
    assert [n.rel for n in vault.notes] == ["A.md"]
    assert vault.excluded == ["Templates/Broken.md", "Templates/Deep/pic.png",
                              "Templates/Link.md", "Templates/Upper.MD"]
    assert vault.excluded_notes() == 2  # Upper.MD is no note: it is not even looked at
    assert ("Templates/Broken.md", "excluded") in vault.held() and vault.attachments == {}
    assert [str(d) for d in report.items] == [
        "vault/Elsewhere.md:1: symbolic links are not allowed in the knowledge base; replace "
        "the link with the file itself"]
