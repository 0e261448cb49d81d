"""The vault's own Obsidian settings (``.obsidian/app.json``), read as the site's defaults.

Obsidian keeps a vault's options in ``.obsidian/app.json``, which every vault has and which is
never published. Two of them change the site:

- ``strictLineBreaks`` (Settings → Editor → Strict line breaks). Off, Obsidian's default, a
  single line break inside a paragraph shows as a break; on, it does not, as in CommonMark.
- ``userIgnoreFilters`` (Settings → Files and links → Excluded files): a list of vault paths.
  A file whose vault path starts with one of them (``"Templates/"``, ``"Archive"``: also
  ``Archives.md``, a plain prefix as in Obsidian) is held back like a ``publish: false`` note
  (``notes/read.py``). Obsidian reads an entry written ``/pattern/`` as a regular expression;
  such an entry comes from text anybody may propose (a pull request), and Python's ``re`` has
  no time limit, so it is never compiled: it is a warning, and not applied.

The file is the vault author's, not ours: a problem with it is a warning, and Obsidian's
default is used.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conceptgraph.diagnostics import Report

APP_JSON = ".obsidian/app.json"
MAX_BYTES = 1024 * 1024  # Obsidian writes a few hundred bytes
_EXCLUDED_FIX = ("list the folder or file as a path instead, e.g. \"Templates/\" "
                 "(Obsidian: Settings → Files and links → Excluded files)")


@dataclass(frozen=True)
class VaultSettings:
    """What the site takes from Obsidian's settings (each default is Obsidian's)."""

    strict_line_breaks: bool = False
    # Obsidian's "Excluded files": vault path prefixes (Unicode NFC), in the file's order
    excluded: tuple[str, ...] = ()

    def excludes(self, rel: str) -> bool:
        """Whether the file at vault path ``rel`` (``a/b.md``) is one of the excluded files."""
        return bool(self.excluded) and \
            unicodedata.normalize("NFC", rel).startswith(self.excluded)


def read_settings(kb_dir: Path, display: str, report: Report) -> VaultSettings:
    """The settings of the vault in ``kb_dir`` (``display``: its name in messages); Obsidian's
    defaults without ``.obsidian/app.json``, and for anything in it that cannot be read."""
    path = kb_dir / APP_JSON
    shown = f"{display}/{APP_JSON}"
    fix = "fix it in Obsidian (Settings → Editor), or delete the file: Obsidian writes it again"
    if path.is_symlink():
        report.warning(shown, 1, "Obsidian's settings file is a symbolic link and is not read",
                       "make it a file of the vault", "settings")
        return VaultSettings()
    if not path.is_file():
        return VaultSettings()
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        report.warning(shown, 1, f"Obsidian's settings file is {len(raw)} bytes; it is not read "
                       f"(at most {MAX_BYTES})", fix, "settings")
        return VaultSettings()
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        report.warning(shown, 1, "Obsidian's settings file is not UTF-8 text; it is not read",
                       fix, "settings")
        return VaultSettings()
    except json.JSONDecodeError as exc:
        report.warning(shown, exc.lineno, f"Obsidian's settings file is not valid JSON "
                       f"({exc.msg}); it is not read", fix, "settings")
        return VaultSettings()
    except RecursionError:
        report.warning(shown, 1, "Obsidian's settings file nests too deep; it is not read", fix,
                       "settings")
        return VaultSettings()
    if not isinstance(data, dict):
        report.warning(shown, 1, "Obsidian's settings file is not a JSON object; it is not "
                       "read", fix, "settings")
        return VaultSettings()
    strict = data.get("strictLineBreaks", False)
    if not isinstance(strict, bool):
        line = _line_of(raw, "strictLineBreaks")
        report.warning(shown, line, f"strictLineBreaks is {json.dumps(strict)[:40]}, not true "
                       "or false; Obsidian's default (false) is used", fix, "settings")
        strict = False
    excluded = _excluded(data.get("userIgnoreFilters", []), raw, shown, report)
    return VaultSettings(strict_line_breaks=strict, excluded=excluded)


def _excluded(filters: Any, raw: bytes, shown: str, report: Report) -> tuple[str, ...]:
    """The path prefixes of ``userIgnoreFilters``. Each entry that is not one is a warning at
    its line and is not applied; the others are."""
    if not isinstance(filters, list):
        report.warning(shown, _line_of(raw, "userIgnoreFilters"), "userIgnoreFilters is "
                       f"{json.dumps(filters)[:40]}, not a list of paths; Obsidian's default "
                       "(no file excluded) is used", "write a list, e.g. \"userIgnoreFilters\": "
                       "[\"Templates/\"], or set Excluded files in Obsidian (Settings → Files "
                       "and links)", "settings")
        return ()
    prefixes: list[str] = []
    for entry, line in zip(filters, _item_lines(raw, "userIgnoreFilters", filters), strict=True):
        written = json.dumps(entry, ensure_ascii=False)[:60]
        if not isinstance(entry, str):
            report.warning(shown, line, f"userIgnoreFilters entry {written} is not text; it is "
                           "not applied", _EXCLUDED_FIX, "settings")
        elif len(entry) > 1 and entry.startswith("/") and entry.endswith("/"):
            report.warning(shown, line, f"userIgnoreFilters entry {written} is a regular "
                           "expression; it is not applied, so the files it matches are "
                           "published (the site runs no pattern written in the vault: one "
                           "could take forever to match)", _EXCLUDED_FIX, "settings")
        elif not entry:
            report.warning(shown, line, "userIgnoreFilters entry \"\" is empty; it is not "
                           "applied (as a path it would exclude every file)",
                           "remove it, or write the folder or file to exclude", "settings")
        else:
            prefixes.append(unicodedata.normalize("NFC", entry))
    return tuple(prefixes)


def _line_of(raw: bytes, key: str) -> int:
    """The line of ``raw`` where ``"key"`` is first written (1 if it is not found)."""
    return _line_at(raw, raw.find(f'"{key}"'.encode()))


def _line_at(raw: bytes, at: int) -> int:
    """The line of byte offset ``at`` of ``raw`` (1 for -1: not found)."""
    return raw.count(b"\n", 0, at) + 1 if at >= 0 else 1


def _item_lines(raw: bytes, key: str, items: list[Any]) -> list[int]:
    """The line of each of ``items``, the list written after ``"key"`` in ``raw``: each is
    looked for as JSON writes it (with or without escapes), after the one before; one written
    some other way gets the line of the key."""
    start = raw.find(f'"{key}"'.encode())
    at, lines = max(start, 0), []
    for item in items:
        found = -1
        for form in dict.fromkeys([json.dumps(item, ensure_ascii=False), json.dumps(item)]):
            found = raw.find(form.encode(), at)
            if found >= 0:
                at = found + len(form.encode())
                break
        lines.append(_line_at(raw, found if found >= 0 else start))
    return lines
