"""One policy for links to notes not written yet: the ``unresolved`` option (``warn``, the
default and this project's choice, or ``info``) decides for the build and ``check`` alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitebuild import RELATIONS, build_site

from conceptgraph.cli.main import main
from conceptgraph.diagnostics import Diagnostic, Report
from conceptgraph.links.policy import apply_unresolved

NOTES = {
    "Gamma.md": '---\ndescription: "a note"\n---\n# Gamma\n\nSee [[Delta]] and [[Gama]].\n',
}
WANTED = ("kb/Gamma.md:6: unresolved link [[Delta]]; add a note for it, or fix the name (see "
          "the Wanted concepts page)")
TYPO = "kb/Gamma.md:6: unresolved link [[Gama]]; did you mean [[Gamma]]?"


def config(policy: str | None) -> dict:
    options = {"kb_dir": "kb", "relations": RELATIONS, "plots_enabled": False}
    if policy is not None:
        options["unresolved"] = policy
    return {"plugins": [{"conceptgraph": options}]}


def prefixless(lines: list[str]) -> list[str]:
    return sorted(line.removeprefix("conceptgraph: ") for line in lines)


def test_by_default_a_link_to_a_missing_note_fails_the_strict_build(tmp_path: Path) -> None:
    built = build_site(tmp_path, NOTES, extra_config=config(None))
    assert prefixless(built.warnings) == [WANTED, TYPO]
    assert built.failure is not None and "strict" in str(built.failure)


def test_with_info_it_is_listed_on_wanted_concepts_and_only_a_typo_fails(
        tmp_path: Path) -> None:
    built = build_site(tmp_path, NOTES, extra_config=config("info"))
    assert prefixless(built.warnings) == [TYPO]  # "did you mean": probably a typo
    fixed = {"Gamma.md": NOTES["Gamma.md"].replace("[[Gama]]", "[[Gamma]]")}
    clean = build_site(tmp_path / "fixed", fixed, extra_config=config("info"))
    assert clean.failure is None and clean.warnings == []
    assert "Delta" in (clean.site / "wanted" / "index.html").read_text(encoding="utf-8")


def test_check_follows_the_same_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    fixed = {"Gamma.md": NOTES["Gamma.md"].replace("[[Gama]]", "[[Gamma]]")}
    build_site(tmp_path, fixed, extra_config=config("info"))  # writes mkdocs.yml and kb/
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        WANTED.replace("kb/Gamma.md:6: ", "kb/Gamma.md:6: info: "),
        "0 errors, 0 warnings, 1 info in 1 note"]
    build_site(tmp_path, fixed, extra_config=config("warn"))
    assert main(["check"]) == 1


def test_the_policy_is_one_of_two() -> None:
    report = Report([Diagnostic("kb/A.md", 1, "warning", "unresolved link [[B]]", "add it",
                                "unresolved-link")])
    assert apply_unresolved(report, "info").infos and not report.warnings
    with pytest.raises(ValueError, match="expected one of warn, info"):
        apply_unresolved(report, "ignore")


def test_mkdocs_refuses_another_value(tmp_path: Path) -> None:
    built = build_site(tmp_path, NOTES, extra_config=config("ignore"))
    assert built.failure is not None
    assert any("unresolved" in m for m in built.errors + [str(built.failure)])
