"""Stage 2, links: every wiki-link target is resolved to a note, once, in one place.

Takes: the notes. Gives: a resolver (names, titles and aliases to notes, headings to anchors)
and a finding with a "did you mean" for each link that fits no note.
"""
