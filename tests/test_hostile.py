"""The hostile-notes corpus: every file in tests/hostile/ is one case, built as a real site.

A case is a YAML file (see tests/hostile/README.md):

    about: the kind of bad input (a row of issue 7)
    expect: error | warning | ok
    messages: ["kb/A.md:2: duplicate key 'title'", ...]   # prefixes of every message, in order
    files: {A.md: "text", B.md: {bytes: '\\xff'}, C.md: {symlink: A.md}, ...}
    html: {concepts/a/index.html: {present: [...], absent: [...]}}
    same_as_lf: true        # the pages equal those of the same notes with LF, no BOM

Each case checks: the outcome (error: the build stops; warning: only `--strict` stops it; ok: a
clean strict build), the exact messages, that every message is `path:line: problem; fix`, that no
exception other than MkDocs' own clean failures escaped, and, for a site that was written, one
concept page and one graph node per note.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.exceptions import Abort
from sitebuild import RELATIONS, Built, build_site

pytestmark = pytest.mark.site

CASES_DIR = Path(__file__).parent / "hostile"
CASES = sorted(CASES_DIR.glob("*.yaml"))
# The real site's Markdown (mkdocs.yml) and search, so the cases meet what readers get.
PLUGINS = {
    "plugins": ["search", {"conceptgraph": {"kb_dir": "kb", "relations": RELATIONS,
                                            "plots_enabled": False,
                                            "require_frontmatter": True}}],
    "markdown_extensions": [{"toc": {"permalink": True}}, "admonition", "attr_list",
                            "md_in_html", "tables", "footnotes", "pymdownx.details",
                            "pymdownx.superfences", {"pymdownx.arithmatex": {"generic": True}}],
}
PREFIX = "conceptgraph: "
SUMMARY = re.compile(r"^conceptgraph: \d+ errors? in the knowledge base \(listed above\)")
EXPLAINED = re.compile(r"^[^\s:][^:]*:\d+: \S.*; \S")  # path:line: problem; fix


@dataclass
class Case:
    name: str
    about: str
    expect: str
    files: dict[str, Any]
    messages: list[str] = field(default_factory=list)
    html: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    same_as_lf: bool = False

    @classmethod
    def load(cls, path: Path) -> Case:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["expect"] in ("error", "warning", "ok"), path
        return cls(name=path.stem, **data)


def content(spec: Any) -> bytes | tuple[str, str]:
    """A file's bytes from its spec, or ("symlink", target)."""
    if isinstance(spec, str):
        return spec.encode("utf-8")
    if "symlink" in spec:
        return ("symlink", spec["symlink"])
    if "bytes" in spec:  # Python escapes: '\xff', '\r\n', '\x00'; other text as UTF-8
        return codecs.escape_decode(spec["bytes"].encode("utf-8"))[0]
    # {parts: [[text, times], ...]}: big inputs without big files (escapes as in bytes)
    return b"".join(content({"bytes": text}) * times  # type: ignore[operator]
                    for text, times in spec["parts"])


def write_case(root: Path, files: dict[str, Any]) -> dict[str, bytes]:
    """Write the case's kb/ (symbolic links included); returns the regular files."""
    kb = root / "kb"
    kb.mkdir(parents=True)
    regular = {}
    for rel, spec in files.items():
        path = kb / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content(spec)
        if isinstance(data, tuple):
            path.symlink_to(data[1])
        else:
            path.write_bytes(data)
            regular[rel] = data
    return regular


def build(root: Path, files: dict[str, Any]) -> tuple[Built, dict[str, bytes]]:
    regular = write_case(root, files)
    return build_site(root, {}, strict=True, extra_config=PLUGINS), regular


def by_place(message: str) -> tuple[str, int, str]:
    """``path:line: text`` sorted by path, then line as a number."""
    m = re.match(r"(.*?):(\d+): ", message)
    return (m.group(1), int(m.group(2)), message) if m else (message, 0, message)


def lf_twin(data: bytes) -> bytes:
    return data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def concept_pages(site: Path) -> list[str]:
    """The concept pages of ``site`` (those under folders too, but not the A–Z page nor the
    redirects an alias or permalink leaves)."""
    root = site / "concepts"
    return sorted(p.parent.relative_to(root).as_posix() for p in root.glob("**/index.html")
                  if p.parent != root and 'http-equiv="refresh"' not in p.read_text("utf-8"))


def article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


def test_every_case_file_is_a_case():
    names = {p.name for p in CASES_DIR.iterdir()} - {"README.md"}
    assert names == {p.name for p in CASES}, "tests/hostile/ holds only <case>.yaml files"


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_hostile_case(path: Path, tmp_path: Path) -> None:
    case = Case.load(path)
    built, regular = build(tmp_path / "project", case.files)
    emitted = built.errors + built.warnings
    assert not any("Traceback" in m for m in emitted), emitted
    assert "Traceback" not in str(built.failure or "")
    ours = [m.removeprefix(PREFIX) for m in emitted if not SUMMARY.match(m)]

    # The exact messages, each a prefix of one emitted message, both in file and line order.
    assert len(ours) == len(case.messages), "\n".join(ours)
    for got, want in zip(sorted(ours, key=by_place), sorted(case.messages, key=by_place),
                         strict=True):
        assert got.startswith(want), f"\n  got:  {got}\n  want: {want}"
    for message in ours:
        assert EXPLAINED.match(message), f"not 'path:line: problem; fix': {message}"

    if case.expect == "error":
        assert built.failure is not None and built.errors, emitted
        assert any(SUMMARY.match(m) for m in built.errors)
        return
    assert built.errors == []
    if case.expect == "warning":
        assert built.warnings, "a warning case must warn"
        assert isinstance(built.failure, Abort) and "strict mode" in str(built.failure)
    else:
        assert built.failure is None, emitted

    # Nothing lost: one page and one graph node per note.
    notes = [rel for rel in regular if rel.endswith(".md")]
    assert len(concept_pages(built.site)) == len(notes)
    graph = json.loads((built.site / "graph.json").read_text(encoding="utf-8"))
    assert len(graph["nodes"]) == len(notes)

    for rel, checks in case.html.items():
        text = (built.site / rel).read_text(encoding="utf-8")
        for s in checks.get("present", []):
            assert s in text, f"{rel} lacks {s!r}"
        for s in checks.get("absent", []):
            assert s not in text, f"{rel} holds {s!r}"

    if case.same_as_lf:
        for rel, data in regular.items():
            (tmp_path / "lf" / "kb" / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / "lf" / "kb" / rel).write_bytes(lf_twin(data))
        twin = build_site(tmp_path / "lf", {}, strict=True, extra_config=PLUGINS)
        assert twin.failure is None, twin.warnings + twin.errors
        for page in concept_pages(built.site):
            ours_html = (built.site / "concepts" / page / "index.html").read_bytes()
            lf_html = (twin.site / "concepts" / page / "index.html").read_bytes()
            assert ours_html == lf_html, page
        assert (built.site / "graph.json").read_bytes() == (twin.site / "graph.json").read_bytes()


def test_case_files_hold_no_raw_line_ending_or_control_bytes() -> None:
    """Byte-exact inputs are written as escapes, so no line-ending conversion can alter them."""
    for path in CASES:
        raw = path.read_bytes()
        assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", raw), path.name
