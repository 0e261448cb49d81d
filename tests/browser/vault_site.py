"""A vault built as a vault owner builds it (the minimal mkdocs.yml, `tests/test_vault.py`) and
served under `/conceptgraph/`, as GitHub Pages serves a project site, for the browser tests."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fixture_site import REPO, Served, serving

sys.path.insert(0, str(REPO / "tests"))

from sitebuild import write_notes  # noqa: E402
from test_vault import build_vault  # noqa: E402


@contextmanager
def served_vault(tmp: Path, notes: dict[str, str]) -> Iterator[Served]:
    """The vault of ``notes`` (path → text) in ``tmp``, built strict without a warning and
    served while the context lasts."""
    write_notes(tmp / "notes", notes)  # type: ignore[arg-type]
    with serving(tmp / "www") as url:
        site_dir = tmp / "www" / "conceptgraph"
        # Only what the machine needs: its address, and no Google Fonts (it is offline)
        built = build_vault(tmp / "project", tmp / "notes", site_url=url, site_dir=str(site_dir),
                            theme={"name": "material", "font": False})
        assert built.failure is None and built.warnings == []
        yield Served(url, site_dir)
