"""The `directive` kind: rules about mlint's own suppression directives (category `suppression`).

YAML key: `check` — `unused` (a directive that suppresses nothing) or `no-reason` (a directive without
`-- reason`).  These rules match nothing on their own: the suppression pass (mlint/review/suppress.py) finds the
directives and reports them under these rules, so their codes, texts and severities stay data like every rule's.
"""

from __future__ import annotations

from typing import Iterator

from mlint.read.document import Document
from mlint.detect.base import Hit, RunSettings
from mlint.pack import PackError, Vocabulary

CHECKS = ("unused", "no-reason")


class DirectiveKind:
    """Holds which directive check a rule stands for; mlint/review/suppress.py reports its findings."""

    KEYS = {"check"}
    REQUIRED = {"check"}

    def __init__(self, rule, vocab: Vocabulary) -> None:
        self.check = rule.options["check"]
        if self.check not in CHECKS:
            raise PackError(rule.path, f"'check' must be one of {', '.join(CHECKS)}", rule.code)
        if rule.category != "suppression":
            raise PackError(rule.path, "a directive rule must have the category 'suppression'", rule.code)

    def run(self, doc: Document, settings: RunSettings) -> Iterator[Hit]:
        return iter(())
