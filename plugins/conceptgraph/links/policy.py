"""The project's policy for links to notes not written yet (the ``unresolved`` option).

``warn`` (the default, and this project's choice): such a link is a warning, so strict builds and
``conceptgraph check`` fail on it. ``info``: it is only shown, and the *Wanted concepts* page
lists it; a link whose name is close to an existing note's ("did you mean") stays a warning,
since that is more likely a typo than a concept still to write.
"""

from __future__ import annotations

from dataclasses import replace

from conceptgraph.diagnostics import Report

UNRESOLVED_POLICIES = ("warn", "info")
CODE = "unresolved-link"


def apply_unresolved(report: Report, policy: str) -> Report:
    """``report`` with its unresolved links at the level ``policy`` gives them (in place)."""
    if policy not in UNRESOLVED_POLICIES:
        raise ValueError(f"unresolved: expected one of {', '.join(UNRESOLVED_POLICIES)}, "
                         f"received {policy!r}")
    if policy == "info":
        report.items = [replace(d, level="info")
                        if d.code == CODE and not d.hint.startswith("did you mean") else d
                        for d in report.items]
    return report


UNDECLARED_POLICIES = ("show", "warn")


def apply_undeclared(report: Report, policy: str) -> Report:
    """``report`` with its findings about frontmatter keys that are neither known nor declared
    relations at the level ``policy`` gives them (in place): with ``show`` (the default, for
    vaults whose notes carry their own properties) an unknown key is only shown in the
    Properties panel, and a key holding links is an info (``conceptgraph check`` shows how to
    declare it); with ``warn`` (a strict knowledge base) both are warnings."""
    if policy not in UNDECLARED_POLICIES:
        raise ValueError(f"undeclared: expected one of {', '.join(UNDECLARED_POLICIES)}, "
                         f"received {policy!r}")
    codes = ("unknown-key", "undeclared-relation")
    if policy == "warn":
        report.items = [replace(d, level="warning") if d.code in codes else d
                        for d in report.items]
    else:
        report.items = [d for d in report.items if d.code != "unknown-key"]
    return report
