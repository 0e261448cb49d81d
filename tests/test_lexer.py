"""The one lexer for fenced blocks and code spans, and its users agreeing on what is code."""

from __future__ import annotations

import pytest

from conceptgraph.markup.lexer import code_spans, fence_open, fenced_lines
from conceptgraph.markup.sanitize import risky_html
from conceptgraph.markup.scanner import scan
from conceptgraph.notes.limits import MAX_EMPHASIS, body_limits


@pytest.mark.parametrize(("lines", "expected"), [
    (["a", "```py", "x", "```", "b"], [False, True, True, True, False]),
    (["~~~~", "```", "~~~", "~~~~~", "b"], [True, True, True, True, False]),  # at least as long
    (["```", "``` x", "b"], [True, True, True]),  # a closing line holds nothing else
    (["```a`b", "c"], [False, False]),  # a backtick fence's info holds no backtick
    (["   ```", "x", "   ```", "    ```"], [True, True, True, False]),  # at most 3 spaces
    (["```", "x"], [True, True]),  # left open: to the end
    (["$$", "x", "$$", "y"], [False, False, False, False]),
    # in a quote or callout: the block ends at its fence, or where the quote ends
    (["> [!tip]", "> ```", "> %%", ">  ```", "%%"], [False, True, True, True, False]),
    (["> ```", "> x", "after", "```"], [True, True, False, True]),
    (["> > ```", "> > x", "> y"], [True, True, False]),
    (["```", "> ```", "x", "```"], [True, True, True, True]),  # a quote marker in code is code
])
def test_fenced_lines(lines, expected):
    assert list(fenced_lines(lines)) == expected


def test_math_blocks_are_fenced_only_when_asked_for():
    assert list(fenced_lines(["$$", "x^2", "$$", "y"], math=True)) == [True, True, True, False]
    assert fence_open("$$") is None and fence_open(" $$ a", math=True) == "$$"


def test_code_spans_are_the_closed_backtick_runs():
    line = "a `b` c ``d ` e`` f `g"
    assert [line[s:e] for s, e in code_spans(line)] == ["`b`", "``d ` e``"]


def test_scanner_limits_and_unsafe_html_agree_on_what_is_fenced():
    # "``` x" does not close the fence: what follows is code for each of them.
    body = "```\ncode\n``` x\n[[A]] <script>\n" + "*" * (MAX_EMPHASIS + 1) + "\n"
    assert scan(body).links == []
    assert risky_html(body, 1) == []
    assert body_limits(body, 1) == []
    closed = body.replace("``` x", "```")
    assert [link.raw for link in scan(closed).links] == ["[[A]]"]
    assert risky_html(closed, 1) == [(4, "script")]
    assert [line for line, _, _ in body_limits(closed, 1)] == [4]
