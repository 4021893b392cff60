#!/usr/bin/env python3
"""The floor: the least a Python regex linter must do, to compare mlint against.

One process reads every file and runs ONE compiled `regex` alternation of the
100 phrases in phrases.txt (case-insensitive, whole words, longest first),
printing each match as `path:line:col: phrase` the way a linter reports.

    python benchmarks/floor.py PATH...
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterator

import regex

PHRASES = Path(__file__).resolve().parent / "phrases.txt"
SUFFIXES = (".md", ".markdown", ".txt")


def phrases() -> list[str]:
    lines = PHRASES.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def files(paths: list[str]) -> Iterator[str]:
    for path in paths:
        if not os.path.isdir(path):
            yield path
            continue
        for root, dirs, names in os.walk(path):
            dirs.sort()
            yield from (os.path.join(root, n) for n in sorted(names) if n.endswith(SUFFIXES))


def scan(path: str, rx: regex.Pattern, out) -> int:
    """Report every match in one file; return how many."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    count, line, line_start, last = 0, 1, 0, 0
    for m in rx.finditer(text):
        start = m.start()
        breaks = text.count("\n", last, start)
        if breaks:
            line += breaks
            line_start = text.rfind("\n", last, start) + 1
        last = start
        out.write(f"{path}:{line}:{start - line_start + 1}: {m.group()}\n")
        count += 1
    return count


def main() -> int:
    words = sorted((regex.escape(p) for p in phrases()), key=len, reverse=True)
    rx = regex.compile(r"\b(?:" + "|".join(words) + r")\b", regex.IGNORECASE)
    total = sum(scan(path, rx, sys.stdout) for path in files(sys.argv[1:]))
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
