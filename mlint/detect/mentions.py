"""Every vocabulary term in a view, found in one pass: the mentions the claim kind assembles into claims.

One Aho-Corasick automaton (pyahocorasick) holds every form of every term list (mlint.pack.inflect makes the forms
from the lemmas).  It is built once, when the pack is compiled, and kept in the pack cache.  The view is folded for
the scan without changing its length or offsets: lower case, curly apostrophes straight, hyphens and dashes as
spaces (so "platelet-rich" and "platelet rich" are one term).  A mention must start and end at word edges; a term
written with two or more capitals (an acronym: "MS", "COPD", "iPSC") must also match the view's own case, so "ms"
and "Ms." are not multiple sclerosis.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from mlint.deferred import Deferred
from mlint.read.sentences import split_block

FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "-": " ", "\u2010": " ", "\u2011": " ",
                      "\u2013": " ", "\u2014": " ", "\u00a0": " ", "\t": " "})


BLOCKER = "not_a_term"  # the term list whose mentions hide the mentions inside them
OWN_BLOCKER = "_not"  # `proof_not` hides the `proof` mentions inside its own
WORD = Deferred(__name__, r"[\w'%$#+]+")
# Quote marks at a word's edge are not there for the scan: "are not \u201crejected\u201d" and "\u2018Repair\u2019 your
# joints" read as "are not rejected" and "repair your joints".  (In the folded view they are spaces or straight
# apostrophes; an apostrophe inside a word, as in "patient's", stays.)
QUOTE_EDGE = Deferred(__name__, r"[\"\u201c\u201d\u00ab\u00bb](?=\s)|(?<=\s)[\"\u201c\u201d\u00ab\u00bb]|(?<![^\W_])['\u2018\u2019]|['\u2018\u2019](?![^\W_])")


class Mention(NamedTuple):
    """A term of the list `name` at view[start:end], in the inflected form `tag` (base, s, ed, ing, plural)."""

    start: int
    end: int
    name: str
    tag: str


@dataclass
class Sentence:
    """A sentence that holds mentions: its span and block, its mentions by term list, and where its words start
    (to count the words between two places)."""

    span: tuple[int, int]
    block: tuple[int, int]
    folded: str
    by_name: dict[str, list[Mention]] = field(default_factory=dict)
    words: list[int] | None = None  # found on first use
    _literals: dict = field(default_factory=dict)
    _spans: dict = field(default_factory=dict)

    def spans(self, names: frozenset[str], forms: frozenset[str] | None) -> list[tuple[int, int]]:
        """The spans of the mentions of `names` (in one of `forms`, if given), by start and the longest first ("knee
        pain" before "knee"): found once per sentence."""
        key = (names, forms)
        found = self._spans.get(key)
        if found is None:
            found = self._spans[key] = sorted({(m.start, m.end) for n in names for m in self.by_name.get(n, ())
                                               if forms is None or m.tag in forms},
                                              key=lambda span: (span[0], -span[1]))  # the longest first at a place
        return found

    def literals(self, words: tuple[str, ...], find: Any) -> list[tuple[int, int]]:
        """The spans of a frame's bracketed words in this sentence, found once (`find(folded, words, start, end)`)."""
        spans = self._literals.get(words)
        if spans is None:
            spans = self._literals[words] = find(self.folded, words, *self.span)
        return spans

    def words_between(self, start: int, end: int) -> int:
        if self.words is None:
            self.words = [w.start() for w in WORD.finditer(self.folded, *self.span)]
        return bisect_left(self.words, end) - bisect_left(self.words, start)


# What separates words for the scan: a term matches only between separators (or at a symbol it starts or ends
# with, like "% of patients"), so the automaton never reports a term inside a word ("it" in "with").
SEPARATE = str.maketrans({c: " " for c in "\n\r\f\v.,;:!?()[]{}\"\u201c\u201d\u00ab\u00bb/\\|*_\u2026\u00b7\u2022<>=~^"})
SEPARATE_FOLD = FOLD | SEPARATE


def _key(form: str) -> tuple[str, int, int]:
    """A term form as the automaton holds it: folded, words separated by one space, with a space on each side that
    starts or ends with a letter or digit; and those two widths."""
    words = " ".join(fold(form, SEPARATE_FOLD).split())
    lead, trail = int(words[:1].isalnum()), int(words[-1:].isalnum())
    return " " * lead + words + " " * trail, lead, trail


def fold(text: str, table: dict = FOLD) -> str:
    """`text` as the scanner reads it, the same length: lower case (character by character where lower-casing
    would change the length), straight apostrophes, hyphens and dashes as spaces (and, with SEPARATE_FOLD, every
    separator a space too)."""
    lower = text.lower()
    if len(lower) != len(text):
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lower.translate(table)


def _exact(word: str) -> bool:
    """Whether a term must match in its own case: two or more capitals (MS, COPD, iPSC, NAD+)."""
    return sum(c.isupper() for c in word) >= 2


class Scanner:
    """The automaton over every term of a vocabulary, and the last view's mentions."""

    def __init__(self, vocab: Any) -> None:
        import ahocorasick

        table: dict[tuple[str, int, int], list[tuple[str, str, str | None]]] = {}
        for name in vocab.terms:
            for form, tag in vocab.own_words(name).items():
                key = _key(form)
                if key[0].strip():
                    table.setdefault(key, []).append((name, tag, form if _exact(form) else None))
        self.automaton = ahocorasick.Automaton()
        for (key, lead, trail), entries in table.items():
            self.automaton.add_word(key, (len(key), lead, trail, tuple(entries)))
        if table:
            self.automaton.make_automaton()
        self.names = frozenset(vocab.terms)
        self._view: str | None = None
        self._found: list[Mention] = []
        self.folded = ""  # the last view, folded
        self.by_name: dict[str, list[Mention]] = {}  # the last view's mentions of each term list
        self._sentences: list[Sentence] | None = None
        self._holding: dict[str, list[int]] = {}  # term list -> the sentences (indexes) that mention it

    def __getstate__(self) -> dict:
        return self.__dict__ | {"_view": None, "_found": [], "folded": "", "by_name": {}, "_sentences": None,
                                "_holding": {}}

    def scan(self, view: str) -> list[Mention]:
        """The mentions in `view`, sorted by start; the last view's are kept, with
        the view folded and its separators made spaces (`folded`)."""
        if view is not self._view:
            self.folded = fold(view, SEPARATE_FOLD)
            self._view, self._found = view, self._scan(view, self.folded)
            self.by_name, self._sentences, self._holding = {}, None, {}
            for mention in self._found:
                self.by_name.setdefault(mention.name, []).append(mention)
        return self._found

    def sentences(self, view: str) -> tuple[list[Sentence], dict[str, list[int]]]:
        """The sentences of `view` that hold mentions, and for each term list the sentences that mention it: built
        once per view, for every claim rule."""
        self.scan(view)
        if self._sentences is None:
            self._sentences, self._holding = self._index(view)
        return self._sentences, self._holding

    def _index(self, view: str) -> tuple[list[Sentence], dict[str, list[int]]]:
        mentions = self._found
        found: list[Sentence] = []
        holding: dict[str, list[int]] = {}
        i = 0
        while i < len(mentions):
            start = view.rfind("\n", 0, mentions[i].start) + 1
            end = view.find("\n", mentions[i].start)
            end = len(view) if end == -1 else end
            j = i
            while j < len(mentions) and mentions[j].start < end:
                j += 1
            inside = mentions[i:j]
            for span in split_block(view, start, end):
                mine = [m for m in inside if span[0] <= m.start and m.end <= span[1]]
                if not mine:
                    continue
                sentence = Sentence(span, (start, end), self.folded)
                for m in mine:
                    sentence.by_name.setdefault(m.name, []).append(m)
                for name in sentence.by_name:
                    holding.setdefault(name, []).append(len(found))
                found.append(sentence)
            i = j
        return found, holding

    def _scan(self, view: str, folded: str) -> list[Mention]:
        if not self.names or self.automaton.kind == 0:
            return []
        best: dict[tuple[int, str], Mention] = {}
        haystack, gone = _without_quotes(view, folded)
        for last, (length, lead, trail, entries) in self.automaton.iter(" " + haystack + " "):
            start, end = last - length + lead, last - trail  # in the haystack: it has a space before it
            if gone:
                start, end = start + bisect_right(gone, start), end + bisect_right(gone, end - 1)
            for name, tag, exact in entries:
                if exact is not None and view[start:end] != exact and view[start:end].translate(FOLD) != exact:
                    continue
                mention = Mention(start, end, name, tag)
                key = (start, name)
                if key not in best or best[key].end < end:
                    best[key] = mention
        mentions = _unblocked(_longest(sorted(best.values())))
        return mentions


def _without_quotes(view: str, folded: str) -> tuple[str, list[int]]:
    """The folded view without the quote marks at word edges, and where each one was, counted in the shortened
    text (the k-th at its view offset less k), so a haystack offset maps back with a bisect."""
    marks = [m.start() for m in QUOTE_EDGE.finditer(view)]
    if not marks:
        return folded, []
    pieces, at = [], 0
    for mark in marks:
        pieces.append(folded[at:mark])
        at = mark + 1
    pieces.append(folded[at:])
    return "".join(pieces), [mark - k for k, mark in enumerate(marks)]


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
    "first appointment" no novelty word), and outside every mention of `<list>_not` for their own list ("more
    effective" holds no `proof`); without those blocking mentions."""
    if not any(m.name == BLOCKER or m.name.endswith(OWN_BLOCKER) for m in mentions):
        return mentions
    kept: list[Mention] = []
    covered: dict[str, int] = {}  # list ("" for every list) -> end of the blocking mentions so far
    for m in mentions:
        if m.name == BLOCKER:
            covered[""] = max(covered.get("", -1), m.end)
        elif m.name.endswith(OWN_BLOCKER):
            owner = m.name[:-len(OWN_BLOCKER)]
            covered[owner] = max(covered.get(owner, -1), m.end)
        elif m.end > covered.get("", -1) and m.end > covered.get(m.name, -1):
            kept.append(m)
    return kept


def scanner_for(vocab: Any) -> Scanner:
    """The scanner of a vocabulary, built once and kept with it (and with the pack in the cache)."""
    if vocab.mentions is None:
        vocab.mentions = Scanner(vocab)
    return vocab.mentions
