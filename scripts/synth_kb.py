"""Synthetic knowledge bases for benchmarks: N notes shaped like the real ones in kb/.

    python scripts/synth_kb.py 1000 /tmp/kb1000

Each note has frontmatter relations (typeOf, variants, usedIn) and a paper, wiki-links in its
prose and in a bullet list, headings, an inline and a display formula; one note in 20 is an
activation function (``activation:``, sometimes with ``params:``), drawn from a fixed set so that
a warm plot cache holds every plot they need. Deterministic for a given N and seed.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = [
    "rectified", "linear", "unit", "gradient", "sparse", "activation", "layer", "network", "deep",
    "convolution", "saturation", "sigmoid", "tanh", "variance", "initialization", "bias",
    "weight", "depth", "signal",
]
# (name, params): a small fixed set, so the plots of every synthetic KB are the same few.
ACTIVATIONS = [("GELU", None), ("SiLU", None), ("Mish", None), ("ELU", "{alpha: 0.5}"),
               ("Leaky ReLU", "{negative_slope: 0.2}"), ("Softplus", "{beta: 2}")]


def name(i: int) -> str:
    return f"Concept {i:05d}"


def sentence(rng: random.Random, words: int = 30) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def note(i: int, n: int, rng: random.Random,
         activation: tuple[str, str | None] | None = None) -> str:
    """The text of note ``i`` of ``n``; with ``activation`` (name, params), an activation note."""
    parent = rng.randrange(0, i) if i else None
    others = [rng.randrange(n) for _ in range(rng.randint(5, 15))]
    others = [o for o in others if o != i] or [(i + 1) % n]
    variants = [o for o in rng.sample(range(n), k=min(2, n)) if o != i]
    fm = ["---"]
    if activation is not None:
        fm.append(f'activation: "{activation[0]}"')
        if activation[1] is not None:
            fm.append(f"params: {activation[1]}")
    if parent is not None:
        fm.append(f'typeOf: "[[{name(parent)}]]"')
    fm.append("variants: [" + ", ".join(f'"[[{name(v)}]]"' for v in variants) + "]")
    fm.append(f'usedIn: ["[[{name(others[0])}]]"]')
    fm.append(f'foundationalPaper: "Paper number {i % 97} (Author{i % 13} et al., '
              f'{1990 + i % 30})"')
    fm.append("---")
    body = [f"# {name(i)}", "", "## Definition", "",
            f"{sentence(rng)} Its input is $z = w^\\top x + b$ and its output $a = f(z)$. "
            + sentence(rng, 20), "", "## Properties", ""]
    body += [f"- **{rng.choice(WORDS).capitalize()}.** {sentence(rng, 12)} "
             f"See [[{name(o)}]]." for o in others[:4]]
    body.append("")
    for section in range(2):
        body += [f"## Section {section}", ""]
        body.append(sentence(rng) + " " + " ".join(
            f"It relates to [[{name(o)}]]." for o in others[4 + section::2]))
        body.append("")
    body += ["## Formula", "", "$$", r"f(x) = \max(0, x) + \alpha \min(0, x)", "$$", ""]
    return "\n".join(fm + body)


def write_kb(n: int, folder: Path, seed: int = 0) -> list[Path]:
    """Write ``n`` notes into ``folder``; returns their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        activation = ACTIVATIONS[(i // 20) % len(ACTIVATIONS)] if i % 20 == 10 else None
        path = folder / f"{name(i)}.md"
        path.write_text(note(i, n, rng, activation), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write_kb(args.n, args.folder, args.seed)


if __name__ == "__main__":
    main()
