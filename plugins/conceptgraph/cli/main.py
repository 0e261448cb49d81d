"""The ``conceptgraph`` command: scaffold a note, check the knowledge base, export the graph.

Every command reads the relations from mkdocs.yml (or the defaults when there is none), so it
sees the knowledge base exactly as a build would. A user error never ends in a traceback: it is
printed as ``path:line: level: message; fix`` and the command exits non-zero (1 for findings in
the knowledge base, 2 when it cannot run: a missing folder, an unreadable mkdocs.yml).
"""

from __future__ import annotations

import argparse
import os
import posixpath
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import yaml

from conceptgraph.diagnostics import ConceptGraphError, Diagnostic, Report
from conceptgraph.notes.read import Relation, check_name, list_sources, load_notes, slugify
from conceptgraph.notes.relations import DEFAULT_RELATIONS, parse_relations

PLUGIN = "conceptgraph"
SCHEMA_PATH = "schema/note.schema.json"  # where the plugin publishes the schema on the site


class UserError(Exception):
    """A problem with the user's input: printed as one diagnostic, never as a traceback."""

    def __init__(self, diagnostic: Diagnostic, status: int = 2):
        super().__init__(str(diagnostic))
        self.diagnostic, self.status = diagnostic, status


def _fail(path: str, message: str, hint: str = "", line: int = 1, status: int = 2) -> UserError:
    return UserError(Diagnostic(path, line, "error", message, hint), status)


# -- mkdocs.yml ------------------------------------------------------------------------------


class _ConfigLoader(yaml.SafeLoader):
    """SafeLoader that understands mkdocs.yml's ``!ENV`` and ignores tags it cannot run."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # `!ENV VAR` or `!ENV [VAR, OTHER, default]`: the first variable that is set, else the
    # default (the last item of a list of two or more), else None — as pyyaml-env-tag does.
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    elif isinstance(node, yaml.SequenceNode):
        items = loader.construct_sequence(node)
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    else:
        return None
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return default


_ConfigLoader.add_constructor("!ENV", _env_tag)
# `!!python/name:...` (pymdownx emoji and the like) and `!relative` never run here.
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
_ConfigLoader.add_multi_constructor("!", lambda *_: None)


@dataclass
class Project:
    """What the commands need from mkdocs.yml."""

    config: Path | None
    kb_dir: Path
    relations: dict[str, Relation]
    site_url: str | None
    cache_dir: Path | None = None


def load_project(config_arg: str | None, kb_arg: str | None) -> Project:
    """Read mkdocs.yml (``--config``, else ./mkdocs.yml if present) for kb_dir and relations."""
    path = Path(config_arg or "mkdocs.yml")
    if not path.is_file():
        if config_arg:
            raise _fail(config_arg, "config file not found", "pass --config path/to/mkdocs.yml")
        kb = Path(kb_arg or "kb")
        return Project(None, kb, parse_relations(DEFAULT_RELATIONS), None)
    shown = _shown(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise _fail(shown, f"invalid YAML: {exc.problem or exc.context}",
                    "fix mkdocs.yml", line=mark.line + 1 if mark else 1) from None
    except (yaml.YAMLError, OSError, UnicodeDecodeError) as exc:
        raise _fail(shown, f"cannot read the config: {exc}", "fix mkdocs.yml") from None
    data = data if isinstance(data, dict) else {}
    options = _plugin_options(data.get("plugins"))
    try:
        relations = parse_relations(options.get("relations", DEFAULT_RELATIONS) or {})
    except ValueError as exc:
        raise _fail(shown, f"plugins → conceptgraph → {exc}", "fix the relations in mkdocs.yml",
                    line=_line_of(path, "relations:")) from None
    kb_option = options.get("kb_dir", "kb")
    kb = Path(kb_arg) if kb_arg else path.parent / str(kb_option)
    site_url = data.get("site_url")
    cache = path.parent / str(options.get("plots_cache_dir", ".cache/conceptgraph"))
    return Project(path, kb, relations, site_url if isinstance(site_url, str) else None, cache)


def _plugin_options(plugins: Any) -> dict[str, Any]:
    entries = plugins.items() if isinstance(plugins, dict) else [
        next(iter(p.items())) if isinstance(p, dict) and p else (p, {}) for p in plugins or []]
    for name, options in entries:
        if name == PLUGIN:
            return options if isinstance(options, dict) else {}
    return {}


def _line_of(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip().startswith(text):
            return number
    return 1


def _shown(path: Path) -> str:
    """A path as messages show it: relative to the working folder when inside it, POSIX style."""
    try:
        rel = path.resolve().relative_to(Path.cwd().resolve())
        return rel.as_posix() or "."
    except ValueError:
        return posixpath.normpath(path.as_posix())


def _require_kb(kb: Path, shown: str) -> int:
    """The number of note files under ``kb``; exit 2 when the folder is missing or empty."""
    if not kb.is_dir():
        raise _fail(shown, "knowledge-base folder does not exist",
                    "pass the folder of notes (conceptgraph check path/to/kb), or set kb_dir in "
                    "mkdocs.yml")
    count = len(list_sources(kb, shown, Report()))
    if count == 0:
        raise _fail(shown, "the knowledge-base folder holds no notes (.md files)",
                    'add one with: conceptgraph new "Name"')
    return count


# -- output ----------------------------------------------------------------------------------


def format_text(d: Diagnostic) -> str:
    """``path:line: level: message; fix``."""
    text = f"{d.path}:{d.line}: {d.level}: {d.message}"
    return f"{text}; {d.hint}" if d.hint else text


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(d: Diagnostic) -> str:
    """A GitHub Actions workflow command: ``::error file=kb/X.md,line=4,title=...::message``."""
    message = f"{d.message}; {d.hint}" if d.hint else d.message
    props = f"file={_escape_property(d.path)},line={d.line},title={_escape_property(PLUGIN)}"
    return f"::{d.level} {props}::{_escape_data(message)}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(findings: Sequence[Diagnostic], notes: int) -> str:
    """``3 errors, 1 warning in 44 notes``."""
    levels = Counter(d.level for d in findings)
    return (f"{_plural(levels['error'], 'error')}, {_plural(levels['warning'], 'warning')} "
            f"in {_plural(notes, 'note')}")


# -- commands --------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    """Validate the knowledge base; 1 on errors (or warnings with --strict), else 0."""
    from conceptgraph.cli.check import check_kb

    project = load_project(args.config, args.kb_dir)
    shown = _shown(project.kb_dir)
    files = _require_kb(project.kb_dir, shown)
    result = check_kb(project.kb_dir, shown, project.relations, project.cache_dir)
    findings = result.findings()
    line = format_github if args.format == "github" else format_text
    for d in findings:
        print(line(d), file=out)
    print(summary(findings, files), file=out)
    levels = {d.level for d in findings}
    return 1 if "error" in levels or (args.strict and "warning" in levels) else 0


def cmd_graph(args: argparse.Namespace, out: TextIO) -> int:
    """Export the typed concept graph as graph.json or GraphML."""
    from conceptgraph.graph.build import build_graph

    project = load_project(args.config, args.kb_dir)
    shown = _shown(project.kb_dir)
    _require_kb(project.kb_dir, shown)
    notes, report = load_notes(project.kb_dir, shown, project.relations)
    cg = build_graph(notes, project.relations, report)
    if report.errors:
        raise ConceptGraphError(report.errors)
    text = graph_json(cg) if args.format == "json" else graph_graphml(cg)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8", newline="\n")
    else:
        out.write(text if text.endswith("\n") else text + "\n")
    return 0


def graph_json(cg: Any) -> str:
    """Exactly the site's graph.json."""
    from conceptgraph.graph.export import to_json
    from conceptgraph.render.pages import concept_src

    return to_json(cg, {s: concept_src(n)[: -len(".md")] + "/" for s, n in cg.notes.items()})


def graph_graphml(cg: Any) -> str:
    """GraphML of the typed graph, with the page URLs of graph.json."""
    from conceptgraph.graph.export import to_graphml
    from conceptgraph.render.pages import concept_src

    return to_graphml(cg, {s: concept_src(n)[: -len(".md")] + "/" for s, n in cg.notes.items()})


def cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    """Print (or write) the JSON Schema of note frontmatter for the configured relations."""
    from conceptgraph.render.schema import schema_json

    project = load_project(args.config, None)
    text = schema_json(project.relations)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8", newline="\n")
    else:
        out.write(text)
    return 0


def cmd_new(args: argparse.Namespace, out: TextIO) -> int:
    """Write ``kb/<Name>.md`` from the template, refusing anything that would clash."""
    from conceptgraph.graph.build import build_graph
    from conceptgraph.links.resolve import Resolver, name_key

    project = load_project(args.config, args.kb)
    kb, shown = project.kb_dir, _shown(project.kb_dir)
    name = args.name
    why = check_name(name) or _unlinkable(name)
    if why:
        raise _fail(shown, f"invalid note name {name!r}: {why}",
                    "choose a name that is also a valid file name on Windows, macOS and Linux")
    if not kb.is_dir():
        raise _fail(shown, "knowledge-base folder does not exist",
                    "create it, or pass --kb path/to/kb")
    display = f"{shown}/{name}.md"
    notes, report = load_notes(kb, shown, project.relations)
    resolver = Resolver(notes, Report())
    owner = resolver.lookup(name)
    if owner is not None:
        raise _fail(display, f"the name {name!r} is already claimed by {owner.path}",
                    f"link to [[{owner.name}]] instead, or choose another name", status=1)
    for _, rel in list_sources(kb, shown, Report()):
        stem = Path(rel).name[: -len(".md")]
        if name_key(stem) == name_key(name) or slugify(stem) == slugify(name):
            raise _fail(display, f"{shown}/{rel} already uses this name or page address "
                        f"(concepts/{slugify(name)}/)", "choose another name", status=1)

    taxonomy = next((r.key for r in project.relations.values() if r.taxonomy), None)
    cg = build_graph(notes, project.relations, Report())
    parent = None
    if args.type is not None:
        if taxonomy is None:
            raise _fail(_shown(project.config or Path("mkdocs.yml")),
                        "--type needs a relation with 'taxonomy: true' in mkdocs.yml",
                        "declare one (e.g. typeOf), or leave out --type")
        parent = resolver.lookup(args.type)
        if parent is None:
            raise _fail(display, f"--type: no note is called {args.type!r}",
                        resolver.suggest(args.type) or "common parents: "
                        + (", ".join(_common_parents(cg)) or "none yet")
                        + '; add the parent first (conceptgraph new "Parent")', status=1)
    entry = None
    if args.activation is not None:
        from conceptgraph.activations.match import either
        from conceptgraph.activations.numeric import UnknownActivation, activations

        try:
            entry = activations.get(args.activation)
        except UnknownActivation as exc:
            raise _fail(display, f"--activation: unknown activation {args.activation!r}",
                        (f"did you mean {either(exc.suggestions)}?"
                         if exc.suggestions else "known: " + ", ".join(activations.names())),
                        status=1) from None

    schema_ref = _schema_ref(project.site_url)
    text = note_template(name, project.relations, taxonomy, parent.name if parent else None,
                         entry.name if entry else None,
                         dict(entry.defaults) if entry else {}, schema_ref)
    path = kb / f"{name}.md"
    # The name was validated above; this guards the invariant that nothing escapes the kb.
    if path.resolve().parent != kb.resolve():
        raise _fail(display, "the note would be written outside the knowledge base",
                    "choose a plain name")
    try:
        with path.open("x", encoding="utf-8", newline="\n") as f:
            f.write(text)
    except FileExistsError:
        raise _fail(display, "a note with this file name already exists",
                    "edit it, or choose another name", status=1) from None
    print(f"wrote {display}", file=out)
    key = name_key(name)
    wanted = next((w for k, w in cg.wanted.items() if name_key(k) == key), [])
    if wanted:
        sources = sorted({w.note.path for w in wanted})
        print(f"{len(sources)} note(s) already link to it: {', '.join(sources)}", file=out)
    if parent is None and taxonomy is not None:
        common = _common_parents(cg)
        print(f"no --type given: {taxonomy} is left empty"
              + (f"; common parents: {', '.join(common)}" if common else ""), file=out)
    return 0


# `[ ] | # ^` cut a wiki-link short ([[C#]] is a heading link); `< > : " ? *` are not allowed in
# Windows file names. Existing notes are judged by notes.check_name alone.
_NEW_NAME_FORBIDDEN = '[]|#^<>:"?*'


def _unlinkable(name: str) -> str | None:
    bad = sorted({c for c in name if c in _NEW_NAME_FORBIDDEN})
    if bad:
        return "the name contains " + " ".join(repr(c) for c in bad) + \
            ", which wiki-links or Windows file names cannot hold"
    return None


def _common_parents(cg: Any, limit: int = 8) -> list[str]:
    """Taxonomy parents, the most used first."""
    taxonomy = cg.taxonomy_relations()
    counts = Counter(e.target for e in cg.edges() if e.relation in taxonomy)
    ranked = sorted(counts, key=lambda s: (-counts[s], cg.notes[s].name.casefold()))
    return [str(cg.notes[s].name) for s in ranked[:limit]]


def _schema_ref(site_url: str | None) -> str:
    # The published URL: valid from any folder depth, and it is the schema of what main builds.
    base = (site_url or "").strip()
    return (base.rstrip("/") + "/" + SCHEMA_PATH) if base else ""


def note_template(name: str, relations: dict[str, Relation], taxonomy: str | None,
                  parent: str | None, activation: str | None, defaults: dict[str, float],
                  schema_ref: str = "") -> str:
    """A new note in the shape of the user's ReLU note: frontmatter placeholders, then sections."""
    q = _yaml_quote
    lines = ["---"]
    if schema_ref:
        lines.append(f"# yaml-language-server: $schema={schema_ref}")
    lines.append("aliases: []")
    if activation:
        lines.append(f"activation: {q(activation)}")
        if defaults:
            shown = ", ".join(f"{k}: {v:g}" for k, v in defaults.items())
            lines.append(f"# params: {{{shown}}}  # the defaults; uncomment to change them")
    lines.append('# foundationalPaper: "Title (Authors, Year)"')
    lines.append("keyPapers: []")
    if taxonomy:
        lines.append(f"{taxonomy}: {q(f'[[{parent}]]')}" if parent else
                     f'{taxonomy}: []  # e.g. "[[Activation function]]"')
    for key in ("advantages", "variants", "usedIn"):
        if key in relations and key != taxonomy:
            lines.append(f"{key}: []")
    lines.append("---")
    body = f"""
# {name}

<!-- One or two sentences: what {name} is and why it matters. -->

## Definition

<!-- Quote the defining paper: From Author et al. (Year): "..." -->

## Historical Context

## Key Advantages

## Variants

## Problems and Solutions

## Modern Usage
"""
    return "\n".join(lines) + "\n" + body


def _yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    import json

    return json.dumps(text, ensure_ascii=False)


# -- entry point -----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command (``--help`` on each)."""
    parser = argparse.ArgumentParser(
        prog="conceptgraph",
        description="Scaffold, check and export a conceptgraph knowledge base.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def config(p: argparse.ArgumentParser) -> None:
        p.add_argument("--config", metavar="FILE",
                       help="mkdocs.yml to read kb_dir and relations from (default: ./mkdocs.yml "
                       "if present, else the default relations)")

    new = sub.add_parser("new", help="write a new note from the template",
                         description="Write KB/Name.md from the note template. Refuses to "
                         "overwrite, and refuses a name, title or alias another note claims.")
    new.add_argument("name", help='the concept\'s name, e.g. "Leaky ReLU" (becomes the file name)')
    new.add_argument("--type", metavar="PARENT",
                     help='the parent concept (typeOf), e.g. "Activation function"')
    new.add_argument("--activation", metavar="NAME",
                     help="activation-registry name, for a formula and plots")
    new.add_argument("--kb", metavar="KB_DIR", help="knowledge-base folder (default: kb_dir "
                     "from mkdocs.yml, else kb)")
    config(new)
    new.set_defaults(run=cmd_new)

    check = sub.add_parser("check", help="validate the knowledge base without building the site",
                           description="Validate frontmatter, relations, links, taxonomy cycles, "
                           "activation names and params, and figure names. Exit status: 0 "
                           "clean, 1 errors (or warnings with --strict), 2 cannot run.")
    check.add_argument("kb_dir", nargs="?", metavar="KB_DIR",
                       help="knowledge-base folder (default: kb_dir from mkdocs.yml, else kb)")
    config(check)
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="text: path:line: level: message; fix (default). github: GitHub "
                       "Actions annotations")
    check.set_defaults(run=cmd_check)

    graph = sub.add_parser("graph", help="export the typed concept graph",
                           description="Export the concept graph: json is the site's graph.json; "
                           "graphml is for Gephi, yEd or networkx.")
    graph.add_argument("kb_dir", nargs="?", metavar="KB_DIR",
                       help="knowledge-base folder (default: kb_dir from mkdocs.yml, else kb)")
    config(graph)
    graph.add_argument("--format", choices=("json", "graphml"), default="json")
    graph.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    graph.set_defaults(run=cmd_graph)

    schema = sub.add_parser("schema", help="print the JSON Schema of note frontmatter",
                            description="The JSON Schema (draft 2020-12) of note frontmatter, "
                            "for the relations declared in mkdocs.yml. The site publishes it at "
                            f"{SCHEMA_PATH}.")
    config(schema)
    schema.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    schema.set_defaults(run=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args, sys.stdout))
    except UserError as exc:
        print(format_text(exc.diagnostic), file=sys.stderr)
        return exc.status
    except ConceptGraphError as exc:
        for d in exc.diagnostics:
            print(format_text(d), file=sys.stderr)
        return 1
    except BrokenPipeError:  # `conceptgraph check | head`: the reader left, nothing to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:
        where = exc.filename if isinstance(exc.filename, str) else "conceptgraph"
        print(f"{where}:1: error: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
