"""Stage 1, notes: the files of the knowledge base become validated notes.

Takes: the knowledge-base folder and the declared relations. Gives: one ``Note`` per note file
(frontmatter fields with their lines, the body's links and headings, papers, relation
references) and a finding for every file that cannot be a note. Nothing is dropped silently:
the files the vault's Obsidian settings exclude (``settings.py``) are listed, never read, and
held back like ``publish: false`` notes, and the build counts them.
"""
