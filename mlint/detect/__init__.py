"""Detect: Document -> findings.  One module per rule kind (`kinds`), the judge, the prefilter; `load_pack` builds
a rule pack with these kinds (through the pack cache)."""

from __future__ import annotations

from pathlib import Path

from mlint.pack import Pack, build_pack, builtin_root, rule_files
from mlint.pack.cache import cached_pack


def load_pack(extra: list[str] | tuple[str, ...] = (), builtin: bool = True) -> Pack:
    """Load the built-in pack (unless `builtin` is false) and the user rule files or folders in `extra`."""
    roots = ([builtin_root()] if builtin else []) + [Path(p) for p in extra]
    files = rule_files(roots)
    return cached_pack(files, lambda: _build(files), _prefilter)


def _build(files: list[Path]) -> Pack:
    """The pack compiled with detect's rule kinds."""
    from mlint.detect.kinds import KINDS

    return build_pack(files, KINDS)


def _prefilter(pack: Pack) -> None:
    """Build the pack's prefilter before the cache stores it, so a warm run loads it."""
    from mlint.detect.prefilter import prefilter_for

    prefilter_for(pack)
