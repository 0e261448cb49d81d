"""What a note may be called, the one key names are compared by, and the slug of its page."""

from __future__ import annotations

import re
import unicodedata

from conceptgraph.notes.text import invisible_or_control
from conceptgraph.types import NameKey, Slug

RESERVED_SLUGS = frozenset({"index"})  # concepts/index.md is the A–Z page
_NOT_WORD = re.compile(r"[^\w]+|_+")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$", re.I)


def name_key(text: str) -> NameKey:
    """The form two names are compared in: NFC, case-folded, white space collapsed.

    The resolver indexes names, titles and aliases by it; a slug is made from it."""
    return NameKey(" ".join(unicodedata.normalize("NFC", text).casefold().split()))


def slugify(name: str) -> Slug:
    """``Leaky ReLU`` → ``leaky-relu``; Unicode letters are kept, everything else joins words."""
    return Slug(_NOT_WORD.sub("-", name_key(name)).strip("-"))


def page_slug(rel: str) -> Slug:
    """The slug of the note at ``rel`` (relative to the vault): each folder and the name
    slugged, joined by ``/``: ``Neural nets/Leaky ReLU.md`` → ``neural-nets/leaky-relu``. A note
    at the top of the vault keeps its flat slug (``leaky-relu``)."""
    parts = rel.removesuffix(".md").split("/")
    return Slug("/".join(slugify(p) for p in parts))


def check_folders(rel: str) -> str | None:
    """Why the folders of ``rel`` cannot make a URL, or None when they can."""
    for folder in rel.split("/")[:-1]:
        if not slugify(folder):
            return f"the folder name {folder!r} has no letters or digits to make a URL from"
    return None


def check_name(name: str, reserved: bool = True) -> str | None:
    """Why ``name`` cannot be a concept name, or None when it can; without ``reserved``, the
    names of the pages the site generates are allowed (a vault's ``index.md``)."""
    if not name.strip():
        return "the name is empty"
    if "/" in name or "\\" in name or name in (".", ".."):
        return "the name contains a path separator"
    bad = invisible_or_control(name)
    if bad:
        return f"the name contains an invisible or control character ({bad})"
    if name != name.strip() or name.endswith("."):
        return "the name starts or ends with a space, or ends with a dot (not portable)"
    if _WINDOWS_RESERVED.match(name):
        return f"'{name}' is a reserved file name on Windows"
    if len(name.encode()) > 200:
        return "the name is longer than 200 bytes"
    slug = slugify(name)
    if not slug:
        return "the name has no letters or digits to make a URL from"
    if slug in RESERVED_SLUGS and reserved:
        return f"'{name}' is reserved for a page the site generates"
    return None
