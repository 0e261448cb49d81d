"""The wiki-link scanner, from golden files: a new case is a new file in tests/golden/links/."""

from pathlib import Path

import pytest
import yaml

from conceptgraph.markup.scanner import scan
from conceptgraph.markup.wikilinks import LinkText, links_in_value, plain_text

GOLDEN = sorted((Path(__file__).parent / "golden" / "links").glob("*.yaml"))


@pytest.mark.parametrize("case", GOLDEN, ids=lambda p: p.stem)
def test_scanner_matches_golden_file(case):
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    found = scan(data["markdown"])
    links = [[k.line, k.column, k.text.target, k.text.heading, k.text.label] for k in found.links]
    assert links == data["links"]
    heads = [[h.line, h.text, h.anchor] for h in found.headings]
    assert heads == data["headings"]


@pytest.mark.parametrize(("inner", "target", "heading", "label", "shown"), [
    ("ReLU", "ReLU", None, None, "ReLU"),
    ("ReLU|the rectifier", "ReLU", None, "the rectifier", "the rectifier"),
    ("ReLU#Variants", "ReLU", "Variants", None, "ReLU › Variants"),
    ("#Variants", "", "Variants", None, "Variants"),
    ("A#B#C|x|y", "A", "B#C", "x|y", "x|y"),
    ("", "", None, None, ""),
    ("|x", "", None, "x", "x"),
    ("#", "", "", None, ""),
])
def test_link_text_splits_target_heading_and_label(inner, target, heading, label, shown):
    text = LinkText.parse(inner)
    assert (text.target, text.heading, text.label) == (target, heading, label)
    assert text.display() == shown


def test_first_line_offsets_line_numbers():
    assert [k.line for k in scan("x\n[[A]]\n", first_line=10).links] == [11]


def test_context_is_the_sentence_around_the_link():
    (link,) = scan("First one. Here **we** cite [[ReLU|it]] today. Last.").links
    assert link.context == "Here we cite it today."


@pytest.mark.parametrize(("line", "context"), [
    ("> [!tip] If you see [[X]] here.", "If you see X here."),  # a callout's title line
    ("> > [!note]- Folded with [[X]].", "Folded with X."),  # nested, folded
    (">[!warning] Close [[X]]", "Close X"),  # a quote marker needs no space
    ("- item [[X]] ok", "item X ok"),
    ("3) item [[X]]", "item X"),
    ("> - quoted item [[X]]", "quoted item X"),
    ("Text [!tip] stays [[X]]", "Text [!tip] stays X"),  # only a line's own markers go
    ("Add `[!info]` to a **quote** like [[X]].", "Add `[!info]` to a quote like X."),  # code
])
def test_context_leaves_out_the_markers_a_line_starts_with(line, context):
    (link,) = scan(line).links
    assert link.context == context


def test_table_row_with_unescaped_bar_is_reported_not_linked():
    found = scan("| a | b |\n|---|---|\n| [[X|y]] | z |\n")
    assert found.links == []
    assert found.table_pipe_lines == [3]


def test_frontmatter_values_hold_links_anywhere():
    assert [t.target for t in links_in_value("see [[A]] and [[B|b]]")] == ["A", "B"]


def test_plain_text_drops_markup():
    assert plain_text("**Bold** [[A|x]] `code` [md](u.md)") == "Bold x code md"


def test_scanner_work_grows_linearly_with_many_open_brackets():
    # Operation count, not wall-clock: the regex engine's steps are bounded by counting how
    # many tokens the scanner visits for inputs of two sizes.
    import conceptgraph.markup.scanner as wl

    def tokens(n: int) -> int:
        line = "[[" * n + "x"
        return sum(1 for _ in wl._INLINE.finditer(line)) + len(scan(line).links)

    small, large = tokens(2_000), tokens(20_000)
    assert large <= 10 * small + 10
