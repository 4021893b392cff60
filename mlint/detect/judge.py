"""The shared judgement: does the context of a match change what it means?

Every check reads the sentence (and block) around a match and answers one
question; rules list the checks that cancel (`unless`) or soften (`soften`)
their findings.  The words each check looks for are vocabulary fragments
(rules/vocab.yaml), so every rule uses the same lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

import regex

from mlint.detect import prefilter
from mlint.deferred import Deferred
from mlint.pack import PackError, Vocabulary

CLAUSE_BREAK = Deferred(__name__, r"[,;:(\u2026]|\.\.\.|\s-\s|\b(?:but|while|whereas|unlike|however|although|though)\b",
                        regex.I)
# A fragment starts a word, or at punctuation that may follow one ("in animal studies(3)").
FRAGMENT_START = r"(?:(?<!\w)|(?=[^\w\s]))"
MEMO_SIZE = 20_000  # answers kept before the memo starts again (bounds memory on a huge file)
NEGATION_REACH = 8  # words before a match that a negation can govern
OPENING_NEGATION = Deferred(__name__, r"(?:no(?!\s+(?:more|longer|doubt|wonder|matter)\b)|not(?!\s+(?:only|just|merely)\b)|"
                                      r"never|nothing(?!\s+else\b)|nobody|none)\s+\w", regex.I)  # a clause that opens negated
NEAR_NEGATION = 4  # words before a negative claim that a negation of it can sit in
HEDGE_AFTER = 4  # words after a claim that a hedge in its clause can still qualify it
WORD = Deferred(__name__, r"\S+")
LEAD = Deferred(__name__, r"[\W_]*")
# A negation after the match: "a cure is not possible", "a money-back guarantee is something we do not offer".
POST_NEGATION = Deferred(__name__,
    r"\W*(?:\w+\W+){0,2}?(?:is|are|was|were|has|have|be)\s+(?:not|never|no\s+longer\b"
    r"|(?:something|one\s+thing|a\s+promise|a\s+thing)\s+(?:that\s+)?"
    r"(?:(?:we|I|this\s+clinic|our\s+\w+)\s+(?:\w+\s+)?(?:do\s+not|don't|does\s+not|doesn't|will\s+not|won't|never|cannot|can't)"
    r"|no\s+(?:\w+\s+){0,2}?(?:can|could|will|would|should|does|do|ever)))\b", regex.I)
NEXT_SENTENCE = Deferred(__name__, r"[^.!?\n]*(?:[.!?]|$)")  # from a sentence end: the rest of the next sentence
COMPARISON_REACH = 40  # characters before a mention of another treatment searched for "than", "unlike"...
# A comma inside a list ("stem cell, exosome or amniotic products") does not end a clause: the next item is a few
# words, none a pronoun or relative word, followed by another comma or by "and"/"or".
LIST_COMMA = Deferred(__name__,
    r",\s*(?:(?!(?:it|they|we|you|he|she|I|which|who|that|this|and|or|but)\b)[\w'-]+\s+){0,2}?"
    r"(?!(?:it|they|we|you|he|she|I|which|who|that|this|and|or|but)\b)[\w'-]+\s*(?:,|\s(?:and|or|&)\s)", regex.I)
# Where copy turns from others' claims back to its own voice: "some clinics say X; we ...", "..., but our ...".
OWN_TURN = Deferred(__name__, r"(?:;|\s-\s|\b(?:but|whereas|however|instead)\b)\s*,?\s*(?:\w+\s+){0,2}?"
                               r"(?:we|our|us|ours|here)\b", regex.I)


class Fragments(dict):
    """The judge's compiled fragment patterns by name.  A judge loaded from the cache holds each one as the bytes
    `regex` pickles it to and loads it on first use: a run needs few of them, and a plain dict lookup after that."""

    def __init__(self, compiled: dict[str, regex.Pattern] | None = None, frozen: dict[str, bytes] | None = None) -> None:
        super().__init__(compiled or {})
        self._frozen = frozen or {}

    def __missing__(self, name: str) -> regex.Pattern:
        from mlint.pack.cache import loads

        compiled = self[name] = loads(self._frozen[name])
        return compiled

    def frozen(self) -> dict[str, bytes]:
        """Every pattern as pickled bytes (those never loaded are passed on as they came)."""
        import pickle

        return self._frozen | {name: pickle.dumps(rx, protocol=pickle.HIGHEST_PROTOCOL) for name, rx in self.items()
                               if name not in self._frozen}


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

    FRAGMENTS = ("negation", "negative_quantifier", "hedge", "capability", "reported", "attributed", "myth",
                 "myth_answer", "speculative", "open_question", "citation", "treatment", "other_treatment",
                 "typicality", "health_outcome", "fda_qualifier", "own_treatment", "compared_against", "rhetorical",
                 "safety_advice", "unhurried", "promised_result", "device", "logistics", "purchase", "satisfaction", "conditional", "factive", "denial")

    def __init__(self, vocab: Vocabulary) -> None:
        missing = [f for f in self.FRAGMENTS if f not in vocab.fragments]
        if missing:
            raise PackError(vocab.origin.get("negation", "vocab"), f"vocabulary lacks the fragment {missing[0]!r}")
        self._view: str | None = None
        self._data: bytes | None = None  # the view as RE2 reads it, when the run uses RE2 on it
        self._memo: dict[tuple, Any] = {}
        self._gates: dict[str, Any] = {}  # RE2 relaxations of the fragments, compiled when a long view needs one
        self.rx = Fragments(
            {name: vocab.compile(FRAGMENT_START + r"(?:{{%s}})" % name, vocab.origin[name]) for name in self.FRAGMENTS})
        self.relaxed = {name: prefilter.relax(rx) for name, rx in self.rx.items()}  # kept in the pack cache
        self.checks: dict[str, Callable[[Context], bool]] = {
            "negated": self.negated, "questioned": self.questioned, "reported": self.reported,
            "cited": self.cited, "cited-nearby": self.cited_nearby, "hedged": self.hedged,
            "hedged-clause": self.hedged_clause, "negated-near": self.negated_near, "logistics": self.logistics, "purchase": self.purchase,
            "satisfaction": self.satisfaction, "conditional": self.conditional,
            "speculative": self.speculative,
            "capability": self.capability, "about-other": self.about_other, "untreated": self.untreated,
            "typicality-disclosed": self.typicality_disclosed, "no-outcome": self.no_outcome, "no-result": self.no_result,
            "fda-qualified": self.fda_qualified, "safety-advice": self.safety_advice, "unhurried": self.unhurried,
        }

    def __getstate__(self) -> dict:
        return self.__dict__ | {"_view": None, "_data": None, "_memo": {}, "_gates": {}, "rx": self.rx.frozen()}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.rx = Fragments(frozen=state["rx"])

    def look_at(self, view: str) -> None:
        """Keep the answers while checks look at this view (rules share sentences); start afresh on another view,
        or when the memo is full."""
        if view is not self._view or len(self._memo) > MEMO_SIZE:
            self._view, self._memo, self._data = view, {}, prefilter.re2_view(view)

    def holds(self, check: str, ctx: Context) -> bool:
        self.look_at(ctx.view)
        return self.checks[check](ctx)

    def _search(self, name: str, view: str, start: int, end: int) -> bool:
        key = (name, start, end)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = (start < end and self._may_occur(name, view, start, end)
                                       and self.rx[name].search(view, start, end) is not None)
        return found

    def _finditer(self, name: str, view: str, start: int, end: int) -> Iterator[regex.Match]:
        """The fragment's matches in view[start:end]."""
        return self.rx[name].finditer(view, start, end) if self._may_occur(name, view, start, end) else iter(())

    def _may_occur(self, name: str, view: str, start: int, end: int) -> bool:
        """False when the fragment's RE2 relaxation finds nothing in view[start:end], so the fragment is not there
        (a linear-time look first, once the run uses RE2; before that, straight to `regex`)."""
        data = self._data if view is self._view else None
        if data is None:
            return True
        if name not in self._gates:
            self._gates[name] = prefilter.compile_relaxed(self.relaxed[name])
        gate = self._gates[name]
        return gate is None or gate.first(data, start, end) >= 0

    def clause_start(self, ctx: Context) -> int:
        """Where the clause holding the match begins (after the last comma, 'but', dash...)."""
        key = ("clause", ctx.sentence[0], ctx.anchor)
        start = self._memo.get(key)
        if start is None:
            start = ctx.sentence[0]
            for m in CLAUSE_BREAK.finditer(ctx.view, start, ctx.anchor):
                if m.group() != "," or not LIST_COMMA.match(ctx.view, m.start(), ctx.sentence[1]):
                    start = m.end()
            self._memo[key] = start
        return start

    def negated(self, ctx: Context) -> bool:
        """A negation governs the match: 'does not restore', 'a cure is not possible', or the clause opens with a
        negative quantifier ('None of the stem cell, exosome or amniotic products we use is...')."""
        view, ms, me = ctx.view, ctx.anchor, ctx.match[1]
        start = self.clause_start(ctx)
        opening = _skip_space(view, start)
        opens = self.rx["negative_quantifier"].match(view, opening, ms) or (
            OPENING_NEGATION.match(view, opening, ms) if opening < ms else None)
        if opens and not self._search("factive", view, opens.end(), ms):  # "None of the ... is", "No stem cell ..."
            return True
        if self._search("denial", view, start, ms):  # "There is no evidence that ...": however far back
            return True
        if self._may_occur("negation", view, start, ms):  # most clauses hold none: skip finding the words
            words = self._words_outside_lists(view, start, ms, ctx.sentence[1])
            if words[-NEGATION_REACH:] and self._negation_governs(view, words[-NEGATION_REACH:][0], ms):
                return True
        return POST_NEGATION.match(view, me, ctx.sentence[1]) is not None

    def _negation_governs(self, view: str, start: int, end: int) -> bool:
        """A negation in view[start:end] that the claim at `end` falls under: not one that negates knowing it
        ('many patients do not know chiropractors treat neuropathy' still says they do)."""
        last = None
        for last in self._finditer("negation", view, start, end):
            pass
        return last is not None and not self._search("factive", view, last.end(), end)

    def negated_near(self, ctx: Context) -> bool:
        """A negation right before the claim ('is not risk-free', 'not FDA registered'): for claims that are
        negative in themselves ('no side effects', 'does not require FDA approval'), where a negation further back
        in the clause is usually another such claim ('no downtime, as there is no damage')."""
        start = self.clause_start(ctx)
        if OPENING_NEGATION.match(ctx.view, _skip_space(ctx.view, start), ctx.anchor):  # "No procedure is risk-free"
            return True
        if self._search("denial", ctx.view, start, ctx.anchor):  # "no evidence that it has fewer side effects"
            return True
        words = [w.start() for w in WORD.finditer(ctx.view, start, ctx.anchor)][-NEAR_NEGATION:]
        return bool(words) and self._negation_governs(ctx.view, words[0], ctx.anchor)

    @staticmethod
    def _words_outside_lists(view: str, start: int, end: int, limit: int) -> list[int]:
        """Start offsets of the words in view[start:end], leaving out the later items of a list ("cord cells,
        exosomes or other donor products" counts as one phrase), so a negation reaches across the list."""
        lists = [m.span() for m in (LIST_COMMA.match(view, i, limit) for i in _commas(view, start, end)) if m]
        return [w.start() for w in WORD.finditer(view, start, end) if not any(a <= w.start() < b for a, b in lists)]

    def questioned(self, ctx: Context) -> bool:
        """The sentence is a real question: a rhetorical one ('Why settle for cortisone when...?') asserts."""
        s, e = ctx.sentence
        if not ctx.view[s:e].rstrip(" \"')]").endswith("?"):
            return False
        return self.rx["rhetorical"].match(ctx.view, LEAD.match(ctx.view, s, e).end(), e) is None

    def reported(self, ctx: Context) -> bool:
        """A regulator's warning or reported speech about others' claims ('The FDA warns that clinics claim...',
        'Critics say...'), unless the copy turns back to its own voice before the match ('...; we rebuild');
        a belief, a question or a disavowal that governs the match's clause ('People come in thinking...',
        'asked whether...', 'we make no claim that...'); or a claim labelled a myth ('Myth: ... Fact: ...')."""
        view, (s, e), at = ctx.view, ctx.sentence, ctx.anchor
        for m in self._finditer("reported", view, s, e):
            if m.start() >= at or not OWN_TURN.search(view, m.end(), at):
                return True
        return self._search("attributed", view, self.clause_start(ctx), at) or self._myth(ctx)

    def _myth(self, ctx: Context) -> bool:
        """The match follows a 'Myth:' label in its sentence, with no 'Fact:' answer in between."""
        view, s, at = ctx.view, ctx.sentence[0], ctx.anchor
        label = max((m.end() for m in self._finditer("myth", view, s, at)), default=-1)
        return label >= 0 and not self._search("myth_answer", view, label, at)

    def cited(self, ctx: Context) -> bool:
        """A citation (author-year, [n], journal and year, NCT id, DOI, link) in the same sentence."""
        return self._search("citation", ctx.view, ctx.sentence[0], ctx.sentence[1])

    def cited_nearby(self, ctx: Context) -> bool:
        """A citation in the same sentence or paragraph."""
        return self._search("citation", ctx.view, ctx.block[0], ctx.block[1])

    def hedged(self, ctx: Context) -> bool:
        """A hedge in the sentence: may, might, some patients, is being studied, results vary..."""
        return self._search("hedge", ctx.view, ctx.sentence[0], ctx.sentence[1])

    def hedged_clause(self, ctx: Context) -> bool:
        """A hedge in the claim's own clause, up to a few words after it: 'may ease pain', 'studies show the drip
        may lift energy', but not 'Our PRP heals tendons; results may vary', whose hedge qualifies nothing that was
        claimed."""
        end = ctx.match[1]
        for _ in range(HEDGE_AFTER):
            word = WORD.search(ctx.view, end, ctx.sentence[1])
            if word is None or CLAUSE_BREAK.match(ctx.view, _skip_space(ctx.view, end), word.end()):
                break
            end = word.end()
        return self._search("hedge", ctx.view, self.clause_start(ctx), end)

    def logistics(self, ctx: Context) -> bool:
        """The sentence is about cost, insurance or how long a visit takes ('Fees vary, but $2,000 per treatment for
        knee arthritis is typical'): it names the condition the treatment is for, not an outcome."""
        return self._search("logistics", ctx.view, ctx.sentence[0], ctx.sentence[1])

    def conditional(self, ctx: Context) -> bool:
        """The claim sits in a condition the sentence sets ('If your hair has not regrown after 15 months, ...'), not
        in what it asserts ('If you have knee pain, our PRP heals it': the claim's clause opens after the comma)."""
        start = _skip_space(ctx.view, self.clause_start(ctx))
        return start < ctx.anchor and self.rx["conditional"].match(ctx.view, start, ctx.anchor) is not None

    def satisfaction(self, ctx: Context) -> bool:
        """The sentence ties a refund to satisfaction with the service, not to the health result ('if you are not
        happy with our service')."""
        return self._search("satisfaction", ctx.view, ctx.sentence[0], ctx.sentence[1])

    def purchase(self, ctx: Context) -> bool:
        """What the sentence calls risk-free or guaranteed is a purchase ('the toolkit is 100% risk free')."""
        return self._search("purchase", ctx.view, ctx.sentence[0], ctx.sentence[1])

    def speculative(self, ctx: Context) -> bool:
        """The sentence frames the outcome as an open question or a hope ('scientists hope', 'not yet known'), or
        the match sits in a 'whether' clause ('Whether PRP rebuilds cartilage is unknown'; not a concessive
        'Whether it's X or Y, our cells rebuild...')."""
        return (self._search("speculative", ctx.view, ctx.sentence[0], ctx.sentence[1])
                or self._search("open_question", ctx.view, self.clause_start(ctx), ctx.anchor))

    def capability(self, ctx: Context) -> bool:
        """A capability modal in the clause before the match: 'can regenerate', 'is able to restore'."""
        return self._search("capability", ctx.view, self.clause_start(ctx), ctx.anchor)

    def about_other(self, ctx: Context) -> bool:
        """The sentence is about another treatment (steroids, surgery, PT): it names one before the match ends,
        not as the thing compared against ('better than surgery'), and names no regenerative one, or only a
        generic 'the injection' whose nearest antecedent in the paragraph is the other treatment."""
        view, (s, e) = ctx.view, ctx.sentence
        others = self._finditer("other_treatment", view, s, ctx.match[1])
        if not any(not self._compared(view, s, m.start()) for m in others):
            return self._antecedent_is_other(ctx)
        return not self._search("treatment", view, s, e) or self._antecedent_is_other(ctx)

    def _compared(self, view: str, floor: int, at: int) -> bool:
        """The treatment named at `at` is what something is compared against: 'than surgery', 'unlike steroids'."""
        return self._search("compared_against", view, max(floor, at - COMPARISON_REACH), at)

    def _antecedent_is_other(self, ctx: Context) -> bool:
        """The sentence names the treatment only generically ('the injection') and the paragraph named another
        treatment after the last mention of the one on offer: 'Cortisone shots are common. The injection...'."""
        view, (s, e) = ctx.view, ctx.sentence
        if not self._search("treatment", view, s, e) or self._search("own_treatment", view, s, e):
            return False
        last_other = max((m.start() for m in self._finditer("other_treatment", view, ctx.block[0], s)), default=-1)
        last_own = max((m.start() for m in self._finditer("own_treatment", view, ctx.block[0], s)), default=-1)
        return last_other > last_own

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

    def no_result(self, ctx: Context) -> bool:
        """The sentence names no outcome, result, satisfaction or refund: a guarantee in it is about a price or an
        appointment ('the price we quote is the price you pay'), not a promise that the treatment works."""
        return not self._search("promised_result", ctx.view, ctx.sentence[0], ctx.sentence[1])

    def safety_advice(self, ctx: Context) -> bool:
        """The sentence sends the reader to urgent medical care ('go to the emergency department', 'call your
        doctor'): telling someone not to wait for that is safety advice, not sales pressure."""
        return self._search("safety_advice", ctx.view, ctx.sentence[0], ctx.sentence[1])

    def unhurried(self, ctx: Context) -> bool:
        """The sentence tells the reader there is no hurry or plenty of room ('plenty of appointments next month',
        'no need to rush'): availability news, not pressure."""
        return self._search("unhurried", ctx.view, ctx.sentence[0], ctx.sentence[1])

    def fda_qualified(self, ctx: Context) -> bool:
        """The sentence states the FDA status honestly: 'not FDA-approved for this use', 'investigational',
        'registration does not mean FDA approval', 'the only FDA-approved products are ...'.  When the match names a
        device ('an FDA-cleared centrifuge'), a true statement about the equipment, the next sentence of the
        paragraph may carry the status ('The injection itself has not been approved by the FDA...')."""
        end = ctx.sentence[1]
        if self.rx["device"].match(ctx.view, _skip_space(ctx.view, ctx.match[1]), end):
            nxt = NEXT_SENTENCE.match(ctx.view, end, ctx.block[1])
            end = nxt.end() if nxt else end
        return self._search("fda_qualifier", ctx.view, ctx.sentence[0], end)


def _skip_space(view: str, at: int) -> int:
    """The first non-space position from `at`."""
    while at < len(view) and view[at].isspace():
        at += 1
    return at


def _commas(view: str, start: int, end: int) -> list[int]:
    """Offsets of the commas in view[start:end]."""
    found, at = [], view.find(",", start, end)
    while at != -1:
        found.append(at)
        at = view.find(",", at + 1, end)
    return found
