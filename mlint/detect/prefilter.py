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
A document-level rule's patterns (which may match across lines) are relaxed
the same way but keep the line break: RE2 tells whether, and from where, the
full pattern needs to search the view.

A pattern that the `re` parser cannot read (syntax only `regex` knows) or that
RE2 refuses runs on every block.  Until a process has checked RE2_AFTER
characters of copy (a pre-commit run on a page or two), it skips RE2, whose
compile and first scans cost more than they save there: a rule then runs only
on the blocks that hold one of the literals it needs (every match of
`\bcures?\b` contains "cure"), found with plain substring search.
"""

from __future__ import annotations

import re
import time
import warnings
from bisect import bisect_right
from contextlib import contextmanager
from typing import Any, Iterator

import regex

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

RE2_AFTER = 24_000  # characters of copy a process checks before RE2 pays for its compile and first scans
MIN_NEED = 3       # shortest literal worth looking for
RE2_MEMORY = 64 << 20  # bytes each compiled RE2 may use (its lazily built DFA lives in it)
UNSUPPORTED_FLAGS = regex.FULLCASE | regex.V1 | regex.POSIX | regex.BESTMATCH | regex.ENHANCEMATCH | regex.REVERSE
# A named list, any other escape, or a named group's opening (`regex` allows a name twice, `re` does not).
LIST_ESCAPE_OR_NAME = r"(?s)\\L<([A-Za-z_]\w*)>|\\.|\(\?P?<[A-Za-z_]\w*>"
# ASCII letters `regex` equates, case-insensitively, with a non-ASCII character (K: Kelvin sign, s: long s, i: İ).
FOLDS_WITH_NON_ASCII = frozenset("kKsSiI")
FOLD_TO_ASCII = "\u212a\u017f\u0130"
DIGITS = frozenset("0123456789")  # what a digit class needs, in a view without other digits (NON_ASCII_DIGIT)
NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")
OTHER = "?"  # what every non-ASCII character of the view becomes
NEWLINE = "\\n"
ANY = r"[^\n]"
ANY_BYTE = r"[\x00-\x{ff}]"
NOTHING = r"[^\x00-\x{ff}]"
LINE_BREAK = re.compile("\n")
REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT} | ({C.POSSESSIVE_REPEAT} if hasattr(C, "POSSESSIVE_REPEAT") else set())
ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}
# Classes over the one-byte view: each holds every character its Unicode class holds (non-ASCII ones as `?`), no \n.
CATEGORIES = {
    C.CATEGORY_DIGIT: r"0-9?", C.CATEGORY_NOT_DIGIT: r"\x00-\x09\x0b-\x2f\x3a-\x{ff}",
    C.CATEGORY_SPACE: r"\t\x0b-\x0d\x1c-\x20?", C.CATEGORY_NOT_SPACE: r"\x00-\x08\x0e-\x1b\x21-\x{ff}",
    C.CATEGORY_WORD: r"0-9A-Za-z_?", C.CATEGORY_NOT_WORD: r"\x00-\x09\x0b-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x{ff}",
}
# The same classes with the line break wherever the Unicode class holds it (for document-level patterns).
DOCUMENT_CATEGORIES = CATEGORIES | {
    C.CATEGORY_NOT_DIGIT: r"\x00-\x2f\x3a-\x{ff}", C.CATEGORY_SPACE: r"\t\n\x0b-\x0d\x1c-\x20?",
    C.CATEGORY_NOT_WORD: r"\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x{ff}",
}


class Unrelaxable(Exception):
    """The pattern holds something the relaxation does not know."""


def _char(code: int) -> str:
    return chr(code) if chr(code).isascii() and chr(code).isalnum() else "\\x{%x}" % code


def _takes_other(code: int) -> bool:
    return code > 127 or chr(code) in FOLDS_WITH_NON_ASCII or chr(code) == OTHER


class _Relaxer:
    """Writes the relaxation of a parse tree.  In line mode nothing matches a line break (a pattern rule's match
    lies inside one block); otherwise a relaxation takes a line break wherever the original may (a document-level
    pattern searches the whole view)."""

    def __init__(self, lines: bool) -> None:
        self.lines = lines
        self.any = ANY if lines else ANY_BYTE
        self.categories = CATEGORIES if lines else DOCUMENT_CATEGORIES

    def sequence(self, items: Any) -> str:
        return "".join(self.item(op, av) for op, av in items)

    def item(self, op: Any, av: Any) -> str:  # noqa: C901 - one branch per node kind of the parse tree
        if op == C.LITERAL:
            return self.literal(av)
        if op == C.NOT_LITERAL:
            return self.any if _takes_other(av) else f"[^{NEWLINE if self.lines else ''}{_char(av)}]"
        if op == C.ANY:
            return self.any
        if op == C.IN:
            return self.negated(av[1:]) if av and av[0][0] == C.NEGATE else self.positive(av)
        if op == C.BRANCH:
            return "(?:" + "|".join(self.sequence(alt) for alt in av[1]) + ")"
        if op == C.SUBPATTERN:
            return "(?:" + self.sequence(av[-1]) + ")"
        if hasattr(C, "ATOMIC_GROUP") and op == C.ATOMIC_GROUP:
            return "(?:" + self.sequence(av) + ")"
        if op in REPEATS:
            low, high, sub = av
            body = "(?:" + self.sequence(sub) + ")"
            if high <= 1:
                return body + "{%d,%d}" % (low, high)
            return body + ("*" if low == 0 else "+")
        if op in ZERO_WIDTH:
            return ""
        if op == C.GROUPREF:
            return self.any + "*"
        if op == C.GROUPREF_EXISTS:
            return "(?:" + self.sequence(av[1]) + "|" + (self.sequence(av[2]) if av[2] else "") + ")"
        raise Unrelaxable(op)

    def literal(self, code: int) -> str:
        if code == 10 and self.lines:
            return NOTHING
        if code > 127:
            return re.escape(OTHER)
        return f"[{_char(code)}?]" if chr(code) in FOLDS_WITH_NON_ASCII else _char(code)

    def positive(self, items: list) -> str:
        """A positive class: its ASCII members (no line break in line mode), and `?` if it holds a non-ASCII
        character."""
        parts, other = [], False
        for op, av in items:
            if op == C.LITERAL:
                other |= _takes_other(av)
                if av < 128 and not (av == 10 and self.lines):
                    parts.append(_char(av))
            elif op == C.RANGE:
                low, high = av
                other |= high > 127 or any(low <= ord(c) <= high for c in FOLDS_WITH_NON_ASCII)
                if low < 128 and not ((low, min(high, 127)) == (10, 10) and self.lines):
                    parts.append(_char(low) + "-" + _char(min(high, 127)))
            elif op == C.CATEGORY:
                parts.append(self.categories[av])
            else:
                raise Unrelaxable(op)
        parts += [re.escape(OTHER)] if other else []
        return "[" + "".join(parts) + "]" if parts else NOTHING

    def negated(self, items: list) -> str:
        """A negated class: it excludes only ASCII literals and ranges (never `?`), so it still takes every
        character the original takes; a negated category makes it any character."""
        excluded = [NEWLINE] if self.lines else []
        for op, av in items:
            if op == C.LITERAL and not _takes_other(av):
                excluded.append(_char(av))
            elif op == C.RANGE and av[1] < 128 and not any(
                    av[0] <= ord(c) <= av[1] for c in FOLDS_WITH_NON_ASCII | {OTHER}):
                excluded.append(_char(av[0]) + "-" + _char(av[1]))
            elif op not in (C.LITERAL, C.RANGE):
                return self.any
        return "[^" + "".join(excluded) + "]" if excluded else self.any


def _for_re(pattern: str, lists: dict) -> str:
    """The pattern in the syntax of `re`: named lists spelled out, groups unnamed."""
    def sub(m: regex.Match) -> str:
        if m.group(1) is not None:
            return "(?:" + "|".join(re.escape(item) for item in sorted(lists[m.group(1)])) + ")"
        return "(?:" if m.group().startswith("(") else m.group()

    return regex.sub(LIST_ESCAPE_OR_NAME, sub, pattern)


def _parse(rx: Any) -> Any | None:
    """The compiled `regex` pattern as a parse tree of `re` (None if `re` cannot read it)."""
    if rx.flags & UNSUPPORTED_FLAGS:
        return None
    flags = re.VERBOSE if rx.flags & regex.VERBOSE else 0
    try:
        source = _for_re(rx.pattern, getattr(rx, "named_lists", {}) or {})
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            parsed = sre_parse.parse(source, flags)
    except (re.error, Warning, RecursionError, KeyError, ValueError, TypeError, OverflowError):
        return None
    return parsed.data if hasattr(parsed, "data") else parsed


def relax(rx: Any, tree: Any | None = None, lines: bool = True) -> str | None:
    """The RE2 pattern (for a one-byte-a-character view) relaxing the compiled `regex` pattern `rx`, or None.
    `lines`: the relaxation need only take matches that lie inside one line."""
    tree = tree if tree is not None else _parse(rx)
    try:
        return None if tree is None else "(?i)" + _Relaxer(lines).sequence(tree)
    except (RecursionError, KeyError, Unrelaxable):
        return None


def needs(rx: Any, tree: Any | None = None) -> frozenset[str] | None:
    """Lower-case ASCII literals one of which every match of `rx` contains (the longest such set), or None."""
    tree = tree if tree is not None else _parse(rx)
    try:
        return None if tree is None else _needs(tree)
    except RecursionError:
        return None


def _needs(items: Any) -> frozenset[str] | None:
    best, run = None, ""
    for op, av in [*items, (None, None)]:
        if op == C.LITERAL and chr(av).isascii():
            run += chr(av).lower()
            continue
        best = _longer(best, frozenset([run]) if len(run) >= MIN_NEED or _symbols(run) else None)
        run = ""
        if op is not None:
            best = _longer(best, _item_needs(op, av))
    return best


def _symbols(run: str) -> bool:
    """A literal of punctuation and symbols only ('#', '%'): rare in prose, so worth looking for however short."""
    return bool(run) and not any(c.isalnum() or c.isspace() for c in run)


def _item_needs(op: Any, av: Any) -> frozenset[str] | None:
    if op == C.IN and av in ([(C.CATEGORY, C.CATEGORY_DIGIT)], [(C.RANGE, (48, 57))]):  # \d, [0-9]
        return DIGITS
    if op == C.SUBPATTERN:
        return _needs(av[-1])
    if hasattr(C, "ATOMIC_GROUP") and op == C.ATOMIC_GROUP:
        return _needs(av)
    if op == C.BRANCH:
        alternatives = [_needs(alt) for alt in av[1]]
        return frozenset().union(*alternatives) if all(alternatives) else None
    if op in REPEATS and av[0] >= 1:
        return _needs(av[2])
    return None


def _longer(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """Of two literal sets, the one whose shortest literal is longer (then the smaller set)."""
    if a is None or b is None:
        return a if b is None else b
    return max(a, b, key=lambda s: (min(map(len, s)), -len(s)))


def one_byte_view(view: str) -> bytes:
    """The view as RE2 reads it: one byte a character, every non-ASCII character `?`."""
    return view.encode("ascii", "replace")


class Gate:
    """A relaxation compiled by RE2: where its first match in part of a one-byte view starts.  It calls RE2's
    binding directly (the `re2` module's wrapper costs as much again per call in decoding and match objects)."""

    __slots__ = ("_match", "_unanchored")

    def __init__(self, compiled: Any, unanchored: Any) -> None:
        self._match, self._unanchored = compiled.Match, unanchored

    def first(self, data: bytes, pos: int = 0, end: int | None = None) -> int:
        """The start of the first match in data[pos:end], or -1."""
        return self._match(self._unanchored, data, pos, len(data) if end is None else end)[0][0]


def compile_relaxed(relaxed: str | None) -> Gate | None:
    """A relaxed pattern compiled by RE2 (None if there is none or RE2 refuses it)."""
    if relaxed is None:
        return None
    from re2 import _re2

    options = _re2.RE2.Options()
    options.encoding, options.max_mem, options.log_errors = _re2.RE2.Options.Encoding.LATIN1, RE2_MEMORY, False
    compiled = _re2.RE2(relaxed.encode("ascii"), options)
    return Gate(compiled, _re2.RE2.Anchor.UNANCHORED) if compiled.ok() else None


class Prefilter:
    """For every pattern of a pack's rules: its RE2 relaxation (compiled when first needed) and its needed
    literals.  The first `lines` patterns match inside one block (pattern rules); the others anywhere in a view
    (the patterns of document-level rules)."""

    def __init__(self, patterns: list[Any], documents: list[Any] = ()) -> None:
        self.patterns, self.lines = [*patterns, *documents], len(patterns)
        trees = [_parse(rx) for rx in self.patterns]
        self.relaxed = [relax(rx, tree, i < self.lines) for i, (rx, tree) in enumerate(zip(self.patterns, trees))]
        self.needed = [needs(rx, tree) for rx, tree in zip(self.patterns, trees)]
        self._gates: dict[int, Gate | None] = {}
        self._index: dict[int, int] = {}

    def __getstate__(self) -> dict:
        return {"patterns": self.patterns, "lines": self.lines, "relaxed": self.relaxed, "needed": self.needed}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, _gates={}, _index={})

    def index(self, rx: Any) -> int | None:
        """The position of `rx` among the pack's patterns (None if it is not one of them)."""
        if not self._index:
            self._index = {id(p): i for i, p in enumerate(self.patterns)}
        return self._index.get(id(rx))

    def gate(self, rx: Any) -> Gate | None:
        """The compiled RE2 relaxation of `rx`, or None when `rx` has none (it then runs on every block)."""
        key = id(rx)
        if key not in self._gates:
            index = self.index(rx)
            self._gates[key] = None if index is None else compile_relaxed(self.relaxed[index])
        return self._gates[key]

    def needs(self, rx: Any) -> frozenset[str] | None:
        """Literals one of which every match of `rx` contains (None: none known)."""
        index = self.index(rx)
        return None if index is None else self.needed[index]


class _Session:
    """The pack's prefilter and the current view: its one-byte form for RE2, or its lower-case form and line starts
    for the needed literals, each made when first asked for."""

    def __init__(self, prefilter: Prefilter, view: str) -> None:
        global _SEEN
        _SEEN += len(view)
        self.prefilter, self.view, self.re2 = prefilter, view, _SEEN >= RE2_AFTER
        self._bytes: bytes | None = None
        self._lower: str | None = None
        self._starts: list[int] = []

    def data(self) -> bytes:
        """The view as RE2 reads it."""
        if self._bytes is None:
            self._bytes = one_byte_view(self.view)
        return self._bytes

    def lower(self) -> str:
        """The view in lower case, or "" when it holds a character that `regex` equates with an ASCII letter,
        unlike str.lower, or a digit other than 0-9 (no literal gate then)."""
        if self._lower is None:
            self._lower = ("" if any(c in self.view for c in FOLD_TO_ASCII) or NON_ASCII_DIGIT.search(self.view)
                           else self.view.lower())
            self._starts = [0] + [m.end() for m in LINE_BREAK.finditer(self.view)]
        return self._lower

    def gate(self, rx: Any) -> Gate | None:
        """The RE2 gate of `rx`, once this session uses RE2 (None before, or when `rx` has none)."""
        return self.prefilter.gate(rx) if self.re2 else None

    def blocks(self, rx: Any) -> Iterator[tuple[int, int]] | None:
        """Before RE2: the blocks where `rx` may match, in order (None: no prefilter for it, try every block)."""
        return None if self.re2 else self._by_literals(rx)

    def start(self, rx: Any) -> int:
        """Where the first match of `rx` in the whole view may start at the earliest: -1 when there is none."""
        if self.re2:
            gate = self.prefilter.gate(rx)
            return 0 if gate is None else gate.first(self.data())
        literals, low = self.prefilter.needs(rx), self.lower()
        return 0 if literals is None or not low or any(literal in low for literal in literals) else -1

    def _by_literals(self, rx: Any) -> Iterator[tuple[int, int]] | None:
        """The blocks that hold one of the literals `rx` needs (None: it needs none we know, try every block)."""
        literals, low = self.prefilter.needs(rx), self.lower()
        if literals is None or not low:
            return None
        starts, found = self._starts, set()
        for literal in literals:
            at = low.find(literal)
            while at != -1:
                block = bisect_right(starts, at) - 1
                found.add(block)
                at = low.find(literal, starts[block + 1]) if block + 1 < len(starts) else -1
        ends = starts[1:] + [len(low) + 1]
        return ((starts[b], ends[b] - 1) for b in sorted(found))


def _gated_blocks(gate: Gate, data: bytes) -> Iterator[tuple[int, int]]:
    """(from, to) for each block where the relaxed pattern matches: from its first match to the block's end
    (no match of the full pattern can start before the relaxed one's first match)."""
    pos, size = 0, len(data)
    while pos <= size and (at := gate.first(data, pos, size)) >= 0:
        end = data.find(b"\n", at)
        end = size if end == -1 else end
        yield at, end
        pos = end + 1


def every_block(view: str) -> Iterator[tuple[int, int]]:
    """Every line of the view, as (start, end)."""
    start = 0
    for line in view.split("\n"):
        yield start, start + len(line)
        start += len(line) + 1


_SESSIONS: list[_Session] = []
_SEEN = 0  # characters of copy this process has checked so far


def prefilter_for(pack: Any) -> Prefilter:
    """The pack's prefilter over the patterns of its rules, built once and kept on the pack."""
    if getattr(pack, "prefilter", None) is None:
        pack.prefilter = Prefilter([r.matcher.regex for r in pack.rules if r.kind == "pattern"],
                                   [rx for r in pack.rules if r.kind == "require" for rx in r.matcher.patterns])
    return pack.prefilter


@contextmanager
def session(pack: Any, view: str) -> Iterator[None]:
    """Within this block, `finditer` and `search` on this view use the pack's prefilter."""
    _SESSIONS.append(_Session(prefilter_for(pack), view))
    try:
        yield
    finally:
        _SESSIONS.pop()


def _current(view: str) -> _Session | None:
    """The session on this view, if one is open."""
    return _SESSIONS[-1] if _SESSIONS and _SESSIONS[-1].view is view else None


def re2_view(view: str) -> bytes | None:
    """The one-byte form of the view when the current session on it uses RE2 (the judge then uses it too)."""
    current = _current(view)
    return current.data() if current is not None and current.re2 else None


def finditer(rx: Any, view: str, timeout: float) -> Iterator[Any]:
    """Every match of `rx` inside a block (view line) of `view`, in order, within `timeout` seconds in all."""
    deadline = time.monotonic() + timeout
    current = _current(view)
    gate = current.gate(rx) if current is not None else None
    if gate is not None:
        yield from _gated_matches(rx, view, gate, current.data(), deadline)
        return
    blocks = current.blocks(rx) if current is not None else None
    for start, end in blocks if blocks is not None else every_block(view):
        if end > start:
            yield from rx.finditer(view, start, end, timeout=_left(deadline))


def _gated_matches(rx: Any, view: str, gate: Gate, data: bytes, deadline: float) -> Iterator[Any]:
    """The matches of `rx`, block by block, with `regex` run only from where RE2 shows the next one can start (the
    relaxation's next match): the rest of a block after its last match is never searched by `regex`."""
    for at, end in _gated_blocks(gate, data):
        while at >= 0:
            m = rx.search(view, at, end, timeout=_left(deadline))
            if m is None:
                break
            if m.end() == m.start():  # an empty match: from here, finditer's own rules for stepping past it
                yield from rx.finditer(view, at, end, timeout=_left(deadline))
                break
            yield m
            at = gate.first(data, m.end(), end) if m.end() < end else -1


def _left(deadline: float) -> float:
    """Seconds left before `deadline` (at least a millisecond, so `regex` raises rather than waits)."""
    return max(deadline - time.monotonic(), 0.001)


def search(rx: Any, view: str, timeout: float) -> Any | None:
    """The first match of `rx` in `view` (`rx.search`), not run when the prefilter shows there is none."""
    current = _current(view)
    start = current.start(rx) if current is not None else 0
    return None if start < 0 else rx.search(view, start, timeout=timeout)
