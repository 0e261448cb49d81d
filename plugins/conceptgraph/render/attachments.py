"""The vault's other files as the site publishes them: each beside its notes' pages, at the
address ``attachment_src`` gives it; a build and ``conceptgraph check`` warn alike about the
ones that cannot be published as they are."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from conceptgraph.diagnostics import Report
from conceptgraph.render.urls import attachment_src

LARGE_ATTACHMENT = 50 * 1024 * 1024  # bytes: a bigger file is published, with a warning


def large_attachments(attachments: Mapping[str, str], display: str, report: Report) -> None:
    """A warning for each attachment (vault path → file) over ``LARGE_ATTACHMENT``: it is
    published, and every copy of the site carries it."""
    for rel, path in attachments.items():
        size = Path(path).stat().st_size
        if size > LARGE_ATTACHMENT:
            report.warning(f"{display}/{rel}", 1, f"a large attachment "
                           f"({size / 2**20:.0f} MB) is published with the site",
                           "keep attachments under 50 MB: link to large files instead",
                           "large-attachment")


def published_attachments(attachments: Mapping[str, str], display: str,
                          report: Report) -> dict[str, str]:
    """The site's source path → file of each attachment (vault path → file) it publishes:
    of two whose folders slug alike (``A B/x.png``, ``a-b/x.png``), the first is published
    and the other is a warning."""
    published: dict[str, str] = {}
    first: dict[str, str] = {}
    for rel, path in attachments.items():
        src = attachment_src(rel)
        if src in published:
            report.warning(f"{display}/{rel}", 1, f"attachments share the address "
                           f"{src}: {display}/{first[src]} is published there, this file "
                           "is not", "rename one of their folders", "attachment-clash")
            continue
        published[src], first[src] = path, rel
    return published
