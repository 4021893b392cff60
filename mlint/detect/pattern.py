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
from mlint.detect.judge import Context, Judge
from mlint.detect.base import Hit, RunSettings, judge_steps, verdict
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
        self.steps = judge_steps(rule, self.judge, opts, DEFAULT_UNLESS)

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
            severity = verdict(self.severity, Context(view, sentence, block, (start, end),
                                                      m.start("claim") if claimed else -1), tests)
            if severity is not None:
                yield Hit(start, end, severity, m.groupdict(), sentence)
