"""How the adapter tells MkDocs what the build found, and the few paths it works out."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote, urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from conceptgraph.build import SitePlan
from conceptgraph.diagnostics import Diagnostic, Report
from conceptgraph.notes.settings import APP_JSON
from conceptgraph.render.integrity import verify_site

log = get_plugin_logger(__name__)


def grouped_infos(infos: Iterable[Diagnostic]) -> list[str]:
    """The infos as log lines, one per message: a vault whose every note has the same
    undeclared key is told once, at its first note, with how many more notes have it (a
    warning is never grouped: each one is a place to fix; ``conceptgraph check`` lists all)."""
    groups: dict[tuple[str, str], list[Diagnostic]] = {}
    for d in infos:
        groups.setdefault((d.message, d.hint), []).append(d)
    lines = []
    for (message, _), same in groups.items():
        more = len(same) - 1
        if more:
            message += f" (and in {more} more note{'s' * (more != 1)})"
        lines.append(str(replace(same[0], message=message)))
    return lines


def held_back(plan: SitePlan, kb_display: str) -> list[str]:
    """The log lines that say what the build did not publish, and why: the notes with
    ``publish: false``, and the notes and other files of Obsidian's "Excluded files"."""
    lines = []
    if plan.held_back:
        n = plan.held_back
        lines.append(f"{n} note{'s' * (n != 1)} held back by 'publish: false'")
    notes, others = plan.excluded
    if notes or others:
        counted = [f"{n} {kind}{'s' * (n != 1)}" for n, kind in
                   [(notes, "note"), (others, "other file")] if n]
        lines.append(f"{' and '.join(counted)} held back by Obsidian's excluded files "
                     f"(userIgnoreFilters in {kb_display}/{APP_JSON})")
    return lines


def relative(path: Path, root: Path) -> str:
    """``path`` as named in messages: relative to mkdocs.yml's folder, else its name."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def publish(report: Report, fatal: bool = True) -> None:
    """Log every finding; errors stop the build unless ``fatal`` is false (the preview).

    The plugin's logger starts every line with ``conceptgraph: `` already."""
    for line in grouped_infos(report.infos):
        log.info(line)
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
    return _edit_folder(config.repo_url or "", config.edit_uri or "", Path(config.docs_dir).name,
                        kb_display) + quote(rel)


@functools.lru_cache(maxsize=8)
def _edit_folder(repo_url: str, edit_uri: str, docs: str, kb_display: str) -> str:
    """The edit link of the knowledge base's folder, worked out once for its notes (a note's
    path in the vault has no ``.`` or ``..`` part, so joining it after equals joining it in)."""
    base = edit_uri.rstrip("/")
    base = base[: -len(docs)].rstrip("/") if base.endswith("/" + docs) else base
    return urljoin(repo_url.rstrip("/") + "/", quote(f"{base}/{kb_display}/"))


def announce(plan: SitePlan, kb_display: str, plots: bool, serving: bool) -> None:
    """Log what the build found (its errors stop it, unless ``serving``), what it rendered
    and what it held back."""
    publish(plan.findings, fatal=not serving)
    log.debug("; ".join(f"{stage} {s:.2f} s" for stage, s in plan.timings.items()))
    if plots:
        log.info("plots and figures: {} rendered, {} from cache".format(*plan.plots))
    for line in held_back(plan, kb_display):
        log.info(line)


def check_site(site_dir: str, plan: SitePlan, graph_json: str,
               dirty: frozenset[str] | None) -> None:
    """Stop the build if the written site is not what the plan wrote (``verify_site``)."""
    problems = verify_site(Path(site_dir), plan.notes, plan.urls, graph_json,
                           plan.files[graph_json], plan.graph_nodes, dirty)
    if problems:
        raise PluginError("conceptgraph: the built site does not match the knowledge "
                          "base:\n" + "\n".join(problems) + "\nfix: another plugin or "
                          "step changed or removed these files after the build wrote "
                          "them; build again without it (if the problem stays, it is a "
                          "conceptgraph bug: please report it)")
