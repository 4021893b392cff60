"""What a run hands the emitters: a FileResult per input and the Report of the whole run (plain data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mlint.finding import Finding, InputError

if TYPE_CHECKING:
    from mlint.pack import Pack


@dataclass
class FileResult:
    """What checking one input gave: its findings, errors (a file or rule that failed) and a notice."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    notice: str = ""
    document: Any = field(default=None, repr=False)  # the Document (mlint.read.document), or a PartedDocument
    suppressions: list[dict] = field(default_factory=list)
    approved: list[dict] = field(default_factory=list)


@dataclass
class Report:
    """The results of one run, in input order."""

    results: list[FileResult]
    pack: Pack

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]

    @property
    def errors(self) -> list[InputError]:
        return [e for r in self.results for e in r.errors]
