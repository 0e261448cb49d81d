"""The published knowledge base: the user's note unchanged, every link resolved, nothing
orphaned, every registered activation function with its note, and the numbers the notes quote
equal to what the build computes (``test_kb_numbers.py``)."""

from pathlib import Path

import pytest

from conceptgraph.activations.match import note_activation
from conceptgraph.activations.registry import activations
from conceptgraph.cli.project import load_project
from conceptgraph.graph.build import build_graph
from conceptgraph.notes.read import load_notes

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seeds" / "ReLU.md"


@pytest.fixture(scope="module")
def kb():
    relations = load_project(str(REPO / "mkdocs.yml"), None).relations
    notes, report = load_notes(REPO / "kb", "kb", relations)
    graph = build_graph(notes, relations, report)
    return notes, graph, report


def test_users_note_is_byte_for_byte_the_seed():
    if not SEED.exists():
        pytest.fail(f"the seed note is missing: {SEED} (shared/ must sit beside the checkout)")
    assert (REPO / "kb" / "ReLU.md").read_bytes() == SEED.read_bytes()


def test_knowledge_base_has_no_finding(kb):
    _, _, report = kb
    assert [str(d) for d in report.items] == []


def test_no_wanted_concept_and_no_orphan(kb):
    notes, graph, _ = kb
    assert graph.wanted == {}
    orphans = [n.name for n in notes if graph.graph.degree(n.slug) == 0]
    assert orphans == []


def test_every_link_of_the_users_note_has_a_note(kb):
    notes, graph, _ = kb
    relu = next(n for n in notes if n.name == "ReLU")
    targets = {graph.resolver.lookup(ref.text.target).name for ref in relu.relations}
    assert targets == {"Activation function", "Computational efficiency", "Sparse activation",
                       "Gradient propagation", "Leaky ReLU", "Parametric ReLU", "ELU", "GELU",
                       "Deep neural networks", "Convolutional neural networks"}


def test_every_registered_activation_function_has_a_note(kb):
    notes, _, _ = kb
    covered = {entry.name for n in notes if (entry := note_activation(n)) is not None}
    assert covered == set(activations.names())
