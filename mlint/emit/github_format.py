"""github: GitHub Actions workflow commands, which the runner turns into annotations on the pull request.

    ::error file=site/knee.md,line=7,endLine=7,col=16,endColumn=36,title=MED101 restores-tissue::States ...

error/warning/info findings become `::error`/`::warning`/`::notice`; input errors are `::error file=…::…`.
Paths are relative to the repository root (forward slashes), as the runner expects.  GitHub shows at most 10
annotations of each level per step and drops the rest without a word, so past 9 of a level the 10th says how many
more there are and where to read them (the step summary, the SARIF report, `--format text`).
"""

from __future__ import annotations

from typing import TextIO

from mlint.report import Report
from mlint.finding import Finding
from mlint.review.changed import repo_relative

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}
PER_LEVEL = 10  # annotations of one level GitHub shows per step


def escape_data(text: str) -> str:
    """Escape a command's message the way the runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as a message, plus the `:` and `,` that delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, object], message: str) -> str:
    """One workflow command line."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {props}::{escape_data(message)}"


def finding_command(f: Finding) -> str:
    """A finding as an annotation; columns only when it lies on one line (as GitHub requires)."""
    props: dict[str, object] = {"file": repo_relative(f.path), "line": f.line, "endLine": f.end_line}
    if f.line == f.end_line:
        props |= {"col": f.column, "endColumn": f.end_column}
    props["title"] = f"{f.code} {f.name} ({f.category})"
    return command(COMMAND[str(f.severity)], props, f"{f.message}\nSuggestion: {f.suggestion}")


def write(report: Report, out: TextIO, options) -> None:
    lines = [(COMMAND[str(f.severity)], finding_command(f)) for f in report.findings]
    for e in report.errors:
        title = f"mlint: rule {e.rule}" if e.rule else "mlint: input error"
        lines.append(("error", command("error", {"file": repo_relative(e.path), "title": title}, e.message)))
    totals = {level: sum(1 for name, _ in lines if name == level) for level in COMMAND.values()}
    shown = dict.fromkeys(totals, 0)
    for name, line in lines:  # in the report's order; past 9 of a crowded level, held back for the count
        if totals[name] <= PER_LEVEL or shown[name] < PER_LEVEL - 1:
            out.write(line + "\n")
            shown[name] += 1
    for level, total in totals.items():
        if total > PER_LEVEL:
            hidden = total - shown[level]
            out.write(command(level, {"title": f"mlint: {hidden} more {level}s"},
                              f"GitHub shows {PER_LEVEL} {level} annotations per step; {hidden} more are in the job "
                              f"summary and the SARIF report (or run mlint check --format text).") + "\n")
