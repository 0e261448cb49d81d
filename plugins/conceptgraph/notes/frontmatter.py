"""Reading a note's text: frontmatter fields (with line numbers) + body.

python-frontmatter splits the text at the fences; its handler here reads the block between them.

YAML is read strictly and as text: every scalar stays the string that was written (no YAML 1.1
surprises: ``NO`` stays ``"NO"``, dates stay strings), and anchors, aliases, merge keys and
explicit tags are refused before anything is expanded, so an alias bomb costs nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml
from frontmatter.default_handlers import BaseHandler

from conceptgraph.diagnostics import ConceptGraphError, Diagnostic
from conceptgraph.types import SourcePath

MAX_FRONTMATTER_BYTES = 64 * 1024


class Field(NamedTuple):
    """One frontmatter value with where it was written: ``items`` holds (text, line) pairs.

    The records a build makes by the thousand (this one, ``Paper``, ``Match``, ``Target``,
    ``Want``, ``Rendered``, ``graph.model.Edge``) are named tuples, not frozen dataclasses:
    made faster, with no ``__dict__`` each, and a named tuple's class is made at import in a
    fraction of the time a dataclass's generated methods take."""

    key: str
    line: int
    value: Any
    items: tuple[tuple[str, int], ...] = ()


@dataclass
class Source:
    """A note's text split into its frontmatter fields and its body."""

    path: SourcePath
    fields: dict[str, Field] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # file line of the body's first line

    def get(self, key: str) -> Any:
        f = self.fields.get(key)
        return None if f is None else f.value


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


class NoteHandler(BaseHandler):
    """python-frontmatter's handler for notes: a line ``---`` opens the frontmatter, the next
    line ``---`` or ``...`` closes it, and ``load`` reads the block between them strictly,
    into fields with their file lines (the block starts on line 2)."""

    FM_BOUNDARY = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "---"
    _OPENING = re.compile(r"---[ \t]*$", re.MULTILINE)

    def detect(self, text: str) -> bool:
        return self._OPENING.match(text) is not None  # only '---' opens

    def load(self, fm: str, path: str = "") -> dict[str, Field]:
        """The fields of frontmatter block ``fm``; raise on any error, named at ``path``."""
        def fail(line: int, message: str, hint: str) -> ConceptGraphError:
            return ConceptGraphError([Diagnostic(path, line, "error", message, hint,
                                                 "frontmatter")])

        if len(fm.encode()) > MAX_FRONTMATTER_BYTES:
            raise fail(1, f"frontmatter is over {MAX_FRONTMATTER_BYTES // 1024} KiB",
                       "keep long text in the note's body")
        lines = fm.split("\n")
        for number, text in enumerate(lines, start=2):
            if "\t" in text[: len(text) - len(text.lstrip(" \t"))]:
                raise fail(number, "tab used for indentation in frontmatter",
                           "indent with spaces")
        if not fm.strip():
            raise fail(1, "frontmatter is empty",
                       "add at least one field, e.g. typeOf: \"[[Activation function]]\"")
        simple = _simple_fields(lines, 2)
        if simple is not None:
            return simple
        try:
            if _needs_reference_check(fm):
                _refuse_references(fm)
            # BaseLoader keeps every scalar as the text written (no YAML 1.1 typing).
            root = yaml.compose(fm, Loader=_Loader)  # noqa: S506
        except _Refused as exc:
            raise fail(exc.mark.line + 2, exc.message, "write the value out in full") from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            # At the end of the block (an unclosed bracket or quote) the opening is more useful.
            if mark is not None and mark.line >= len(lines) and exc.context_mark is not None:
                mark = exc.context_mark
            line = mark.line + 2 if mark is not None else 1
            problem = exc.problem or exc.context or "invalid YAML"
            hint = "check the quoting and indentation of this line"
            if 0 <= line - 2 < len(lines) and "[[" in lines[line - 2]:
                hint = "put wiki-links in quotes, e.g. typeOf: \"[[Activation function]]\""
            raise fail(line, f"invalid YAML in frontmatter: {problem}", hint) from None
        except RecursionError:
            raise fail(1, "frontmatter is nested too deeply", "use flat lists of strings") \
                from None
        if not isinstance(root, yaml.MappingNode):
            kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
            raise fail(2, f"frontmatter must be a mapping of keys to values, received {kind}",
                       "write one 'key: value' per line")
        return _mapping_fields(root, path)


_HANDLER = NoteHandler()


def split(text: str, path: SourcePath, required: bool = True) -> Source:
    """Split decoded note text into frontmatter fields and body; raise on any frontmatter error.

    Without ``required`` (an Obsidian vault, where most notes have no properties) a text that
    does not open with ``---`` is all body."""
    def fail(line: int, message: str, hint: str) -> ConceptGraphError:
        return ConceptGraphError([Diagnostic(path, line, "error", message, hint, "frontmatter")])

    if not required and not text.startswith("---"):
        return Source(path=path, body=text)
    if not _HANDLER.detect(text):
        first_line = text.partition("\n")[0]
        first = first_line.strip()
        if first.startswith("---") and not first_line[:1].isspace():  # ` ---` is a late start
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
    try:
        fm, content = _HANDLER.split(text)
    except ValueError:  # no closing line
        raise fail(1, "frontmatter is not closed", "add a line '---' after the last field") \
            from None
    # ``fm`` runs from the line break after the opening '---' to the one before the closing
    # line; ``content`` from the line break after it (or is empty at the end of the text).
    fields = _HANDLER.load(fm[1:-1], path)
    return Source(path=path, fields=fields, body=content[1:], body_line=fm.count("\n") + 2)


def _mapping_fields(root: yaml.MappingNode, path: str) -> dict[str, Field]:
    """The fields of a composed frontmatter mapping; raise with every bad key at once."""
    fields: dict[str, Field] = {}
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
        if key in fields:
            first_line = fields[key].line
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
        fields[key] = Field(key, line, value, tuple(items))
    if errors:
        raise ConceptGraphError(errors)
    return fields


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
