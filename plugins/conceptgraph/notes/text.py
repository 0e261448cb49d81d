"""A note's bytes as text: UTF-8, one kind of line break, and the characters it may not hold."""

from __future__ import annotations

import re
import unicodedata

from conceptgraph.diagnostics import ConceptGraphError, Diagnostic
from conceptgraph.types import SourcePath

MAX_NOTE_BYTES = 2 * 1024 * 1024

# Characters that change how text is displayed without being visible: bidi overrides and
# isolates, and zero-width characters. Refused in names, titles and aliases.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# C0/C1 control characters other than tab and newline (CR is normalised away before this).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Every byte but those of CONTROL's characters in UTF-8 (CR aside: it becomes a line break).
# A C0 control or DEL is one byte below 0x80, never part of a longer sequence; a C1 control is
# 0xC2 then 0x80–0x9F. Deleting these bytes with bytes.translate tells whether the note may
# hold one many times faster than CONTROL.search over the text.
_NOT_CONTROL_BYTES = bytes(set(range(256)) - set(range(0x09)) - {0x0B, 0x0C}
                           - set(range(0x0E, 0x20)) - {0x7F})


def decode(raw: bytes, path: SourcePath) -> str:
    """UTF-8 (a BOM is dropped) with every line ending turned into ``\\n``; errors name the line."""
    if len(raw) > MAX_NOTE_BYTES:
        raise ConceptGraphError([Diagnostic(path, 1, "error",
            f"note is {len(raw):,} bytes, over the limit of {MAX_NOTE_BYTES:,}",
            "split it into several notes", "too-large")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConceptGraphError([Diagnostic(path, line, "error",
            f"invalid UTF-8 (byte 0x{raw[exc.start]:02x})",
            "save the file as UTF-8", "encoding")]) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    maybe_control = raw.translate(None, _NOT_CONTROL_BYTES) or b"\xc2" in raw
    bad = CONTROL.search(text) if maybe_control else None
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise ConceptGraphError([Diagnostic(path, line, "error",
            f"control character U+{ord(bad.group()):04X} in the note",
            "remove it (only tabs and line breaks are allowed)", "control-char")])
    return text


def invisible_or_control(text: str) -> str | None:
    """A description of the first invisible, bidi or control character in ``text``, if any."""
    m = INVISIBLE.search(text) or CONTROL.search(text)
    if m is None:
        return None
    ch = m.group()
    name = unicodedata.name(ch, "control character")
    return f"U+{ord(ch):04X} {name}"
