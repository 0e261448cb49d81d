"""Stage 4b, media: plots and figures as SVG, each rendered once per content hash.

Takes: the matched activation functions and the figures the notes use. Gives: the SVG files to
publish, and the figures' numbers that notes quote. A warm build reads every file from the one
content-hash cache.
"""
