"""Which pages an edit changes: the plan of the last build against the plan of this one.

The live preview writes again only the pages whose HTML an edit may have changed. A concept
page shows its note, and around it what the graph knows of its neighbours (their titles and
addresses, their links to it with the sentence around each, its ``typeOf`` chain), and its
links render with their targets' addresses and headings. So a page is written again when:

- its note changed, is new, or moved to another address;
- its Markdown changed (an embed, a figure value, a plot);
- it is linked to or from, or related either way to, a note that appeared, went, or changed
  what other pages show of it (its address, title, names, headings, block ids or taxonomy
  parents), in the old graph or the new one (every link, relation and property link is an
  edge); or it is below such a note in the taxonomy (its breadcrumb shows that note's title);
- a changed note's links or relations to it changed (its panels show them, with the sentence
  around each link);
- it transcludes a page written again (the transcluded links render on it).

Any other generated page is written again when its Markdown changed. An edit that changes the
site's shape (the set of generated pages, the attachments, the notes held back) changes every
page: ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable

from conceptgraph.build import SitePlan
from conceptgraph.graph.model import ConceptGraph
from conceptgraph.notes.note import Note


def changed_pages(old: SitePlan, new: SitePlan) -> frozenset[str] | None:
    """The source paths of the pages of ``new`` that differ from ``old``'s (None: all)."""
    if old.graph is None or new.graph is None or _shape(old) != _shape(new):
        return None
    old_notes = {n.path: (src, n) for src, n in old.notes.items()}
    new_notes = {n.path: (src, n) for src, n in new.notes.items()}
    changed = [path for path in old_notes.keys() | new_notes.keys()
               if old_notes.get(path) != new_notes.get(path)]
    # A note that kept its identity (address, title, names, anchors, place in the taxonomy)
    # changes only the pages its own edges lead to; any other changes every page around it.
    kept: set[str] = set()
    moved: set[str] = set()
    for path in changed:
        before, after = old_notes.get(path), new_notes.get(path)
        if before is not None and after is not None and \
                _identity(old.graph, *before) == _identity(new.graph, *after):
            kept.add(after[1].slug)
        else:
            moved |= {plan[1].slug for plan in (before, after) if plan is not None}
    touched = kept | moved
    for cg in (old.graph, new.graph):
        touched |= _adjacent(cg, moved) | _below(cg, moved)
    touched |= {target for target, _, _ in _declared(old.graph, kept) ^ _declared(new.graph, kept)}
    page_of: dict[str, str] = {n.slug: src for src, n in new.notes.items()}
    dirty = {page_of[s] for s in touched if s in page_of}
    dirty |= {src for src, text in new.files.items() if src.endswith(".md")
              and (text != old.files.get(src) or src not in old.files)}
    dirty |= {src for src in new.notes if new.fragments.get(src) != old.fragments.get(src)}
    shown = {new.notes[src].slug for src in dirty if src in new.notes}
    dirty |= {src for src, used in new.transcludes.items() if used & shown}
    return frozenset(dirty)


def _identity(cg: ConceptGraph, src: str, note: Note) -> tuple[object, ...]:
    """What the pages around ``note`` show of it or resolve through it."""
    return (src, note.slug, note.title, note.name, note.aliases,
            [(h.text, h.anchor) for h in note.scan.headings], sorted(note.scan.blocks),
            [p.slug for p in cg.parents(note.slug)])


def _declared(cg: ConceptGraph, slugs: set[str]) -> set[tuple[str, str, str]]:
    """The edges declared by ``slugs``, as the pages they lead to show them: (target,
    relation, the sentence around the link)."""
    return {(e.target, e.relation, e.context) for e in cg.declared if e.source in slugs}


def _shape(plan: SitePlan) -> tuple[object, ...]:
    """What every page depends on: the pages besides the notes (the nav), the attachments, the notes
    held back, the generated pages left out, and how line breaks read."""
    notes = plan.notes.keys()
    pages = sorted(src for src in plan.files if src.endswith(".md") and src not in notes)
    return (pages, sorted(plan.attachments),
            plan.held, plan.omitted, plan.hard_breaks)


def _adjacent(cg: ConceptGraph, slugs: set[str]) -> set[str]:
    """The notes with an edge to or from one of ``slugs`` in ``cg``."""
    found: set[str] = set()
    for e in cg.declared:
        if e.source in slugs:
            found.add(e.target)
        if e.target in slugs:
            found.add(e.source)
    return found


def _below(cg: ConceptGraph, slugs: Iterable[str]) -> set[str]:
    """The notes below one of ``slugs`` in ``cg``'s taxonomy, at any depth."""
    found: set[str] = set()
    todo = [s for s in slugs if s in cg.notes]
    while todo:
        for child in cg.children(todo.pop()):
            if child.slug not in found:
                found.add(child.slug)
                todo.append(child.slug)
    return found
