"""The vault's own Obsidian settings (``.obsidian/app.json``), read as the site's defaults.

Obsidian keeps a vault's options in ``.obsidian/app.json``, which every vault has and which is
never published. One of them changes how notes read: ``strictLineBreaks`` (Settings → Editor →
Strict line breaks). Off, Obsidian's default, a single line break inside a paragraph shows as a
break; on, it does not, as in CommonMark. The file is the vault author's, not ours: a problem
with it is a warning, and Obsidian's default is used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from conceptgraph.diagnostics import Report

APP_JSON = ".obsidian/app.json"
MAX_BYTES = 1024 * 1024  # Obsidian writes a few hundred bytes


@dataclass(frozen=True)
class VaultSettings:
    """What the site takes from Obsidian's settings (each default is Obsidian's)."""

    strict_line_breaks: bool = False


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
    return VaultSettings(strict_line_breaks=strict)


def _line_of(raw: bytes, key: str) -> int:
    """The line of ``raw`` where ``"key"`` is first written (1 if it is not found)."""
    at = raw.find(f'"{key}"'.encode())
    return raw.count(b"\n", 0, at) + 1 if at >= 0 else 1
