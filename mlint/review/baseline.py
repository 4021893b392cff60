"""Baselines: record today's findings, then report only new ones.

A finding's fingerprint is its path (relative to the baseline file's folder, so the run's working folder does not
matter), its rule code and its normalised sentence — never a line number, so edits elsewhere in a file do not bring
old findings back.  Identical fingerprints are counted: a second copy of a baselined sentence is new.  Writing a
baseline records exactly the current findings, so entries that no longer match anything are dropped.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path, PurePosixPath

from mlint.finding import Finding

VERSION = 1
Key = tuple[str, str, str]


class BaselineError(Exception):
    """A baseline file that cannot be read or written: one line naming the file."""


def key(f: Finding, folder: Path) -> Key:
    """A finding's fingerprint: (path relative to `folder`, rule code, normalised sentence)."""
    path = f.path
    if path != "-" and not path.startswith("<"):
        try:
            path = PurePosixPath(Path(os.path.relpath(os.path.abspath(path), folder))).as_posix()
        except ValueError:  # another drive on Windows
            pass
    return path, f.code, f.sentence or " ".join(f.match.split())


def write_baseline(file: str, findings: list[Finding]) -> int:
    """Record the findings in `file` (sorted, stable JSON, written atomically); return how many entries."""
    from mlint.review.fix import atomic_write

    folder = Path(file).resolve().parent
    counts = Counter(key(f, folder) for f in findings)
    entries = [{"path": p, "rule": c, "sentence": s, "count": n} for (p, c, s), n in sorted(counts.items())]
    text = json.dumps({"version": VERSION, "findings": entries}, ensure_ascii=False, indent=2) + "\n"
    try:
        atomic_write(file, text.encode("utf-8"))
    except OSError as exc:
        raise BaselineError(f"{file}: cannot write the baseline: {exc.strerror or exc}") from None
    return len(entries)


def load_baseline(file: str) -> Counter:
    """The fingerprints recorded in a baseline file, with their counts."""
    try:
        data = json.loads(Path(file).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{file}: no such baseline file (create it with --write-baseline)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{file}: cannot read the baseline: {exc}") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{file}: broken baseline JSON at line {exc.lineno}: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{file}: not an mlint baseline (version {VERSION} with a 'findings' list)")
    counts: Counter = Counter()
    for i, entry in enumerate(data["findings"]):
        try:
            counts[(entry["path"], entry["rule"], entry["sentence"])] += int(entry.get("count", 1))
        except (TypeError, KeyError, ValueError):
            raise BaselineError(f"{file}: entry {i + 1} needs 'path', 'rule', 'sentence' and a 'count'") from None
    return counts


def apply_baseline(results: list, file: str, counts: Counter) -> int:
    """Remove baselined findings from each result (in place); return how many were hidden."""
    folder = Path(file).resolve().parent
    left = Counter(counts)
    hidden = 0
    for result in results:
        kept = []
        for f in result.findings:
            k = key(f, folder)
            if left[k] > 0:
                left[k] -= 1
                hidden += 1
            else:
                kept.append(f)
        result.findings = kept
    return hidden
