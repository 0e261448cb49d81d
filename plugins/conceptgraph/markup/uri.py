"""Where a Markdown link of a note leads: its destination as written, whether that leaves the
vault (a scheme, ``//host`` or ``#fragment``), and the Obsidian URIs among them.

``[x](obsidian://open?vault=V&file=Recipes%2FPancakes)`` is what Obsidian's *Copy Obsidian URL*
writes. One that opens a file of this vault links to that file's page; any other (another
vault, another action such as ``search``) is a link to leave as written.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")


def destination(m: re.Match[str]) -> str:
    """The destination of a Markdown link or image (a match with the groups ``angle`` and
    ``plain``), without its angle brackets."""
    return (m.group("angle") if m.group("angle") is not None else m.group("plain") or "").strip()


def vault_file(uri: str, vault: str) -> str | None:
    """The vault path that ``uri`` opens in the vault named ``vault`` (its folder's name),
    from the vault's root (``/Recipes/Pancakes``), or None: not an ``obsidian://open`` URI of
    that vault naming a ``file``. Values are percent-decoded as Obsidian encodes them (``%20``,
    ``%2F``; a ``+`` is a plus sign), and names compared in one Unicode form."""
    if uri[:9].lower() != "obsidian:":  # most links: not split at all
        return None
    parts = urlsplit(uri)
    if parts.netloc.lower() != "open":
        return None
    query: dict[str, str] = {}
    for pair in parts.query.split("&"):
        key, _, value = pair.partition("=")
        query.setdefault(unquote(key), unquote(value))
    name, file = query.get("vault", ""), query.get("file", "").strip("/")
    if not file or unicodedata.normalize("NFC", name) != unicodedata.normalize("NFC", vault):
        return None
    return "/" + file
