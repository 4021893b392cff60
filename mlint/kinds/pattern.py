"""The sentence-level pattern kind: a regex over the prose, judged in its sentence.

A match must lie inside one block (paragraph, heading, list item): a match that
crosses a line break of the view is dropped.

YAML keys: `pattern` (a regex using vocabulary lists and fragments),
`unless` (checks that cancel a match, default: negated, questioned, reported)
and `soften` (check: severity or skip, applied when the check holds).
"""

from __future__ import annotations

from typing import Iterator

import regex

from mlint import prefilter
from mlint.document import Document
from mlint.finding import Severity
from mlint.judge import Context, Judge
from mlint.kinds.base import SEVERITY_OR_SKIP, Hit, RunSettings
from mlint.pack import PackError, Vocabulary
from mlint.sentences import block_span, sentence_at

DEFAULT_UNLESS = ("negated", "questioned", "reported")
def judge_for(vocab: Vocabulary) -> Judge:
    """The Judge of a vocabulary, built once and kept with it."""
    if vocab.judge is None:
        vocab.judge = Judge(vocab)
    return vocab.judge


def claim_head(m: regex.Match) -> int:
    """Where the pattern's `claim` group starts (-1 when it has none or it did not take part)."""
    try:
        return m.start("claim")
    except IndexError:
        return -1


class PatternKind:
    """Finds a pattern inside one sentence, then lets the judge cancel or soften it."""

    KEYS = {"pattern", "unless", "soften"}
    REQUIRED = {"pattern"}

    def __init__(self, rule, vocab: Vocabulary) -> None:
        opts = rule.options
        if not isinstance(opts["pattern"], str):
            raise PackError(rule.path, "'pattern' must be a string", rule.code)
        self.regex = vocab.lazy(opts["pattern"], rule.path, rule.code)
        self.judge = judge_for(vocab)
        self.severity = rule.severity
        unless = opts.get("unless", list(DEFAULT_UNLESS))
        soften = opts.get("soften", {})
        if not isinstance(unless, list) or not isinstance(soften, dict):
            raise PackError(rule.path, "'unless' must be a list and 'soften' a mapping", rule.code)
        self.steps: list[tuple[str, Severity | None]] = [(c, None) for c in unless]
        for check, outcome in soften.items():
            if outcome not in SEVERITY_OR_SKIP:
                raise PackError(rule.path, f"soften.{check} must be one of {', '.join(SEVERITY_OR_SKIP)}", rule.code)
            self.steps.append((check, None if outcome == "skip" else Severity.parse(outcome)))
        for check, _ in self.steps:
            if check not in self.judge.checks:
                raise PackError(rule.path, f"unknown check {check!r} (one of: {', '.join(self.judge.checks)})",
                                rule.code)

    def run(self, doc: Document, settings: RunSettings) -> Iterator[Hit]:
        view = doc.view
        for m in prefilter.finditer(self.regex, view, settings.timeout(len(view))):  # = regex.finditer, prefiltered
            if m.end() == m.start():
                continue
            sentence = sentence_at(view, m.start(), m.end())
            ctx = Context(view, sentence, block_span(view, m.start(), m.end()), (m.start(), m.end()), claim_head(m))
            severity = self.verdict(ctx)
            if severity is not None:
                yield Hit(m.start(), m.end(), severity, m.groupdict(), sentence)

    def verdict(self, ctx: Context) -> Severity | None:
        """The severity the match deserves in its context, or None when a check cancels it."""
        severity = self.severity
        for check, outcome in self.steps:
            if self.judge.holds(check, ctx):
                if outcome is None:
                    return None
                severity = min(severity, outcome)
        return severity
