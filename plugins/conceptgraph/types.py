"""Distinct types for the strings that name things, so one cannot be passed for another.

Each is a plain ``str`` at run time (``typing.NewType``); the type checker keeps them apart.
"""

from __future__ import annotations

from typing import NewType

# A note's file name without ".md", in NFC: "Leaky ReLU". Passes notes.names.check_name.
NoteName = NewType("NoteName", str)

# The form in which names, titles, aliases and link targets are compared (notes.names.name_key):
# NFC, case-folded, white space collapsed to single spaces: "leaky relu".
NameKey = NewType("NameKey", str)

# URL-safe and unique among the notes: "leaky-relu"; the note's page is concepts/<slug>/.
Slug = NewType("Slug", str)

# A note file as messages name it: the knowledge-base folder as shown (relative to mkdocs.yml,
# never a machine path) and the path inside it, with "/": "kb/Leaky ReLU.md".
SourcePath = NewType("SourcePath", str)

# A page address relative to the site root, with "/" and no scheme or host:
# "concepts/leaky-relu/" (or "concepts/leaky-relu.html" without directory URLs).
Url = NewType("Url", str)
