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
