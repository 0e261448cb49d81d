"""Stage 5, render: what the site shows, as Markdown and HTML text.

Takes: the notes, the graph and the media. Gives: concept pages, the panels around them, the
generated index pages, the redirect stubs of moved notes, the wiki-link Markdown extension and
the page checks. No MkDocs here.
"""
