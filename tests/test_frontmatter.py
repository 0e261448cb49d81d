"""The frontmatter reader: values kept as written, every refusal names its line and the fix."""

import pytest

from conceptgraph.diagnostics import ConceptGraphError
from conceptgraph.notes.frontmatter import split
from conceptgraph.notes.text import decode


def read(text: str):
    return split(decode(text.encode("utf-8"), "kb/X.md"), "kb/X.md")


def refusal(raw: bytes | str) -> str:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    with pytest.raises(ConceptGraphError) as exc:
        split(decode(data, "kb/X.md"), "kb/X.md")
    return str(exc.value)


@pytest.mark.parametrize(("yaml_line", "expected"), [
    ("country: NO", "NO"),
    ("ok: yes", "yes"),
    ("when: 2024-01-02", "2024-01-02"),
    ("time: 1:30", "1:30"),
    ("octal: 012", "012"),
    ("nan: .nan", ".nan"),
    ("big: " + "9" * 5000, "9" * 5000),
    ("empty: ''", ""),
    ('quoted: "[[ReLU]]"', "[[ReLU]]"),
])
def test_scalars_keep_the_text_written(yaml_line, expected):
    source = read(f"---\n{yaml_line}\n---\nbody\n")
    (field,) = source.fields.values()
    assert field.value == expected
    assert field.line == 2


def test_non_string_keys_are_kept_as_text():
    assert list(read("---\n1: a\ntrue: b\n---\n").fields) == ["1", "true"]


def test_lists_keep_each_item_line():
    source = read('---\ntitle: T\nvariants:\n  - "[[A]]"\n  - "[[B]]"\n---\n# T\n')
    assert source.fields["variants"].items == (("[[A]]", 4), ("[[B]]", 5))
    assert source.body_line == 7
    assert source.body == "# T\n"


@pytest.mark.parametrize("raw", [
    b"\xef\xbb\xbf---\ntitle: T\n---\nbody\n",
    b"---\r\ntitle: T\r\n---\r\nbody\r\n",
    b"---\rtitle: T\r---\rbody\r",
])
def test_bom_and_line_endings_read_like_lf(raw):
    source = split(decode(raw, "kb/X.md"), "kb/X.md")
    assert source.fields["title"].value == "T"
    assert source.body == "body\n"


@pytest.mark.parametrize(("raw", "expected"), [
    (b"---\ntitle: \xff\n---\n", "kb/X.md:2: invalid UTF-8"),
    ("---\ntitle: a\x00b\n---\n", "kb/X.md:2: control character U+0000"),
    ("no frontmatter\n", "kb/X.md:1: missing frontmatter"),
    ("\n---\ntitle: T\n---\n", "kb/X.md:2: frontmatter must start at the first byte"),
    ("----\ntitle: T\n----\n", "kb/X.md:1: frontmatter must open with exactly '---'"),
    ("---\ntitle: T\n", "kb/X.md:1: frontmatter is not closed"),
    ("---\n---\nbody", "kb/X.md:1: frontmatter is empty"),
    ("---\n- a\n- b\n---\n", "kb/X.md:2: frontmatter must be a mapping of keys to values, "
     "received a list"),
    ("---\njust text\n---\n", "received a single value"),
    ("---\ntitle: a\ntitle: b\n---\n", "kb/X.md:3: duplicate key 'title' (first written on "
     "line 2)"),
    ("---\ntitle:\n\t- a\n---\n", "kb/X.md:3: tab used for indentation"),
    ("---\na: &x 1\n---\n", "kb/X.md:2: YAML anchors (&name) are not allowed"),
    ("---\na: 1\nb: *x\n---\n", "kb/X.md:3: YAML aliases (*name) are not allowed"),
    ("---\n<<: {a: 1}\n---\n", "kb/X.md:2: YAML merge keys (<<) are not allowed"),
    ("---\na: !!python/object:os.system 1\n---\n", "kb/X.md:2: explicit YAML tags"),
    ("---\na: !!str 1\n---\n", "explicit YAML tags"),
    ("---\ntitle: [unclosed\n---\n", "kb/X.md:2: invalid YAML in frontmatter"),
])
def test_refusals_name_the_line_and_the_fix(raw, expected):
    message = refusal(raw)
    assert message.startswith(expected) or expected in message
    assert "; " in message  # every refusal carries a fix after the problem


def test_alias_bomb_is_refused_at_the_first_anchor():
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        levels.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    message = refusal("---\n" + "\n".join(levels) + "\n---\n")
    assert message.startswith("kb/X.md:2: YAML anchors")


def test_unquoted_link_reads_as_a_nested_list():
    # Reported by the note validator (with the hint to quote); here it must not crash.
    assert read("---\ntypeOf: [[X]]\n---\n").fields["typeOf"].value == [["X"]]


def test_deep_nesting_is_an_error_not_a_crash():
    message = refusal("---\na: " + "[" * 1000 + "]" * 1000 + "\n---\n")
    assert message.startswith("kb/X.md:")


@pytest.mark.parametrize(("text", "body", "body_line"), [
    ("---\ntitle: T\n---\nbody\n", "body\n", 4),
    ("---  \ntitle: T\n--- \t\n\nbody\n", "\nbody\n", 4),  # spaces after a fence
    ("---\ntitle: T\n...\nbody\n", "body\n", 4),  # '...' closes too
    ("---\ntitle: T\n---", "", 4),  # closed at the end of the file
    ("---\ntitle: T\n\n---\na\n---\nb\n", "a\n---\nb\n", 5),  # a later '---' is body
])
def test_the_frontmatter_ends_at_the_first_closing_line(text, body, body_line):
    source = read(text)
    assert source.fields["title"].value == "T"
    assert (source.body, source.body_line) == (body, body_line)


def test_a_longer_dash_line_does_not_close_the_frontmatter():
    assert refusal("---\ntitle: T\n----\nbody\n").startswith("kb/X.md:1: frontmatter is not closed")
    assert refusal("---\ntitle: T\n----\n---\n").startswith("kb/X.md:3: invalid YAML")
