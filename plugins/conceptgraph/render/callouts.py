"""Obsidian's callouts as Material admonitions: the type names, and the converter of the
maintained ``mkdocs-callouts`` library that writes them (used by ``render/ofm.py``, imported
only when a page has a callout)."""

from __future__ import annotations

import re

from mkdocs_callouts.utils import CalloutParser

# Obsidian's callout types and aliases → Material's admonition classes (obsidian.md §5).
# Material styles `todo` as `info`; it is kept as a second class for custom CSS.
CALLOUT_TYPES = {
    "note": "note", "abstract": "abstract", "summary": "abstract", "tldr": "abstract",
    "info": "info", "todo": "info todo", "tip": "tip", "hint": "tip", "important": "tip",
    "success": "success", "check": "success", "done": "success", "question": "question",
    "help": "question", "faq": "question", "warning": "warning", "caution": "warning",
    "attention": "warning", "failure": "failure", "fail": "failure", "missing": "failure",
    "danger": "danger", "error": "danger", "bug": "bug", "example": "example",
    "quote": "quote", "cite": "quote",
}
_NOT_CLASS = re.compile(r"[^\w-]+")


def callout_class(written: str) -> str:
    """The admonition classes for a callout type as ``CalloutParser`` hands it over (lower
    case, with Material's ``inline``/``inline end`` placement after it)."""
    kind, _, placement = written.strip().partition(" ")
    placement = placement if placement in ("inline", "inline end") else ""  # [!tip|left]
    if kind in CALLOUT_TYPES:
        classes = CALLOUT_TYPES[kind]
    else:
        name = _NOT_CLASS.sub("-", kind).strip("-")
        classes = f"note callout-{name}" if name else "note"
    return f"{classes} {placement}" if placement else classes


class Callouts(CalloutParser):
    """mkdocs-callouts' converter, with Obsidian's types styled by ``callout_class``."""

    def __init__(self) -> None:
        # Lists right under a line are Obsidian's line semantics, done before (ObsidianLines)
        super().__init__(convert_aliases=True, breakless_lists=False)

    @staticmethod
    def _convert_aliases(c_type: str) -> str:  # the library's hook for the type's name
        return callout_class(c_type)
