"""How the adapter tells MkDocs what the build found, and the few paths it works out."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from conceptgraph.diagnostics import Report

log = get_plugin_logger(__name__)


def relative(path: Path, root: Path) -> str:
    """``path`` as named in messages: relative to mkdocs.yml's folder, else its name."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def publish(report: Report, fatal: bool = True) -> None:
    """Log every finding; errors stop the build unless ``fatal`` is false (the preview).

    The plugin's logger starts every line with ``conceptgraph: `` already."""
    for d in report.infos:
        log.info(str(d))
    for d in report.warnings:
        log.warning(str(d))
    if not report.errors:
        return
    for d in report.errors:
        log.error(str(d))
    n = len(report.errors)
    if not fatal:
        log.error(f"{n} error{'s' * (n != 1)} in the knowledge base (listed above); the "
                  "preview shows them on those notes' pages until they are fixed, and "
                  "`mkdocs build` stops on them")
        return
    raise PluginError(f"conceptgraph: {n} error{'s' * (n != 1)} in the knowledge base (listed "
                      "above); fix them and build again")


def edit_url(config: MkDocsConfig, kb_display: str, rel: str) -> str:
    """The edit link of a note: the site's edit_uri points into docs/, notes live in kb/."""
    docs = Path(config.docs_dir).name
    base = (config.edit_uri or "").rstrip("/")
    base = base[: -len(docs)].rstrip("/") if base.endswith("/" + docs) else base
    return urljoin((config.repo_url or "").rstrip("/") + "/", quote(f"{base}/{kb_display}/{rel}"))
