"""Property tests: the reader, the link scanner and the resolver on inputs nobody wrote by hand.

Deadlines are off (the machine is shared); examples are few enough for a quick run. The
linear-time checks count operations (Python lines executed), never seconds.
"""

from __future__ import annotations

import random
import sys
import unicodedata
from collections.abc import Callable

from factories import REL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conceptgraph.diagnostics import ConceptGraphError, Report
from conceptgraph.graph.build import build_graph
from conceptgraph.markup import lexer, scanner
from conceptgraph.markup.scanner import scan
from conceptgraph.markup.wikilinks import LinkText
from conceptgraph.notes import limits
from conceptgraph.notes.frontmatter import split
from conceptgraph.notes.names import check_name
from conceptgraph.notes.read import read_note
from conceptgraph.notes.text import decode

SETTINGS = settings(deadline=None, max_examples=150,
                    suppress_health_check=[HealthCheck.too_slow])

# -- the frontmatter reader -------------------------------------------------------------------

YAML_BITS = st.sampled_from([
    "---", "----", "...", "title: ", "aliases: ", "typeOf: ", "- ", "[", "]", "{", "}", ": ",
    "&a ", "*a", "<<: ", "!!python/object ", "!x ", "? ", "'", '"', "\\", "#", "|", ">", "\t",
    "  ", "\n", "\r\n", "\r", "\ufeff", "\u202e", "\x00", "\x1b", "[[X]]", "yes", "1:30",
    "9" * 50, "é", "\udcff",
])
NOTE_TEXT = st.lists(st.one_of(YAML_BITS, st.text(max_size=8)), max_size=40).map("".join)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


@SETTINGS
@given(NOTE_TEXT)
def test_reader_raises_only_conceptgraph_errors_on_text(text):
    try:
        split(decode(_utf8(text), "kb/A.md"), "kb/A.md")
    except ConceptGraphError as error:
        assert all(d.path == "kb/A.md" and d.line >= 1 and d.hint for d in error.diagnostics)


@SETTINGS
@given(st.binary(max_size=300) | NOTE_TEXT.map(_utf8))
def test_reading_a_note_never_raises_and_explains_every_refusal(raw):
    report = Report()
    note = read_note(raw, "A.md", "kb", REL, report)
    assert note is not None or report.errors  # never dropped without an error
    assert all(str(d).startswith("kb/A.md:") for d in report.items)


# -- the link scanner -------------------------------------------------------------------------

PLAIN = st.text(alphabet=st.characters(blacklist_characters="`[]\\<>\n~", codec="utf-8"),
                max_size=12)
LINK = st.sampled_from(["[[Real]]", "[[Real|label]]", "[[Real#Head]]"])
IN_CODE = st.sampled_from(["`[[Code]]`", "`` [[Code]] ``", "`a [[Code|x]] b`"])
PIECES = st.lists(st.one_of(PLAIN, LINK, IN_CODE), max_size=12).map(" ".join)
FENCED = st.tuples(PIECES, st.sampled_from(["```", "~~~", "````"]), PIECES).map(
    lambda t: f"{t[0]}\n\n{t[1]}\n[[Code]] and `x`\n{t[1]}\n\n{t[2]}\n")


@SETTINGS
@given(st.one_of(PIECES, FENCED))
def test_scanner_never_finds_a_link_inside_code(body):
    found = scan(body)
    assert all(link.text.target != "Code" for link in found.links)


@SETTINGS
@given(PIECES)
def test_scanner_finds_every_link_outside_code(pieces):
    # Led by a word: a line that starts with four blanks (or a tab) would be indented code,
    # where no link is one.
    body = "Text " + pieces
    found = scan(body)
    assert len(found.links) == body.count("[[Real")


@SETTINGS
@given(st.text(max_size=400))
def test_scanner_never_crashes(body):
    found = scan(body, first_line=5)
    assert all(link.line >= 5 for link in found.links)


def count_lines(function: Callable[[], object]) -> int:
    """Python lines executed in the scanner's, the lexer's and the limits' modules while
    ``function`` runs."""
    files = {scanner.__file__, lexer.__file__, limits.__file__}
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if frame.f_code.co_filename not in files:
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        function()
    finally:
        sys.settrace(None)
    return count


HOSTILE_LINES = {
    "open links": "[[",
    "closed links": "[[X]] ",
    "labelled links": "[[X|a]] ",
    "backticks": "`",
    "code spans with links": "`[[X]]` ",
    "tags": "<b>[[X]]</b> ",
    "escapes": "\\[\\[",
    "table row": "| [[X\\|y]] ",
    "sentences": "A [[X]]. ",
}


def test_link_scanner_and_limits_work_in_linear_time():
    for what, unit in HOSTILE_LINES.items():
        small, big = (unit * n + "\n" for n in (500, 2000))
        for function in (scan, lambda text: limits.body_limits(text, 1)):
            ops_small = count_lines(lambda f=function, s=small: f(s))
            ops_big = count_lines(lambda f=function, s=big: f(s))
            # Four times the input: four times the work, plus a constant (never sixteen).
            assert ops_big <= 4.4 * ops_small + 200, (what, ops_small, ops_big)


# -- the resolver -----------------------------------------------------------------------------

def _case_stable(ch: str) -> bool:
    return ch.upper().casefold() == ch.casefold() == ch.lower().casefold() and \
        unicodedata.normalize("NFC", ch) == ch and len(ch.upper()) == 1


LETTERS = [c for c in "abcdefghijklmnopqrstuvwxyzéèçñüöåøσæœ" if _case_stable(c)]
NAME = st.lists(st.sampled_from(LETTERS), min_size=1, max_size=10).map("".join).map(
    lambda s: s[0].upper() + s[1:])


def variant(name: str, rng: random.Random) -> str:
    """The same name in another case and normalisation form, with extra white space."""
    flipped = "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in name)
    form = rng.choice(["NFC", "NFD"])
    return "  " + unicodedata.normalize(form, flipped) + " "


@SETTINGS
@given(st.lists(NAME, min_size=1, max_size=8, unique_by=str.casefold), st.randoms())
def test_resolution_ignores_case_normalisation_and_file_order(names, rng):
    names = [n for n in names if check_name(n) is None]
    texts = {f"{n}.md": f'---\ndescription: "x"\n---\n# {n}\n' for n in names}

    def resolve_all(order: list[str]) -> dict[str, str]:
        report = Report()
        notes = [read_note(texts[f].encode(), f, "kb", REL, report) for f in order]
        cg = build_graph([n for n in notes if n is not None], REL, report)
        assert report.errors == []
        out = {}
        for name in names:
            note = cg.resolver.lookup(LinkText.parse(variant(name, rng)).target)
            assert note is not None, name
            out[name] = note.path
        return out

    files = list(texts)
    first = resolve_all(files)
    shuffled = files[:]
    rng.shuffle(shuffled)
    assert resolve_all(shuffled) == first
    assert first == {n: f"kb/{n}.md" for n in names}


# -- Obsidian line breaks -----------------------------------------------------------------------

def _obsidian_reference(lines: list[str]) -> list[str]:
    """ObsidianLines.run as first written (one quote level), applied to each line's text
    after its '>' markers: lines of another quote depth start a new block, and the blank line
    a list needs keeps the quote's markers. The oracle."""
    import re

    list_start = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
    fence_re = re.compile(r"^ {0,3}(`{3,}|~{3,}|\$\$)")
    quote_re = re.compile(r"(?: {0,3}>[ ]?)*")
    out: list[str] = []
    fence: str | None = None
    prev_text, prev_blank, prev_depth = False, True, 0
    in_list = prev_nested = False
    for line in lines:
        m = fence_re.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0]:
                fence = None
            out.append(line)
            continue
        if m:
            fence = m.group(1)
            out.append(line)
            prev_text, prev_blank, prev_depth = False, False, 0
            continue
        prefix = quote_re.match(line).group()  # type: ignore[union-attr]
        text = line[len(prefix):]
        if prefix.count(">") != prev_depth:
            prev_text, prev_blank = False, True
        prev_depth = prefix.count(">")
        blank = not text.strip()
        indented = text.startswith(("    ", "\t"))
        if indented and prev_blank:
            out.append(line)
            continue
        is_list = bool(list_start.match(text))
        nested_quote = indented and text.lstrip().startswith(">")
        structural = blank or text.lstrip().startswith(("#", "|", "<", "{:")) or is_list \
            or nested_quote
        if is_list and (prev_text or prev_nested) or nested_quote and in_list and \
                not prev_blank and not prev_nested:
            out.append(prefix.rstrip())
        elif prev_text and not structural and out and not out[-1].endswith("  "):
            out[-1] += "  "
        out.append(line)
        prev_text = not structural and not indented or (prev_text and indented and not blank)
        prev_blank, prev_nested = blank, nested_quote
        in_list = is_list or (in_list and (blank or indented))
    return out


OBSIDIAN_LINES = st.sampled_from([
    "", " ", "\t", "text", "more text  ", "- item", "1. item", "* x", "    code", "\tcode",
    "```", "```py", "~~~", "$$", " $$", "$x$ inline", "`code` span", "# Heading", "| a | b |",
    "> quote", "<div>", "{: .c }", "   - nested", "10) item", "-not a list", "~ tilde", "``",
    "> > deeper", ">", "> - quoted item", "> [!tip] Title", ">     quoted code", " > spaced",
    "    > [!note] in a list", "    > indented quote",
])


@SETTINGS
@given(st.lists(OBSIDIAN_LINES, max_size=30))
def test_obsidian_lines_shortcuts_change_nothing(lines):
    from conceptgraph.render.obsidian import ObsidianLines

    fast = ObsidianLines(lambda: True, None).run(list(lines))  # type: ignore[arg-type]
    assert fast == _obsidian_reference(list(lines))
