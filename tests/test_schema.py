"""The JSON Schema of note frontmatter: every real note passes it, wrong shapes fail it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from conceptgraph.activations.registry import activations
from conceptgraph.cli.new import note_template
from conceptgraph.cli.project import load_project
from conceptgraph.notes.relations import DEFAULT_RELATIONS, parse_relations
from conceptgraph.render.schema import note_schema, schema_json

ROOT = Path(__file__).resolve().parents[1]
NOTES = sorted((ROOT / "kb").glob("**/*.md"))


def frontmatter(text: str) -> Any:
    """The frontmatter as an editor's YAML language server reads it (YAML 1.2-ish types)."""
    block = text.split("\n---", 1)[0].removeprefix("---\n")
    return yaml.safe_load(block)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    relations = load_project(str(ROOT / "mkdocs.yml"), None).relations
    schema = note_schema(relations)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", NOTES, ids=[p.stem for p in NOTES])
def test_every_note_in_the_kb_validates(path: Path,
                                        validator: jsonschema.Draft202012Validator) -> None:
    errors = [e.message for e in validator.iter_errors(frontmatter(path.read_text("utf-8")))]
    assert errors == []


def test_the_kb_has_notes_to_validate() -> None:
    assert len(NOTES) >= 10


@pytest.mark.parametrize("data", [
    {"typeOf": "Activation function"},             # not a wiki-link
    {"typeOf": [["Activation function"]]},          # an unquoted [[link]] is a nested list
    {"variants": ["[[ELU]]", 3]},
    {"variants": "[[]]"},
    {"aliases": {"a": "b"}},
    {"title": ["A", "B"]},
    {"activation": "Not an activation"},
    {"params": {"alpha": "1 + 1"}},
    {"params": [0.1]},
    {"foundationalPaper": "Deep Sparse Rectifier Neural Networks"},
    {"keyPapers": ["A paper (Someone, 20)"]},
    {"varients": ["[[ELU]]"]},                      # unknown key
])
def test_a_wrong_field_fails(data: dict[str, Any],
                             validator: jsonschema.Draft202012Validator) -> None:
    assert not validator.is_valid(data)


@pytest.mark.parametrize("data", [
    {"typeOf": "[[Activation function]]"},
    {"typeOf": "[[Activation function#Definition|the definition]]"},
    {"variants": ["[[ELU]]", "[[GELU]]"], "usedIn": []},
    {"activation": "Leaky ReLU", "params": {"negative_slope": 0.1}},
    {"activation": "LReLU", "params": {"negative_slope": "1e-2"}},
    {"foundationalPaper": "Deep Sparse Rectifier Neural Networks (Glorot, Bordes & Bengio, "
                          "2011)"},
    {"keyPapers": "Self-Normalizing Neural Networks (Klambauer et al., 2017a)"},
    {"title": "ReLU", "aliases": "Rectifier", "description": "A ramp.", "tags": ["a", "b"]},
])
def test_a_right_field_passes(data: dict[str, Any],
                              validator: jsonschema.Draft202012Validator) -> None:
    assert [e.message for e in validator.iter_errors(data)] == []


def test_relations_come_from_the_config_with_their_inverse() -> None:
    relations = parse_relations({"cures": {"label": "Cures", "inverse": "Cured by"}})
    props = note_schema(relations)["properties"]
    assert "cures" in props and "typeOf" not in props
    assert 'under "Cured by"' in props["cures"]["description"]


def test_activation_enum_lists_every_registry_name_and_alias() -> None:
    known = note_schema(parse_relations(DEFAULT_RELATIONS))["else"]["properties"]["activation"]
    enum = known["anyOf"][0]["enum"]
    for entry in activations:
        assert {entry.name, *entry.aliases} <= set(enum)


def _spellings(name: str) -> list[str]:
    """What a contributor may write for ``name``: other cases, other separators, padding."""
    return [name, name.lower(), name.upper(), name.swapcase(), name.replace(" ", "_"),
            name.replace(" ", "-"), name.replace(" ", "  "), f" {name} ", f"_{name}"]


WRONG_NAMES = ["ELUX", "leaky relux", "Smish", "Re LU", "ReLU7", "relu.", "Sigmoid!", "",
               "GELU (tanh approximation) extra", "Leaky  ReLU x"]


def _check_accepts(name: str) -> bool:
    """Whether `conceptgraph check` accepts ``activation: name`` (the registry's lookup)."""
    return name in activations


@pytest.mark.parametrize("entry", list(activations), ids=lambda e: e.name)
def test_schema_and_check_agree_on_every_spelling_of_a_name(
        entry: Any, validator: jsonschema.Draft202012Validator) -> None:
    for name in (entry.name, *entry.aliases):
        for spelling in _spellings(name):
            assert _check_accepts(spelling), spelling
            assert validator.is_valid({"activation": spelling}), spelling


@pytest.mark.parametrize("name", WRONG_NAMES)
def test_schema_and_check_agree_on_wrong_names(
        name: str, validator: jsonschema.Draft202012Validator) -> None:
    assert not _check_accepts(name)
    assert not validator.is_valid({"activation": name})


def test_with_a_formula_any_activation_name_is_valid_in_both(
        validator: jsonschema.Draft202012Validator, tmp_path: Path) -> None:
    from conceptgraph.cli.check import check_kb

    data = {"activation": "Smish", "formula": "a * x * tanh(log(1 + sigmoid(x)))",
            "parameters": {"a": 1.0}, "plot": {"x": [-6, 6]}}
    assert validator.is_valid(data)
    (tmp_path / "Smish.md").write_text(
        '---\nactivation: "Smish"\nformula: "a * x * tanh(log(1 + sigmoid(x)))"\n'
        "parameters: {a: 1.0}\nplot: {x: [-6, 6]}\n---\n# Smish\n\nText.\n", encoding="utf-8")
    result = check_kb(tmp_path, "kb", parse_relations(DEFAULT_RELATIONS))
    assert result.findings() == []


def test_schema_json_is_sorted_and_stable() -> None:
    relations = parse_relations(DEFAULT_RELATIONS)
    text = schema_json(relations)
    assert text == schema_json(parse_relations(dict(reversed(DEFAULT_RELATIONS.items()))))
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_the_new_note_template_validates(validator: jsonschema.Draft202012Validator) -> None:
    relations = parse_relations(DEFAULT_RELATIONS)
    text = note_template("Swish", relations, "typeOf", "Activation function", "SiLU", {},
                         "https://example.org/schema/note.schema.json")
    assert validator.is_valid(frontmatter(text))
