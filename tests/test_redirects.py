"""Redirect stubs (render/redirects.py): a permalink's old address and an alias holding a vault
path send readers to the note, as Obsidian Publish does; an address already taken keeps what
is there, with a warning at the permalink or alias line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from factories import REL, messages, note_text, notes
from mkdocs.structure.files import File

from conceptgraph.build import BuildOptions, build
from conceptgraph.notes.note import Note
from conceptgraph.render.redirects import redirect_stubs, site_owners, stub_html
from conceptgraph.render.urls import RelativeTo, UrlOf, concept_src, page_file
from conceptgraph.types import Url


def url_rule(directory_urls: bool) -> UrlOf:
    """MkDocs' URL of a source path, as the adapter hands it to the build."""
    return lambda src: Url(File(src, None, "", directory_urls).url)


def by_src(texts: dict[str, str]) -> dict[str, Note]:
    read, report = notes(texts)
    assert report.items == []
    return {concept_src(n): n for n in read}


def target(stub: str) -> str:
    """The one address ``stub`` sends its reader to: the refresh, the canonical and the link
    agree."""
    found = re.findall(r'url=([^"]*)">|href="([^"]*)"', stub)
    hrefs = {a or b for a, b in found}
    assert len(found) == 3 and len(hrefs) == 1, stub
    return hrefs.pop()


def resolve(url: str, href: str) -> str:
    """Where ``href``, written in the page at ``url``, leads (from the site root)."""
    base = url if url.endswith("/") else url.rpartition("/")[0] + "/"
    parts: list[str] = []
    for part in (base + href).split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts) + ("/" if href.endswith("/") else "")


ABOUT = {"Team/About us.md": note_text('permalink: about\naliases: ["Old folder/Old name", '
                                       '"Founders"]', "# About us\n")}


@pytest.mark.parametrize(("directory_urls", "stubs"), [
    (True, {"concepts/team/about-us/index.html": "about/",
            "concepts/old-folder/old-name/index.html": "about/"}),
    (False, {"concepts/team/about-us.html": "about.html",
             "concepts/old-folder/old-name.html": "about.html"}),
], ids=["directory-urls", "file-urls"])
def test_a_permalink_and_an_alias_holding_a_path_leave_stubs_that_lead_to_the_note(
        directory_urls, stubs):
    url_of = url_rule(directory_urls)
    made, report = redirect_stubs(by_src(ABOUT), {}, url_of)
    assert report.items == []
    assert sorted(made) == sorted(stubs)  # the bare alias "Founders" makes none
    for path, page in made.items():
        url = url_of(path)  # a stub is served at its file's URL, as MkDocs serves it
        assert page_file(url) == path
        href = target(page)
        assert not href.startswith(("/", "http")), href  # relative: any base path works
        assert resolve(url, href) == stubs[path] == url_of("about.md")
        assert "<title>About us</title>" in page and ">About us</a>" in page


def test_the_stub_is_static_html_with_a_refresh_a_canonical_noindex_and_a_link():
    page = stub_html("../../about/", "About us")
    assert page.startswith("<!doctype html>\n")
    assert '<meta http-equiv="refresh" content="0; url=../../about/">' in page
    assert '<link rel="canonical" href="../../about/">' in page
    assert '<meta name="robots" content="noindex">' in page
    assert '<a href="../../about/">About us</a>' in page
    # the one script carries the #fragment along and holds nothing from the notes
    scripts = re.findall(r"<script>(.*?)</script>", page)
    assert len(scripts) == 1 and "about" not in scripts[0] and "location.hash" in scripts[0]


def test_everything_from_the_notes_is_escaped_in_the_stub():
    hostile = '"><script>alert(1)</script><a x=\''
    page = stub_html(f"../{hostile}/", hostile)
    assert "alert(1)</script>" not in page and "<a x=" not in page
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;a x=&#x27;" in page
    assert page.count("<script>") == 1


def test_a_hostile_alias_is_only_ever_a_slugged_path():
    texts = {"A.md": note_text('title: "A <b>bold</b> & \\"quoted\\" note"\n'
                               'aliases: ["<script>alert(1)</script>/x\\"><img src=y>"]',
                               "# A\n")}
    made, report = redirect_stubs(by_src(texts), {}, url_rule(True))
    assert report.items == []
    # each part between the slashes slugged: "<script>alert(1)<", "script>", "x\"><img src=y>"
    assert list(made) == ["concepts/script-alert-1/script/x-img-src-y/index.html"]
    page = made["concepts/script-alert-1/script/x-img-src-y/index.html"]
    assert "alert" not in page and "<img" not in page and "<b>" not in page
    assert "<title>A &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; note</title>" in page
    assert resolve("concepts/script-alert-1/script/x-img-src-y/", target(page)) == "concepts/a/"


@pytest.mark.parametrize("alias", ["../Outside", "/Guides/Old name", "Guides//Old name",
                                   "Guides/", "./Old name", "Guides/!!!"])
def test_an_alias_that_is_no_vault_path_is_a_warning_and_no_stub(alias):
    texts = {"A.md": f'---\ndescription: "x"\naliases:\n  - Other\n  - "{alias}"\n---\n# A\n'}
    made, report = redirect_stubs(by_src(texts), {}, url_rule(True))
    assert made == {}
    assert messages(report) == [
        f"kb/A.md:5: alias {alias!r} holds a '/' but is not a path in the vault (a part is "
        "empty, '.' or '..', or has no letters or digits): no redirect is made from it; write "
        "the note's old path from the vault's root, e.g. Old folder/Old name"]


def test_two_aliases_naming_one_old_path_the_first_in_the_vaults_order_wins():
    texts = {"B.md": note_text('aliases: ["Old/Name"]', "# B\n"),
             "A.md": note_text('description: "a"\naliases: ["Elsewhere", "old/name"]', "# A\n")}
    for order in (texts, dict(reversed(texts.items()))):  # the files' order does not matter
        made, report = redirect_stubs(by_src(order), {}, url_rule(True))
        assert list(made) == ["concepts/old/name/index.html"]
        assert target(made["concepts/old/name/index.html"]) == "../../a/"
        assert messages(report) == [
            "kb/B.md:2: alias 'Old/Name': no redirect from concepts/old/name/ is made, as it "
            "is the address of a redirect to kb/A.md (its alias 'old/name', the first in the "
            "vault's order); remove one of the two aliases"]


def test_two_stubs_at_one_address_to_the_same_note_are_one_and_no_warning():
    texts = {"A.md": note_text('permalink: a\naliases: ["Old/Name", "old/name", "A/../A"]',
                               "# A\n")}
    made, report = redirect_stubs(by_src(texts), {}, url_rule(True))
    assert sorted(made) == ["concepts/a/index.html", "concepts/old/name/index.html"]
    assert [d.line for d in report.items] == [3]  # only "A/../A", which is no path


def test_an_alias_naming_the_notes_own_path_needs_no_stub():
    own = {"Old/Name.md": note_text('aliases: ["Old/Name"]', "# Old name\n")}
    made, report = redirect_stubs(by_src(own), {}, url_rule(True))
    assert (made, report.items) == ({}, [])


def test_an_address_the_site_holds_keeps_it_and_each_stub_there_is_a_warning():
    texts = {"Moved.md": note_text('aliases: ["Docs/Guide", "Attachments/Logo", "Other/Note", '
                                   '"Free/Name"]', "# Moved\n"),
             "Other/Note.md": note_text(body="# Note\n"),
             "Kept.md": note_text("permalink: kept", "# Kept\n"),
             "index.md": note_text("permalink: welcome", "# Welcome\n")}
    notes_by_src = by_src(texts)
    owners = site_owners(["concepts/docs/guide.md", "concepts/kept.md"], ["index.md"],
                         notes_by_src, {"concepts/attachments/logo/index.html":
                                        "kb/Attachments/Logo/index.html"})
    made, report = redirect_stubs(notes_by_src, owners, url_rule(True))
    assert list(made) == ["concepts/free/name/index.html"]
    taken = "remove the alias: the old address is taken"
    permalink = "rename or move one of the two if the old address should lead here"
    assert messages(report) == [
        "kb/Kept.md:2: permalink 'kept': no redirect from the note's own address "
        "(concepts/kept/) is made, as it is the address of the site's own file "
        f"concepts/kept.md; {permalink}",
        "kb/Moved.md:2: alias 'Attachments/Logo': no redirect from concepts/attachments/logo/ "
        "is made, as it is the address of the attachment kb/Attachments/Logo/index.html; "
        f"{taken}",
        "kb/Moved.md:2: alias 'Docs/Guide': no redirect from concepts/docs/guide/ is made, as "
        f"it is the address of the site's own file concepts/docs/guide.md; {taken}",
        "kb/Moved.md:2: alias 'Other/Note': no redirect from concepts/other/note/ is made, as "
        f"it is the address of the note kb/Other/Note.md; {taken}",
        "kb/index.md:2: permalink 'welcome': no redirect from the note's own address (the home "
        "page) is made, as it is the address of the generated page index.md; "
        f"{permalink}",
    ]


def test_a_build_warns_at_the_line_and_keeps_every_file_where_it_was(tmp_path: Path):
    kb = tmp_path / "kb"
    for rel, text in {
        "index.md": note_text("permalink: welcome", "# Welcome\n"),
        "Guides/Intro.md": note_text('aliases: ["Old guides/Intro", "Old guides/Setup", '
                                     '"Exports/Page"]', "# Intro\n"),
        "Exports/Page/index.html": "<p>An export kept in the vault</p>\n",
    }.items():
        (kb / rel).parent.mkdir(parents=True, exist_ok=True)
        (kb / rel).write_text(text, encoding="utf-8")
    plan = build(kb, BuildOptions("kb", REL, url_of=url_rule(True), plots=False,
                                  docs_files=frozenset({"concepts/old-guides/setup.md"}),
                                  cache_dir=tmp_path / "cache"))
    assert [str(d) for d in plan.findings.warnings] == [
        "kb/Guides/Intro.md:2: alias 'Exports/Page': no redirect from concepts/exports/page/ "
        "is made, as it is the address of the attachment kb/Exports/Page/index.html; remove "
        "the alias: the old address is taken",
        "kb/Guides/Intro.md:2: alias 'Old guides/Setup': no redirect from "
        "concepts/old-guides/setup/ is made, as it is the address of the site's own file "
        "concepts/old-guides/setup.md; remove the alias: the old address is taken",
        "kb/index.md:2: permalink 'welcome': no redirect from the note's own address (the home "
        "page) is made, as it is the address of the generated page index.md; rename or move "
        "one of the two if the old address should lead here",
    ]
    stubs = {src: text for src, text in plan.files.items() if src.endswith(".html")}
    url = Url("concepts/old-guides/intro/")
    assert stubs == {page_file(url): stub_html(RelativeTo(url)(Url("concepts/guides/intro/")),
                                               "Intro")}
    assert plan.attachments["concepts/exports/page/index.html"] == \
        str(kb / "Exports/Page/index.html")
