"""The JSON Schema of note frontmatter, generated from the relations declared in mkdocs.yml.

Editors with the YAML language server (VS Code's YAML extension, Neovim, Zed …) use it for
completion and inline errors. It mirrors ``notes.BASE_KEYS`` and the reader's rules; the reader
stays the authority (``conceptgraph check``), the schema is guidance while typing.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from typing import Any

from conceptgraph.notes.note import BASE_KEYS, Relation

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# One wiki-link, optionally with a heading and a label: "[[Name]]", "[[Name#Heading|label]]".
# ECMA-262 syntax (what editors use) that Python's re reads the same way.
WIKI_LINK = r"^\s*\[\[[^\[\]\n]*[^\[\]\s|#][^\[\]\n]*\]\]\s*$"
# "Title (Authors, Year)", the form papers.parse_paper reads (a year may carry a letter: 2011a).
PAPER = r"^\s*\S.*\(\s*[^()]*,\s*\d{4}[a-z]?\s*\)\s*$"
# A parameter written as text: a plain decimal number, as numeric.validate_params accepts.
NUMBER_TEXT = r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$"


def _activation_names() -> list[str]:
    try:
        from conceptgraph.activations.registry import activations
    except ImportError:  # a registry that cannot load must not stop the schema
        return []
    names: set[str] = set()
    for entry in activations:
        names.update((entry.name, *entry.aliases))
    return sorted(names, key=lambda n: (n.casefold(), n))


_SEPARATORS = r"[\s_\-]"
# The few letters outside ASCII whose case folding the names need (Σ, σ and final ς all fold to σ).
_GREEK = [chr(c) for c in range(0x391, 0x3CA)]


@functools.cache  # a few dozen distinct characters, each tried against every Greek letter
def _letters(char: str) -> str:
    """A character class of what the lookup reads as ``char``: its other case, and what Unicode
    compatibility (NFKC) and case folding make the same (ReLU² and ReLU2, Σ, σ and ς)."""
    target = unicodedata.normalize("NFKC", char).casefold()
    candidates = {char, char.upper(), char.lower(), *target, *target.upper(), *_GREEK}
    variants = sorted(c for c in candidates
                      if len(c) == 1 and unicodedata.normalize("NFKC", c).casefold() == target)
    escaped = "".join(re.escape(c) for c in variants)
    return escaped if len(variants) == 1 else f"[{escaped}]"


def name_pattern(names: list[str]) -> str:
    """One regular expression (ECMA-262, as Python reads it) for every spelling the registry's
    lookup (``registry.normalise_name``) accepts: any case, and runs of spaces, underscores or
    hyphens for one space."""
    alternatives = set()
    for name in names:
        parts = re.split(r"([\s_\-]+)", name.strip(" _-\t\n"))
        alternatives.add("".join(f"{_SEPARATORS}+" if i % 2 else "".join(map(_letters, part))
                                 for i, part in enumerate(parts)))
    return f"^{_SEPARATORS}*(?:" + "|".join(sorted(alternatives)) + f"){_SEPARATORS}*$"


def note_schema(relations: dict[str, Relation],
                activation_names: list[str] | None = None) -> dict[str, Any]:
    """The draft 2020-12 schema of a note's frontmatter for these relations.

    ``activation_names`` defaults to every name and alias in the activation registry.
    """
    names = _activation_names() if activation_names is None else list(activation_names)
    text = {"type": "string"}
    texts = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
    activation: dict[str, Any] = {"type": "string", "description": BASE_KEYS["activation"]}
    # As `conceptgraph check` reads it: a registry name in any case and spacing, unless the
    # note defines its own function (formula:), which may have any name.
    known: dict[str, Any] = {"anyOf": [{"enum": names}, {"pattern": name_pattern(names)}]} \
        if names else {}
    number = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": NUMBER_TEXT}]}
    props: dict[str, Any] = {
        "title": {**text, "description": BASE_KEYS["title"]},
        "aliases": {**texts, "description": BASE_KEYS["aliases"], "examples": [["PReLU"]]},
        "description": {**text, "description": BASE_KEYS["description"]},
        "tags": {**texts, "description": BASE_KEYS["tags"]},
        "activation": activation,
        "params": {
            "type": "object",
            "description": BASE_KEYS["params"] + "; the registry lists each function's "
                           "parameters and defaults",
            "additionalProperties": {"anyOf": [{"type": "number"},
                                               {"type": "string", "pattern": NUMBER_TEXT}]},
            "examples": [{"alpha": 0.1}],
        },
        "formula": {**text, "description": BASE_KEYS["formula"] + "; see the contributing "
                    "guide for the functions and operators it may use", "maxLength": 400},
        "parameters": {"type": "object", "description": BASE_KEYS["parameters"],
                       "additionalProperties": number, "maxProperties": 10,
                       "propertyNames": {"pattern": "^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*$"},
                       "examples": [{"a": 1.0}]},
        "plot": {"type": "object", "description": BASE_KEYS["plot"],
                 "properties": {"x": {"type": "array", "items": number, "minItems": 2,
                                      "maxItems": 2}},
                 "required": ["x"], "additionalProperties": False,
                 "examples": [{"x": [-6, 6]}]},
        "foundationalPaper": {"$ref": "#/$defs/paper",
                              "description": "the paper that introduced the concept: "
                                             + BASE_KEYS["foundationalPaper"]},
        "keyPapers": {"anyOf": [{"$ref": "#/$defs/paper"},
                                {"type": "array", "items": {"$ref": "#/$defs/paper"}}],
                      "description": "other important papers: " + BASE_KEYS["keyPapers"]},
    }
    for key, rel in sorted(relations.items()):
        role = " Forms the Taxonomy tree; must not form a cycle." if rel.taxonomy else ""
        props[key] = {
            "$ref": "#/$defs/wikiLinks",
            "description": f"{rel.label}: wiki-links to other notes, e.g. \"[[Name]]\". Each "
                           f"target lists this note under \"{rel.inverse}\".{role}",
        }
    return {
        "$schema": DRAFT,
        "if": {"required": ["formula"]},
        "else": {"properties": {"activation": known}},
        "title": "conceptgraph note",
        "description": "Frontmatter of a concept note in the knowledge base (kb/*.md).",
        "type": "object",
        "properties": props,
        "additionalProperties": False,
        "$defs": {
            "wikiLink": {"type": "string", "pattern": WIKI_LINK,
                         "description": "a wiki-link in quotes: \"[[Name]]\""},
            "wikiLinks": {"anyOf": [{"$ref": "#/$defs/wikiLink"},
                                    {"type": "array", "items": {"$ref": "#/$defs/wikiLink"}}]},
            "paper": {"type": "string", "pattern": PAPER,
                      "description": "\"Title (Authors, Year)\", e.g. \"Deep Sparse Rectifier "
                                     "Neural Networks (Glorot, Bordes & Bengio, 2011)\""},
        },
    }


def schema_json(relations: dict[str, Relation],
                activation_names: list[str] | None = None) -> str:
    """``note_schema`` as text: sorted keys, two-space indent, ending in a newline (byte-stable)."""
    return json.dumps(note_schema(relations, activation_names), indent=2, sort_keys=True,
                      ensure_ascii=False) + "\n"
