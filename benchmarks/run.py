#!/usr/bin/env python3
"""Benchmark mlint against the floor, side by side, on a corpus built from our own copy.

For each size (tiny: 1 line; repo: 1,000 files, ~10 MB; big: one ~50 MB file,
with half: ~25 MB for the linearity check) it runs, in turn and --repeat
times: `mlint check --jobs 1`, `mlint check` (default jobs: one per core) and
the floor (benchmarks/floor.py: one Python process, one compiled `regex`
alternation of 100 phrases).  It prints whole-process wall-clock medians and
the peak memory of each run (summed over its processes), then the
big-file linearity (time of 50 MB / time of 25 MB, target <= 2.2).

    python benchmarks/run.py [--repeat N] [--sizes tiny,repo,big] [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def timed(command: list[str]) -> tuple[float, float, float]:
    """Wall-clock seconds, CPU seconds (user and system, of the process and the children it waited for) and peak
    memory (MB) of one run of `command`, output discarded.

    Memory is the larger of the process's own peak resident size and the peak of the proportional set size (PSS)
    summed over the process and its children (workers included; pages they share counted once), which a thread
    samples every 100 ms from /proc.  The command runs in the system's temporary folder: from the repository root,
    `python -m mlint` would import the checkout's `mlint/` folder instead of the installed package."""
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tempfile.gettempdir())
    peak, finished = [0], threading.Event()

    def sample() -> None:
        while not finished.wait(0.1):
            peak[0] = max(peak[0], tree_pss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - began
    finished.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        sys.exit(f"benchmark: {' '.join(command)} failed with exit code {process.returncode}")
    return elapsed, usage.ru_utime + usage.ru_stime, max(peak[0], usage.ru_maxrss) / 1024


def tree_pss(pid: int) -> int:
    """The summed PSS (KB) of process `pid` and its descendants now (0 where /proc cannot tell)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/task/{current}/children", encoding="ascii") as handle:
                todo += [int(child) for child in handle.read().split()]
            with open(f"/proc/{current}/smaps_rollup", encoding="ascii") as handle:
                total += next((int(line.split()[1]) for line in handle if line.startswith("Pss:")), 0)
        except (OSError, ValueError):
            continue
    return total


def commands(target: Path, compare: list[tuple[str, str]]) -> dict[str, list[str]]:
    """The commands run on `target`: this Python's mlint, each `--compare` Python's mlint (one job), the floor."""
    mlint = [sys.executable, "-m", "mlint", "check", "--quiet", "--format", "concise"]
    found = {"mlint --jobs 1": [*mlint, "--jobs", "1", str(target)],
             "mlint (default jobs)": [*mlint, str(target)]}
    for label, python in compare:
        found[f"{label} --jobs 1"] = [python, "-m", "mlint", "check", "--quiet", "--format", "concise", "--jobs", "1",
                                      str(target)]
    found["floor"] = [sys.executable, str(HERE / "floor.py"), str(target)]
    return found


def measure(target: Path, repeat: int, compare: list[tuple[str, str]]) -> dict[str, tuple[float, float, float]]:
    """Median wall and CPU time and peak memory of each command, runs interleaved so load changes hit all alike."""
    runs: dict[str, list[tuple[float, float, float]]] = {}
    for name, command in commands(target, compare).items():
        timed(command)  # warm-up: file cache, compiled-pack cache
    for _ in range(repeat):
        for name, command in commands(target, compare).items():
            runs.setdefault(name, []).append(timed(command))
    return {name: (statistics.median(t for t, _, _ in r), statistics.median(c for _, c, _ in r), max(m for _, _, m in r))
            for name, r in runs.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sizes", default="tiny,repo,big")
    ap.add_argument("--out", type=Path, default=Path("/tmp/mlint-bench"))
    ap.add_argument("--compare", action="append", default=[], metavar="LABEL=PYTHON",
                    help="also run the mlint installed for PYTHON (another version), side by side (repeatable)")
    args = ap.parse_args()
    compare = [tuple(c.split("=", 1)) for c in args.compare]
    if any(len(c) != 2 for c in compare):
        ap.error("--compare takes LABEL=PYTHON")
    sizes = args.sizes.split(",")
    wanted = sizes + (["half"] if "big" in sizes else [])
    # a separate process writes the corpus, so this one stays small (a child's peak memory counts its fork)
    subprocess.run([sys.executable, str(HERE / "corpus.py"), "--out", str(args.out), *wanted], check=True)
    roots = {size: args.out.resolve() / size for size in wanted}
    print(f"\nmachine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"command: python benchmarks/run.py --repeat {args.repeat} --sizes {args.sizes}"
          + "".join(f" --compare {label}={python}" for label, python in compare) + "\n")
    print(f"{'size':6s} {'command':26s} {'median s':>9s} {'x floor':>8s} {'cpu s':>8s} {'x floor':>8s} {'peak MB':>8s}")
    results = {}
    for size in wanted:
        results[size] = measure(roots[size], args.repeat if size != "half" else max(1, args.repeat), compare)
        floor, floor_cpu = results[size]["floor"][:2]
        for name, (seconds, cpu, peak) in results[size].items():
            print(f"{size:6s} {name:26s} {seconds:9.3f} {seconds / floor:8.2f} {cpu:8.3f} {cpu / floor_cpu:8.2f} "
                  f"{peak:8.0f}")
    if "big" in results:
        for name in results["big"]:
            ratio = results["big"][name][0] / results["half"][name][0]
            print(f"linearity {name}: 50 MB / 25 MB = {ratio:.2f} (target <= 2.2)")


if __name__ == "__main__":
    main()
