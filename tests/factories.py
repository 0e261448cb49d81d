"""Tiny factories: notes and graphs from text, without touching the disk."""

from __future__ import annotations

import textwrap

from sitebuild import RELATIONS

from conceptgraph.diagnostics import Report
from conceptgraph.graph.build import build_graph
from conceptgraph.graph.model import ConceptGraph
from conceptgraph.notes.note import Note
from conceptgraph.notes.read import read_note
from conceptgraph.notes.relations import parse_relations

REL = parse_relations(RELATIONS)


def note_text(frontmatter: str = 'description: "x"', body: str = "") -> str:
    return f"---\n{textwrap.dedent(frontmatter).strip()}\n---\n{textwrap.dedent(body)}"


def notes(texts: dict[str, str], report: Report | None = None) -> tuple[list[Note], Report]:
    report = report if report is not None else Report()
    out = []
    for rel, text in texts.items():
        n = read_note(text.encode("utf-8"), rel, "kb", REL, report)
        if n is not None:
            out.append(n)
    return out, report


def graph(texts: dict[str, str]) -> tuple[ConceptGraph, Report]:
    ns, report = notes(texts)
    return build_graph(ns, REL, report), report


def messages(report: Report) -> list[str]:
    return [str(d) for d in sorted(report.items)]
