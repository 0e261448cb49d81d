"""Whole-site builds in a temporary folder, with the exact log lines they produce."""

from __future__ import annotations

import logging
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

RELATIONS = {
    "typeOf": {"label": "Type of", "inverse": "Subtypes", "taxonomy": True},
    "variants": {"label": "Variants", "inverse": "Variant of"},
    "usedIn": {"label": "Used in", "inverse": "Uses"},
    "advantages": {"label": "Advantages", "inverse": "Advantage of"},
}


@dataclass
class Built:
    root: Path
    site: Path
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failure: Exception | None = None

    def page(self, src: str) -> str:
        """The HTML of the page built from ``src`` (``concepts/relu`` or ``index``)."""
        path = self.site / ("index.html" if src == "index" else f"{src}/index.html")
        return path.read_text(encoding="utf-8")


class _Capture(logging.Handler):
    """Keeps the log records of a build at ``level`` and above."""

    def __init__(self, level: int = logging.WARNING) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def write_notes(folder: Path, notes: dict[str, str | bytes]) -> None:
    for rel, text in notes.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def build_site(root: Path, notes: dict[str, str | bytes], docs: dict[str, str] | None = None,
               strict: bool = True, relations: dict | None = None, site_url: str | None = None,
               extra_config: dict | None = None) -> Built:
    """Write a project (mkdocs.yml, docs/, kb/) under ``root`` and build it like `mkdocs build`."""
    (root / "kb").mkdir(parents=True, exist_ok=True)
    write_notes(root / "kb", notes)
    write_notes(root / "docs", docs or {"index.md": "# Home\n\n<!-- conceptgraph:stats -->\n"})
    config = {
        "site_name": "Test",
        "site_url": site_url or "https://example.org/kb/",
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": {"name": "material"},
        "markdown_extensions": ["toc", "attr_list", "tables"],
        "not_in_nav": "/concepts/**\n",
        # This repository's knowledge base: every note opens with frontmatter
        "plugins": [{"conceptgraph": {"kb_dir": "kb", "relations": relations or RELATIONS,
                                      "plots_enabled": False, "require_frontmatter": True}}],
        **(extra_config or {}),
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    built = Built(root, root / "site")
    try:
        cfg = load_config(str(root / "mkdocs.yml"), strict=strict)
        build(cfg)
    except (Abort, PluginError, SystemExit) as exc:
        built.failure = exc
    finally:
        logger.removeHandler(capture)
    for r in capture.records:
        msg = r.getMessage()
        (built.errors if r.levelno >= logging.ERROR else built.warnings).append(msg)
    return built
