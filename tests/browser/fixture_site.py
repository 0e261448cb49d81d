"""Build and serve small MkDocs sites for the browser tests and scripts/bench_graph.py.

The fixture site is Material with instant navigation and previews, the graph page, a
hand-written (or synthetic) graph.json and one page per concept holding the `.cg-local-graph`
container the plugin would insert. It exercises the JS without the plugin: the plugin's
stylesheet and graph scripts are copied into its docs/ and listed in its mkdocs.yml at the
paths and in the order the plugin publishes them (`conceptgraph.plugin.assets`).
Sites are served under `/conceptgraph/` on 127.0.0.1 and built with `SITE_URL` pointing there,
because Material's instant previews only follow URLs found in sitemap.xml.
"""

from __future__ import annotations

import functools
import json
import os
import random
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from conceptgraph.plugin.assets import SITE_DIR, asset_urls, packaged_files

REPO = Path(__file__).resolve().parents[2]
PREFIX = "conceptgraph"

RELATIONS = [
    {"key": "typeOf", "label": "Type of", "inverse": "Subtypes"},
    {"key": "variants", "label": "Variants", "inverse": "Variant of"},
    {"key": "usedIn", "label": "Used in", "inverse": "Uses"},
    {"key": "problems", "label": "Problems", "inverse": "Problem of"},
    {"key": "related", "label": "Related", "inverse": "Related"},
    {"key": "link", "label": "Links to", "inverse": "Linked from"},
]

IMG_TITLE = "<img src=x onerror=alert(1)>"
SCRIPT_TITLE = "</script><script>alert(1)</script>"
RTL_TITLE = "\u202eReLU \u05e2\u05d1\u05e8\u05d9\u05ea \"quoted\" 'single'"

MKDOCS_YML = """\
site_name: Graph fixture
site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/conceptgraph/"]
theme:
  name: material
  font: false
  features:
    - navigation.instant
    - navigation.instant.preview
  palette:
    - scheme: default
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - scheme: slate
      toggle:
        icon: material/weather-sunny
        name: Switch to light mode
markdown_extensions:
  - attr_list
  - md_in_html
plugins:
  - search
not_in_nav: |
  /concepts/**
nav:
  - Home: index.md
  - Graph: graph.md
""" + "".join(f"{key}:\n" + "".join(f"  - {url}\n" for url in urls)
              for key, urls in zip(("extra_css", "extra_javascript"), asset_urls(math=False),
                                   strict=True))

# Debian's chromium, headless, as root, on a machine whose only network is the loopback: no
# sandbox (root), no GPU, and none of the background connections it would try to open.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@dataclass(frozen=True)
class Served:
    """A built site being served: `url` is its root, ending in `/conceptgraph/`."""

    url: str
    site_dir: Path


def node(node_id: str, title: str, family: str | None, degree: int = 0) -> dict:
    return {
        "id": node_id,
        "title": title,
        "url": f"concepts/{node_id}/",
        "family": family,
        "degree": degree,
    }


def small_graph() -> dict:
    """A hand-written graph.json in the plugin's shape, with hostile and RTL titles."""
    nodes = [
        node("activation-function", "Activation function", "activation-function"),
        node("rectifiers", "Rectifiers", "rectifiers"),
        node("relu", "ReLU (Rectified Linear Unit)", "rectifiers"),
        node("leaky-relu", "Leaky ReLU", "rectifiers"),
        node("prelu", "PReLU", "rectifiers"),
        node("sigmoid", "Sigmoid", "activation-function"),
        node("dying-relu", "Dying ReLU problem", None),
        node("cnn", "Convolutional neural network", "cnn"),
        node("xss-img", IMG_TITLE, "rectifiers"),
        node("xss-script", SCRIPT_TITLE, None),
        node("rtl", RTL_TITLE, "activation-function"),
    ]
    edges = [
        ("rectifiers", "activation-function", "typeOf"),
        ("relu", "rectifiers", "typeOf"),
        ("leaky-relu", "rectifiers", "typeOf"),
        ("prelu", "rectifiers", "typeOf"),
        ("sigmoid", "activation-function", "typeOf"),
        ("relu", "leaky-relu", "variants"),
        ("relu", "prelu", "variants"),
        ("relu", "cnn", "usedIn"),
        ("relu", "dying-relu", "problems"),
        ("relu", "sigmoid", "related"),
        ("leaky-relu", "dying-relu", "link"),
        ("xss-img", "relu", "related"),
        ("xss-script", "xss-img", "link"),
        ("rtl", "sigmoid", "variants"),
    ]
    return finish({"nodes": nodes, "edges": edges_of(edges)})


def edges_of(triples: list[tuple[str, str, str]]) -> list[dict]:
    return [{"relation": r, "source": s, "target": t} for s, t, r in triples]


def finish(graph: dict) -> dict:
    """Fill in degrees and the relations table, as the plugin does."""
    degree: dict[str, int] = {}
    for e in graph["edges"]:
        for end in (e["source"], e["target"]):
            degree[end] = degree.get(end, 0) + 1
    for n in graph["nodes"]:
        n["degree"] = degree.get(n["id"], 0)
    return {"edges": graph["edges"], "nodes": graph["nodes"], "relations": RELATIONS}


def synthetic_graph(n_nodes: int, edges_per_node: int = 10, seed: int = 5) -> dict:
    """A random graph of `n_nodes` concepts in families of about 50, ~`edges_per_node` each."""
    rng = random.Random(seed)
    keys = [r["key"] for r in RELATIONS]
    n_families = max(1, n_nodes // 50)
    nodes = [
        node(f"c{i}", f"Concept {i} of a synthetic family", f"c{i % n_families}")
        for i in range(n_nodes)
    ]
    seen: set[tuple[int, int]] = set()
    triples = []
    while len(triples) < n_nodes * edges_per_node:
        s = rng.randrange(n_nodes)
        # Mostly near neighbours, so the layout has structure, plus some long-range links.
        t = (s + rng.randint(1, 30)) % n_nodes if rng.random() < 0.8 else rng.randrange(n_nodes)
        if s != t and (s, t) not in seen:
            seen.add((s, t))
            triples.append((f"c{s}", f"c{t}", rng.choice(keys)))
    return finish({"nodes": nodes, "edges": edges_of(triples)})


def dumps(graph: dict) -> str:
    """graph.json as the plugin writes it: keys sorted, compact."""
    return json.dumps(graph, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def write_fixture_site(root: Path, graph: dict, concept_pages: bool = True) -> Path:
    """Write a fixture MkDocs project into `root`; returns its mkdocs.yml."""
    docs = root / "docs"
    for rel, path in packaged_files(math=False).items():
        (docs / SITE_DIR / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, docs / SITE_DIR / rel)
    shutil.copy(REPO / "docs" / "graph.md", docs / "graph.md")
    (docs / "graph.json").write_text(dumps(graph), encoding="utf-8")
    by_id = {n["id"]: n for n in graph["nodes"]}
    links = [f"- [{_safe(by_id[i]['title'], i)}](concepts/{i}.md)" for i in list(by_id)[:12]]
    (docs / "index.md").write_text(
        "# Fixture home\n\nThe [graph](graph.md) of every concept.\n\n" + "\n".join(links) + "\n",
        encoding="utf-8",
    )
    if concept_pages:
        out: dict[str, list[str]] = {}
        for e in graph["edges"]:
            out.setdefault(e["source"], []).append(e["target"])
        for n in graph["nodes"]:
            related = "\n".join(
                f"- [{_safe(by_id[t]['title'], t)}]({t}.md)" for t in out.get(n["id"], [])[:20]
            )
            page = (
                f"# {_safe(n['title'], n['id'])}\n\nA concept of the fixture ({n['id']}).\n\n"
                f'<div class="cg-local-graph" data-node="{n["id"]}" data-depth="1"></div>\n\n'
                f"## Relations\n\n{related}\n"
            )
            path = docs / "concepts" / f"{n['id']}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(MKDOCS_YML, encoding="utf-8")
    return config


def _safe(title: str, node_id: str) -> str:
    """A Markdown-safe title for the fixture's own pages (the JS gets the raw one)."""
    return title if title.replace(" ", "").replace("(", "").replace(")", "").isalnum() else node_id


def build(config: Path, site_dir: Path, site_url: str) -> None:
    """`mkdocs build --strict` of `config` into `site_dir`, with SITE_URL set."""
    env = {
        **os.environ,
        "SITE_URL": site_url,
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(config),
            "-d",
            str(site_dir),
        ],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"mkdocs build of {config} failed:\n{result.stdout}{result.stderr}")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serving(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 at a free port; yields `http://127.0.0.1:<port>/conceptgraph/`.

    The site must be (or be built) at `root / "conceptgraph"`: the port is known before the
    build, so the caller can build with the matching SITE_URL while the server already runs.
    """
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{PREFIX}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def served_fixture(tmp: Path, graph: dict, concept_pages: bool = True) -> Iterator[Served]:
    """Write, build and serve a fixture site with `graph` in the temp dir `tmp`."""
    config = write_fixture_site(tmp / "project", graph, concept_pages)
    with serving(tmp / "www") as url:
        site_dir = tmp / "www" / PREFIX
        build(config, site_dir, url)
        yield Served(url, site_dir)


@contextmanager
def served_project(tmp: Path, project: Path = REPO) -> Iterator[Served]:
    """Build the real project (its own mkdocs.yml, unchanged) into `tmp` and serve it."""
    with serving(tmp / "www") as url:
        site_dir = tmp / "www" / PREFIX
        build(project / "mkdocs.yml", site_dir, url)
        yield Served(url, site_dir)


@contextmanager
def served_dir(tmp: Path, site_dir: Path) -> Iterator[Served]:
    """Serve an already built site directory (its links may not match the port)."""
    (tmp / "www").mkdir(parents=True, exist_ok=True)
    (tmp / "www" / PREFIX).symlink_to(site_dir.resolve(), target_is_directory=True)
    with serving(tmp / "www") as url:
        yield Served(url, site_dir)
