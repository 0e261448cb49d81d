"""Obsidian's links in Mermaid flowcharts (obsidian.md §5): ``class A,B internal-link;`` makes
nodes ``A`` and ``B`` links to the notes their text names (``A[Pancakes]``, or the id itself).

Material draws a diagram with Mermaid in the page, which makes a node a link when the diagram
says ``click A href "url"`` (at Mermaid's default, strict, security level too). So before
MkDocs reads a note, each such class statement gets a ``click`` statement per node after it, on
the same line (the note's lines keep their numbers), with the address of the note the node
names relative to the page. A name no note has is an unresolved link, reported at the class
statement's line with a did-you-mean, as a wiki-link is; its node stays text. Only flowcharts
(``graph``/``flowchart``) have the class; other diagrams are left as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from conceptgraph.diagnostics import Report
from conceptgraph.links.resolve import Resolver
from conceptgraph.markup.lexer import Fences, unquote
from conceptgraph.markup.wikilinks import LinkText
from conceptgraph.notes.note import Note
from conceptgraph.render.urls import RelativeTo, concept_src
from conceptgraph.types import Url

INTERNAL_LINK = "internal-link"
_CLASS = re.compile(r"(?P<statement>[ \t]*class[ \t]+(?P<ids>[^\s;]+)[ \t]+internal-link)"
                    r"[ \t]*;?[ \t]*")
_ID = r"\w+(?:-\w+)*"
# A node with its text: A[text], A(text), A((text)), A([text]), A[[text]], A[(text)],
# A{text}, A{{text}}, A>text], A[/text/], A[\text\] (Mermaid's shapes); "text" may be quoted
_NODE = re.compile(rf"""(?P<id>{_ID})[ \t]*
    (?:\(\(\((?P<t1>[^)]*)\)\)\)|\(\((?P<t2>[^)]*)\)\)|\(\[(?P<t3>[^\]]*)\]\)
    |\[\[(?P<t4>[^\]]*)\]\]|\[\((?P<t5>[^)]*)\)\]|\{{\{{(?P<t6>[^}}]*)\}}\}}
    |\[[/\\](?P<t7>[^\]]*)[/\\]\]|\[(?P<t8>[^\]]*)\]|\((?P<t9>[^)]*)\)|\{{(?P<t10>[^}}]*)\}}
    |>(?P<t11>[^\]]*)\])""", re.VERBOSE)


def mermaid_links(note: Note, body: str, first_line: int, resolver: Resolver,
                  urls: Mapping[str, Url], report: Report) -> str:
    """``body`` (the text of ``note`` from file line ``first_line``) with a ``click``
    statement for each node of its flowcharts' ``internal-link`` classes that names a note;
    ``urls``: the site's page addresses by source path."""
    if INTERNAL_LINK not in body or "mermaid" not in body:  # nearly every note: no work
        return body
    here = RelativeTo(urls[concept_src(note)])

    def url_of(target: Note) -> str:
        return here(urls[concept_src(target)])

    lines = body.split("\n")
    fences = Fences()
    blocks: list[list[int]] = []  # the lines inside each Mermaid block
    inside: list[int] | None = None  # those of the open one
    for i, line in enumerate(lines):
        if fences.fence is not None and fences.holds(line):
            if fences.fence is not None and inside is not None:  # not its closing fence
                inside.append(i)
            continue
        # no block is open, or the quote around it ended: this line may open one
        inside = None
        if fences.opens(line) and _info(line, fences.fence) == "mermaid":
            inside = []
            blocks.append(inside)
    for block in blocks:  # a block left open at the end of the note runs to its end
        _link_block(note, lines, block, first_line, resolver, url_of, report)
    return "\n".join(lines)


def _info(line: str, fence: str | None) -> str:
    """The first word of the info string of the fence ``line`` opens (``mermaid``)."""
    words = unquote(line)[1].strip()[len(fence or ""):].split()
    return words[0].lower() if words else ""


def _link_block(note: Note, lines: list[str], inside: list[int], first_line: int,
                resolver: Resolver, url_of: Callable[[Note], str], report: Report) -> None:
    texts = {i: unquote(lines[i])[1] for i in inside}
    statements = [t.strip() for t in texts.values() if t.strip() and
                  not t.strip().startswith("%%")]
    if not statements or not statements[0].split()[0].startswith(("graph", "flowchart")):
        return
    labels: dict[str, str] = {}
    for text in texts.values():
        for m in _NODE.finditer(text):
            label = next(g for g in m.groups()[1:] if g is not None).strip()
            labels.setdefault(m.group("id"), label.strip('"').strip() or m.group("id"))
    for i, text in texts.items():
        statement = _CLASS.fullmatch(text)
        if statement is None:
            continue
        clicks = []
        for node in filter(None, statement.group("ids").split(",")):
            name = labels.get(node, node)
            target = resolver.resolve(LinkText(name, None, None), note, first_line + i,
                                      report, "Mermaid link")
            if target is not None and target.note is not None:
                url = url_of(target.note) + (f"#{target.anchor}" if target.anchor else "")
                clicks.append(f'click {node} href "{url}"')
        if clicks:
            prefix = lines[i][:len(lines[i]) - len(text)]
            lines[i] = prefix + "; ".join([statement.group("statement"), *clicks]) + ";"

