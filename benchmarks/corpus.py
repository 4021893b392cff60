#!/usr/bin/env python3
"""Build the benchmark corpus from copy this repository already holds.

Building blocks are the paragraphs, list items and headings of `examples/`
(Markdown and text pages) and `tests/corpus/docs/`, plus the labelled claims
of `tests/corpus/claims.jsonl`; a fixed seed recombines them into:

  tiny  1 file, 1 line                       (what a pre-commit hook pays)
  repo  1,000 files in 10 folders, ~10 MB    (~90% .md, ~10% .txt)
  half  1 file, ~25 MB                       (for the linearity check)
  big   1 file, ~50 MB

Only the standard library is used; the same seed gives the same bytes.

    python benchmarks/corpus.py [--out DIR] [tiny repo half big | all]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "examples", ROOT / "tests" / "corpus" / "docs")
CLAIMS = ROOT / "tests" / "corpus" / "claims.jsonl"
SIZES = ("tiny", "repo", "half", "big")
SEED = 20240611
TINY_LINE = "Our stem cell injections regenerate cartilage and are guaranteed to end your knee pain.\n"


def load_blocks() -> tuple[list[str], list[str]]:
    """Headings and body blocks (paragraphs, lists, quotes) of our own Markdown and text pages and claims."""
    headings: list[str] = []
    blocks: list[str] = []
    for folder in SOURCES:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".md", ".txt"):
                continue
            for chunk in path.read_text(encoding="utf-8").split("\n\n"):
                chunk = chunk.strip()
                if not chunk or chunk.startswith("<!--"):
                    continue
                if chunk.startswith("#") and "\n" not in chunk:
                    headings.append(chunk.lstrip("# ").strip())
                else:
                    blocks.append(chunk)
    blocks += [json.loads(line)["text"] for line in CLAIMS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return headings, blocks


class Writer:
    """Draws headings and blocks with one seeded generator into documents of a target size."""

    def __init__(self, headings: list[str], blocks: list[str], seed: int) -> None:
        self.headings, self.blocks, self.rng = headings, blocks, random.Random(seed)

    def pick(self, items: list[str]) -> str:
        return items[int(self.rng.random() * len(items))]

    def document(self, target: int, markdown: bool) -> str:
        title = self.pick(self.headings)
        parts = [f"# {title}\n" if markdown else f"{title}\n"]
        size = len(parts[0])
        while size < target:
            if self.rng.random() < 0.15:
                piece = f"\n## {self.pick(self.headings)}\n" if markdown else f"\n{self.pick(self.headings).upper()}\n"
            else:
                piece = "\n" + self.pick(self.blocks) + "\n"
            parts.append(piece)
            size += len(piece.encode())
        return "".join(parts)


def make(size: str, out: Path, headings: list[str], blocks: list[str]) -> Path:
    """Write one size of the corpus under out/size and print its file count, bytes and digest."""
    root = out / size
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    files: dict[Path, str] = {}
    if size == "tiny":
        files[root / "claim.md"] = TINY_LINE
    elif size in ("half", "big"):
        target = 50_000_000 if size == "big" else 25_000_000
        files[root / f"{size}.md"] = Writer(headings, blocks, SEED + 3).document(target, True)
    else:
        writer = Writer(headings, blocks, SEED + 2)
        for n in range(1000):
            markdown = writer.rng.random() >= 0.1
            target = 2_000 + int(writer.rng.random() * 16_001)
            name = f"section-{n // 100:02d}/page-{n:04d}.{'md' if markdown else 'txt'}"
            files[root / name] = writer.document(target, markdown)
    digest = hashlib.sha256()
    total = 0
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        digest.update(str(path.relative_to(root)).encode() + b"\0" + data)
        total += len(data)
    print(f"{size:5s} {len(files):5d} files {total:>11,d} bytes  sha256 {digest.hexdigest()[:16]}  {root}")
    return root


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sizes", nargs="*", default=["all"], choices=[*SIZES, "all"])
    ap.add_argument("--out", type=Path, default=Path("/tmp/mlint-bench"))
    args = ap.parse_args()
    headings, blocks = load_blocks()
    for size in SIZES if "all" in args.sizes else args.sizes:
        make(size, args.out, headings, blocks)


if __name__ == "__main__":
    main()
