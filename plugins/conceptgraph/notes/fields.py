"""The frontmatter fields of a note, validated in one place: "expected X, received Y" and the fix.
"""

from __future__ import annotations

import json
import re
from typing import Any

from conceptgraph.diagnostics import Diagnostic, Report, did_you_mean
from conceptgraph.markup.wikilinks import LINK_RE, links_in_value
from conceptgraph.notes.note import BASE_KEYS, DEPRECATED_KEYS, Note, Relation, RelationRef
from conceptgraph.notes.papers import parse_paper
from conceptgraph.notes.text import CONTROL, invisible_or_control


def _text(note: Note, key: str, report: Report) -> str | None:
    f = note.source.fields.get(key)
    if f is None:
        return None
    if not isinstance(f.value, str):
        report.error(note.path, f.line, f"'{key}' expected text, received {_kind(f.value)}",
                     f"write {key}: \"...\"", "type")
        return None
    return f.value


def _texts(note: Note, key: str, report: Report, names: bool = False) -> list[tuple[str, int]]:
    """The text or list of text under ``key``. ``names`` (aliases, tags, CSS classes): a list
    inside the list, as YAML reads ``- [Tag pane]`` or an unquoted ``[[Name]]``, gives its
    texts, with a warning, as Obsidian reads them, so a vault's note is not refused for it."""
    f = note.source.fields.get(key)
    if f is None:
        return []
    value = f.value
    if isinstance(value, str):
        return [(value, f.line)]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(f.items)
    if names and isinstance(value, list) and all(
            isinstance(v, str) or isinstance(v, list) and all(isinstance(w, str) for w in v)
            for v in value):
        # f.items holds every text of the value in order, so the nested ones are found by
        # position: one item per text, len(v) for a nested list.
        nested: list[tuple[str, int]] = []
        i = 0
        for v in value:
            n = len(v) if isinstance(v, list) else 1
            if isinstance(v, list):
                nested.extend(f.items[i:i + n])
            i += n
        texts = ", ".join(json.dumps(t, ensure_ascii=False) for t, _ in nested)
        report.warning(note.path, nested[0][1] if nested else f.line,
                       f"'{key}' holds a list inside its list (YAML reads [x], and an unquoted "
                       f"[[x]], as a list); it is read as the text {texts}",
                       "write it as text, without the brackets", "nested-list")
        return list(f.items)
    hint = f'write a list of text: {key}: ["...", "..."]'
    if isinstance(value, list) and any(isinstance(v, list) for v in value):
        hint = f'put wiki-links in quotes: {key}: "[[Name]]" or {key}: ["[[A]]", "[[B]]"]'
    report.error(note.path, f.line, f"'{key}' expected text or a list of text, received "
                 f"{_kind(value)}", hint, "type")
    return []


def _kind(value: Any) -> str:
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list) and any(isinstance(v, list) for v in value):
        return "a nested list (an unquoted [[link]] in YAML is a list inside a list)"
    return "a list"


def read_fields(note: Note, relations: dict[str, Relation], report: Report) -> None:
    """Validate the frontmatter fields of ``note`` into its attributes; problems go to
    ``report`` as "expected X, received Y" with the fix."""
    fields = note.source.fields
    # A YAML escape ("\a", "\x1b") writes what the file itself may not hold. That is rare:
    # one search over all the text comes first.
    if CONTROL.search("\n".join(t for f in fields.values() for t, _ in f.items)):
        for key, f in fields.items():
            bad = next(((t, line) for t, line in f.items if CONTROL.search(t)), None)
            if bad and key not in ("title", "aliases"):  # those two refuse invisible ones too
                ch = CONTROL.search(bad[0]).group()  # type: ignore[union-attr]
                report.error(note.path, bad[1], f"'{key}' contains the control character "
                             f"U+{ord(ch):04X}", "remove it (a YAML escape such as \\a or "
                             "\\x1b writes one)", "control-char")
    title = _text(note, "title", report)
    if title is not None and not title.strip():
        report.warning(note.path, note.line_of("title"), "empty title",
                       "remove the title field or write one; the heading or name is used",
                       "empty-title")
        title = None
    if title is None:
        h1 = next((h for h in note.scan.headings if h.level == 1 and h.text), None)
        title = h1.text if h1 else note.name
    note.title = " ".join(title.split())
    invisible = invisible_or_control(note.title)
    if invisible:
        report.error(note.path, note.line_of("title"), f"title contains {invisible}",
                     "remove the invisible character", "invisible")
    aliases = []
    for alias, line in _texts(note, "aliases", report, names=True):
        invisible = invisible_or_control(alias)
        if invisible:
            report.error(note.path, line, f"alias {alias!r} contains {invisible}",
                         "remove the invisible character", "invisible")
        elif alias.strip():
            aliases.append(" ".join(alias.split()))
    note.aliases = tuple(aliases)
    note.description = _text(note, "description", report) or ""
    note.tags = tuple(t for t, _ in _texts(note, "tags", report, names=True))
    for role in ("foundationalPaper", "keyPapers"):
        for text, line in _texts(note, role, report):
            paper = parse_paper(text)
            if not paper.parsed:
                report.warning(note.path, line, f"paper {text!r} is not in the form "
                               "\"Title (Authors, Year)\"",
                               "write e.g. \"Deep Sparse Rectifier Neural Networks (Glorot, "
                               "Bordes & Bengio, 2011)\"; it is shown as written", "paper")
            note.papers.append((paper, role, line))
    if "activation" in fields:
        note.activation = _text(note, "activation", report)
        note.activation_line = note.line_of("activation")
    if "params" in fields:
        params = fields["params"].value
        if isinstance(params, dict) and all(isinstance(v, str) for v in params.values()):
            note.params = dict(params)
        else:
            report.error(note.path, note.line_of("params"), "'params' expected a mapping of "
                         f"name: number, received {_kind(params)}", "write params: {alpha: 0.1}",
                         "type")
    _obsidian_fields(note, report)
    for key, f in fields.items():
        if key in relations:
            for text, line in _texts(note, key, report):
                links = links_in_value(text)
                if not links:
                    report.error(note.path, line, f"'{key}' expected wiki-links like "
                                 f"\"[[Name]]\", received {text!r}",
                                 f"write {key}: \"[[{text.strip() or 'Name'}]]\"", "relation")
                for link in links:
                    note.relations.append(RelationRef(key, link, line))
        elif key not in BASE_KEYS and key not in DEPRECATED_KEYS:
            note.properties.append((key, f.value, f.line))
            flat = " ".join(t for t, _ in f.items)
            nested = isinstance(f.value, list) and any(isinstance(v, list) for v in f.value)
            if nested:
                report.warning(note.path, f.line, f"field '{key}' holds an unquoted wiki-link "
                               "(YAML reads [[Name]] as a list inside a list)",
                               f'put wiki-links in quotes: {key}: "[[Name]]"', "unquoted-link")
            elif LINK_RE.search(flat):
                # An edge labelled with the key; `undeclared: warn` makes this a warning.
                for text, line in f.items:
                    for link in links_in_value(text):
                        note.relations.append(RelationRef(key, link, line))
                report.items.append(Diagnostic(
                    note.path, f.line, "info", f"field '{key}' holds wiki-links but is not a "
                    "declared relation", "declare it in mkdocs.yml under plugins → conceptgraph → "
                    f"relations: {key}: {{label: ..., inverse: ...}}", "undeclared-relation"))
            else:
                known = list(BASE_KEYS) + list(relations)
                hint = did_you_mean(key, known) or "known keys: " + ", ".join(sorted(known))
                report.items.append(Diagnostic(note.path, f.line, "info",
                                               f"unknown frontmatter key '{key}'", hint,
                                               "unknown-key"))


_TRUE_FALSE = {"true": True, "false": False, "yes": True, "no": False}


def _obsidian_fields(note: Note, report: Report) -> None:
    """Obsidian's standard properties: cssclasses, publish, permalink, image or cover, and
    the deprecated alias, tag and cssclass (read, with a warning)."""
    fields = note.source.fields
    for old, new in DEPRECATED_KEYS.items():
        if old in fields:
            report.warning(note.path, fields[old].line, f"'{old}' is deprecated in Obsidian "
                           f"(since 1.4)", f"rename it to '{new}'", "deprecated-key")
    if "alias" in fields and "aliases" not in fields:
        note.aliases = tuple(" ".join(t.split())
                             for t, _ in _texts(note, "alias", report, names=True) if t.strip())
    if "tag" in fields and "tags" not in fields:
        note.tags = tuple(t for t, _ in _texts(note, "tag", report, names=True))
    classes = [c for key in ("cssclasses", "cssclass")
               for t, _ in _texts(note, key, report, names=True)
               for c in t.replace(",", " ").split()]
    note.cssclasses = tuple(dict.fromkeys(c for c in classes if _CSS_CLASS.fullmatch(c)))
    if "publish" in fields:
        value = fields["publish"].value
        flag = _TRUE_FALSE.get(value.strip().lower()) if isinstance(value, str) else None
        if flag is None:
            report.error(note.path, fields["publish"].line, "'publish' expected true or false, "
                         f"received {_kind(value)}", "write publish: false", "type")
        else:
            note.publish = flag
    permalink = _text(note, "permalink", report)
    if permalink is not None:
        cleaned = "/".join(p for p in permalink.strip().split("/") if p)
        if not cleaned or not _PERMALINK.fullmatch(cleaned) or any(
                p in (".", "..") for p in cleaned.split("/")):
            report.error(note.path, note.line_of("permalink"), f"permalink {permalink!r} is not "
                         "a page address", "write letters, digits, '-', '_', '.' and '/', "
                         "e.g. permalink: about/team", "permalink")
        else:
            note.permalink = cleaned
    for key in ("image", "cover"):
        image = _text(note, key, report)
        if image and note.image is None:
            note.image = image.strip()


_CSS_CLASS = re.compile(r"-?[_a-zA-Z][_a-zA-Z0-9-]*")
_PERMALINK = re.compile(r"[\w.~-]+(?:/[\w.~-]+)*")
