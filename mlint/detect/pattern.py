"""The sentence-level pattern kind: a regex over the prose, judged in its sentence.

A match must lie inside one block (paragraph, heading, list item): a match that
crosses a line break of the view is dropped.

YAML keys: `pattern` (a regex using vocabulary lists and fragments),
`unless` (checks that cancel a match, default: negated, questioned, reported)
and `soften` (check: severity or skip, applied when the check holds).
"""

from __future__ import annotations

from typing import Iterator

from mlint.detect import prefilter
from mlint.read.document import Document
from mlint.finding import Severity
from mlint.detect.judge import Context, Judge
from mlint.detect.base import SEVERITY_OR_SKIP, Hit, RunSettings
from mlint.pack import PackError, Vocabulary
from mlint.read.sentences import block_span, sentence_in

DEFAULT_UNLESS = ("negated", "questioned", "reported")


def judge_for(vocab: Vocabulary) -> Judge:
    """The Judge of a vocabulary, built once and kept with it."""
    if vocab.judge is None:
        vocab.judge = Judge(vocab)
    return vocab.judge


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
        view, judge = doc.view, self.judge
        tests = [(judge.checks[check], outcome) for check, outcome in self.steps]
        claimed = "claim" in self.regex.groupindex
        for m in prefilter.finditer(self.regex, view, settings.timeout(len(view))):  # = regex.finditer, prefiltered
            start, end = m.span()
            if end == start:
                continue
            block = block_span(view, start, end)
            sentence = sentence_in(view, block, start, end)
            judge.look_at(view)
            severity = self.verdict(Context(view, sentence, block, (start, end), m.start("claim") if claimed else -1),
                                     tests)
            if severity is not None:
                yield Hit(start, end, severity, m.groupdict(), sentence)

    def verdict(self, ctx: Context, tests: list) -> Severity | None:
        """The severity the match deserves in its context, or None when a check (of `tests`: the judge's check and
        its outcome, for each step) cancels it."""
        severity = self.severity
        for holds, outcome in tests:
            if holds(ctx):
                if outcome is None:
                    return None
                severity = min(severity, outcome)
        return severity
