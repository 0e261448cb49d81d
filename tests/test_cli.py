"""The ``conceptgraph`` command: new, check, graph, schema; exact output lines and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
import yaml
from mkdocs.structure.files import File

from conceptgraph.activations.registry import activations
from conceptgraph.build import BuildOptions, build
from conceptgraph.cli.main import main
from conceptgraph.cli.output import format_github
from conceptgraph.diagnostics import Diagnostic
from conceptgraph.notes.relations import DEFAULT_RELATIONS, parse_relations

ROOT = Path(__file__).resolve().parents[1]

CONFIG = """\
site_name: test
site_url: !ENV [SITE_URL, "https://example.org/kb/"]
plugins:
  - search
  - conceptgraph:
      kb_dir: kb
      relations:
        typeOf: {label: Type of, inverse: Subtypes, taxonomy: true}
        variants: {label: Variants, inverse: Variant of}
        usedIn: {label: Used in, inverse: Uses}
        advantages: {label: Advantages, inverse: Advantage of}
"""

GOOD = {
    "Activation function": '---\naliases: ["Activation functions"]\n---\n\n# Activation function\n',
    "ReLU": '---\ntypeOf: "[[Activation function]]"\nvariants: ["[[Leaky ReLU]]"]\n---\n\n'
            "# ReLU\n\nSee [[Leaky ReLU]].\n",
    "Leaky ReLU": '---\naliases: ["LReLU"]\nactivation: "Leaky ReLU"\n'
                  'params: {negative_slope: 0.1}\ntypeOf: "[[Activation function]]"\n'
                  "---\n\n# Leaky ReLU\n",
}

# Each broken note, and the exact line `check` prints for it.
BROKEN = {
    "Alpha": '---\ntypeOf: "[[Beta]]"\n---\n\n# Alpha\n\nSee [[Gama]].\n',
    "Beta": '---\ntypeOf: "[[Alpha]]"\n---\n\n# Beta\n',
    "Gamma": '---\nactivation: "ELUX"\n---\n\n# Gamma\n',
    "Delta": '---\nactivation: "ELU"\nparams: {alpah: 0.1}\n---\n\n# Delta\n',
    "Epsilon": '---\naliases: ["E"]\nparams:\n  alpha: "1"\n---\n\n# Epsilon\n',
    "Zeta": '---\naliases: ["Z"]\n---\n\n# Zeta\n\n```figure\nmean-shfit\n```\n',
    "Eta": '---\nvarients: ["[[Alpha]]"]\nvariants: "Alpha"\n---\n\n# Eta\n',
    "Leaky ReLU": '---\naliases: ["R"]\nparams: {negative_slope: "x"}\n---\n\n# Leaky ReLU\n',
}
BROKEN_OUTPUT = [
    "kb/Alpha.md:2: error: 'typeOf' cycle: Alpha (kb/Alpha.md:2) → Beta (kb/Beta.md:2) → Alpha; "
    "a concept cannot be a type of itself; remove one 'typeOf' link",
    "kb/Alpha.md:7: warning: unresolved link [[Gama]]; did you mean [[Gamma]]?",
    "kb/Delta.md:3: error: unknown parameter 'alpah' for ELU (allowed: alpha); "
    "did you mean 'alpha'?",
    "kb/Epsilon.md:3: error: 'params' given, but the note names no activation function; add "
    'activation: "<name>" with one of: ' + ", ".join(activations.names()) + "; or remove params",
    "kb/Eta.md:2: info: field 'varients' holds wiki-links but is not a declared relation; "
    "declare it in mkdocs.yml under plugins → conceptgraph → relations: varients: "
    "{label: ..., inverse: ...}",
    "kb/Eta.md:3: error: 'variants' expected wiki-links like \"[[Name]]\", received 'Alpha'; "
    'write variants: "[[Alpha]]"',
    "kb/Gamma.md:2: error: unknown activation 'ELUX'; did you mean 'ELU', 'SELU' or 'ReLU'? "
    'Or, for a new function, add formula: "..." (see the contributing guide)',
    "kb/Leaky ReLU.md:3: error: parameter 'negative_slope' of Leaky ReLU: expected a number, "
    "received 'x'; the defaults are {negative_slope: 0.01}",
    "kb/Zeta.md:7: error: unknown figure 'mean-shfit'; did you mean 'mean-shift'?",
    "7 errors, 1 warning, 1 info in 8 notes",
]


def make_project(root: Path, notes: dict[str, str], config: str | None = CONFIG) -> Path:
    """A project folder with mkdocs.yml (unless None), docs/ and kb/<name>.md for each note."""
    (root / "kb").mkdir(parents=True, exist_ok=True)
    (root / "docs").mkdir(exist_ok=True)  # MkDocs refuses a config whose docs_dir is missing
    if config is not None:
        (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    for name, text in notes.items():
        (root / "kb" / f"{name}.md").write_text(text, encoding="utf-8")
    return root


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], list[str]]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.splitlines()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SITE_URL", raising=False)
    return make_project(tmp_path, GOOD)


# -- check -----------------------------------------------------------------------------------


def test_check_accepts_a_clean_kb(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check"], capsys) == (0, ["0 errors, 0 warnings in 3 notes"], [])


def test_check_prints_every_finding_sorted_with_a_summary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(make_project(tmp_path, BROKEN))
    assert run(["check"], capsys) == (1, BROKEN_OUTPUT, [])


def test_check_github_format_prints_workflow_commands(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(make_project(tmp_path, BROKEN))
    code, out, _ = run(["check", "--format", "github"], capsys)
    assert code == 1
    assert out[1] == ("::warning file=kb/Alpha.md,line=7,title=conceptgraph::unresolved link "
                      "[[Gama]]; did you mean [[Gamma]]?")
    assert out[6] == ("::error file=kb/Gamma.md,line=2,title=conceptgraph::unknown activation "
                      "'ELUX'; did you mean 'ELU', 'SELU' or 'ReLU'? Or, for a new function, "
                      'add formula: "..." (see the contributing guide)')
    assert out[-1] == "7 errors, 1 warning, 1 info in 8 notes"
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in out[:-1])


@pytest.mark.parametrize(("diagnostic", "expected"), [
    (Diagnostic("kb/A.md", 4, "error", "bad", "fix it"),
     "::error file=kb/A.md,line=4,title=conceptgraph::bad; fix it"),
    (Diagnostic("kb/a,b:c.md", 1, "warning", "100% sure\r\nnext", ""),
     "::warning file=kb/a%2Cb%3Ac.md,line=1,title=conceptgraph::100%25 sure%0D%0Anext"),
    (Diagnostic("kb/A.md", 2, "error", "a: b, c", ""),
     "::error file=kb/A.md,line=2,title=conceptgraph::a: b, c"),
])
def test_github_format_escapes_data_and_properties(diagnostic: Diagnostic, expected: str) -> None:
    assert format_github(diagnostic) == expected


def test_check_fails_on_a_warning_as_the_strict_build_does_and_lenient_does_not(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "kb" / "ReLU.md").write_text(GOOD["ReLU"] + "\nAnd [[Sigmoid]].\n",
                                            encoding="utf-8")
    warning = ("kb/ReLU.md:10: warning: unresolved link [[Sigmoid]]; add a note for it, or fix "
               "the name (see the Wanted concepts page)")
    expected = [warning, "0 errors, 1 warning in 3 notes"]
    assert run(["check"], capsys) == (1, expected, [])
    assert run(["check", "--strict"], capsys) == (1, expected, [])  # the old flag: the default
    assert run(["check", "--lenient"], capsys) == (0, expected, [])


@pytest.mark.parametrize(("setup", "expected"), [
    ("missing", "nowhere:1: error: knowledge-base folder does not exist; pass the folder of "
                "notes (conceptgraph check path/to/kb), or set kb_dir in mkdocs.yml"),
    ("empty", "nowhere:1: error: the knowledge-base folder holds no notes (.md files); add one "
              'with: conceptgraph new "Name"'),
])
def test_check_without_notes_says_so_and_exits_2(
        project: Path, capsys: pytest.CaptureFixture[str], setup: str, expected: str) -> None:
    if setup == "empty":
        (project / "nowhere").mkdir()
    assert run(["check", "nowhere"], capsys) == (2, [], [expected])


def test_check_reads_relations_from_mkdocs_yml(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    note = '---\nsolutions: ["[[ReLU]]"]\n---\n\n# Problem\n'
    (project / "kb" / "Problem.md").write_text(note, encoding="utf-8")
    code, out, _ = run(["check"], capsys)
    # Not declared: an edge labelled 'solutions', and the notice says how to declare it
    assert (code, out[0].split(": ")[1]) == (0, "info")
    assert "relations: solutions: {label: ..., inverse: ...}" in out[0]
    config = CONFIG + "        solutions: {label: Solutions, inverse: Solves}\n"
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert run(["check"], capsys) == (0, ["0 errors, 0 warnings in 4 notes"], [])


def test_check_uses_default_relations_without_mkdocs_yml(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(make_project(tmp_path, GOOD, config=None))
    assert run(["check"], capsys) == (0, ["0 errors, 0 warnings in 3 notes"], [])


MKDOCS_SAYS = "Config value 'plugins': Plugin 'conceptgraph' option 'relations': "


@pytest.mark.parametrize(("usedin", "expected"), [
    # What MkDocs checks with the plugin's RelationConfig, in MkDocs' own words
    ("{label: Used in}", MKDOCS_SAYS + "Sub-option 'inverse': Required configuration not "
                                       "provided; fix mkdocs.yml"),
    ("{label: Used in, inverse: Uses, taxonomy: 'yes'}",
     MKDOCS_SAYS + "Sub-option 'taxonomy': Expected type: <class 'bool'> but received: "
                   "<class 'str'>; fix mkdocs.yml"),
    ("[Used in, Uses]", MKDOCS_SAYS + "The configuration is invalid. Expected a key-value "
                                      "mapping (dict) but received: <class 'list'>; fix "
                                      "mkdocs.yml"),
    # What only conceptgraph knows
    ("{label: '  ', inverse: Uses}", "plugins → conceptgraph → relations → usedIn: expected "
                                     "'label' as text, e.g. label: Type of; fix the relations "
                                     "in mkdocs.yml"),
    ("{label: Used in, inverse: Uses, colour: red}",
     "plugins → conceptgraph → relations → usedIn: unknown option(s) ['colour']; allowed: "
     "label, inverse, taxonomy; fix the relations in mkdocs.yml"),
])
def test_check_reports_bad_relations_in_config_at_their_line(
        project: Path, capsys: pytest.CaptureFixture[str], usedin: str, expected: str) -> None:
    config = CONFIG.replace("{label: Used in, inverse: Uses}", usedin)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert run(["check"], capsys) == (2, [], ["mkdocs.yml:7: error: " + expected])


def test_check_refuses_a_reserved_relation_key(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = CONFIG.replace("usedIn: {", "aliases: {")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert run(["check"], capsys) == (2, [], [
        "mkdocs.yml:7: error: plugins → conceptgraph → relations → aliases: 'aliases' is a "
        "reserved frontmatter key; choose another; fix the relations in mkdocs.yml"])


@pytest.mark.parametrize(("config", "expected"), [
    (CONFIG.replace("kb_dir: kb", "kb_dir: [kb]"),
     "mkdocs.yml:6: error: Config value 'plugins': Plugin 'conceptgraph' option 'kb_dir': "
     "Expected type: <class 'str'> but received: <class 'list'>; fix mkdocs.yml"),
    (CONFIG + "use_directory_urls: maybe\n",
     "mkdocs.yml:12: error: Config value 'use_directory_urls': Expected type: <class 'bool'> "
     "but received: <class 'str'>; fix mkdocs.yml"),
    (CONFIG.replace("  - search\n", "  - search\n  - nonesuch\n"),
     "mkdocs.yml:3: error: Config value 'plugins': The \"nonesuch\" plugin is not installed; "
     "fix mkdocs.yml"),
    (CONFIG + "nav: [unclosed\n", "mkdocs.yml:13: error: invalid YAML: expected ',' or ']', "
                                  "but got '<stream end>'; fix mkdocs.yml"),
])
def test_a_config_mkdocs_refuses_is_one_line_and_exit_2(
        project: Path, capsys: pytest.CaptureFixture[str], config: str, expected: str) -> None:
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    for command in (["check"], ["graph"], ["schema"], ["new", "Tanh"]):
        assert run(command, capsys) == (2, [], [expected])
    assert not (project / "kb" / "Tanh.md").exists()


def test_config_warnings_stop_the_command_when_mkdocs_yml_is_strict(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "mkdocs.yml").write_text(CONFIG + "strict: true\ncolour: red\n",
                                        encoding="utf-8")
    assert run(["check"], capsys) == (2, [], [
        "mkdocs.yml:13: error: Config value 'colour': Unrecognised configuration name: colour; "
        "fix mkdocs.yml"])


def test_check_reads_env_tags_as_mkdocs_does(
        project: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    note = '---\nsolutions: ["[[ReLU]]"]\n---\n\n# Problem\n'
    (project / "kb" / "Problem.md").write_text(note, encoding="utf-8")
    (project / "notes").mkdir()
    (project / "notes" / "Lonely.md").write_text("---\naliases: []\n---\n\n# Lonely\n",
                                                 encoding="utf-8")
    config = CONFIG.replace("kb_dir: kb", "kb_dir: !ENV [KB, kb]").replace(
        "taxonomy: true}", "taxonomy: !ENV [TAXONOMY, true]}") + \
        "        solutions: {label: !ENV SOLUTIONS_LABEL, inverse: Solves}\n"
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    # An unset variable without a default is null, as in a build: the label is missing.
    assert run(["check"], capsys) == (2, [], [
        "mkdocs.yml:7: error: " + MKDOCS_SAYS + "Sub-option 'label': Required configuration "
        "not provided; fix mkdocs.yml"])
    monkeypatch.setenv("SOLUTIONS_LABEL", "Solutions")
    assert run(["check"], capsys) == (0, ["0 errors, 0 warnings in 4 notes"], [])
    monkeypatch.setenv("KB", "notes")
    assert run(["check"], capsys) == (0, ["0 errors, 0 warnings in 1 note"], [])
    monkeypatch.setenv("TAXONOMY", "maybe")  # !ENV gives text unless YAML makes it a bool
    assert run(["check"], capsys)[0] == 2
    monkeypatch.setenv("TAXONOMY", "false")
    assert run(["check"], capsys)[0] == 0


def test_check_reads_an_inherited_config(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    note = '---\nsolutions: ["[[ReLU]]"]\n---\n\n# Problem\n'
    (project / "kb" / "Problem.md").write_text(note, encoding="utf-8")
    (project / "base.yml").write_text(
        CONFIG + "        solutions: {label: Solutions, inverse: Solves}\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text("INHERIT: base.yml\nsite_name: child\n",
                                        encoding="utf-8")
    assert run(["check"], capsys) == (0, ["0 errors, 0 warnings in 4 notes"], [])
    (project / "mkdocs.yml").write_text("INHERIT: nowhere.yml\n", encoding="utf-8")
    code, out, err = run(["check"], capsys)
    assert (code, out) == (2, [])
    assert err == [f"mkdocs.yml:1: error: Inherited config file 'nowhere.yml' does not exist at "
                   f"'{project / 'nowhere.yml'}'; fix mkdocs.yml"]


def test_check_prints_mkdocs_config_warnings_and_fails_on_them_unless_lenient(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "mkdocs.yml").write_text(CONFIG + "colour: red\n", encoding="utf-8")
    warning = ("mkdocs.yml:12: warning: Config value 'colour': Unrecognised configuration name: "
               "colour; fix mkdocs.yml")
    assert run(["check", "--lenient"], capsys) == (0, ["0 errors, 0 warnings in 3 notes"],
                                                   [warning])
    assert run(["check"], capsys) == (1, ["0 errors, 0 warnings in 3 notes"], [warning])


def test_new_takes_the_schema_address_from_site_url_env(
        project: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SITE_URL", "https://fork.example/site")
    assert run(["new", "Tanh"], capsys)[0] == 0
    text = (project / "kb" / "Tanh.md").read_text(encoding="utf-8")
    assert text.startswith("---\n# yaml-language-server: $schema=https://fork.example/site/"
                           "schema/note.schema.json\n")


def test_check_on_the_real_kb_finds_no_errors(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = run(["check"], capsys)
    assert code == 0, "\n".join(out)


# -- new -------------------------------------------------------------------------------------


def test_new_writes_a_note_that_check_accepts(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["new", "ELU", "--type", "activation functions", "--activation", "elu"],
                       capsys)
    assert (code, out) == (0, ["wrote kb/ELU.md"])
    text = (project / "kb" / "ELU.md").read_text(encoding="utf-8")
    assert text.startswith("---\n# yaml-language-server: $schema=https://example.org/kb/schema/"
                           "note.schema.json\n")
    assert 'typeOf: "[[Activation function]]"\n' in text
    assert 'activation: "ELU"\n' in text
    assert "\n# ELU\n" in text
    assert run(["check", "--strict"], capsys) == (0, ["0 errors, 0 warnings in 4 notes"], [])


def test_new_without_type_lists_common_parents(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["new", "Tanh"], capsys)
    assert (code, out) == (0, ["wrote kb/Tanh.md", "no --type given: typeOf is left empty; "
                                                   "common parents: Activation function"])
    assert run(["check", "--strict"], capsys)[0] == 0


def test_new_mentions_notes_that_already_link_to_it(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "kb" / "ReLU.md").write_text(GOOD["ReLU"] + "\nAnd [[Sigmoid]].\n",
                                            encoding="utf-8")
    _, out, _ = run(["new", "Sigmoid", "--type", "Activation function"], capsys)
    assert out == ["wrote kb/Sigmoid.md", "1 note(s) already link to it: kb/ReLU.md"]


@pytest.mark.parametrize(("name", "why"), [
    ("", "the name is empty"),
    ("   ", "the name is empty"),
    ("a/b", "the name contains a path separator"),
    ("a\\b", "the name contains a path separator"),
    ("..", "the name contains a path separator"),
    ("../evil", "the name contains a path separator"),
    ("bell\x07", "the name contains an invisible or control character (U+0007 control "
                 "character)"),
    ("aux", "'aux' is a reserved file name on Windows"),
    ("CON", "'CON' is a reserved file name on Windows"),
    ("nul.txt", "'nul.txt' is a reserved file name on Windows"),
    ("com1", "'com1' is a reserved file name on Windows"),
    ("LPT9.md", "'LPT9.md' is a reserved file name on Windows"),
    ("Trailing.", "the name starts or ends with a space, or ends with a dot (not portable)"),
    ("Trailing ", "the name starts or ends with a space, or ends with a dot (not portable)"),
    ("index", "'index' is reserved for a page the site generates"),
    ("C#", "the name contains '#', which wiki-links or Windows file names cannot hold"),
    ("A|B [x]", "the name contains '[' ']' '|', which wiki-links or Windows file names cannot "
                "hold"),
    ('What? "Why"', "the name contains '\"' '?', which wiki-links or Windows file names cannot "
                    "hold"),
])
def test_new_refuses_a_bad_name(project: Path, capsys: pytest.CaptureFixture[str], name: str,
                                why: str) -> None:
    before = sorted(p.name for p in (project / "kb").iterdir())
    code, out, err = run(["new", name], capsys)
    assert (code, out) == (2, [])
    assert err == [f"kb:1: error: invalid note name {name!r}: {why}; choose a name that is also "
                   "a valid file name on Windows, macOS and Linux"]
    assert sorted(p.name for p in (project / "kb").iterdir()) == before
    assert not any(p.name.endswith(".md") for p in project.iterdir())


@pytest.mark.parametrize(("argv", "expected"), [
    (["new", "relu"], "kb/relu.md:1: error: the name 'relu' is already claimed by kb/ReLU.md; "
                      "link to [[ReLU]] instead, or choose another name"),
    (["new", "LReLU"], "kb/LReLU.md:1: error: the name 'LReLU' is already claimed by "
                       "kb/Leaky ReLU.md; link to [[Leaky ReLU]] instead, or choose another name"),
    (["new", "Activation Functions"],
     "kb/Activation Functions.md:1: error: the name 'Activation Functions' is already claimed "
     "by kb/Activation function.md; link to [[Activation function]] instead, or choose another "
     "name"),
    (["new", "Leaky-ReLU"], "kb/Leaky-ReLU.md:1: error: kb/Leaky ReLU.md already uses this name "
                            "or page address (concepts/leaky-relu/); choose another name"),
    (["new", "SiLU", "--type", "Activaton function"],
     "kb/SiLU.md:1: error: --type: no note is called 'Activaton function'; did you mean "
     "[[Activation function]] or [[Activation functions]]?"),
    (["new", "SiLU", "--type", "Nothing like it"],
     "kb/SiLU.md:1: error: --type: no note is called 'Nothing like it'; common parents: "
     'Activation function; add the parent first (conceptgraph new "Parent")'),
    (["new", "SiLU", "--activation", "swishh"],
     "kb/SiLU.md:1: error: --activation: unknown activation 'swishh'; did you mean 'SiLU'? Or "
     'define a new function with --formula "..."'),
    (["new", "Snake", "--formula", "x + sin(x).real"],
     "kb/Snake.md:1: error: --formula: the formula uses attribute access ('.real') at column "
     "5, which is not allowed; a formula is arithmetic on x and the note's parameters, with the "
     "functions exp, log, sqrt, abs, sin, cos, tan, atan, sinh, cosh, tanh, erf, erfc, sigmoid, "
     "softplus, max, min, where, piecewise (see the contributing guide)"),
    (["new", "Snake", "--formula", "x + a", "--parameter", "a=1+1"],
     "kb/Snake.md:1: error: --parameter 'a=1+1': expected NAME=NUMBER; write e.g. "
     "--parameter a=1.5"),
])
def test_new_refuses_a_clash_or_an_unknown_reference(
        project: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
        expected: str) -> None:
    before = sorted(p.name for p in (project / "kb").iterdir())
    assert run(argv, capsys) == (1, [], [expected])
    assert sorted(p.name for p in (project / "kb").iterdir()) == before


def test_new_refuses_to_overwrite_a_note_with_errors(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A broken note is not in the resolver's index, but its file is still there.
    (project / "kb" / "Broken.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    code, _, err = run(["new", "Broken"], capsys)
    assert (code, err) == (1, ["kb/Broken.md:1: error: kb/Broken.md already uses this name or "
                               "page address (concepts/broken/); choose another name"])
    assert (project / "kb" / "Broken.md").read_text(encoding="utf-8") == "---\ntitle: [\n---\n"


def test_new_writes_into_the_kb_given_with_kb(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "other").mkdir()
    assert run(["new", "Mish", "--kb", "other"], capsys)[0] == 0
    assert (project / "other" / "Mish.md").is_file()
    assert not (project / "kb" / "Mish.md").exists()


def test_new_suggests_params_with_their_defaults(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(["new", "ELU", "--activation", "ELU"], capsys)
    text = (project / "kb" / "ELU.md").read_text(encoding="utf-8")
    assert "# params: {alpha: 1}  # the defaults; uncomment to change them\n" in text


# -- graph and schema ------------------------------------------------------------------------


def test_graph_json_equals_the_sites_graph_json(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["graph"], capsys)
    relations = parse_relations(yaml.safe_load(CONFIG.replace("!ENV ", ""))["plugins"][1][
        "conceptgraph"]["relations"])
    plan = build(project / "kb", BuildOptions("kb", relations, url_of=lambda src: File(
        src, None, "", True).url, plots=False))
    assert code == 0
    assert out == [plan.files["graph.json"]]


def test_graph_urls_are_those_of_the_build_without_directory_urls(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "mkdocs.yml").write_text(CONFIG + "use_directory_urls: false\n",
                                        encoding="utf-8")
    code, out, _ = run(["graph"], capsys)
    urls = {n["id"]: n["url"] for n in json.loads("\n".join(out))["nodes"]}
    assert (code, urls) == (0, {"activation-function": "concepts/activation-function.html",
                                "leaky-relu": "concepts/leaky-relu.html",
                                "relu": "concepts/relu.html"})
    run(["graph", "--format", "graphml", "-o", "g.graphml"], capsys)
    g = nx.read_graphml(project / "g.graphml", force_multigraph=True)
    assert g.nodes["relu"]["url"] == "concepts/relu.html"
    # The same as the site's graph.json, built with use_directory_urls: false
    relations = parse_relations(DEFAULT_RELATIONS)
    plan = build(project / "kb", BuildOptions("kb", relations, url_of=lambda src: File(
        src, None, "", False).url, plots=False))
    assert out == [plan.files["graph.json"]]


def test_graph_json_writes_to_a_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["graph", "-o", "g.json"], capsys) == (0, [], [])
    data = json.loads((project / "g.json").read_text(encoding="utf-8"))
    assert [n["id"] for n in data["nodes"]] == ["activation-function", "leaky-relu", "relu"]


def test_graphml_parses_with_networkx_and_keeps_typed_edges(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(["graph", "--format", "graphml", "-o", "g.graphml"], capsys)
    g = nx.read_graphml(project / "g.graphml", force_multigraph=True)
    assert sorted(g.nodes) == ["activation-function", "leaky-relu", "relu"]
    assert g.nodes["leaky-relu"]["title"] == "Leaky ReLU"
    edges = sorted((s, t, d["relation"]) for s, t, d in g.edges(data=True))
    assert edges == [("leaky-relu", "activation-function", "typeOf"),
                     ("relu", "activation-function", "typeOf"),
                     ("relu", "leaky-relu", "link"),
                     ("relu", "leaky-relu", "variants")]


def test_graphml_is_byte_identical_across_runs(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = run(["graph", "--format", "graphml"], capsys)[1]
    assert run(["graph", "--format", "graphml"], capsys)[1] == first


def test_graph_refuses_a_kb_with_errors(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "kb" / "Bad.md").write_text('---\ntypeOf: Activation function\n---\n',
                                           encoding="utf-8")
    code, out, err = run(["graph"], capsys)
    assert (code, out) == (1, [])
    assert err == ["kb/Bad.md:2: error: 'typeOf' expected wiki-links like \"[[Name]]\", received "
                   "'Activation function'; write typeOf: \"[[Activation function]]\""]


def test_schema_command_prints_the_schema_for_the_configured_relations(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["schema"], capsys)
    schema = json.loads("\n".join(out))
    assert code == 0
    assert sorted(set(schema["properties"]) & set(DEFAULT_RELATIONS)) == sorted(DEFAULT_RELATIONS)


# -- the installed command -------------------------------------------------------------------


@pytest.mark.parametrize("command", [
    [str(Path(sys.executable).parent / "conceptgraph")],
    [sys.executable, "-m", "conceptgraph"],
])
def test_installed_command_checks_and_exits_with_status(project: Path, command: list[str]) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    ok = subprocess.run([*command, "check"], cwd=project, capture_output=True, text=True,
                        env=env, check=False)
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "0 errors, 0 warnings in 3 notes\n", "")
    bad = subprocess.run([*command, "new", "aux"], cwd=project, capture_output=True, text=True,
                         env=env, check=False)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert bad.stderr.startswith("kb:1: error: invalid note name 'aux'")


@pytest.mark.parametrize("command", ["new", "check", "graph", "schema"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: conceptgraph {command}")




def test_new_with_a_formula_writes_a_note_that_check_accepts(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["new", "Snake", "--type", "Activation function", "--formula",
                        "x + sin(a*x)**2 / a", "--parameter", "a=1"], capsys)
    assert (code, out) == (0, ["wrote kb/Snake.md"])
    text = (project / "kb" / "Snake.md").read_text(encoding="utf-8")
    assert 'formula: "x + sin(a*x)**2 / a"\nparameters: {a: 1.0}\n' in text
    assert run(["check"], capsys) == (0, ["0 errors, 0 warnings in 4 notes"], [])


def test_new_says_when_a_function_gets_no_formula(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["new", "Smish", "--type", "Activation function"], capsys)
    assert code == 0
    assert out[1].startswith("Smish gets no formula, derivative or plots yet: give it a formula")
    _, out, _ = run(["new", "Dropout", "--type", "ReLU"], capsys)  # ReLU is a function too
    assert len(out) == 2


def test_check_warns_about_a_large_attachment_as_the_build_does(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with open(project / "kb" / "big.bin", "wb") as f:
        f.truncate(51 * 2**20)  # sparse: no 51 MB written to the disk
    code, out, _ = run(["check"], capsys)
    assert "kb/big.bin:1: warning: a large attachment (51 MB) is published with the site; keep " \
        "attachments under 50 MB: link to large files instead" in out
    assert code == 1
