#!/usr/bin/env python3
"""Write the tuning and check parts of the real-copy development set, split by source URL.

The split was made once, before any rule was tuned on real copy: a URL is in the tuning part when
sha1(url) mod 10 < 7.  The URL lists in benchmarks/real-split/ record it; this script only rebuilds the two
parts from the shared corpus (which stays outside the repository), so they can be scored:

    python benchmarks/real_split.py [--corpus ../shared/corpus/real-dev.jsonl] [--out /tmp/real-split]
    ../shared/bin/mlint-eval cases /tmp/real-split/tune.jsonl     # read its misses
    ../shared/bin/mlint-eval cases /tmp/real-split/check.jsonl    # report only its figures
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=HERE.parent.parent / "shared" / "corpus" / "real-dev.jsonl")
    ap.add_argument("--out", type=Path, default=Path("/tmp/real-split"))
    args = ap.parse_args()
    parts = {name: set((HERE / "real-split" / f"{name}-urls.txt").read_text(encoding="utf-8").split())
             for name in ("tune", "check")}
    args.out.mkdir(parents=True, exist_ok=True)
    cases = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    for name, urls in parts.items():
        chosen = [c for c in cases if c["source"] in urls]
        (args.out / f"{name}.jsonl").write_text("".join(json.dumps(c) + "\n" for c in chosen), encoding="utf-8")
        print(f"{name}: {len(chosen)} cases from {len(urls)} URLs -> {args.out / (name + '.jsonl')}")


if __name__ == "__main__":
    main()
