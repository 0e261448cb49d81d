"""Images in notes: the syntax the guide gives works, and a wrong path is reported at the
note's own file and line (never against ``concepts/<slug>.md``), by the build and by check."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitebuild import build_site

from conceptgraph.cli.main import main

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
DOCS = {"index.md": "# Home\n", "assets/diagram.png": PNG}  # type: ignore[dict-item]
NOTE = """---
description: "a note with pictures"
---
# A

![A diagram of the idea](../assets/diagram.png)
"""


def note(*lines: str) -> dict[str, str]:
    return {"A.md": NOTE + "\n" + "\n".join(lines) + "\n"}


def test_the_documented_syntax_shows_the_picture(tmp_path: Path) -> None:
    built = build_site(tmp_path, note(), docs=DOCS)
    assert built.failure is None and built.warnings == [], built.warnings
    page = built.page("concepts/a")
    assert '<img alt="A diagram of the idea" src="../../assets/diagram.png"' in page


@pytest.mark.parametrize(("line", "message"), [
    ("![Missing](../assets/missing.png)",
     "kb/A.md:8: image '../assets/missing.png' not found: there is no docs/assets/missing.png; "
     "put the file at docs/assets/missing.png, or write the path of a file in docs/ relative "
     "to the note's page, e.g. ![A diagram of the idea](../assets/diagram.png)"),
    ("![Beside the note](assets/diagram.png)",
     "kb/A.md:8: image 'assets/diagram.png' not found: there is no docs/concepts/assets/"
     "diagram.png; a note's page is concepts/<name>.md, so the path starts with ../: "
     "![...](../assets/diagram.png)"),
    ("![Absolute](/assets/diagram.png)",
     "kb/A.md:8: image path '/assets/diagram.png' starts with '/', which MkDocs does not "
     "resolve; write the path relative to the note's page, e.g. ![A diagram of the idea]"
     "(../assets/diagram.png) for docs/assets/diagram.png"),
])
def test_a_wrong_path_is_reported_at_the_note_and_line(tmp_path: Path, line: str,
                                                      message: str) -> None:
    built = build_site(tmp_path, note(line), docs=DOCS)
    assert [w.removeprefix("conceptgraph: ") for w in built.warnings] == [message]
    assert not any("concepts/a.md" in w for w in built.warnings)  # MkDocs has nothing to say


def test_check_reports_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    build_site(tmp_path, note("![Missing](../assets/missing.png)"), docs=DOCS, strict=False)
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("kb/A.md:8: warning: image '../assets/missing.png' not found")


def test_images_in_code_and_web_addresses_are_left_alone(tmp_path: Path) -> None:
    lines = ["`![code](nowhere.png)`", "```", "![fenced](nowhere.png)", "```",
             "![web](https://example.org/x.png)"]
    built = build_site(tmp_path, note(*lines), docs=DOCS)
    assert built.warnings == [] and built.failure is None


def test_a_video_or_a_post_obsidian_embeds_is_a_link_not_a_broken_image(tmp_path: Path) -> None:
    # obsidian-help's "Embed web pages": Obsidian plays these; an <img> of them shows nothing
    lines = ["![](https://www.youtube.com/watch?v=NnTvZWp5Q7o)", "",
             "![A post](https://twitter.com/obsdmd/status/1580548874246443010)", "",
             "![Odd](https://youtu.be/a>b<c)"]
    built = build_site(tmp_path, note(*lines), docs=DOCS)
    assert built.warnings == [] and built.failure is None
    page = built.page("concepts/a")
    assert ('<a href="https://www.youtube.com/watch?v=NnTvZWp5Q7o">'
            "https://www.youtube.com/watch?v=NnTvZWp5Q7o</a>") in page
    assert '<a href="https://twitter.com/obsdmd/status/1580548874246443010">A post</a>' in page
    assert '<a href="https://youtu.be/a%3Eb%3Cc">Odd</a>' in page  # angle brackets escaped
    assert "<img" not in page.split('<h1 id="a">')[1].split("</article>")[0].replace(
        '<img alt="A diagram of the idea"', "")


def test_a_missing_picture_shows_its_text_in_the_preview(tmp_path: Path) -> None:
    built = build_site(tmp_path, note("![A *bold* plan](../assets/plan.png)"), docs=DOCS,
                       strict=False)
    page = built.page("concepts/a")
    assert "[A *bold* plan: image not found]" in page
    assert 'src="../../assets/plan.png"' not in page


@pytest.mark.parametrize("alt, expected", [
    ("Photo|240", ("Photo", '{: width="240" }')),
    ("Photo | 240x160", ("Photo", '{: width="240" height="160" }')),
    ("240x160", ("", '{: width="240" height="160" }')),
    ("2024", ("", '{: width="2024" }')),
    ("A photo", ("A photo", "")),
    ("Photo|wide", ("Photo|wide", "")),
    ("x|240y", ("x|240y", "")),
])
def test_a_size_in_a_markdown_images_alt_text_is_read_as_obsidian_reads_it(alt, expected):
    from conceptgraph.render.note_images import image_size
    assert image_size(alt) == expected


def test_a_sized_markdown_image_shows_at_that_size(tmp_path: Path) -> None:
    from test_vault import build_vault, write
    png = (Path(__file__).parent / "vault" / "Attachments" / "diagram.png").read_bytes()
    vault = write(tmp_path / "v", {"N.md": "# N\n\n![Photo|100](pic.png) ![100x145](pic.png) "
                                   "![Ext|240](https://example.org/a.png)\n"})
    (vault / "pic.png").write_bytes(png)
    built = build_vault(tmp_path / "p", vault)
    assert (built.failure, built.errors, built.warnings) == (None, [], [])
    assert ('<p><img alt="Photo" src="../pic.png" width="100"> <img alt="" height="145" '
            'src="../pic.png" width="100"> <img alt="Ext" src="https://example.org/a.png" '
            'width="240"></p>') in built.article("concepts/n")
