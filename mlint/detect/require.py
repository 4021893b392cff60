"""The document-level required-text kind: copy about a trigger topic must carry a statement.

YAML keys: `trigger` (a pattern; the first match is where the finding
points) and `require` (a list of patterns, any one of which satisfies the
rule).  The rule's suggestion is the text to add.  Accepted wordings from a
configuration are added to `require` at run time, by category.
"""

from __future__ import annotations

from typing import Iterator

import regex

from mlint.detect import prefilter
from mlint.read.document import Document
from mlint.detect.base import Hit, RunSettings
from mlint.pack import PackError, Vocabulary


class RequireKind:
    """Reports a document that mentions the trigger but none of the required statements."""

    KEYS = {"trigger", "require"}
    REQUIRED = {"trigger", "require"}

    def __init__(self, rule, vocab: Vocabulary) -> None:
        opts = rule.options
        required = opts["require"]
        if not (isinstance(required, list) and required and all(isinstance(r, str) for r in required)):
            raise PackError(rule.path, "'require' must be a non-empty list of patterns", rule.code)
        self.trigger = vocab.lazy(opts["trigger"], rule.path, rule.code)
        self.required = [vocab.lazy(r, rule.path, rule.code) for r in required]
        self.category = rule.category
        self.severity = rule.severity

    @property
    def patterns(self) -> list:
        """The trigger and the required patterns (the prefilter relaxes them)."""
        return [self.trigger, *self.required]

    def run(self, doc: Document, settings: RunSettings) -> Iterator[Hit]:
        view = doc.view
        trigger = prefilter.search(self.trigger, view, settings.timeout(len(view)))
        if trigger is not None and not self.satisfied(view, settings):
            yield Hit(trigger.start(), trigger.end(), self.severity, trigger.groupdict())

    def satisfied(self, view: str, settings: RunSettings) -> bool:
        """Whether the view carries one of the required statements (or an accepted wording of the category)."""
        timeout = settings.timeout(len(view))
        return (any(prefilter.search(r, view, timeout) for r in self.required)
                or any(self._accepted(view, text) for text in settings.accepted.get(self.category, ())))

    @staticmethod
    def _accepted(view: str, text: str) -> bool:
        words = regex.escape(" ".join(text.split())).replace(r"\ ", r"\s+")
        return regex.search(words, view, regex.IGNORECASE) is not None
