"""mkdocs.yml read by MkDocs' own loader, for the ``conceptgraph`` command.

The command sees the project exactly as a build does: ``!ENV``, ``INHERIT`` and every default
come from MkDocs, the plugin's options are validated by its own config class, and page URLs are
those of MkDocs' ``File`` objects. A configuration MkDocs refuses becomes one ``ProjectError``
that names the file and line, never a traceback.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.structure.files import File, get_files

from conceptgraph.diagnostics import Diagnostic
from conceptgraph.notes.note import Relation
from conceptgraph.notes.relations import parse_relations
from conceptgraph.plugin.config import ConceptGraphConfig
from conceptgraph.plugin.plugin import ConceptGraphPlugin

PLUGIN = "conceptgraph"
HINT = "fix mkdocs.yml"


class ProjectError(Exception):
    """mkdocs.yml cannot be used: one diagnostic, with the file and line."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


@dataclass(frozen=True)
class ProjectConfig:
    """What the command needs from mkdocs.yml, as MkDocs and the plugin validated it."""

    config_file: Path | None  # None: no mkdocs.yml, every option at its default
    kb_dir: Path
    relations: dict[str, Relation]
    docs_dir: Path
    site_dir: Path
    use_directory_urls: bool
    site_url: str | None
    plots_cache_dir: Path | None  # None without mkdocs.yml: there is no project to cache in
    warnings: tuple[Diagnostic, ...] = ()
    unresolved: str = "warn"  # the plugin's policy for links to notes not written yet
    # The source paths MkDocs publishes from docs_dir (its own walk and exclude_docs)
    docs_files: tuple[str, ...] | None = None
    undeclared: str = "show"  # the plugin's policy for frontmatter keys nobody declared
    require_frontmatter: bool = False  # whether a note without frontmatter is an error
    plots: bool = True  # plots_enabled: whether the page of activation functions is built
    assets: bool = True  # whether the plugin publishes its files under assets/conceptgraph/
    graph_json: str = "graph.json"  # where the build writes the graph's JSON

    def page_urls(self, srcs: Mapping[str, str]) -> dict[str, str]:
        """The URL (from the site root) MkDocs gives each page source, under the same key."""
        docs, site = str(self.docs_dir), str(self.site_dir)
        return {key: File(src, docs, site, self.use_directory_urls).url
                for key, src in srcs.items()}


def default_project(kb_dir: Path) -> ProjectConfig:
    """The project without a mkdocs.yml: the plugin's and MkDocs' defaults."""
    here = Path.cwd()
    return ProjectConfig(None, kb_dir, _relations(_default_options(), "mkdocs.yml", None),
                         here / "docs", here / "site", True, None, None)


def load_project_config(config_file: Path, display: str) -> ProjectConfig:
    """Read ``config_file`` with MkDocs' loader; ``display`` names it in messages.

    Raises ProjectError for anything MkDocs or the plugin refuses.
    """
    with _mkdocs_log() as records:
        try:
            config = load_config(str(config_file))
        except ConfigurationError as exc:  # unreadable: no such file, bad YAML, bad INHERIT
            raise ProjectError(_unreadable(exc, display)) from None
        except Abort:  # the errors were logged; or warnings, with strict: true in the file
            refused = [_text(r) for r in records if r.levelno >= logging.ERROR] or \
                [_text(r) for r in records]
            message = refused[0] if refused else "MkDocs refused the configuration"
            raise ProjectError(Diagnostic(display, _line_of(config_file, message), "error",
                                          message, HINT)) from None
    with _mkdocs_log() as walked:  # MkDocs' own walk of docs/ (it may warn, as in a build)
        files = get_files(config) if Path(config.docs_dir).is_dir() else None
    docs_files = None if files is None else tuple(sorted(f.src_uri for f in files
                                                         if f.inclusion.is_included()))
    warnings = tuple(Diagnostic(display, _line_of(config_file, m), "warning", m, HINT)
                     for m in (_text(r) for r in [*records, *walked]
                               if r.levelno < logging.ERROR))
    plugin = config.plugins.get(PLUGIN)
    options = plugin.config if isinstance(plugin, ConceptGraphPlugin) else _default_options()
    root = config_file.parent
    return ProjectConfig(config_file, root / options.kb_dir,
                         _relations(options, display, config_file), Path(config.docs_dir),
                         Path(config.site_dir), config.use_directory_urls, config.site_url,
                         root / options.plots_cache_dir, warnings, options.unresolved,
                         docs_files, options.undeclared, options.require_frontmatter,
                         options.plots_enabled, options.assets, options.graph_json)


def _default_options() -> ConceptGraphConfig:
    """The plugin's options when mkdocs.yml does not list it (or there is no mkdocs.yml)."""
    options = ConceptGraphConfig()
    options.load_dict({})
    errors, _ = options.validate()
    assert not errors, errors  # the defaults are valid
    return options


def _relations(options: ConceptGraphConfig, display: str,
               config_file: Path | None) -> dict[str, Relation]:
    try:
        return parse_relations(options.relations)
    except ValueError as exc:
        line = _line_of(config_file, f"'plugins': Plugin '{PLUGIN}' option 'relations'") \
            if config_file else 1
        raise ProjectError(Diagnostic(display, line, "error", f"plugins → {PLUGIN} → {exc}",
                                      "fix the relations in mkdocs.yml")) from None


@contextmanager
def _mkdocs_log() -> Iterator[list[logging.LogRecord]]:
    """What MkDocs logs meanwhile (its configuration errors and warnings), kept, not printed."""
    logger = logging.getLogger("mkdocs")
    handler = _Keep()
    propagate, logger.propagate = logger.propagate, False
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


class _Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _text(record: logging.LogRecord) -> str:
    # MkDocs ends its sentences with a period; ours go on with "; fix".
    return record.getMessage().rstrip(".")


def _unreadable(exc: ConfigurationError, display: str) -> Diagnostic:
    cause = exc.__context__
    if isinstance(cause, yaml.MarkedYAMLError):
        mark = cause.problem_mark or cause.context_mark
        return Diagnostic(display, mark.line + 1 if mark else 1, "error",
                          f"invalid YAML: {cause.problem or cause.context}", HINT)
    return Diagnostic(display, 1, "error", str(exc).rstrip("."), HINT)


# MkDocs names what it refuses: "Config value 'plugins': Plugin 'conceptgraph' option 'kb_dir'".
_NAMES = re.compile(r"'([^']+)': (?:Plugin '([^']+)' option '([^']+)')?")


def _line_of(config_file: Path, message: str) -> int:
    """The line of mkdocs.yml that a MkDocs message is about, as far as the file shows it."""
    found = _NAMES.search(message)
    names = [n for n in found.groups() if n] if found else []
    try:
        lines = config_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    line, start = 1, 0
    for name in names:  # each name is looked for below the previous one
        for number in range(start, len(lines)):
            text = lines[number].strip().removeprefix("- ").strip()
            if text == name or text.startswith(f"{name}:"):
                line, start = number + 1, number + 1
                break
        else:
            break
    return line
