"""Findings, severities and categories: the plain data every stage after matching hands on."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

CATEGORIES = (
    "efficacy-absolute", "cure-or-guarantee", "superiority-unsupported", "safety-overclaim",
    "fda-status-misleading", "testimonial-atypical", "statistic-unsourced", "urgency-pressure",
    "missing-disclaimer", "missing-fda-disclosure", "suppression",
)


class Severity(IntEnum):
    """How serious a finding is; higher is worse."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> "Severity":
        return cls[name.upper()]

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place: a rule, a span of the original text, and what to write instead."""

    path: str
    code: str
    name: str
    category: str
    severity: Severity
    message: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    match: str
    suggestion: str
    references: tuple[str, ...]
    sentence: str = field(default="", compare=False)
    fix: Any = field(default=None, compare=False)  # a Fix when the rule offers a mechanical rewording
    also: tuple[str, ...] = field(default=(), compare=False)  # codes of same-category findings merged into this one
    folded: bool = field(default=False, compare=False)  # the span holds look-alike or invisible characters

    def sort_key(self) -> tuple:
        return (self.path, self.start, self.end, self.code)


@dataclass(frozen=True, slots=True)
class InputError:
    """A file or rule that could not be read or run: reported in one line, never a traceback."""

    path: str
    message: str
    rule: str = ""

    def __str__(self) -> str:
        where = f"{self.path}: rule {self.rule}" if self.rule else self.path
        return f"{where}: {self.message}"


WHEN_TIMEOUT = 0.05  # seconds a rule's `fix.when` may spend on one finding's text


@dataclass(frozen=True, slots=True)
class FixSpec:
    """A rule's `fix:` key: the replacement template and whether applying it is safe."""

    replace: str
    safe: bool = False
    when: Any = None  # a compiled `regex` pattern the shown text must fully match


@dataclass(frozen=True, slots=True)
class Fix:
    """A replacement of the original span [start, end)."""

    start: int
    end: int
    replacement: str
    safe: bool


def make_fix(original: str, shown: str, start: int, end: int, replacement: str, spec: FixSpec) -> Fix | None:
    """A Fix for the original span whose view text is `shown`, when the two are the same characters (and the
    spec's `when` holds)."""
    if original != shown or not original:
        return None
    if spec.when is not None:
        try:
            if not spec.when.fullmatch(shown, timeout=WHEN_TIMEOUT):
                return None
        except TimeoutError:  # a user's `when` that backtracks without end offers no fix, and costs no more
            return None
    if original[0].isupper() and replacement[:1].islower():
        replacement = replacement[0].upper() + replacement[1:]
    return Fix(start, end, replacement, spec.safe)
