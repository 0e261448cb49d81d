"""Synthetic knowledge bases for benchmarks: N notes with relations, links, headings, a formula.

    python scripts/synth_kb.py 1000 /tmp/kb1000

Deterministic for a given N and seed: the same notes every run.
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


def name(i: int) -> str:
    return f"Concept {i:05d}"


def note(i: int, n: int, rng: random.Random) -> str:
    parent = rng.randrange(0, i) if i else None
    others = [rng.randrange(n) for _ in range(rng.randint(5, 15))]
    others = [o for o in others if o != i] or [(i + 1) % n]
    variants = [o for o in rng.sample(range(n), k=min(2, n)) if o != i]
    fm = ["---"]
    if parent is not None:
        fm.append(f'typeOf: "[[{name(parent)}]]"')
    fm.append("variants: [" + ", ".join(f'"[[{name(v)}]]"' for v in variants) + "]")
    fm.append(f'usedIn: ["[[{name(others[0])}]]"]')
    fm.append(f'foundationalPaper: "Paper number {i % 97} (Author{i % 13} et al., '
              f'{1990 + i % 30})"')
    fm.append("---")
    body = [f"# {name(i)}", ""]
    for section in range(3):
        body += [f"## Section {section}", ""]
        sentence = " ".join(rng.choice(WORDS) for _ in range(30))
        links = others[section::3]
        body.append(sentence.capitalize() + ". " + " ".join(
            f"It relates to [[{name(o)}]]." for o in links))
        body.append("")
    body += ["## Formula", "", "$$", r"f(x) = \max(0, x) + \alpha \min(0, x)", "$$", ""]
    return "\n".join(fm + body)


def write_kb(n: int, folder: Path, seed: int = 0) -> list[Path]:
    """Write ``n`` notes into ``folder``; returns their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"{name(i)}.md"
        path.write_text(note(i, n, rng), encoding="utf-8")
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
