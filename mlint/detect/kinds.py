"""Rule kinds: one matcher per kind, each built once from a validated rule and run per document."""

from __future__ import annotations

from mlint.detect.claim import ClaimKind
from mlint.detect.directive import DirectiveKind
from mlint.detect.pattern import PatternKind
from mlint.detect.require import RequireKind

KINDS = {"pattern": PatternKind, "claim": ClaimKind, "require": RequireKind, "directive": DirectiveKind}
