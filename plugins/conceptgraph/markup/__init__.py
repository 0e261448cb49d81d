"""The Markdown the notes are written in, as text: the wiki-link grammar, the one lexer that
knows code spans, fences and math, headings and their anchors, where a Markdown link leads
(an Obsidian URI among them), and the scan for unsafe HTML.

Takes: text. Gives: links and headings with their lines. Knows nothing of notes or pages, so
every stage may use it.
"""
