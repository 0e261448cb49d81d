"""Relations as declared in mkdocs.yml, validated into ``Relation`` values."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from conceptgraph.notes.note import BASE_KEYS, LINK_RELATION, Relation

_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def parse_relations(raw: Mapping[str, Any]) -> dict[str, Relation]:
    """``{typeOf: {label: Type of, inverse: Subtypes, taxonomy: true}}`` → Relation values.

    The specs are plain mappings, or the plugin's ``RelationConfig`` values once MkDocs has
    checked their types; what MkDocs cannot know (a key that is a plain identifier and no
    reserved frontmatter key, a label that is not blank) is checked here. Raises ValueError
    with "expected X, received Y" and the fix.
    """
    out: dict[str, Relation] = {}
    for key, spec in raw.items():
        where = f"relations → {key}"
        if not isinstance(key, str) or not _KEY.match(key):
            raise ValueError(f"{where}: a relation key must be a plain identifier like 'typeOf'")
        if key in BASE_KEYS or key == LINK_RELATION.key:
            raise ValueError(f"{where}: '{key}' is a reserved frontmatter key; choose another")
        if not isinstance(spec, Mapping):
            raise ValueError(f"{where}: expected a mapping with 'label' and 'inverse', received "
                             f"{type(spec).__name__}")
        unknown = set(spec) - {"label", "inverse", "taxonomy"}
        if unknown:
            raise ValueError(f"{where}: unknown option(s) {sorted(unknown)}; allowed: label, "
                             "inverse, taxonomy")
        label, inverse = spec.get("label"), spec.get("inverse")
        if not isinstance(label, str) or not label.strip():
            raise ValueError(f"{where}: expected 'label' as text, e.g. label: Type of")
        if not isinstance(inverse, str) or not inverse.strip():
            raise ValueError(f"{where}: expected 'inverse' as text, e.g. inverse: Subtypes")
        taxonomy = spec.get("taxonomy", False)
        if not isinstance(taxonomy, bool):
            raise ValueError(f"{where}: expected 'taxonomy' true or false, received {taxonomy!r}")
        out[key] = Relation(key, label.strip(), inverse.strip(), taxonomy)
    return out


DEFAULT_RELATIONS: dict[str, Any] = {
    "typeOf": {"label": "Type of", "inverse": "Subtypes", "taxonomy": True},
    "variants": {"label": "Variants", "inverse": "Variant of"},
    "usedIn": {"label": "Used in", "inverse": "Uses"},
    "advantages": {"label": "Advantages", "inverse": "Advantage of"},
}
