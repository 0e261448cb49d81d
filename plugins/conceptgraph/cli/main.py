"""The ``conceptgraph`` command: scaffold a note, check the knowledge base, export the graph.

Every command reads mkdocs.yml through MkDocs' own loader (or takes the defaults when there is
none), so it sees the knowledge base exactly as a build would. A user error never ends in a
traceback: it is printed as ``path:line: level: message; fix`` and the command exits non-zero
(1 for findings in the knowledge base, 2 when it cannot run: a missing folder, a bad mkdocs.yml).
Each command lives in its own module: ``check``, ``new``, ``graph``; ``schema`` is here.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from conceptgraph.cli.check import cmd_check
from conceptgraph.cli.graph import cmd_graph
from conceptgraph.cli.new import SCHEMA_PATH, cmd_new
from conceptgraph.cli.output import format_text
from conceptgraph.cli.project import UserError, load_project
from conceptgraph.diagnostics import ConceptGraphError


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
                     help="activation-registry name, for a formula and plots (with --formula: "
                     "the new function's name)")
    new.add_argument("--formula", metavar="TEXT",
                     help='a new activation function of x, e.g. "x + sin(a*x)**2 / a"')
    new.add_argument("--parameter", metavar="NAME=NUMBER", action="append",
                     help="a parameter of --formula and its value (repeat for more)")
    new.add_argument("--kb", metavar="KB_DIR", help="knowledge-base folder (default: kb_dir "
                     "from mkdocs.yml, else kb)")
    config(new)
    new.set_defaults(run=cmd_new)

    check = sub.add_parser("check", help="validate the knowledge base without building the site",
                           description="Validate frontmatter, relations, links, taxonomy cycles, "
                           "activation names and params, formulas, images and figure names, as "
                           "strictly as `mkdocs build --strict`. Exit status: 0 clean, 1 errors "
                           "or warnings (errors only with --lenient), 2 cannot run.")
    check.add_argument("kb_dir", nargs="?", metavar="KB_DIR",
                       help="knowledge-base folder (default: kb_dir from mkdocs.yml, else kb)")
    config(check)
    check.add_argument("--lenient", action="store_true",
                       help="fail on errors only (warnings are printed but pass)")
    # Strict is the default now; the flag is kept so old scripts and hooks keep working.
    check.add_argument("--strict", action="store_true", help=argparse.SUPPRESS)
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
