"""Synthetic Obsidian vaults for benchmarks: N notes shaped like a real documentation vault.

    python scripts/synth_vault.py 1000 /tmp/vault1000

The vault has what a real one has: notes in folders (two of them share a file name), an
``Attachments/`` folder of PNG images, ``.obsidian/`` and ``.trash/``. Each note has
properties (aliases, tags, cssclasses, a date, a property holding a wiki-link), wiki-links by
name, by path, to a heading and to a block, an image embed, a callout (every third one
foldable, every fifth one nested), a block id, inline tags, a highlight and a comment; every
third note transcludes a heading of another note, every fifth one a block, every tenth one
has a Mermaid diagram. Deterministic for a given N and seed.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from PIL import Image

FOLDERS = ["Guides", "Guides/Setup", "Reference", "Reference/API", "Concepts", "Notes",
           "Projects", "Journal"]
IMAGES = 100
WORDS = ["vault", "note", "link", "graph", "embed", "heading", "block", "callout", "tag",
         "property", "folder", "attachment", "canvas", "search", "publish", "theme"]
CALLOUTS = ["note", "tip", "warning", "info", "example", "quote", "bug", "danger", "todo",
            "faq"]


def name(i: int) -> str:
    return f"Topic {i:05d}"


def folder(i: int) -> str:
    return FOLDERS[i % len(FOLDERS)]


def sentence(rng: random.Random, words: int = 24) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def note(i: int, n: int, rng: random.Random) -> str:
    """The text of note ``i`` of ``n``."""
    # Eight other notes (with repeats when the vault is small), never the note itself
    others = [(i + 1 + rng.randrange(max(n - 1, 1))) % n for _ in range(8)]
    image = f"image-{i % IMAGES:03d}.png"
    kind = CALLOUTS[i % len(CALLOUTS)]
    fold = "-" if i % 3 == 0 else ""
    props = ["---", f'aliases: ["Alias {i:05d}"]', f"tags: [area/{folder(i).split('/')[0].lower()}"
             f", level{i % 4}]", "cssclasses: [wide]", f"created: 2024-{1 + i % 12:02d}-"
             f"{1 + i % 28:02d}", f'see_also: "[[{name(others[0])}]]"', "---"]
    body = [f"# {name(i)}", "",
            f"{sentence(rng)} It builds on [[{name(others[0])}]] and "
            f"[[{folder(others[1])}/{name(others[1])}|{name(others[1])} (by path)]]. "
            f"==Remember this.== %%a private remark%% #topic/{rng.choice(WORDS)}", "",
            f"![[{image}|300]]", "",
            f"> [!{kind}]{fold} {rng.choice(WORDS).capitalize()} {i}",
            f"> {sentence(rng, 12)}",
            f"> See [[{name(others[2])}#Details]].",
            ]
    if i % 5 == 0:
        body += [">", "> > [!tip] Nested", f"> > {sentence(rng, 8)}"]
    body += ["", "## Details", "",
             f"{sentence(rng)} See [[{name(others[3])}#^b{others[3]:05d}]]. ^b{i:05d}", "",
             "- " + sentence(rng, 8), f"- [[{name(others[4])}]] and [[{name(others[5])}]]", "",
             "## Usage", "", sentence(rng, 30), ""]
    if i % 3 == 0:
        body += [f"![[{name(others[6])}#Details]]", ""]
    if i % 5 == 0:
        body += [f"![[{name(others[7])}#^b{others[7]:05d}]]", ""]
    if i % 10 == 0:
        body += ["```mermaid", "graph LR", f"  A[{name(i)}] --> B[{name(others[0])}]", "```", ""]
    return "\n".join(props + body)


def write_vault(n: int, root: Path, seed: int = 0) -> list[Path]:
    """Write a vault of ``n`` notes into ``root``; returns the paths of its files."""
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        path = root / folder(i) / f"{name(i)}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(note(i, n, rng), encoding="utf-8")
        paths.append(path)
    for shared in ("Guides", "Reference"):  # two notes that share a file name
        path = root / shared / "Index.md"
        path.write_text(f"# Index of {shared}\n\n{sentence(rng)}\n", encoding="utf-8")
        paths.append(path)
    attachments = root / "Attachments"
    attachments.mkdir(parents=True, exist_ok=True)
    for k in range(IMAGES):
        path = attachments / f"image-{k:03d}.png"
        Image.new("RGB", (32, 24), (k * 2 % 256, 90, 200 - k)).save(path, optimize=False)
        paths.append(path)
    (root / ".obsidian").mkdir(exist_ok=True)
    (root / ".obsidian" / "app.json").write_text(json.dumps(
        {"attachmentFolderPath": "Attachments", "newLinkFormat": "shortest"}), encoding="utf-8")
    (root / ".obsidian" / "workspace.json").write_text("{}", encoding="utf-8")
    (root / ".trash").mkdir(exist_ok=True)
    (root / ".trash" / "Old note.md").write_text("# Deleted\n", encoding="utf-8")
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write_vault(args.n, args.folder, args.seed)


if __name__ == "__main__":
    main()
