"""The folder tree is the design: stages in data-flow order, imports running one way.

    notes → links → graph → activations → media → render → build → changes → plugin (MkDocs)
    → cli
    (and ``python -m conceptgraph``, the CLI again)

Shared by every stage: ``diagnostics``, ``types`` and ``markup`` (the syntax notes are written in).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "conceptgraph"
ORDER = ["__init__", "diagnostics", "types", "markup", "notes", "links", "graph",
         "activations", "media", "render", "build", "changes", "plugin", "cli", "__main__"]
SHARED = {"__init__", "diagnostics", "types", "markup"}
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


def stage(module: str) -> str:
    """The stage of ``conceptgraph.x.y``: ``x``."""
    return module.split(".")[1] if "." in module else "__init__"


def name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, types: bool = True) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function; with ``types`` false,
    not those under ``if TYPE_CHECKING:``, which only annotations use."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if not types:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
                node.body = []
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: name(p))
def test_a_module_imports_only_its_own_and_earlier_stages(path: Path):
    own = stage(name(path))
    for other in sorted(imports(path)):
        if not other.startswith("conceptgraph.") or other.count(".") < 1:
            continue
        theirs = stage(other)
        if theirs not in ORDER or theirs in SHARED or theirs == own:
            continue
        assert ORDER.index(theirs) < ORDER.index(own), f"{name(path)} imports {other}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: name(p))
def test_only_the_adapter_imports_mkdocs(path: Path):
    if stage(name(path)) == "plugin":
        return
    found = {m for m in imports(path) if m.split(".")[0] in ("mkdocs", "properdocs")}
    assert not found, f"{name(path)} imports {sorted(found)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: name(p))
def test_no_module_is_over_300_lines(path: Path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 300


def test_no_import_cycle_between_modules():
    graph = {name(p): {m for m in imports(p, types=False) if m in {name(q) for q in MODULES}}
             for p in MODULES}
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, " → ".join([*path, module])
        if module in done:
            return
        for other in sorted(graph[module]):
            if other != module and not module.startswith(other + "."):
                visit(other, (*path, module))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())


@pytest.mark.parametrize("path", [p for p in MODULES if p.name == "__init__.py"],
                         ids=lambda p: name(p))
def test_every_stage_says_what_it_takes_and_gives(path: Path):
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert doc and len(doc) > 40, name(path)


def test_the_plugin_is_guard_delegate_wrap():
    """The MkDocs plugin class stays thin (issue 13): at most 150 lines, no handler over 15
    lines of code, the work done in the adapter's helpers and the core."""
    path = PACKAGE / "plugin" / "plugin.py"
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 150
    tree = ast.parse(path.read_text(encoding="utf-8"))
    handlers = [node for node in ast.walk(tree)
                if isinstance(node, ast.FunctionDef) and node.name.startswith("on_")]
    assert len(handlers) >= 10
    for handler in handlers:
        body = handler.body[1:] if ast.get_docstring(handler) else handler.body
        lines = {n.lineno for stmt in body for n in ast.walk(stmt) if hasattr(n, "lineno")}
        assert len(lines) <= 15, f"{handler.name}: {len(lines)} lines of code"
