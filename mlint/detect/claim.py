"""The `claim` kind: vocabulary roles combined inside one clause, in the frames a rule names, then judged.

YAML keys:
- `roles`: role name -> the vocabulary term lists (rules/vocab.yaml, `terms:`) whose mentions fill it,
  e.g. `{subject: [treatment, clinic_voice], verb: [treat_verb], target: [condition]}`.
- `frames`: each a line of elements in reading order: a role (`verb`), a role in one inflected form (`verb.ed`;
  forms: base, s, ed, ing, plural), words in brackets (`[for|from]`, alternatives split by `|`) or `#`, a figure
  ("85%", "200+", "three to five", "tens of thousands").  Consecutive
  elements may have up to `reach` words between them (default 6) and no clause break (`;`, a dash, "but",
  "whereas", "however", "although", "unlike"...); elements joined by `+` (`verb.ed+target`) have none.  A
  frame that starts with `^` fits only at the start of a sentence (a headline, a button, an imperative).  The
  first frame that fits at a place wins.  No two consecutive elements may have a term of the vocabulary list
  `not_between` between them ("this increases the risk of infection").
- `claim`: the role where the claim itself is, or a list of them, the first in a frame counting (the judge looks
  for negation, capability and hedges before it); in a frame without one, the last element.
- `unless` and `soften`: as for the pattern kind (the judge's checks).

The finding spans the frame's first to last element; `{match}` and `{<role>}` fill the message and suggestion.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Iterator

import regex

from mlint.deferred import Deferred
from mlint.detect.base import Hit, RunSettings, judge_steps, verdict
from mlint.detect.judge import Context
from mlint.detect.mentions import SEPARATE_FOLD, fold, scanner_for
from mlint.detect.pattern import judge_for
from mlint.pack import PackError, Vocabulary
from mlint.read.document import Document

CLAUSE_BREAK = Deferred(__name__, r"[;|\u2026]|\.\.\.|\s[-\u2013\u2014]\s|\u2014|\b(?:but|whereas|however|although|though|unlike|"
                                  r"except|yet|while)\b", regex.I)
FORMS = frozenset(("base", "s", "ed", "ing", "plural"))
NUMBER = Deferred(__name__, r"(?<![\w.$\u00a3\u20ac])(?!(?:19|20)\d\d\b(?!\s*%))"  # not a price, not a year
                           r"(?:(?:up\s+to|over|more\s+than|nearly|near|about|approximately|around)\s+)?"
                           r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|"
                           r"forty|fifty|hundreds|thousands|millions|tens\s+of\s+thousands|dozens)"
                           r"(?:\s*(?:to|-|\u2013)\s*(?:\d[\d,.]*|[a-z]+))?(?:\s*(?:%|percent|per\s+cent|\+|million|"
                           r"billion|thousand))*(?![\w])", regex.I)
NUMBERS = ("#",)  # the key of a sentence's figures among its cached spans
DEFAULT_UNLESS = ("negated", "questioned", "reported")
STOP = "not_between"  # the term list whose mentions no two roles of a claim may have between them


@dataclass(frozen=True)
class Element:
    """One place in a frame: a role (its term lists, maybe one form) or literal words (folded alternatives)."""

    role: str
    names: frozenset[str]
    forms: frozenset[str] | None = None
    words: tuple[str, ...] = ()
    joined: bool = False  # written `a+b`: no word between the previous element and this one
    number: bool = False  # written `#`: a figure ("85%", "200+", "three to five", "tens of thousands")


class ClaimKind:
    """Finds a rule's frames among the vocabulary mentions of each sentence, then lets the judge decide."""

    KEYS = {"roles", "frames", "claim", "reach", "unless", "soften"}
    REQUIRED = {"roles", "frames"}

    def __init__(self, rule, vocab: Vocabulary) -> None:
        opts = rule.options
        roles = opts["roles"]
        if not (isinstance(roles, dict) and roles and all(isinstance(v, list) and v for v in roles.values())):
            raise PackError(rule.path, "'roles' must map each role to a non-empty list of term lists", rule.code)
        roles = {role: frozenset(n for name in names for n in vocab.term_lists(name, rule.path, rule.code))
                 for role, names in roles.items()}  # each role's lists, down to those that hold words
        frames = opts["frames"]
        if not (isinstance(frames, list) and frames and all(isinstance(f, str) and f.split() for f in frames)):
            raise PackError(rule.path, "'frames' must be a non-empty list of frame lines", rule.code)
        self.frames = [self._frame(rule, roles, line) for line in frames]
        claim = opts.get("claim")
        self.claims = frozenset([claim] if isinstance(claim, str) else claim or ())
        if not all(isinstance(c, str) and c in roles for c in self.claims):
            raise PackError(rule.path, f"'claim' names no role: {claim!r}", rule.code)
        self.reach = opts.get("reach", 6)
        if not isinstance(self.reach, int) or not 0 <= self.reach <= 20:
            raise PackError(rule.path, "'reach' must be a whole number of words from 0 to 20", rule.code)
        self.judge = judge_for(vocab)
        self.severity = rule.severity
        self.steps = judge_steps(rule, self.judge, opts, DEFAULT_UNLESS)
        self.scanner = scanner_for(vocab)
        self.needs = [[e.names for e in frame if not e.words and not e.number] for frame, _ in self.frames]

    @staticmethod
    def _frame(rule, roles: dict, line: str) -> tuple[tuple[Element, ...], bool]:
        """A frame line as its elements, and whether it must open the sentence (a leading `^`)."""
        opens = line.lstrip().startswith("^")
        elements: list[Element] = []
        for token, joined in _tokens(line.lstrip().lstrip("^")):
            if token == "#":
                elements.append(Element(token, frozenset(), None, (), joined, True))
                continue
            if token.startswith("["):
                words = tuple(" ".join(fold(w, SEPARATE_FOLD).split()) for w in token.strip("[]").split("|")
                              if w.strip())  # as the scanned view reads them
                if not words:
                    raise PackError(rule.path, f"frame {line!r}: empty quoted words", rule.code)
                elements.append(Element(token, frozenset(), None, words, joined))
                continue
            role, _, form = token.partition(".")
            if role not in roles:
                raise PackError(rule.path, f"frame {line!r} names no role {role!r}", rule.code)
            if form and form not in FORMS:
                raise PackError(rule.path, f"frame {line!r}: unknown form {form!r} ({', '.join(sorted(FORMS))})",
                                rule.code)
            elements.append(Element(role, roles[role], frozenset([form]) if form else None, (), joined))
        if not elements:
            raise PackError(rule.path, f"frame {line!r} has no element", rule.code)
        return tuple(elements), opens

    def run(self, doc: Document, settings: RunSettings) -> Iterator[Hit]:
        view = doc.view
        sentences, holding = self.scanner.sentences(view)
        picked = self._frames_that_may_fit(sentences, holding)
        if not picked:
            return
        tests = [(self.judge.checks[check], outcome) for check, outcome in self.steps]
        judge = self.judge
        for index in sorted(picked):
            sentence, frames = sentences[index], picked[index]
            at, fits = sentence.span[0], {}
            while True:
                match = self._first(view, sentence, frames, at, fits)
                if match is None:
                    break
                start, end, head, groups = match
                judge.look_at(view)
                severity = verdict(self.severity, Context(view, sentence.span, sentence.block, (start, end), head),
                                   tests)
                if severity is not None:
                    yield Hit(start, end, severity, groups, sentence.span)
                at = end

    def _frames_that_may_fit(self, sentences: list, holding: dict[str, list[int]]) -> dict[int, list]:
        """For each sentence where some frame has a mention for each of its roles, those frames (in the rule's
        order): per frame, the sentences of its rarest role, checked for the others."""
        picked: dict[int, list] = {}
        for frame, names in zip(self.frames, self.needs):
            lists = [{i for n in role for i in holding.get(n, ())} for role in names]
            if not lists or not all(lists):
                continue
            rarest = min(lists, key=len)
            for i in rarest:
                if all(i in found for found in lists):
                    picked.setdefault(i, []).append(frame)
        return picked

    def _first(self, view: str, sentence, frames: list, at: int, fits: dict) -> tuple[int, int, int, dict] | None:
        """The leftmost place from `at` where one of `frames` fits: (start, end, claim head, {role: text}).  `fits`
        keeps each frame's leftmost fit between calls on one sentence: a fit that starts at or after `at` still
        holds, and a frame that fitted nowhere fits nowhere later either."""
        best = None
        for number, (frame, opens) in enumerate(frames):
            fit = fits.get(number, ())
            if fit == () or (fit is not None and fit[0][0] < at):
                fit = None
                if not (opens and at > sentence.span[0]) and _words_present(sentence, frame):
                    start = _opening(view, sentence.span) if opens else at
                    fit = next(self._fits(view, sentence, frame, start, opens), None)
                fits[number] = fit
            if fit is not None and (best is None or fit[0][0] < best[0][0][0]):
                best = (fit, frame)
        if best is None:
            return None
        spans, frame = best
        head = next((s[0] for s, e in zip(spans, frame) if e.role in self.claims), spans[-1][0])
        groups = {e.role: view[s:t] for (s, t), e in zip(spans, frame) if not e.words}
        return spans[0][0], spans[-1][1], head, groups

    def _fits(self, view: str, sentence, frame: tuple[Element, ...], at: int,
              opens: bool = False) -> Iterator[list[tuple[int, int]]]:
        """Every way the frame fits in the sentence from `at`, leftmost first (only at `at` when it `opens`)."""
        for first in self._candidates(sentence, frame[0], at, 0 if opens else None):
            rest = self._extend(view, sentence, frame, 1, first)
            if rest is not None:
                yield [first, *rest]

    def _extend(self, view: str, sentence, frame: tuple[Element, ...], index: int,
                previous: tuple[int, int]) -> list | None:
        if index == len(frame):
            return []
        reach = 0 if frame[index].joined else self.reach
        for span in self._candidates(sentence, frame[index], previous[1], reach):
            if CLAUSE_BREAK.search(view, previous[1], span[0]) or self._stopped(sentence, previous[1], span[0]):
                break  # later candidates lie beyond the break too
            rest = self._extend(view, sentence, frame, index + 1, span)
            if rest is not None:
                return [span, *rest]
        return None

    @staticmethod
    def _stopped(sentence, start: int, end: int) -> bool:
        """Whether a `not_between` term ("the risk of", "instead of") lies between two roles."""
        return any(start <= m.start and m.end <= end for m in sentence.by_name.get(STOP, ()))

    @staticmethod
    def _candidates(sentence, element: Element, at: int, reach: int | None) -> Iterator[tuple[int, int]]:
        """Spans that fill `element` from `at` on, nearest first; within `reach` words of `at` when given."""
        if element.number:
            spans = [s for s in sentence.literals(NUMBERS, _number_spans) if s[0] >= at]
        elif element.words:
            spans = [s for s in sentence.literals(element.words, _literal_spans) if s[0] >= at]
        else:
            found = sentence.spans(element.names, element.forms)
            spans = found[bisect_left(found, (at,)):]
        for span in spans:
            if reach is not None and sentence.words_between(at, span[0]) > reach:
                return
            yield span


def _words_present(sentence, frame: tuple[Element, ...]) -> bool:
    """Whether the sentence holds every bracketed word and figure the frame needs (found once per sentence), so a
    frame without them is not fitted at all."""
    return all(sentence.literals(NUMBERS, _number_spans) if e.number else sentence.literals(e.words, _literal_spans)
               for e in frame if e.words or e.number)


def _number_spans(folded: str, _: tuple, start: int, end: int) -> list[tuple[int, int]]:
    """The figures in folded[start:end]: digits (with %, +, a range), or number words."""
    return [m.span() for m in NUMBER.finditer(folded, start, end)]


def _literal_spans(folded: str, words: tuple[str, ...], start: int, end: int) -> list[tuple[int, int]]:
    """Every occurrence, at word edges, of any of `words` in folded[start:end], in order."""
    found = []
    for w in words:
        pos = folded.find(w, start, end)
        while pos != -1:
            stop = pos + len(w)
            if (pos == 0 or not folded[pos - 1].isalnum()) and (stop >= len(folded) or not folded[stop].isalnum()):
                found.append((pos, stop))
            pos = folded.find(w, pos + 1, end)
    return sorted(found)


def _tokens(line: str) -> Iterator[tuple[str, bool]]:
    """A frame line's elements, each with whether it is joined to the one before by `+`."""
    for group in regex.findall(r"(?:\[[^\]]*\]|[^\s\[+]+)(?:\+(?:\[[^\]]*\]|[^\s\[+]+))*", line):
        for i, token in enumerate(regex.findall(r"\[[^\]]*\]|[^\s\[+]+", group)):
            yield token, i > 0


def _opening(view: str, sentence: tuple[int, int]) -> int:
    """Where the sentence's first word starts (after quotes, bullets and other leading marks)."""
    at = sentence[0]
    while at < sentence[1] and not view[at].isalnum():
        at += 1
    return at
