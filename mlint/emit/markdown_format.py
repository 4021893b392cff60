"""markdown: a summary table for people reading a pull request or a CI job page ($GITHUB_STEP_SUMMARY)."""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from mlint.report import Report
from mlint.finding import Finding
from mlint.review.changed import repo_relative

MAX_ROWS = 300  # GitHub caps a step summary at 1 MiB; a longer list belongs in the annotations or SARIF
CELL_ESCAPES = str.maketrans({"|": "\\|", "<": "&lt;", ">": "&gt;", "&": "&amp;", "\n": " ", "\r": " "})


def cell(text: str) -> str:
    """Text made safe for one table cell."""
    return text.translate(CELL_ESCAPES)


def headline(report: Report) -> str:
    findings = report.findings
    files = len(report.results)
    if not findings:
        return f"### mlint: no problems in {files} file{'s' * (files != 1)}"
    counts = Counter(str(f.severity) for f in findings)
    parts = ", ".join(f"{counts[s]} {s}{'s' * (counts[s] != 1)}" for s in ("error", "warning", "info") if counts[s])
    touched = len({f.path for f in findings})
    total = f"{len(findings)} problem{'s' * (len(findings) != 1)} ({parts})"
    return f"### mlint: {total} in {touched} of {files} file{'s' * (files != 1)}"


def row(f: Finding) -> str:
    where = f"`{cell(repo_relative(f.path))}:{f.line}:{f.column}`"
    message = f"{cell(f.message)}<br>**Write instead:** {cell(f.suggestion)}"
    return f"| {f.severity} | {where} | {f.code} {f.name} | {message} |"


def write(report: Report, out: TextIO, options) -> None:
    lines = [headline(report), ""]
    findings = report.findings
    if findings:
        lines += ["| severity | where | rule | message |", "|---|---|---|---|"]
        lines += [row(f) for f in findings[:MAX_ROWS]]
        if len(findings) > MAX_ROWS:
            lines.append(f"\n…and {len(findings) - MAX_ROWS} more (the SARIF report and `mlint check --format text` list "
                         "them all; GitHub shows only 10 annotations of each level per step).")
        lines.append("")
    if report.errors:
        lines += ["**Input errors** (exit code 2):", ""]
        lines += [f"- `{cell(repo_relative(e.path))}`: {'rule ' + e.rule + ': ' if e.rule else ''}{cell(e.message)}"
                  for e in report.errors]
        lines.append("")
    out.write("\n".join(lines) + "\n")
