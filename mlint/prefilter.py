"""The prefilter: in which blocks of a view can a pattern rule match?  Answered by RE2 in linear time.

Every rule's `regex` pattern is *relaxed* into an RE2 pattern that matches every
string the original matches inside one block, and perhaps more: lookarounds,
anchors and word boundaries are dropped, bounded repeats become unbounded,
Unicode classes widen, and nothing matches a line break.  The view is handed to
RE2 as one byte a character (every non-ASCII character becomes `?`, which the
relaxed pattern accepts wherever the original accepts a non-ASCII character),
so offsets agree.  RE2's matches name the blocks (view lines) where the full
pattern is then run; a block without one cannot hold a match.  Without the
prefilter the full pattern runs on every block, which finds the same matches.

A pattern that the `re` parser cannot read (syntax only `regex` knows) or that
RE2 refuses runs on every block.  Short views skip the prefilter: running the
full patterns costs less than preparing it.
"""

from __future__ import annotations

import re
import time
import warnings
from contextlib import contextmanager
from typing import Any, Iterator

import regex

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

MIN_VIEW = 2_000   # views shorter than this run the full patterns directly
RE2_MEMORY = 64 << 20  # bytes each compiled RE2 may use (its lazily built DFA lives in it)
UNSUPPORTED_FLAGS = regex.FULLCASE | regex.V1 | regex.POSIX | regex.BESTMATCH | regex.ENHANCEMATCH | regex.REVERSE
# A named list, any other escape, or a named group's opening (`regex` allows a name twice, `re` does not).
LIST_ESCAPE_OR_NAME = r"(?s)\\L<([A-Za-z_]\w*)>|\\.|\(\?P?<[A-Za-z_]\w*>"
# ASCII letters `regex` equates, case-insensitively, with a non-ASCII character (K: Kelvin sign, s: long s, i: İ).
FOLDS_WITH_NON_ASCII = frozenset("kKsSiI")
OTHER = "?"  # what every non-ASCII character of the view becomes
ANY = r"[^\n]"
NOTHING = r"[^\x00-\x{ff}]"
REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT} | ({C.POSSESSIVE_REPEAT} if hasattr(C, "POSSESSIVE_REPEAT") else set())
ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}
# Classes over the one-byte view: each holds every character its Unicode class holds (non-ASCII ones as `?`), no \n.
CATEGORIES = {
    C.CATEGORY_DIGIT: r"0-9?", C.CATEGORY_NOT_DIGIT: r"\x00-\x09\x0b-\x2f\x3a-\x{ff}",
    C.CATEGORY_SPACE: r"\t\x0b-\x0d\x1c-\x20?", C.CATEGORY_NOT_SPACE: r"\x00-\x08\x0e-\x1b\x21-\x{ff}",
    C.CATEGORY_WORD: r"0-9A-Za-z_?", C.CATEGORY_NOT_WORD: r"\x00-\x09\x0b-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x{ff}",
}


class Unrelaxable(Exception):
    """The pattern holds something the relaxation does not know."""


def _char(code: int) -> str:
    return chr(code) if chr(code).isascii() and chr(code).isalnum() else "\\x{%x}" % code


def _literal(code: int) -> str:
    if code == 10:
        return NOTHING
    if code > 127:
        return re.escape(OTHER)
    return f"[{_char(code)}?]" if chr(code) in FOLDS_WITH_NON_ASCII else _char(code)


def _takes_other(code: int) -> bool:
    return code > 127 or chr(code) in FOLDS_WITH_NON_ASCII or chr(code) == OTHER


def _class(items: list) -> str:
    """A positive class: its ASCII members (no line break), and `?` if it holds a non-ASCII character."""
    parts, other = [], False
    for op, av in items:
        if op == C.LITERAL:
            other |= _takes_other(av)
            if av < 128 and av != 10:
                parts.append(_char(av))
        elif op == C.RANGE:
            low, high = av
            other |= high > 127 or any(low <= ord(c) <= high for c in FOLDS_WITH_NON_ASCII)
            if low < 128:
                parts += [_char(low) + "-" + _char(min(high, 127))] if (low, min(high, 127)) != (10, 10) else []
        elif op == C.CATEGORY:
            parts.append(CATEGORIES[av])
        else:
            raise Unrelaxable(op)
    parts += [re.escape(OTHER)] if other else []
    return "[" + "".join(parts) + "]" if parts else NOTHING


def _negated(items: list) -> str:
    """A negated class: it excludes only ASCII literals and ranges (never `?`), so it still takes every character
    the original takes; a negated category makes it any character."""
    excluded = ["\\n"]
    for op, av in items:
        if op == C.LITERAL and not _takes_other(av):
            excluded.append(_char(av))
        elif op == C.RANGE and av[1] < 128 and not any(av[0] <= ord(c) <= av[1] for c in FOLDS_WITH_NON_ASCII | {OTHER}):
            excluded.append(_char(av[0]) + "-" + _char(av[1]))
        elif op not in (C.LITERAL, C.RANGE):
            return ANY
    return "[^" + "".join(excluded) + "]"


def _sequence(items: Any) -> str:
    return "".join(_item(op, av) for op, av in items)


def _item(op: Any, av: Any) -> str:  # noqa: C901 - one branch per node kind of the parse tree
    if op == C.LITERAL:
        return _literal(av)
    if op == C.NOT_LITERAL:
        return ANY if _takes_other(av) else f"[^\\n{_char(av)}]"
    if op == C.ANY:
        return ANY
    if op == C.IN:
        return _negated(av[1:]) if av and av[0][0] == C.NEGATE else _class(av)
    if op == C.BRANCH:
        return "(?:" + "|".join(_sequence(alt) for alt in av[1]) + ")"
    if op == C.SUBPATTERN:
        return "(?:" + _sequence(av[-1]) + ")"
    if hasattr(C, "ATOMIC_GROUP") and op == C.ATOMIC_GROUP:
        return "(?:" + _sequence(av) + ")"
    if op in REPEATS:
        low, high, sub = av
        body = "(?:" + _sequence(sub) + ")"
        if high <= 1:
            return body + "{%d,%d}" % (low, high)
        return body + ("*" if low == 0 else "+")
    if op in ZERO_WIDTH:
        return ""
    if op == C.GROUPREF:
        return ANY + "*"
    if op == C.GROUPREF_EXISTS:
        return "(?:" + _sequence(av[1]) + "|" + (_sequence(av[2]) if av[2] else "") + ")"
    raise Unrelaxable(op)


def _for_re(pattern: str, lists: dict) -> str:
    """The pattern in the syntax of `re`: named lists spelled out, groups unnamed."""
    def sub(m: regex.Match) -> str:
        if m.group(1) is not None:
            return "(?:" + "|".join(re.escape(item) for item in sorted(lists[m.group(1)])) + ")"
        return "(?:" if m.group().startswith("(") else m.group()

    return regex.sub(LIST_ESCAPE_OR_NAME, sub, pattern)


def relax(rx: Any) -> str | None:
    """The RE2 pattern (for a one-byte-a-character view) relaxing the compiled `regex` pattern `rx`, or None."""
    if rx.flags & UNSUPPORTED_FLAGS:
        return None
    flags = re.VERBOSE if rx.flags & regex.VERBOSE else 0
    try:
        source = _for_re(rx.pattern, getattr(rx, "named_lists", {}) or {})
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            parsed = sre_parse.parse(source, flags)
        return "(?i)" + _sequence(parsed.data if hasattr(parsed, "data") else parsed)
    except (re.error, Warning, RecursionError, KeyError, ValueError, TypeError, OverflowError, Unrelaxable):
        return None


def one_byte_view(view: str) -> bytes:
    """The view as RE2 reads it: one byte a character, every non-ASCII character `?`."""
    return view.encode("ascii", "replace")


class Prefilter:
    """The relaxed pattern of every pattern rule of a pack; each compiled by RE2 when first needed."""

    def __init__(self, patterns: list[Any]) -> None:
        self.patterns = patterns
        self.relaxed = [relax(rx) for rx in patterns]
        self._gates: dict[int, Any] = {}

    def __getstate__(self) -> dict:
        return {"patterns": self.patterns, "relaxed": self.relaxed}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, _gates={})

    def gate(self, rx: Any) -> Any | None:
        """The compiled RE2 relaxation of `rx`, or None when `rx` has none (it then runs on every block)."""
        key = id(rx)
        if key not in self._gates:
            index = next((i for i, p in enumerate(self.patterns) if p is rx), None)
            self._gates[key] = None if index is None else _compile(self.relaxed[index])
        return self._gates[key]


def gate_for(rx: Any) -> Any | None:
    """The compiled RE2 relaxation of the `regex` pattern `rx` (None if it has none)."""
    return _compile(relax(rx))


def _compile(relaxed: str | None) -> Any | None:
    if relaxed is None:
        return None
    import re2

    options = re2.Options()
    options.encoding, options.max_mem = re2.Options.Encoding.LATIN1, RE2_MEMORY
    try:
        return re2.compile(relaxed.encode("ascii"), options)
    except re2.error:
        return None


class _Session:
    """The pack's prefilter and the one-byte form of the current view, made when first asked for."""

    def __init__(self, prefilter: Prefilter, view: str) -> None:
        self.prefilter, self.view = prefilter, view
        self._bytes: bytes | None = None

    def blocks(self, rx: Any) -> Iterator[tuple[int, int]] | None:
        """The parts of blocks where `rx` may match, in order (None: no prefilter for it, try every block)."""
        gate = self.prefilter.gate(rx)
        if gate is None:
            return None
        if self._bytes is None:
            self._bytes = one_byte_view(self.view)
        return _gated_blocks(gate, self._bytes)


def _gated_blocks(gate: Any, data: bytes) -> Iterator[tuple[int, int]]:
    """(from, to) for each block where the relaxed pattern matches: from its first match to the block's end
    (no match of the full pattern can start before the relaxed one's first match)."""
    pos, size = 0, len(data)
    while pos <= size and (m := gate.search(data, pos)) is not None:
        end = data.find(b"\n", m.start())
        end = size if end == -1 else end
        yield m.start(), end
        pos = end + 1


def every_block(view: str) -> Iterator[tuple[int, int]]:
    """Every line of the view, as (start, end)."""
    start = 0
    for line in view.split("\n"):
        yield start, start + len(line)
        start += len(line) + 1


_SESSIONS: list[_Session] = []


def prefilter_for(pack: Any) -> Prefilter:
    """The pack's prefilter over its pattern-kind rules, built once and kept on the pack."""
    if getattr(pack, "prefilter", None) is None:
        pack.prefilter = Prefilter([r.matcher.regex for r in pack.rules if r.kind == "pattern"])
    return pack.prefilter


@contextmanager
def session(pack: Any, view: str) -> Iterator[None]:
    """Within this block, `finditer` on this view (when it is long enough) uses the pack's prefilter."""
    _SESSIONS.append(_Session(prefilter_for(pack), view) if len(view) >= MIN_VIEW else None)
    try:
        yield
    finally:
        _SESSIONS.pop()


def finditer(rx: Any, view: str, timeout: float) -> Iterator[Any]:
    """Every match of `rx` inside a block (view line) of `view`, block by block, within `timeout` seconds in all."""
    current = _SESSIONS[-1] if _SESSIONS else None
    blocks = current.blocks(rx) if current is not None and current.view is view else None
    deadline = time.monotonic() + timeout
    for start, end in blocks if blocks is not None else every_block(view):
        if end > start:
            yield from rx.finditer(view, start, end, timeout=max(deadline - time.monotonic(), 0.001))
