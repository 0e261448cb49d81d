"""Reading a note's source: bytes → text → frontmatter fields (with line numbers) + body.

YAML is read strictly and as text: every scalar stays the string that was written (no YAML 1.1
surprises: ``NO`` stays ``"NO"``, dates stay strings), and anchors, aliases, merge keys and
explicit tags are refused before anything is expanded, so an alias bomb costs nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from conceptgraph.diagnostics import ConceptGraphError, Diagnostic

MAX_NOTE_BYTES = 2 * 1024 * 1024
MAX_FRONTMATTER_BYTES = 64 * 1024

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


@dataclass(frozen=True)
class Field:
    """One frontmatter value with where it was written: ``items`` holds (text, line) pairs."""

    key: str
    line: int
    value: Any
    items: tuple[tuple[str, int], ...] = ()


@dataclass
class Source:
    """A note's text split into its frontmatter fields and its body."""

    path: str
    fields: dict[str, Field] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # file line of the body's first line

    def get(self, key: str) -> Any:
        f = self.fields.get(key)
        return None if f is None else f.value


def decode(raw: bytes, path: str) -> str:
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


_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml when present: 10× faster
_C_COMPOSER = _Loader is not yaml.BaseLoader


def _refuse_references(block: str) -> None:
    """Walk the YAML events once and stop at the first anchor, alias or explicit tag, before
    any node is built: an alias bomb is refused at its first anchor, never expanded."""
    for event in yaml.parse(block, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise _Refused("YAML aliases (*name) are not allowed", event.start_mark)
        if getattr(event, "anchor", None):
            raise _Refused("YAML anchors (&name) are not allowed", event.start_mark)
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            raise _Refused(f"explicit YAML tags ({tag}) are not allowed", event.start_mark)


def _needs_reference_check(block: str) -> bool:
    """Whether ``block`` must be walked by ``_refuse_references`` before it is composed.

    Without a '&', '*' or '!' it holds no anchor, alias or tag. Without a second document (no
    '---' or '...', after whichever of YAML's line breaks), the walk meets the same YAML errors
    as libyaml's composer, in the same order (that composer is not recursive in Python, so no
    RecursionError comes first): skipping the walk then changes nothing but the time.
    """
    return (not _C_COMPOSER or "&" in block or "*" in block or "!" in block
            or "---" in block or "..." in block)


# The frontmatter nearly every note has: each line `key: "text"` or `key: ["text", "text"]`.
# The text holds no quote, backslash, tab, nor a character that YAML reads as a line break
# (U+0085, U+2028, U+2029), skips (a byte-order mark) or refuses (other control characters,
# U+FFFE, U+FFFF). YAML reads such a block in one way only, a flat mapping of strings without
# anchors or tags: it is read here directly, to the same fields and lines. Anything else,
# and a repeated key, is left to YAML.
_QUOTED = r'"[^"\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]*"'
_SIMPLE_FIELD = re.compile(
    rf"""
    (?P<key>[A-Za-z_][A-Za-z0-9_]{{0,99}}):[ ]+      # a plain key (libyaml allows 1024 chars)
    (?:(?P<text>{_QUOTED})                           # "text"
    | \[(?P<list>{_QUOTED}(?:,[ ]{_QUOTED})*)?\]      # ["text", "text"] or []
    )[ ]*
    """,
    re.VERBOSE,
)
_QUOTED_TEXT = re.compile(r'"([^"]*)"')


def _simple_fields(lines: list[str], first_line: int) -> dict[str, Field] | None:
    """The fields of frontmatter ``lines`` when every line is a simple field, else None."""
    fields: dict[str, Field] = {}
    for number, line in enumerate(lines, start=first_line):
        m = _SIMPLE_FIELD.fullmatch(line)
        if m is None or m.group("key") in fields:
            return None
        key, text = m.group("key", "text")
        if text is not None:
            fields[key] = Field(key, number, text[1:-1], ((text[1:-1], number),))
        else:
            values = _QUOTED_TEXT.findall(m.group("list") or "")
            fields[key] = Field(key, number, values, tuple((v, number) for v in values))
    return fields


class _Refused(Exception):
    def __init__(self, message: str, mark: Any):
        super().__init__(message)
        self.message, self.mark = message, mark


_FENCE = "---"


def split(text: str, path: str) -> Source:
    """Split decoded note text into frontmatter fields and body; raise on any frontmatter error."""
    def fail(line: int, message: str, hint: str, code: str = "frontmatter") -> ConceptGraphError:
        return ConceptGraphError([Diagnostic(path, line, "error", message, hint, code)])

    lines = text.split("\n")
    if not lines or lines[0].rstrip(" \t") != _FENCE:
        first = lines[0].strip() if lines else ""
        if first.startswith("---") and not lines[0][:1].isspace():  # ` ---` is a late start
            raise fail(1, f"frontmatter must open with exactly '---', found {first[:20]!r}",
                       "write '---' alone on the first line")
        stripped = text.lstrip()
        if stripped.startswith("---"):
            line = text.count("\n", 0, len(text) - len(stripped)) + 1
            raise fail(line, "frontmatter must start at the first byte of the file",
                       "remove the blank lines or spaces before '---'")
        raise fail(1, "missing frontmatter",
                   "start the note with a line '---', fields such as typeOf: \"[[Activation "
                   "function]]\", and a closing '---' (see the contributing guide)")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip(" \t") in (_FENCE, "...")),
               None)
    if end is None:
        raise fail(1, "frontmatter is not closed", "add a line '---' after the last field")
    block = "\n".join(lines[1:end])
    if len(block.encode()) > MAX_FRONTMATTER_BYTES:
        raise fail(1, f"frontmatter is over {MAX_FRONTMATTER_BYTES // 1024} KiB",
                   "keep long text in the note's body")
    for number, text in enumerate(lines[1:end], start=2):
        if "\t" in text[: len(text) - len(text.lstrip(" \t"))]:
            raise fail(number, "tab used for indentation in frontmatter", "indent with spaces")
    source = Source(path=path, body="\n".join(lines[end + 1:]), body_line=end + 2)
    if not block.strip():
        raise fail(1, "frontmatter is empty",
                   "add at least one field, e.g. typeOf: \"[[Activation function]]\"")
    simple = _simple_fields(lines[1:end], 2)
    if simple is not None:
        source.fields = simple
        return source
    try:
        if _needs_reference_check(block):
            _refuse_references(block)
        # BaseLoader keeps every scalar as the text written (no YAML 1.1 typing).
        root = yaml.compose(block, Loader=_Loader)  # noqa: S506
    except _Refused as exc:
        raise fail(exc.mark.line + 2, exc.message, "write the value out in full") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # At the end of the block (an unclosed bracket or quote) the opening is more useful.
        if mark is not None and mark.line + 2 > end and exc.context_mark is not None:
            mark = exc.context_mark
        line = mark.line + 2 if mark is not None else 1
        problem = exc.problem or exc.context or "invalid YAML"
        hint = "check the quoting and indentation of this line"
        if "[[" in lines[line - 1] if line - 1 < len(lines) else False:
            hint = "put wiki-links in quotes, e.g. typeOf: \"[[Activation function]]\""
        raise fail(line, f"invalid YAML in frontmatter: {problem}", hint) from None
    except RecursionError:
        raise fail(1, "frontmatter is nested too deeply", "use flat lists of strings") from None
    if not isinstance(root, yaml.MappingNode):
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        raise fail(2, f"frontmatter must be a mapping of keys to values, received {kind}",
                   "write one 'key: value' per line")
    errors: list[Diagnostic] = []
    for key_node, value_node in root.value:
        line = int(key_node.start_mark.line) + 2
        if not isinstance(key_node, yaml.ScalarNode):
            errors.append(Diagnostic(path, line, "error", "frontmatter keys must be plain text",
                                     "write 'key: value'", "frontmatter"))
            continue
        key = key_node.value
        if key == "<<":
            errors.append(Diagnostic(path, line, "error", "YAML merge keys (<<) are not allowed",
                                     "write the fields out in full", "frontmatter"))
            continue
        if key in source.fields:
            first_line = source.fields[key].line
            errors.append(Diagnostic(path, line, "error",
                f"duplicate key '{key}' (first written on line {first_line})",
                "keep one of them; a list can hold several values", "frontmatter"))
            continue
        try:
            value, items = _convert(value_node, depth=0)
        except RecursionError:
            errors.append(Diagnostic(path, line, "error", f"'{key}' is nested too deeply",
                                     "use a string or a list of strings", "frontmatter"))
            continue
        source.fields[key] = Field(key, line, value, tuple(items))
    if errors:
        raise ConceptGraphError(errors)
    return source


def _convert(node: Any, depth: int) -> tuple[Any, list[tuple[str, int]]]:
    """YAML node → plain value (str, list, dict), plus every scalar with its file line."""
    if depth > 20:
        raise RecursionError
    if isinstance(node, yaml.ScalarNode):
        return node.value, [(node.value, node.start_mark.line + 2)]
    items: list[tuple[str, int]] = []
    if isinstance(node, yaml.SequenceNode):
        values = []
        for child in node.value:
            v, sub = _convert(child, depth + 1)
            values.append(v)
            items.extend(sub)
        return values, items
    mapping: dict[str, Any] = {}
    for k, v in node.value:
        key = k.value if isinstance(k, yaml.ScalarNode) else str(k.value)
        mapping[key], sub = _convert(v, depth + 1)
        items.extend(sub)
    return mapping, items


def invisible_or_control(text: str) -> str | None:
    """A description of the first invisible, bidi or control character in ``text``, if any."""
    m = INVISIBLE.search(text) or CONTROL.search(text)
    if m is None:
        return None
    ch = m.group()
    name = unicodedata.name(ch, "control character")
    return f"U+{ord(ch):04X} {name}"
