"""Unit tests for the fixes that the hostile corpus (tests/hostile/) found in the core."""

from factories import graph, messages, note_text

from conceptgraph.markup.scanner import scan
from conceptgraph.render.fragments import Fragment, Transclusion, fill_fragments

X = note_text('description: "x"', "# X\n")


def test_code_or_html_in_a_link_name_is_not_a_link_and_is_reported():
    body = ("A [[a `b` c]], [[<b>X</b>]], [[<https://x.org>]], [[X#<b>H</b>]] and "
            "[[X|`label`]]; [[X#`code` heading]] is the heading as written.\n")
    found = scan(body)
    assert [link.raw for link in found.links] == ["[[X|`label`]]", "[[X#`code` heading]]"]
    assert found.markup_links == [(1, "[[a `b` c]]"), (1, "[[<b>X</b>]]"),
                                  (1, "[[<https://x.org>]]"), (1, "[[X#<b>H</b>]]")]


def test_markup_link_warning_names_line_and_fix():
    _, report = graph({"X.md": X, "A.md": note_text('description: "x"', "[[<b>X</b>]]\n")})
    assert messages(report) == [
        "kb/A.md:4: [[<b>X</b>]] is not a wiki-link: its name holds code or HTML; write the "
        "name as plain text; formatting may go in the label, e.g. [[Name|`label`]]"]


def test_deep_nesting_is_refused_at_its_line():
    deep = "[" * 1000 + "]" * 1000
    _, report = graph({"A.md": f'---\ndescription: "x"\ntags: {deep}\n---\n'})
    assert [m.split(";")[0] for m in messages(report)] == [
        "kb/A.md:3: invalid YAML in frontmatter: exceeded maximum nesting depth"]


def test_nfd_twin_is_told_apart_in_the_clash_message(tmp_path):
    # Names that share a slug clash when read (issue 14: names alone may be shared)
    from conceptgraph.notes.read import load_vault

    for name in ("Caf\u00e9.md", "Cafe\u0301.md"):
        (tmp_path / name).write_text(X, encoding="utf-8")
    _, report = load_vault(tmp_path, "kb", {})
    assert "kb/Cafe\u0301.md is written in decomposed Unicode (NFD)" in messages(report)[0]


def test_bracket_work_counts_what_markdown_reads_for_each_bracket():
    from conceptgraph.notes.limits import bracket_work

    assert bracket_work("[[X]]") == 4 + 2  # outer [ reads 4 to its ], inner [ reads 2
    assert bracket_work("a [ b") == 3  # a stray [ reads to the end
    assert bracket_work("\\[ \\]") == 0  # escaped brackets are literal text


def test_limits_name_the_line_and_the_limit():
    from conceptgraph.notes.limits import MAX_NESTING, body_limits

    body = "text\n\n" + "".join("    " * i + "- x\n" for i in range(MAX_NESTING + 2))
    assert body_limits(body, 10) == [
        (12 + MAX_NESTING, f"nested {MAX_NESTING + 1} levels deep (limit {MAX_NESTING})",
         "flatten the lists, quotes or indentation")]


def test_limits_ignore_fenced_code():
    from conceptgraph.notes.limits import body_limits

    assert body_limits("```\n" + "[" * 50_000 + "\n" + " " * 400 + "x\n```\n", 1) == []


def test_control_character_written_as_a_yaml_escape_is_an_error():
    _, report = graph({"A.md": '---\ndescription: "a\\x1bb"\n---\n'})
    assert messages(report) == [
        "kb/A.md:2: 'description' contains the control character U+001B; remove it (a YAML "
        "escape such as \\a or \\x1b writes one)"]


def test_broken_tex_in_a_plot_label_is_printed_verbatim():
    import io

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from conceptgraph.media.plots import _text

    label = "$\\frac{ costs $5 and $$\\left($"
    fig = Figure()
    ax = fig.add_subplot()
    ax.set_title(_text(label))
    ax.plot([0, 1], [0, 1], label=_text(label))
    ax.legend()
    out = io.StringIO()
    fig.savefig(out, format="svg")  # mathtext would raise ValueError on the raw label
    assert "costs" in out.getvalue()


def test_the_prebuilt_cleaner_cleans_as_nh3_clean_does():
    """sanitize.clean_html uses one nh3.Cleaner; nh3.clean with the same allow-list, called
    afresh, is the reference. Every hostile note, read as HTML, must come out the same."""
    from pathlib import Path

    import nh3
    import yaml

    from conceptgraph.markup import sanitize

    texts = []
    for case in sorted((Path(__file__).parent / "hostile").glob("*.yaml")):
        for spec in yaml.safe_load(case.read_text(encoding="utf-8"))["files"].values():
            if isinstance(spec, str):
                texts.append(spec)
    texts.append('<p onclick="x()">a<script>b</script><a href="javascript:c">d</a></p>')
    assert len(texts) > 60
    for text in texts:
        assert sanitize.clean_html(text) == nh3.clean(text, **sanitize._CLEAN)
    assert sanitize.clean_html(texts[-1]) == "<p>a<a>d</a></p>"


def test_a_placeholder_a_note_writes_cannot_make_a_transclusion_loop():
    """A table cell's transclusion is rendered where its placeholder is; inside it only the
    fragments made before it are filled, so a note that writes a placeholder of its own
    transclusion (or of a later one) gets nothing there, not a loop."""
    fragments: list[Fragment] = [
        "<audio></audio>",
        Transclusion('before <span data-cg-embed="0"></span> '
                     '<span data-cg-embed="1"></span><span data-cg-embed="2"></span> after'),
        Transclusion('<span data-cg-embed="1"></span>again'),
    ]
    rendered: list[str] = []

    def render(markdown: str) -> str:
        rendered.append(markdown)
        return f"<div>{markdown}</div>"

    page = '<td><span data-cg-embed="1"></span></td><span data-cg-embed="2"></span>' \
        '<span data-cg-embed="9"></span>'
    out = fill_fragments(page, fragments, render)
    inner = "<div>before <audio></audio>  after</div>"
    assert out == f"<td>{inner}</td><div>{inner}again</div>"
    assert len(rendered) == 3  # the first transclusion twice, the second once


def test_two_notes_with_one_permalink_are_both_published(tmp_path):
    # obsidian-help: *Migrate a Sync vault* and *Upgrade Sync encryption* both write
    # `permalink: sync/migrate`. The first in the vault's order keeps it, the other is
    # published at its own address, with a warning at its permalink line (no error).
    from conceptgraph.notes.read import load_vault

    for name in ("A.md", "B.md"):
        (tmp_path / name).write_text("---\ndescription: x\npermalink: sync/migrate\n---\n",
                                     encoding="utf-8")
    vault, report = load_vault(tmp_path, "kb", {})
    assert [(n.name, n.permalink) for n in vault.notes] == [("A", "sync/migrate"), ("B", None)]
    assert messages(report) == [
        "kb/B.md:3: permalink 'sync/migrate' is the permalink of kb/A.md; the note is published "
        "at its own address instead; choose another permalink"]
