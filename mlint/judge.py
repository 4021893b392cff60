"""The shared judgement: does the context of a match change what it means?

Every check reads the sentence (and block) around a match and answers one
question; rules list the checks that cancel (`unless`) or soften (`soften`)
their findings.  The words each check looks for are vocabulary fragments
(rules/vocab.yaml), so every rule uses the same lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import regex

from mlint.pack import PackError, Vocabulary

CLAUSE_BREAK = regex.compile(r"[,;:(]|\s-\s|\b(?:but|while|whereas|unlike|however|although|though)\b", regex.I)
NEGATION_REACH = 8  # words before a match that a negation can govern
WORD = regex.compile(r"\S+")
POST_NEGATION = regex.compile(r"\W*(?:\w+\W+){0,2}?(?:is|are|was|were|has|have|be)\s+(?:not|never|no longer)\b", regex.I)


@dataclass(frozen=True)
class Context:
    """A match in its surroundings: the view, the sentence, the block and the match span (view offsets).

    `head` is where the claim itself starts when the pattern names it with a `claim` group ("Our injections
    do not (?P<claim>eliminate) pain"): negation and capability are looked for before the head, so words the
    pattern matched before the claim still count.  -1 means the match start.
    """

    view: str
    sentence: tuple[int, int]
    block: tuple[int, int]
    match: tuple[int, int]
    head: int = -1

    @property
    def anchor(self) -> int:
        """Where the claim starts: the head if the pattern marked one, else the match start."""
        return self.head if self.head >= 0 else self.match[0]


class Judge:
    """Answers the named checks for a match; built once per vocabulary."""

    FRAGMENTS = ("negation", "hedge", "capability", "reported", "speculative", "citation", "treatment",
                 "other_treatment", "typicality", "health_outcome", "fda_qualifier")

    def __init__(self, vocab: Vocabulary) -> None:
        missing = [f for f in self.FRAGMENTS if f not in vocab.fragments]
        if missing:
            raise PackError(vocab.origin.get("negation", "vocab"), f"vocabulary lacks the fragment {missing[0]!r}")
        self.rx = {name: vocab.compile(r"(?<!\w)(?:{{%s}})" % name, vocab.origin[name]) for name in self.FRAGMENTS}
        self.checks: dict[str, Callable[[Context], bool]] = {
            "negated": self.negated, "questioned": self.questioned, "reported": self.reported,
            "cited": self.cited, "cited-nearby": self.cited_nearby, "hedged": self.hedged,
            "speculative": self.speculative,
            "capability": self.capability, "about-other": self.about_other, "untreated": self.untreated,
            "typicality-disclosed": self.typicality_disclosed, "no-outcome": self.no_outcome,
            "fda-qualified": self.fda_qualified,
        }

    def holds(self, check: str, ctx: Context) -> bool:
        return self.checks[check](ctx)

    def _search(self, name: str, view: str, start: int, end: int) -> bool:
        return start < end and self.rx[name].search(view, start, end) is not None

    def clause_start(self, ctx: Context) -> int:
        """Where the clause holding the match begins (after the last comma, 'but', dash...)."""
        start = ctx.sentence[0]
        for m in CLAUSE_BREAK.finditer(ctx.view, start, ctx.anchor):
            start = m.end()
        return start

    def negated(self, ctx: Context) -> bool:
        """A negation governs the match: 'does not restore', 'none of these regenerate', 'a cure is not possible'."""
        view, ms, me = ctx.view, ctx.anchor, ctx.match[1]
        start = self.clause_start(ctx)
        words = list(WORD.finditer(view, start, ms))
        if words[-NEGATION_REACH:] and self._search("negation", view, words[-NEGATION_REACH:][0].start(), ms):
            return True
        return POST_NEGATION.match(view, me, ctx.sentence[1]) is not None

    def questioned(self, ctx: Context) -> bool:
        """The sentence is a question."""
        return ctx.view[ctx.sentence[0]:ctx.sentence[1]].rstrip(" \"')]").endswith("?")

    def reported(self, ctx: Context) -> bool:
        """A regulator's warning or reported speech about others' claims: 'The FDA warns that clinics claim...'."""
        return self._search("reported", ctx.view, ctx.sentence[0], ctx.sentence[1])

    def cited(self, ctx: Context) -> bool:
        """A citation (author-year, [n], journal and year, NCT id, DOI, link) in the same sentence."""
        return self._search("citation", ctx.view, ctx.sentence[0], ctx.sentence[1])

    def cited_nearby(self, ctx: Context) -> bool:
        """A citation in the same sentence or paragraph."""
        return self._search("citation", ctx.view, ctx.block[0], ctx.block[1])

    def hedged(self, ctx: Context) -> bool:
        """A hedge in the sentence: may, might, some patients, is being studied, results vary..."""
        return self._search("hedge", ctx.view, ctx.sentence[0], ctx.sentence[1])

    def speculative(self, ctx: Context) -> bool:
        """The sentence frames the outcome as an open question or a hope: 'whether', 'scientists hope', 'not yet known'."""
        return self._search("speculative", ctx.view, ctx.sentence[0], ctx.sentence[1])

    def capability(self, ctx: Context) -> bool:
        """A capability modal in the clause before the match: 'can regenerate', 'is able to restore'."""
        return self._search("capability", ctx.view, self.clause_start(ctx), ctx.anchor)

    def about_other(self, ctx: Context) -> bool:
        """The sentence is about another treatment (steroids, surgery, PT), named before the match ends, and names
        no regenerative one: 'Surgery is faster than PT', not 'Superior outcomes to surgery'."""
        s, e = ctx.sentence
        return self._search("other_treatment", ctx.view, s, ctx.match[1]) and not self._search("treatment", ctx.view, s, e)

    def untreated(self, ctx: Context) -> bool:
        """Neither the sentence nor its paragraph names the treatment on offer."""
        return not self._search("treatment", ctx.view, ctx.block[0], ctx.block[1])

    def typicality_disclosed(self, ctx: Context) -> bool:
        """The paragraph states what patients generally experience ('results vary', 'many see little change')."""
        return self._search("typicality", ctx.view, ctx.block[0], ctx.block[1])

    def no_outcome(self, ctx: Context) -> bool:
        """The sentence names no health outcome (relief, improvement, success, return to sport): a figure in it is
        a dose, a price, a duration or an anatomy fact, not an outcome claim."""
        return not self._search("health_outcome", ctx.view, ctx.sentence[0], ctx.sentence[1])

    def fda_qualified(self, ctx: Context) -> bool:
        """The sentence states the FDA status honestly: 'not FDA-approved for this use', 'investigational',
        'registration does not mean FDA approval', 'the only FDA-approved products are ...'."""
        return self._search("fda_qualifier", ctx.view, ctx.sentence[0], ctx.sentence[1])
