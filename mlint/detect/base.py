"""What every kind shares: the hit it yields and the run-time settings it reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from mlint.finding import Severity
from mlint.pack import PackError

SEVERITY_OR_SKIP = ("error", "warning", "info", "skip")


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule's match in a document's view, before it becomes a Finding."""

    start: int
    end: int
    severity: Severity
    groups: dict = field(default_factory=dict, compare=False)
    sentence: tuple[int, int] | None = field(default=None, compare=False)  # its sentence, when the kind knows it


@dataclass(frozen=True)
class RunSettings:
    """Settings of one run that kinds read: the regex time budget and extra accepted statements."""

    timeout_per_mb: float = 2.0
    accepted: dict = field(default_factory=dict)
    timeout_scale: float = 1.0  # raised when a busy machine, not the pattern, used the time up

    def timeout(self, size: int) -> float:
        """Seconds a pattern may spend on a view of `size` characters."""
        return (1.0 + self.timeout_per_mb * size / 1_000_000) * self.timeout_scale


def judge_steps(rule: Any, judge: Any, opts: dict, default_unless: tuple[str, ...]) -> list[tuple[str, Severity | None]]:
    """A rule's `unless` checks (each cancels a match) and `soften` checks (each lowers its severity, or skips it),
    validated against the judge's checks: [(check, None to cancel | the severity)]."""
    unless = opts.get("unless", list(default_unless))
    soften = opts.get("soften", {})
    if not isinstance(unless, list) or not isinstance(soften, dict):
        raise PackError(rule.path, "'unless' must be a list and 'soften' a mapping", rule.code)
    steps: list[tuple[str, Severity | None]] = [(c, None) for c in unless]
    for check, outcome in soften.items():
        if outcome not in SEVERITY_OR_SKIP:
            raise PackError(rule.path, f"soften.{check} must be one of {', '.join(SEVERITY_OR_SKIP)}", rule.code)
        steps.append((check, None if outcome == "skip" else Severity.parse(outcome)))
    for check, _ in steps:
        if check not in judge.checks:
            raise PackError(rule.path, f"unknown check {check!r} (one of: {', '.join(judge.checks)})", rule.code)
    return steps


def verdict(severity: Severity, ctx: Any, tests: list[tuple[Callable[[Any], bool], Severity | None]]) -> Severity | None:
    """The severity a match deserves in its context, or None when a check (of `tests`: the judge's check and its
    outcome, for each step) cancels it."""
    for holds, outcome in tests:
        if holds(ctx):
            if outcome is None:
                return None
            severity = min(severity, outcome)
    return severity
