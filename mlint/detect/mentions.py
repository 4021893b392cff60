"""Every vocabulary term in a view, found in one pass: the mentions the claim kind assembles into claims.

One Aho-Corasick automaton (pyahocorasick) holds every form of every term list (mlint.pack.inflect makes the forms
from the lemmas).  It is built once, when the pack is compiled, and kept in the pack cache.  The view is folded for
the scan without changing its length or offsets: lower case, curly apostrophes straight, hyphens and dashes as
spaces (so "platelet-rich" and "platelet rich" are one term).  A mention must start and end at word edges; a term
written with two or more capitals (an acronym: "MS", "COPD", "iPSC") must also match the view's own case, so "ms"
and "Ms." are not multiple sclerosis.
"""

from __future__ import annotations

from typing import Any, NamedTuple

FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "-": " ", "\u2010": " ", "\u2011": " ",
                      "\u2013": " ", "\u2014": " ", "\u00a0": " ", "\t": " "})


BLOCKER = "not_a_term"  # the term list whose mentions hide the mentions inside them


class Mention(NamedTuple):
    """A term of the list `name` at view[start:end], in the inflected form `tag` (base, s, ed, ing, plural)."""

    start: int
    end: int
    name: str
    tag: str


def fold(text: str) -> str:
    """`text` as the scanner reads it, the same length: lower case (character by character where lower-casing
    would change the length), straight apostrophes, hyphens and dashes as spaces."""
    lower = text.lower()
    if len(lower) != len(text):
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lower.translate(FOLD)


def _exact(word: str) -> bool:
    """Whether a term must match in its own case: two or more capitals (MS, COPD, iPSC, NAD+)."""
    return sum(c.isupper() for c in word) >= 2


class Scanner:
    """The automaton over every term of a vocabulary, and the last view's mentions."""

    def __init__(self, vocab: Any) -> None:
        import ahocorasick

        table: dict[str, list[tuple[str, str, str | None]]] = {}
        for name in vocab.terms:
            for form, tag in vocab.term_words(name).items():
                table.setdefault(fold(form), []).append((name, tag, form if _exact(form) else None))
        self.automaton = ahocorasick.Automaton()
        for key, entries in table.items():
            self.automaton.add_word(key, (len(key), tuple(entries)))
        if table:
            self.automaton.make_automaton()
        self.names = frozenset(vocab.terms)
        self._view: str | None = None
        self._found: tuple[list[int], list[Mention]] = ([], [])
        self.folded = ""  # the last view, folded
        self.by_name: dict[str, list[Mention]] = {}  # the last view's mentions of each term list

    def __getstate__(self) -> dict:
        return self.__dict__ | {"_view": None, "_found": ([], []), "folded": "", "by_name": {}}

    def scan(self, view: str) -> tuple[list[int], list[Mention]]:
        """The mentions in `view`, sorted by start (and the starts, for bisecting); the last view's are kept, with
        the view folded (`folded`)."""
        if view is not self._view:
            self.folded = fold(view)
            self._view, self._found = view, self._scan(view, self.folded)
            self.by_name = {}
            for mention in self._found[1]:
                self.by_name.setdefault(mention.name, []).append(mention)
        return self._found

    def of(self, names: frozenset[str]) -> list[Mention]:
        """The last view's mentions of the term lists `names`, sorted by start."""
        lists = [self.by_name[n] for n in names if n in self.by_name]
        return lists[0] if len(lists) == 1 else sorted(m for found in lists for m in found)

    def _scan(self, view: str, folded: str) -> tuple[list[int], list[Mention]]:
        if not self.names or self.automaton.kind == 0:
            return [], []
        best: dict[tuple[int, str], Mention] = {}
        size = len(view)
        for last, (length, entries) in self.automaton.iter(folded):
            start, end = last + 1 - length, last + 1
            if (start > 0 and folded[start - 1].isalnum() and folded[start].isalnum()) or \
                    (end < size and folded[end].isalnum() and folded[end - 1].isalnum()):
                continue
            for name, tag, exact in entries:
                if exact is not None and view[start:end].translate(FOLD) != exact.translate(FOLD):
                    continue
                mention = Mention(start, end, name, tag)
                key = (start, name)
                if key not in best or best[key].end < end:
                    best[key] = mention
        mentions = _unblocked(_longest(sorted(best.values())))
        return [m.start for m in mentions], mentions


def _longest(mentions: list[Mention]) -> list[Mention]:
    """Of overlapping mentions of the same list, the one that starts first (the longest of those)."""
    kept: list[Mention] = []
    reach: dict[str, int] = {}
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if reach.get(m.name, -1) > m.start:
            continue
        kept.append(m)
        reach[m.name] = m.end
    return kept


def _unblocked(mentions: list[Mention]) -> list[Mention]:
    """The mentions outside every mention of the list `not_a_term` ("cost effective" holds no proof word,
    "immune system" no treatment), without those."""
    if not any(m.name == BLOCKER for m in mentions):
        return mentions
    kept: list[Mention] = []
    covered = -1  # the end of the blocking mentions that started so far (mentions come sorted by start)
    for m in mentions:
        if m.name == BLOCKER:
            covered = max(covered, m.end)
        elif m.end > covered:
            kept.append(m)
    return kept


def scanner_for(vocab: Any) -> Scanner:
    """The scanner of a vocabulary, built once and kept with it (and with the pack in the cache)."""
    if vocab.mentions is None:
        vocab.mentions = Scanner(vocab)
    return vocab.mentions
