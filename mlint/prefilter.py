"""A literal prefilter: one pass over a view finds every place a pattern rule could start to match.

From each rule's compiled pattern the prefilter derives its *heads*: literal
strings such that every match of the pattern begins with one of them ("cure",
"regenerat", "guarantee"...).  One trie-shaped alternation of all rules' heads
scans the lower-cased view once; a rule then tries its full pattern (anchored,
with `match`) only at the positions where one of its heads occurs, in order,
skipping positions inside its previous match.  That is exactly what `finditer`
over the whole view would find, since no match can start anywhere else.

A pattern whose heads cannot be derived (it starts with `\\w+`, an optional
part that is not literal, or syntax only the `regex` module knows) simply runs
over the whole view as before.
"""

from __future__ import annotations

import re
import signal
from array import array
import threading
import time
import warnings
from contextlib import contextmanager
from itertools import chain
from typing import Any, Iterator

import regex

try:  # Python 3.11+ (the parser itself is imported only when heads are derived, not on a cached run)
    from re import _constants as C  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_constants as C  # type: ignore[no-redef]

MAX_SET = 256      # largest literal set kept while crossing alternatives
MIN_HEAD = 2       # heads shorter than this would hit nearly everywhere
MAX_HEAD = 10      # heads are cut to this length (a prefix of a head is still a head)
BATCH = 2000       # candidates tried per alarm
SCAN_CHUNK = 1 << 20  # characters of the view lower-cased at a time (then on to the next line break)
SMALL_CLASS = 8    # character classes up to this size count as literal alternatives
UNSUPPORTED_FLAGS = regex.FULLCASE | regex.V1 | regex.POSIX | regex.BESTMATCH | regex.ENHANCEMATCH | regex.REVERSE
# A named list, any other escape, or a named group's opening (`regex` allows a name twice, `re` does not).
LIST_ESCAPE_OR_NAME = r"(?s)\\L<([A-Za-z_]\w*)>|\\.|\(\?P?<[A-Za-z_]\w*>"
# Non-ASCII characters that `regex` case-insensitively equates with an ASCII one, and what they fold to.
ASCII_FOLDS = {"\u0130": "i", "\u017f": "s", "\u212a": "k"}
REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT} | ({C.POSSESSIVE_REPEAT} if hasattr(C, "POSSESSIVE_REPEAT") else set())
ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}

Literals = frozenset[str]


def _cross(left: set[str], right: set[str]) -> set[str] | None:
    if len(left) * len(right) > MAX_SET:
        return None
    return {a + b for a in left for b in right}


def _class(av: list) -> set[str] | None:
    chars: set[str] = set()
    for op, value in av:
        if op == C.LITERAL:
            chars.add(chr(value).lower())
        elif op == C.RANGE and value[1] - value[0] < SMALL_CLASS:
            chars.update(chr(c).lower() for c in range(value[0], value[1] + 1))
        else:
            return None
    return chars if len(chars) <= SMALL_CLASS else None


def _item(op: Any, av: Any) -> tuple[set[str] | None, set[str] | None]:
    """(every string the item can match, if few; literals every non-empty match of it starts with)."""
    if op == C.LITERAL:
        return {chr(av).lower()}, None
    if op == C.IN:
        return _class(av), None
    if op == C.SUBPATTERN:
        return _sequence(av[-1])
    if hasattr(C, "ATOMIC_GROUP") and op == C.ATOMIC_GROUP:
        return _sequence(av)
    if op == C.BRANCH:
        parts = [_sequence(alt) for alt in av[1]]
        exact = set().union(*(e for e, _ in parts)) if all(e is not None for e, _ in parts) else None
        heads = [e if e is not None and "" not in e else h for e, h in parts]
        return (exact if exact is not None and len(exact) <= MAX_SET else None,
                set().union(*heads) if all(h is not None for h in heads) else None)
    if op in REPEATS:
        low, high, sub = av
        exact, heads = _sequence(sub)
        if low == 0:
            return ({""} | exact if high == 1 and exact is not None else None), None
        if exact is not None and low == high:
            crossed: set[str] | None = exact
            for _ in range(low - 1):
                crossed = _cross(crossed, exact) if crossed is not None else None
            return crossed, None
        return None, (exact if exact is not None and "" not in exact else heads)
    if op in ZERO_WIDTH:
        return {""}, None
    return None, None


def _sequence(items: Any) -> tuple[set[str] | None, set[str] | None]:
    """(every string the sequence can match, if few; literals every match of it starts with)."""
    acc: set[str] = {""}
    exact: set[str] | None = {""}
    heads: set[str] | None = None
    for op, av in items:
        item_exact, item_heads = _item(op, av)
        if exact is not None:
            exact = _cross(exact, item_exact) if item_exact is not None else None
        if heads is not None:
            continue
        if item_exact is not None:
            crossed = _cross(acc, item_exact)
            if crossed is None:
                heads = acc
            else:
                acc = crossed
        elif item_heads is not None and "" not in item_heads:
            heads = _cross(acc, item_heads) or acc
        else:
            heads = acc
    heads = acc if heads is None else heads
    return exact, (None if "" in heads else heads)


def _for_re(pattern: str, lists: dict) -> str:
    """The pattern in the syntax of `re`: named lists spelled out, groups unnamed."""
    def sub(m: regex.Match) -> str:
        if m.group(1) is not None:
            return "(?:" + "|".join(re.escape(item) for item in sorted(lists[m.group(1)])) + ")"
        return "(?:" if m.group().startswith("(") else m.group()

    return regex.sub(LIST_ESCAPE_OR_NAME, sub, pattern)


def minimal(literals: set[str]) -> Literals:
    """The literals cut to MAX_HEAD characters, without any that another one of them begins."""
    cut = sorted({s[:MAX_HEAD] for s in literals})
    kept: list[str] = []
    for s in cut:  # sorted, so a literal's prefixes come right before it
        if not (kept and s.startswith(kept[-1])):
            kept.append(s)
    return frozenset(kept)


def _parse(rx: Any) -> Any | None:
    """The compiled `regex` pattern as a parse tree of `re` (None if `re` cannot read it)."""
    if rx.flags & UNSUPPORTED_FLAGS:
        return None
    try:  # Python 3.11+
        from re import _parser as sre_parse  # type: ignore[attr-defined]
    except ImportError:  # Python 3.10
        import sre_parse  # type: ignore[no-redef]

    flags = re.VERBOSE if rx.flags & regex.VERBOSE else 0
    try:
        source = _for_re(rx.pattern, getattr(rx, "named_lists", {}) or {})
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            parsed = sre_parse.parse(source, flags)
    except (re.error, Warning, RecursionError, KeyError, ValueError, TypeError, OverflowError):
        return None
    return parsed.data if hasattr(parsed, "data") else parsed


def _usable(found: set[str] | None) -> Literals | None:
    if not found or min(map(len, found)) < MIN_HEAD or not all(s.isascii() for s in found):
        return None
    return minimal(found)


def heads(rx: Any) -> Literals | None:
    """Lower-case ASCII literals every match of the compiled `regex` pattern `rx` begins with, or None."""
    items = _parse(rx)
    return None if items is None else _usable(_sequence(items)[1])


def required(rx: Any) -> Literals | None:
    """Lower-case ASCII literals one of which every match of `rx` contains somewhere, or None."""
    items = _parse(rx)
    try:
        return None if items is None else _usable(_required(items))
    except RecursionError:
        return None


def _required(items: Any) -> set[str] | None:
    """The best literal set one of which every match of the sequence contains (longest, then fewest)."""
    best: set[str] | None = None
    for k, (op, av) in enumerate(items):
        if op in ZERO_WIDTH or (op in REPEATS and av[0] == 0):
            continue
        candidates = [_sequence(items[k:])[1]]
        if op == C.BRANCH:
            alternatives = [_required(alt) for alt in av[1]]
            candidates.append(set().union(*alternatives) if all(alternatives) else None)
        elif op == C.SUBPATTERN:
            candidates.append(_required(av[-1]))
        elif op in REPEATS:
            candidates.append(_required(av[2]))
        for found in candidates:
            if _usable(found) and (best is None or _score(found) > _score(best)):
                best = found
    return best


def _score(literals: set[str]) -> tuple[int, int]:
    return min(min(map(len, literals)), MAX_HEAD), -len(literals)


def _trie(literals: list[str]) -> str:
    """One regex matching exactly the literals, factored into a prefix trie (longest alternative first)."""
    root: dict = {}
    for word in literals:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


def fold(view: str) -> str | None:
    """The view lower-cased so that ASCII literals can be found with plain comparison; None if lengths differ."""
    for char, ascii_char in ASCII_FOLDS.items():
        if char in view:
            view = view.replace(char, ascii_char)
    low = view.lower()
    return low if len(low) == len(view) else None


class Prefilter:
    """The heads of every pattern of a pack and one scanner for all of them."""

    def __init__(self, patterns: list[Any]) -> None:
        self.patterns = patterns
        self.heads = [_in_line(heads(rx)) for rx in patterns]
        # a pattern without heads may still contain one of a few literals: it then runs only on the blocks that do
        self.required = [_in_line(required(rx)) if h is None else None for rx, h in zip(patterns, self.heads)]
        literals = sorted(set().union(*(h for h in self.heads + self.required if h)))
        self.scanner = re.compile(_trie(literals)) if literals else None
        self.overlapping = _overlapping(literals)
        self.fires = [None if h is None else tuple(s for s in literals if s.startswith(tuple(h)))
                      for h in (h or r for h, r in zip(self.heads, self.required))]
        self._index: dict[int, int] = {}

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_index"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, _index={})

    def index(self, rx: Any) -> int | None:
        """The position of `rx` among the prefiltered patterns (None if it is not one, or has no heads)."""
        if not self._index:
            self._index = {id(p): i for i, p in enumerate(self.patterns)}
        i = self._index.get(id(rx))
        return None if i is None or self.fires[i] is None else i

    def scan(self, view: str) -> dict[str, array] | None:
        """Where each literal occurs in the view (a literal's occurrences that a longer one covers included).

        The view is lower-cased a chunk of lines at a time (no literal holds a line break), not all at once."""
        if self.scanner is None:
            return None
        found: dict[str, array] = {}
        start = 0
        while start < len(view):
            end = len(view) if len(view) - start <= SCAN_CHUNK else view.find("\n", start + SCAN_CHUNK) + 1 or len(view)
            low = fold(view[start:end])
            if low is None:
                return None
            self._scan(low, start, found)
            start = end
        return found

    def _scan(self, low: str, offset: int, found: dict[str, array]) -> None:
        search, overlapping, pos = self.scanner.search, self.overlapping, 0
        while (m := search(low, pos)) is not None:
            literal = m.group()
            places = found.get(literal)
            if places is None:
                found[literal] = places = array("q")  # 8 bytes a position: a 50 MB view has millions
            places.append(offset + m.start())
            pos = m.start() + 1 if literal in overlapping else m.end()


def _in_line(literals: Literals | None) -> Literals | None:
    """The literals, unless one holds a line break (the scan goes a chunk of whole lines at a time)."""
    return None if literals is None or any("\n" in s for s in literals) else literals


def _overlapping(literals: list[str]) -> frozenset[str]:
    """The literals inside which another literal could start (after one of them the scan resumes one further)."""
    whole = set(literals)
    starts = {t[:k] for t in literals for k in range(1, len(t) + 1)}
    return frozenset(s for s in literals
                     if any(s[i:] in starts or any(s[i:j] in whole for j in range(i + 1, len(s) + 1))
                            for i in range(1, len(s))))


class _Session:
    """The prefilter of the pack being run and, once asked for, the scan of the current view."""

    def __init__(self, prefilter: Prefilter, view: str) -> None:
        self.prefilter, self.view = prefilter, view
        self.found: dict[str, array] | None = None
        self.scanned = False

    def literals_of(self, i: int) -> list[int] | None:
        """Sorted positions of the literals of the pattern at index `i` (None if the view cannot be scanned)."""
        if not self.scanned:
            self.found, self.scanned = self.prefilter.scan(self.view), True
        if self.found is None:
            return None
        return sorted(chain.from_iterable(self.found.get(s, ()) for s in self.prefilter.fires[i]))

    def candidates(self, rx: Any) -> list[int] | None:
        """Where a match of `rx` may start, when its heads are known."""
        i = self.prefilter.index(rx)
        if i is None or self.prefilter.heads[i] is None:
            return None
        return self.literals_of(i)

    def blocks(self, rx: Any) -> list[tuple[int, int]] | None:
        """The blocks (view lines) that hold one of the literals every match of `rx` contains."""
        i = self.prefilter.index(rx)
        if i is None or self.prefilter.required[i] is None:
            return None
        positions = self.literals_of(i)
        if positions is None:
            return None
        view, spans = self.view, []
        for pos in positions:
            if spans and pos < spans[-1][1]:
                continue
            end = view.find("\n", pos)
            spans.append((view.rfind("\n", 0, pos) + 1, len(view) if end == -1 else end))
        return spans


_SESSIONS: list[_Session] = []


def prefilter_for(pack: Any) -> Prefilter:
    """The pack's prefilter over its pattern-kind rules, built once and kept on the pack."""
    if getattr(pack, "prefilter", None) is None:
        pack.prefilter = Prefilter([r.matcher.regex for r in pack.rules if r.kind == "pattern"])
    return pack.prefilter


@contextmanager
def session(pack: Any, view: str) -> Iterator[None]:
    """Within this block, `finditer` on this view uses the pack's prefilter."""
    _SESSIONS.append(_Session(prefilter_for(pack), view))
    try:
        yield
    finally:
        _SESSIONS.pop()


def finditer(rx: Any, view: str, timeout: float) -> Iterator[Any]:
    """The matches of `rx.finditer(view, timeout=timeout)`, tried only where a prefilter literal says one can start."""
    current = _SESSIONS[-1] if _SESSIONS else None
    here = current is not None and current.view is view
    starts = current.candidates(rx) if here else None
    if starts is None:
        blocks = current.blocks(rx) if here else None
        if blocks is None:
            yield from rx.finditer(view, timeout=timeout)
            return
        deadline = time.monotonic() + timeout
        for start, end in blocks:  # a match lies inside one block (the pattern kind drops any that do not)
            yield from rx.finditer(view, start, end, timeout=max(deadline - time.monotonic(), 0.001))
        return
    budget, pos, i = timeout, 0, 0
    while i < len(starts):
        began = time.monotonic()
        with _alarm(budget) as per_call:
            batch, pos, i = _match_batch(rx, view, starts, i, pos, per_call)
        budget -= time.monotonic() - began
        yield from batch


def _match_batch(rx: Any, view: str, starts: list[int], i: int, pos: int,
                 per_call: float | None) -> tuple[list[Any], int, int]:
    """Up to BATCH anchored matches from starts[i:], as finditer would find them; the new pos and i."""
    batch: list[Any] = []
    match, end = rx.match, min(len(starts), i + BATCH)
    deadline = time.monotonic() + per_call if per_call is not None else 0.0
    while i < end:
        start = starts[i]
        i += 1
        if start < pos:
            continue
        if per_call is None:
            m = match(view, start)
        else:
            m = match(view, start, timeout=max(deadline - time.monotonic(), 0.001))
        if m is not None:
            batch.append(m)
            pos = m.end()
    return batch, pos, i


def _on_alarm(signum: int, frame: Any) -> None:
    raise TimeoutError("regular expression timed out")


@contextmanager
def _alarm(seconds: float) -> Iterator[float | None]:
    """Stop the block with TimeoutError after `seconds`, by SIGALRM where that is free to use (no per-call cost);
    elsewhere hand the block the per-call timeout to use instead."""
    if seconds <= 0:
        raise TimeoutError("regular expression timed out")
    usable = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
              and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))
    if not usable:
        yield seconds
        return
    signal.signal(signal.SIGALRM, _on_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        yield None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
