"""The read stage's shortcuts give what the full reading gives: each is checked against it.

Reading a note takes shortcuts for the common case (simple frontmatter, a body too small for
any limit, no character a risky construct needs, lines without a token start). Each test below
turns one shortcut off and compares, on inputs chosen at the edge of the shortcut.
"""

from __future__ import annotations

import random
import re

import pytest

from conceptgraph.diagnostics import ConceptGraphError
from conceptgraph.markup import lexer, scanner
from conceptgraph.markup.sanitize import risky_html
from conceptgraph.notes import frontmatter, limits, text
from conceptgraph.notes.frontmatter import split
from conceptgraph.notes.text import decode


def read(text: str) -> object:
    """Fields, body and body line of a note, or its error messages."""
    try:
        source = split(text, "kb/A.md")
    except ConceptGraphError as error:
        return [str(d) for d in error.diagnostics]
    return source.fields, source.body, source.body_line


BLOCKS = [
    'typeOf: "[[A]]"',
    'variants: ["[[A]]", "[[B|b]]"]\nusedIn: []',
    'foundationalPaper: "T (A, Bordes & Bengio, 2011)"\nk:   "  x # y: z [ ] *a !t "  ',
    'title: "é ü 😀 \u00a0"',
    'title: "a"\ntitle: "b"',  # a repeated key: YAML's message
    'title: "x\u2028y"',  # a line break to YAML
    'title: "x\ufeffy"',
    'title: "a\\tb"',
    'title: "a"b"',
    'title:"x"',
    'k: ["a","b"]',
    'k: ["a", ]',
    'k: "a" # comment',
    '<<: "x"',
    "k" * 101 + ': "x"',
    'a: "x"\n\nb: "y"',
    'a: "x"\n b: "y"',
    'a: "x"\n--- b',
    'a: "x"\u2028--- b\nc: [',
    "a: &x 1\nb: *x",
]


@pytest.mark.parametrize("block", BLOCKS)
def test_simple_frontmatter_is_read_as_yaml_reads_it(block, monkeypatch):
    text = f"---\n{block}\n---\nbody\n"
    fast = read(text)
    monkeypatch.setattr(frontmatter, "_simple_fields", lambda lines, first: None)
    monkeypatch.setattr(frontmatter, "_needs_reference_check", lambda block: True)
    assert fast == read(text)


def test_simple_frontmatter_is_the_common_form():
    lines = ['typeOf: "[[A]]"', 'aliases: ["B", "C"]', "tags: []"]
    fields = frontmatter._simple_fields(lines, 2)
    assert fields is not None
    assert [(f.key, f.line, f.value, f.items) for f in fields.values()] == [
        ("typeOf", 2, "[[A]]", (("[[A]]", 2),)),
        ("aliases", 3, ["B", "C"], (("B", 3), ("C", 3))),
        ("tags", 4, [], ()),
    ]


def test_a_second_document_after_any_yaml_line_break_is_walked_for_references():
    for brk in ("\n", "\r", "\u0085", "\u2028", "\u2029"):
        assert frontmatter._needs_reference_check(f"a: 1{brk}--- b")
    assert not frontmatter._needs_reference_check('a: "R and D"')


@pytest.mark.parametrize("code", [*range(0x00, 0x20), *range(0x7F, 0xA0), 0xA0, 0x2028])
def test_control_characters_are_found_whatever_their_utf8_form(code):
    raw = f"---\na: b\n---\nx{chr(code)}y\n".encode()
    expected = text.CONTROL.search(
        raw.decode().replace("\r\n", "\n").replace("\r", "\n"))
    try:
        decode(raw, "kb/A.md")
    except ConceptGraphError as error:
        assert expected is not None
        assert "control character" in str(error) and ":4:" in str(error)
    else:
        assert expected is None


def reference_bracket_work(text: str) -> int:
    work, open_at = 0, []
    for m in re.finditer(r"(?<!\\)[\[\]]", text):
        if m.group() == "[":
            open_at.append(m.start())
        elif open_at:
            work += m.start() - open_at.pop()
    return work + sum(len(text) - i for i in open_at)


def test_bracket_work_is_the_stack_count():
    rng = random.Random(0)
    for _ in range(5000):
        text = "".join(rng.choice("[]\\a ") for _ in range(rng.randint(0, 40)))
        assert limits.bracket_work(text) == reference_bracket_work(text), text


NEAR_LIMITS = [
    "text\n" * 3,
    "> " * 16 + "x",  # 32 levels
    "> " * 17 + "x",
    "- " * 33 + "x",
    "\t" * 33 + "x",
    "1. " * 33 + "x",
    "\u0661. " * 33 + "x",  # an Arabic-Indic digit is a digit to \d
    "*" * 200,
    "*" * 201,
    "a_" * 150 + "\n\n" + "b*" * 60,
    "<div markdown>\n\n" * 32,
    "<div markdown>\n\n" * 33,
    "<div marKdown>\n\n" * 33,  # KELVIN SIGN: the same letter to re.IGNORECASE
    "[" * 1414 + "\n" + "x" * 10,
    "[" * 2000,
    "```\n" + "[" * 3000 + "\n```\n",
]


@pytest.mark.parametrize("body", NEAR_LIMITS)
def test_limit_shortcut_agrees_with_the_line_by_line_reading(body, monkeypatch):
    fast = limits.body_limits(body, 5)
    monkeypatch.setattr(limits, "_clearly_within", lambda body: False)
    assert fast == limits.body_limits(body, 5)


@pytest.mark.parametrize("body", [
    "a <script>x</script>",
    "[x](javascript:alert(1))",
    "[x](javascript`a`:alert(1))",  # the code span is blanked: `javascript   :`
    "[x](javaſcript:alert(1))",  # LATIN SMALL LETTER LONG S is an s to re.IGNORECASE
    "`<script>` and `javascript:` in code",
    "data: 3 points",
    "plain text only",
])
def test_risky_html_reads_every_line_that_may_hold_a_risk(body):
    fenced = f"```\n{body}\n```\n"
    assert risky_html(body, 1) == [
        (1, hit) for hit in _risky_reference(body)]
    assert risky_html(fenced, 1) == []


def _risky_reference(line: str) -> list[str]:
    from conceptgraph.markup import sanitize

    text = lexer.CODE_SPAN.sub(lambda c: " " * len(c.group()), line)
    hit = sanitize._RISKY.search(text)
    if hit is None:
        return []
    what = hit.group("tag") or hit.group("url") or "an on…= event handler"
    return [re.sub(r"\s+", "", what.strip("<")) if hit.group("tag") else what]


def test_link_tokens_are_the_links_among_all_tokens():
    rng = random.Random(1)
    pieces = ["[[A]]", "[[", "]]", "`", "``", "\\", "<b>", "</b>", "<!-- c -->", "<", "x", " "]
    for _ in range(3000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        expected = [(m.start(), m.group()) for m in scanner._INLINE.finditer(line)
                    if m.group("link") is not None]
        assert [(m.start(), m.group()) for m in scanner._link_tokens(line)] == expected
