"""json: the versioned machine format (schema documented in README, "JSON output")."""

from __future__ import annotations

import json
from collections import Counter
from typing import TextIO

from mlint import __version__
from mlint.report import Report
from mlint.finding import Finding

SCHEMA_VERSION = 1


def finding_dict(f: Finding) -> dict:
    """A finding as JSON-ready data, keys in a fixed order."""
    return {
        "path": f.path, "rule": f.code, "name": f.name, "category": f.category, "severity": str(f.severity),
        "line": f.line, "column": f.column, "end_line": f.end_line, "end_column": f.end_column,
        "message": f.message, "match": f.match, "suggestion": f.suggestion, "references": list(f.references),
        "fix": {"replacement": f.fix.replacement, "safe": f.fix.safe} if f.fix is not None else None,
        "also": list(f.also),
        "folded": f.folded,
    }


def summary(report: Report) -> dict:
    findings = report.findings
    return {
        "files": len(report.results),
        "findings": len(findings),
        "errors": len(report.errors),
        "by_severity": dict(sorted(Counter(str(f.severity) for f in findings).items())),
        "by_category": dict(sorted(Counter(f.category for f in findings).items())),
    }


def write(report: Report, out: TextIO, options) -> None:
    data = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "mlint", "version": __version__},
        "findings": [finding_dict(f) for f in report.findings],
        "errors": [{"path": e.path, "rule": e.rule or None, "message": e.message} for e in report.errors],
        "notices": [{"path": r.path, "message": r.notice} for r in report.results if r.notice],
        "suppressions": [s for r in report.results for s in r.suppressions],
        "approved": [a for r in report.results for a in r.approved],
        "summary": summary(report),
    }
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")
