"""concise: one line per finding, `path:line:col: CODE [severity] message`, for editors and grep."""

from __future__ import annotations

from typing import TextIO

from mlint.emit import visible
from mlint.report import Report


def write(report: Report, out: TextIO, options) -> None:
    for f in report.findings:
        out.write(visible(f"{f.path}:{f.line}:{f.column}: {f.code} [{f.severity}] {f.message}") + "\n")
