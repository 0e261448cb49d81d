"""``conceptgraph new``: a note written from the template, refusing anything that would clash."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

from conceptgraph.cli.project import display_path, fail, load_project
from conceptgraph.diagnostics import Report
from conceptgraph.notes.files import list_sources
from conceptgraph.notes.names import check_name, slugify
from conceptgraph.notes.note import Relation
from conceptgraph.notes.read import load_notes

SCHEMA_PATH = "schema/note.schema.json"  # where the plugin publishes the schema on the site


def cmd_new(args: argparse.Namespace, out: TextIO) -> int:
    """Write ``kb/<Name>.md`` from the template, refusing anything that would clash."""
    from conceptgraph.graph.build import build_graph
    from conceptgraph.links.resolve import Resolver, name_key

    project = load_project(args.config, args.kb)
    kb, shown = project.kb_dir, display_path(project.kb_dir)
    name = args.name
    why = check_name(name) or _unlinkable(name)
    if why:
        raise fail(shown, f"invalid note name {name!r}: {why}",
                    "choose a name that is also a valid file name on Windows, macOS and Linux")
    if not kb.is_dir():
        raise fail(shown, "knowledge-base folder does not exist",
                    "create it, or pass --kb path/to/kb")
    display = f"{shown}/{name}.md"
    notes, report = load_notes(kb, shown, project.relations, project.require_frontmatter)
    resolver = Resolver(notes, Report())
    owner = resolver.lookup(name)
    if owner is not None:
        raise fail(display, f"the name {name!r} is already claimed by {owner.path}",
                    f"link to [[{owner.name}]] instead, or choose another name", status=1)
    for _, rel in list_sources(kb, shown, Report()):
        stem = Path(rel).name[: -len(".md")]
        if name_key(stem) == name_key(name) or slugify(stem) == slugify(name):
            raise fail(display, f"{shown}/{rel} already uses this name or page address "
                        f"(concepts/{slugify(name)}/)", "choose another name", status=1)

    taxonomy = next((r.key for r in project.relations.values() if r.taxonomy), None)
    cg = build_graph(notes, project.relations, Report())
    parent = None
    if args.type is not None:
        if taxonomy is None:
            raise fail(display_path(project.config_file or Path("mkdocs.yml")),
                        "--type needs a relation with 'taxonomy: true' in mkdocs.yml",
                        "declare one (e.g. typeOf), or leave out --type")
        parent = resolver.lookup(args.type)
        if parent is None:
            raise fail(display, f"--type: no note is called {args.type!r}",
                        resolver.suggest(args.type) or "common parents: "
                        + (", ".join(_common_parents(cg)) or "none yet")
                        + '; add the parent first (conceptgraph new "Parent")', status=1)
    entry = None
    new_function = ' define a new function with --formula "..."'
    if args.activation is not None and args.formula is None:
        from conceptgraph.activations.match import either
        from conceptgraph.activations.registry import UnknownActivation, activations

        try:
            entry = activations.get(args.activation)
        except UnknownActivation as exc:
            raise fail(display, f"--activation: unknown activation {args.activation!r}",
                        (f"did you mean {either(exc.suggestions)}? Or" if exc.suggestions
                         else "known: " + ", ".join(activations.names()) + "; or")
                        + new_function, status=1) from None
    parameters = _parameters(args.parameter or [], display)
    if args.formula is not None:
        from conceptgraph.activations.expression import FormulaError, parse_formula

        try:  # only the grammar here (no sympy); `check` runs every test of the formula
            parse_formula(args.formula, parameters)
        except FormulaError as exc:
            raise fail(display, f"--formula: {exc.message}", exc.hint, status=1) from None

    schema_ref = _schema_ref(project.site_url)
    text = note_template(name, project.relations, taxonomy, parent.name if parent else None,
                         entry.name if entry else args.activation,
                         dict(entry.defaults) if entry else {}, schema_ref,
                         formula=args.formula, parameters=parameters)
    path = kb / f"{name}.md"
    # The name was validated above; this guards the invariant that nothing escapes the kb.
    if path.resolve().parent != kb.resolve():
        raise fail(display, "the note would be written outside the knowledge base",
                    "choose a plain name")
    try:
        with path.open("x", encoding="utf-8", newline="\n") as f:
            f.write(text)
    except FileExistsError:
        raise fail(display, "a note with this file name already exists",
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
    from conceptgraph.activations.registry import activations

    # A name the registry knows gets its function without a field (the guide's rule 2).
    if entry is None and args.formula is None and name not in activations and \
            parent is not None and _is_function(cg, parent.slug):
        print(f"{name} gets no formula, derivative or plots yet: give it a formula (formula: "
              '"..." in the note, or new --formula "..."), see the contributing guide, '
              '"Formulas and plots"', file=out)
    return 0


def _parameters(given: list[str], display: str) -> dict[str, float]:
    """``--parameter a=1.5`` options as a mapping (numbers only: nothing is evaluated)."""
    from conceptgraph.activations.registry import _NUMBER

    out: dict[str, float] = {}
    for item in given:
        key, _, value = item.partition("=")
        if not key.strip() or not _NUMBER.fullmatch(value.strip()):
            raise fail(display, f"--parameter {item!r}: expected NAME=NUMBER",
                       "write e.g. --parameter a=1.5", status=1)
        out[key.strip()] = float(value)
    return out


def _is_function(cg: Any, slug: str) -> bool:
    """Whether ``slug`` is, or is a type of, an activation function (its taxonomy above)."""
    from conceptgraph.activations.match import note_activation
    from conceptgraph.links.resolve import name_key

    seen: set[str] = set()
    todo = [slug]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        note = cg.notes[current]
        if name_key(note.name) == name_key("Activation function") or \
                note_activation(note) is not None or "formula" in note.source.fields:
            return True
        todo += [p.slug for p in cg.parents(current)]
    return False


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
                  schema_ref: str = "", formula: str | None = None,
                  parameters: dict[str, float] | None = None) -> str:
    """A new note in the shape of the user's ReLU note: frontmatter placeholders, a title, and
    the sections to write kept in a comment, so the page shows no empty heading."""
    q = _yaml_quote
    lines = ["---"]
    if schema_ref:
        lines.append(f"# yaml-language-server: $schema={schema_ref}")
    lines.append("aliases: []")
    if activation:  # with a formula: the new function's name
        lines.append(f"activation: {q(activation)}")
    if formula is not None:
        lines.append(f"formula: {q(formula)}")
        if parameters:
            shown = ", ".join(f"{k}: {v!r}" for k, v in parameters.items())
            lines.append(f"parameters: {{{shown}}}")
        lines.append("# plot: {x: [-5, 5]}  # the plotted interval; uncomment to change it")
    elif activation and defaults:
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
    generated = ("\nThe Formula, Plot and Properties sections are made from the frontmatter "
                 "(formula: or activation:);\ndo not write them yourself.\n"
                 if activation or formula is not None else "")
    body = f"""
# {name}

<!-- Write one or two sentences here: what {name} is and why it matters.

Then add the sections you have something for (a heading with nothing under it shows as an
empty section on the page), for example:

## Definition
Quote the defining paper: From Author et al. (Year): "..."

## Historical Context
## Key Advantages
## Variants
## Problems and Solutions
## Modern Usage
{generated}-->
"""
    return "\n".join(lines) + "\n" + body


def _yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    import json

    return json.dumps(text, ensure_ascii=False)
