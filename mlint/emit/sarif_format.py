"""sarif: SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`) and other SARIF viewers.

One run: the driver lists every rule of the pack (with its rationale, suggestion and references as help), each
finding is a result pointing into a repository-relative file (`uriBaseId` %SRCROOT%), and input errors and
notices are the invocation's `toolExecutionNotifications`.  Columns count Unicode code points, as mlint's do.
`partialFingerprints` hash the rule, the path, the sentence (whitespace folded, lower-cased) and the
occurrence among identical ones, so a finding keeps its fingerprint when unrelated lines move.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from importlib import metadata
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

import regex

from mlint import __version__
from mlint.report import Report
from mlint.finding import Finding, InputError
from mlint.review.changed import find_root, repo_relative
from mlint.pack import Rule

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FALLBACK_URI = "https://pypi.org/project/mlint/"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
PLACEHOLDER = regex.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
FINGERPRINT_KEY = "mlintSentenceHash/v1"
MAX_RESULTS = 25_000  # results per run GitHub code scanning accepts


def information_uri() -> str:
    """The project's home page from the installed package's metadata."""
    try:
        urls = metadata.metadata("mlint").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        urls = []
    return next((u.split(",", 1)[1].strip() for u in urls if u.lower().startswith("homepage,")), FALLBACK_URI)


def plain(template: str) -> str:
    """A message or suggestion template with its {placeholders} shown as an ellipsis, white space folded."""
    return " ".join(PLACEHOLDER.sub("…", template).split())


def rule_descriptor(rule: Rule) -> dict:
    """A rule as a SARIF reportingDescriptor."""
    suggestion, rationale = plain(rule.suggestion), " ".join(rule.rationale.split())
    refs_text = "; ".join(rule.references)
    refs_md = "\n".join(f"- {ref}" for ref in rule.references)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": f"{rule.name.replace('-', ' ').capitalize()} ({rule.category})"},
        "fullDescription": {"text": rationale},
        "help": {
            "text": f"{rationale}\nWrite instead: {suggestion}\nReferences: {refs_text}",
            "markdown": f"{rationale}\n\n**Write instead:** {suggestion}\n\n**References:**\n{refs_md}",
        },
        "defaultConfiguration": {"level": LEVEL[str(rule.severity)]},
        "properties": {"tags": [rule.category, "compliance", "medical-marketing"], "category": rule.category},
    }


def artifact_location(path: str) -> dict:
    """Where a file is: relative to %SRCROOT% (percent-encoded, forward slashes), or an absolute file URI."""
    rel = repo_relative(path)
    if rel.startswith("/") or ":" in rel.split("/", 1)[0]:
        return {"uri": Path(rel).as_uri()}
    return {"uri": quote(rel, errors="surrogateescape"), "uriBaseId": "%SRCROOT%"}  # a non-UTF-8 byte as %XX


def fingerprint(f: Finding, occurrence: int) -> str:
    """A hash that survives unrelated edits: rule, path, normalised sentence, occurrence among identical ones."""
    sentence = " ".join((f.sentence or f.match).lower().split())
    key = "\0".join((f.code, repo_relative(f.path), sentence, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]  # lone surrogates too


def result(f: Finding, index: int, occurrence: int) -> dict:
    """A finding as a SARIF result."""
    region = {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column,
              "snippet": {"text": f.match}}
    return {
        "ruleId": f.code,
        "ruleIndex": index,
        "level": LEVEL[str(f.severity)],
        "message": {"text": f"{f.message} Suggestion: {f.suggestion}"},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_location(f.path), "region": region}}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(f, occurrence)},
        "properties": {"category": f.category, "suggestion": f.suggestion, "references": list(f.references)},
    }


def results(report: Report, index: dict[str, int]) -> list[dict]:
    """The findings as results, at most MAX_RESULTS (GitHub code scanning rejects a run with more)."""
    seen: Counter = Counter()
    out = []
    for f in report.findings[:MAX_RESULTS]:
        key = (f.path, f.code, " ".join(f.sentence.lower().split()))
        out.append(result(f, index[f.code], seen[key]))
        seen[key] += 1
    return out


def notification(level: str, path: str, message: str, rule: str, index: dict[str, int]) -> dict:
    """An input error or notice as a toolExecutionNotification."""
    note: dict = {"level": level, "message": {"text": message},
                  "locations": [{"physicalLocation": {"artifactLocation": artifact_location(path)}}]}
    if rule in index:
        note["associatedRule"] = {"id": rule, "index": index[rule]}
    return note


def invocation(report: Report, index: dict[str, int]) -> dict:
    errors: list[InputError] = report.errors
    notes = [notification("error", e.path, e.message, e.rule, index) for e in errors]
    notes += [notification("note", r.path, r.notice, "", index) for r in report.results if r.notice]
    found = len(report.findings)
    if found > MAX_RESULTS:
        notes.append({"level": "warning", "message": {"text": f"{found} findings; only the first {MAX_RESULTS} are "
                                                              f"results here (the most GitHub code scanning takes)"}})
    return {"executionSuccessful": not errors, "toolExecutionNotifications": notes}


def sarif_log(report: Report) -> dict:
    """The whole SARIF log for a report."""
    rules = report.pack.rules
    index = {r.code: i for i, r in enumerate(rules)}
    root = Path(find_root(os.getcwd())).as_uri().rstrip("/") + "/"
    driver = {"name": "mlint", "version": __version__, "semanticVersion": __version__,
              "informationUri": information_uri(), "rules": [rule_descriptor(r) for r in rules]}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "invocations": [invocation(report, index)],
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root}},
            "columnKind": "unicodeCodePoints",
            "results": results(report, index),
        }],
    }


def write(report: Report, out: TextIO, options) -> None:
    json.dump(sarif_log(report), out, ensure_ascii=False, indent=2)
    out.write("\n")
