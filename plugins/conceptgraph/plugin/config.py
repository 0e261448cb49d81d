"""The plugin's typed configuration (``plugins: - conceptgraph: ...`` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError

from conceptgraph.links.policy import UNDECLARED_POLICIES, UNRESOLVED_POLICIES
from conceptgraph.notes.note import Relation
from conceptgraph.notes.relations import DEFAULT_RELATIONS, parse_relations


class RelationConfig(base.Config):
    """One typed relation: ``typeOf: {label: Type of, inverse: Subtypes, taxonomy: true}``."""

    label = c.Type(str)
    """How the source page names the relation (the heading of its list)."""

    inverse = c.Type(str)
    """How the target page names it, listing the sources."""

    taxonomy = c.Type(bool, default=False)
    """Whether the relation forms the Taxonomy tree (it must have no cycle)."""


class ConceptGraphConfig(base.Config):
    kb_dir = c.Type(str, default="kb")
    """Folder of concept notes, relative to mkdocs.yml. Each ``.md`` file is one concept."""

    relations = c.DictOfItems(c.SubConfig(RelationConfig), default=DEFAULT_RELATIONS)
    """Typed relations: ``key: {label, inverse, taxonomy}``. A frontmatter field named ``key``
    holds wiki-links; the target page lists the source under ``inverse``. ``taxonomy: true``
    relations form the Taxonomy tree and must have no cycle. MkDocs checks the types;
    ``notes.relations.parse_relations`` checks the keys and labels."""

    unresolved = c.Choice(UNRESOLVED_POLICIES, default="warn")
    """Links to notes not written yet: ``warn`` (strict builds and ``conceptgraph check`` fail
    on them; this project's choice) or ``info`` (only shown; the Wanted concepts page lists
    them). A link with a "did you mean" stays a warning either way: it is likely a typo."""

    undeclared = c.Choice(UNDECLARED_POLICIES, default="show")
    """Frontmatter keys that are neither Obsidian's nor conceptgraph's nor declared relations:
    ``show`` (the default) shows them in the page's Properties panel, and a key holding
    wiki-links becomes a graph edge labelled with the key; ``warn`` (a strict knowledge base)
    makes each such key a warning too."""

    require_frontmatter = c.Type(bool, default=False)
    """Whether a note must open with frontmatter (``---``): ``true`` for a knowledge base whose
    notes all carry fields; ``false`` (the default) for an Obsidian vault, where a note without
    properties is just a note."""

    strict_line_breaks = c.Optional(c.Type(bool))
    """Obsidian's *Strict line breaks*: ``false`` shows a single line break inside a note's
    paragraph as a break, as Obsidian does by default; ``true`` does not (CommonMark). Unset,
    the vault's own setting is used (``strictLineBreaks`` in ``.obsidian/app.json``), else
    ``false``."""

    assets = c.Type(bool, default=True)
    """Publish the plugin's stylesheet and scripts (the panels' styles, the graph views, KaTeX
    for math) under ``assets/conceptgraph/`` and link them on every page: ``true`` (the
    default), or ``false`` for a site that brings its own (see plugin/assets.py)."""

    graph_json = c.Type(str, default="graph.json")
    """Where the concept graph is published, relative to the site root."""

    plots_enabled = c.Type(bool, default=True)
    """Render formula, derivative and plots for notes that are activation functions."""

    plots_cache_dir = c.Type(str, default=".cache/conceptgraph")
    """Cache of rendered SVG plots and figures, keyed by a hash of what determines them."""

    plots_processes = c.Optional(c.Type(int))
    """Worker processes for cold plot rendering (default: every core)."""


def relations_of(settings: ConceptGraphConfig) -> dict[str, Relation]:
    """The relations of mkdocs.yml, or MkDocs' error naming the one that is wrong."""
    try:
        return parse_relations(settings.relations)
    except ValueError as exc:
        raise PluginError(f"mkdocs.yml: plugins → conceptgraph → {exc}") from None
