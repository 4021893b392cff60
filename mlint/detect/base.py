"""What every kind shares: the hit it yields and the run-time settings it reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from mlint.finding import Severity

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

    def timeout(self, size: int) -> float:
        """Seconds a pattern may spend on a view of `size` characters."""
        return 1.0 + self.timeout_per_mb * size / 1_000_000
