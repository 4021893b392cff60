"""Module-level `regex` patterns compiled on first use instead of at import (issue 6: start-up).

Parsing and compiling a `regex` pattern costs far more than running it on a line, and most runs need few of a
module's patterns (a Markdown file of plain paragraphs needs none of the block syntax).  `Deferred` stands under
the pattern's name in its module; the first attribute read compiles the pattern and puts it in the stand-in's
place, so every later use is the compiled pattern itself, with nothing in between.

Loading a compiled pattern from its pickle is some thirty times faster than compiling it, so the pack cache
keeps every deferred pattern's pickle too (`freeze_all`, `FROZEN`): a run with a warm cache compiles none.
"""

from __future__ import annotations

import sys
from typing import Any

# The modules that define deferred patterns: `freeze_all` imports them so that every pattern is saved.
MODULES = ("mlint.read.document", "mlint.detect.judge", "mlint.detect.claim", "mlint.detect.findings",
           "mlint.detect.mentions", "mlint.read.limits", "mlint.read.sentences", "mlint.read.html", "mlint.read.markdown",
           "mlint.read.plain")
FROZEN: dict[tuple[str, int], bytes] = {}  # (source, flags) -> the compiled pattern's pickle, from the pack cache
_ALL: list[Deferred] = []


class Deferred:
    """A module constant that becomes `regex.compile(source, flags)` on first use.

    Usage: `WORD = Deferred(__name__, r"\\S+")`.  Code that imported the stand-in itself (`from m import WORD`)
    still works, through this class on every use; modules use their own patterns by name, which costs nothing."""

    __slots__ = ("_module", "_source", "_flags", "_compiled")

    def __init__(self, module: str, source: str, flags: int = 0) -> None:
        self._module, self._source, self._flags = module, source, flags
        self._compiled: Any = None
        _ALL.append(self)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if self._compiled is None:
            self._compiled = _load(self._source, self._flags)
            home = vars(sys.modules[self._module])
            for key, value in list(home.items()):
                if value is self:
                    home[key] = self._compiled
        return getattr(self._compiled, name)

    def __repr__(self) -> str:
        return f"Deferred({self._source!r})"


def _load(source: str, flags: int) -> Any:
    """The compiled pattern: from its cached pickle when there is one, else compiled now."""
    frozen = FROZEN.get((source, flags))
    if frozen is not None:
        try:  # the C unpickler itself (the `pickle` module costs more to import)
            from _pickle import loads
        except ImportError:
            from pickle import loads

        return loads(frozen)
    import regex

    return regex.compile(source, flags)


def freeze_all() -> dict[tuple[str, int], bytes]:
    """Every deferred pattern of mlint's modules, compiled and pickled, for the pack cache to keep."""
    import importlib
    import pickle

    import regex

    for module in MODULES:
        importlib.import_module(module)
    return {(d._source, d._flags): pickle.dumps(regex.compile(d._source, d._flags), protocol=pickle.HIGHEST_PROTOCOL)
            for d in _ALL}
