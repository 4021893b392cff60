"""Rule kinds: one matcher per kind, each built once from a validated rule and run per document."""

from __future__ import annotations

from mlint.kinds.directive import DirectiveKind
from mlint.kinds.pattern import PatternKind
from mlint.kinds.require import RequireKind

KINDS = {"pattern": PatternKind, "require": RequireKind, "directive": DirectiveKind}
