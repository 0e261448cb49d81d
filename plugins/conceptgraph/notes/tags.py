"""A note's tags: those in its ``tags:`` field and those written in its text (``#tag``).

Tags are case-insensitive (``#Tag`` and ``#tag`` are one tag, shown as first written) and
nested: ``#inbox/to-read`` is also under ``inbox``. Each has a page at ``tags/<slug>/``.
"""

from __future__ import annotations

import re

from conceptgraph.diagnostics import Report
from conceptgraph.markup.tags import TAG_RE, inline_tags, tag_name
from conceptgraph.notes.names import slugify
from conceptgraph.notes.note import Note

TAGS_DIR = "tags"
_SEPARATORS = re.compile(r"[,\s]+")


def tag_key(name: str) -> str:
    """The form two tags are compared in: their page's slug (``#Tag`` is ``#tag``)."""
    return tag_slug(name)


def tag_slug(name: str) -> str:
    """``Inbox/To-read`` → ``inbox/to-read``: each level slugged, levels as folders. A level
    named ``index`` would share its address with the folder's page, so it is ``index-tag``."""
    slugs = (slugify(part) or "-" for part in name.split("/") if part)
    return "/".join("index-tag" if s == "index" else s for s in slugs)


def tag_src(name: str) -> str:
    """The source path of a tag's page."""
    return f"{TAGS_DIR}/{tag_slug(name)}.md"


def read_tags(note: Note, report: Report) -> None:
    """Set ``note.tags``: the field's tags, then the text's, each once."""
    found: dict[str, str] = {}
    field = note.source.fields.get("tags")
    lines = [line for _, line in field.items] if field is not None and \
        len(field.items) == len(note.tags) else [note.line_of("tags")] * len(note.tags)
    for value, line in zip(note.tags, lines, strict=True):  # the field, read by fields.py
        for raw in _SEPARATORS.split(value):
            name = tag_name(raw)
            if not name:
                continue
            if not TAG_RE.fullmatch("#" + name):
                report.warning(note.path, line, f"tag {raw!r} is not a tag name",
                               "use letters, digits, '_', '-' and '/' (at least one letter), "
                               "e.g. tags: [machine-learning]", "tag")
                continue
            found.setdefault(tag_key(name), name)
    for name, _ in inline_tags(note.body, note.source.body_line):
        found.setdefault(tag_key(name), name)
    note.tags = tuple(found.values())


def tag_levels(name: str) -> list[str]:
    """``a/b/c`` → ``a``, ``a/b``, ``a/b/c``: the tag and every tag it is nested in."""
    parts = name.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
