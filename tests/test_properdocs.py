"""ProperDocs, the maintained drop-in fork of MkDocs 1.6.1, builds the real site with the plugin.

ProperDocs installs beside MkDocs: its package is ``properdocs``, and its command redirects every
``mkdocs.*`` import to ``properdocs.*`` (``properdocs.replacement``), so the plugin's MkDocs
imports run ProperDocs' code. It loads plugins from ``properdocs.plugins`` and ``mkdocs.plugins``
and themes from ``properdocs.themes`` and ``mkdocs.themes`` (where Material registers).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PROPERDOCS = Path(sys.executable).parent / "properdocs"
pytestmark = pytest.mark.site


def test_the_plugin_is_registered_for_mkdocs_and_properdocs() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    points = project["entry-points"]
    assert points["mkdocs.plugins"] == points["properdocs.plugins"] == {
        "conceptgraph": "conceptgraph.plugin:ConceptGraphPlugin"}


def test_properdocs_builds_the_real_site_in_strict_mode(tmp_path: Path) -> None:
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
           "SOURCE_DATE_EPOCH": "315532800",
           # this checkout's plugin, whichever checkout the environment was installed from
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "plugins"),
                                                       os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([str(PROPERDOCS), "build", "--strict", "-f", "mkdocs.yml",
                             "--site-dir", str(site)], cwd=REPO, env=env, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr, result.stderr[-3000:]
    relu = (site / "concepts" / "relu" / "index.html").read_text(encoding="utf-8")
    # Built by ProperDocs with Material's theme, which it found under mkdocs.themes
    assert '<meta name="generator" content="mkdocs-ProperDocs 1.6.7, mkdocs-material-' in relu
    assert '<h2 id="cg-relations" class="cg-section">Relations' in relu
    assert '<strong>Type of:</strong>' in relu and 'href="../activation-function/"' in relu
    notes = list((REPO / "kb").rglob("*.md"))
    nodes = json.loads((site / "graph.json").read_text(encoding="utf-8"))["nodes"]
    assert len(nodes) == len(notes) > 10
    for node in nodes:
        assert (site / node["url"] / "index.html").is_file(), node["url"]
