"""Suppression directives: an audited way to silence a finding, with a reason.

Markdown and HTML, anywhere a comment may stand (around blocks or inside a paragraph):

    <!-- mlint-disable MED101,urgency-pressure -- approved by legal, ticket LEG-12 -->
    ...
    <!-- mlint-enable MED101,urgency-pressure -->
    <!-- mlint-disable-next-line MED305 -- quote from a published trial -->

Plain text: the same words on a line of their own (`mlint-disable-next-line MED305 -- reason`); a hyphenated
`mlint-` keyword cannot occur in real copy.  Selectors are rule codes, code prefixes or categories.  Directives are
found in the original text, so their offsets are exact.  A finding is suppressed when its span starts inside a
directive's region; `mlint-disable` without a matching `mlint-enable` lasts to the end of the file.

The rules about directives themselves (category `suppression`, kind `directive`, rules/core/suppressions.yaml)
are reported here: a directive that suppresses nothing (check `unused`), and one without a reason (check
`no-reason`) unless `require-reason: false`.  To tell whether a directive is used, the rules it names run even when
the selection leaves them out; their findings only count as uses and are never reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import regex

from mlint.read.document import Document
from mlint.finding import Finding
from mlint.review.selection import Selection, parse_selectors

# Pattern sources, compiled by `regex` (and kept in its cache) only when a document holds "mlint-": most never do.
COMMENT = r"(?s)<!--\s*mlint-(?P<action>disable-next-line|disable|enable)(?![\w-])(?P<body>.*?)\s*-->"
LINE = r"(?m)^[ \t]*\Kmlint-(?P<action>disable-next-line|disable|enable)(?![\w-])(?P<body>[^\n]*?)[ \t\r]*$"
REASON = r"(?:^|\s)--(?:\s|$)"
SEPARATOR = r"[\s,]+"
FENCE = r"(?m)^ {0,3}(`{3,}|~{3,})"


@dataclass
class Directive:
    """One directive in the original text: what it does, to which rules, why, and where it stands."""

    action: str
    selectors: tuple[str, ...]
    reason: str
    start: int
    end: int
    used: list[Finding] = field(default_factory=list)
    needed: bool = False


@dataclass(frozen=True)
class Region:
    """Where one selector of a disabling directive applies: findings starting in [start, end)."""

    directive: Directive
    selector: str
    start: int
    end: int


def find_directives(doc: Document) -> list[Directive]:
    """Every directive of a document, in order (none at all costs one substring test)."""
    text = doc.text
    if "mlint-" not in text:
        return []
    pattern = LINE if doc.format == "text" else COMMENT
    fences = _fenced(text) if doc.format == "markdown" else []
    found = []
    for m in regex.finditer(pattern, text):
        if any(a <= m.start() < b for a, b in fences):
            continue
        parts = regex.split(REASON, m.group("body"), maxsplit=1)
        selectors = parse_selectors([s for s in regex.split(SEPARATOR, parts[0]) if s])
        reason = " ".join(parts[1].split()) if len(parts) > 1 else ""
        found.append(Directive(m.group("action"), selectors, reason, m.start(), m.end()))
    return found


def _fenced(text: str) -> list[tuple[int, int]]:
    """Spans of fenced code blocks in Markdown, where a directive is only an example."""
    spans, opened, fence = [], -1, ""
    for m in regex.finditer(FENCE, text):
        if opened < 0:
            opened, fence = m.start(), m.group(1)
        elif m.group(1).startswith(fence[0] * len(fence)):
            spans.append((opened, m.end()))
            opened = -1
    if opened >= 0:
        spans.append((opened, len(text)))
    return spans


def regions(doc: Document, directives: list[Directive]) -> list[Region]:
    """The regions the disabling directives cover."""
    out: list[Region] = []
    open_: list[tuple[Directive, str]] = []
    starts = doc.line_starts()
    for d in directives:
        if d.action == "disable-next-line":
            line = doc.position(max(d.end - 1, d.start))[0]
            if line < len(starts):
                end = starts[line + 1] if line + 1 < len(starts) else len(doc.text)
                out.extend(Region(d, s, starts[line], end) for s in d.selectors)
        elif d.action == "disable":
            open_.extend((d, s) for s in d.selectors)
        else:
            closing = [(o, s) for o, s in open_ if not d.selectors or s in d.selectors]
            out.extend(Region(o, s, o.end, d.start) for o, s in closing)
            open_ = [pair for pair in open_ if pair not in closing]
    out.extend(Region(o, s, o.end, len(doc.text)) for o, s in open_)
    return out


def apply_suppressions(findings: list[Finding], doc: Document, pack, selection: Selection,
                       run_unselected: Callable[[list], list[Finding]], require_reason: bool = True
                       ) -> tuple[list[Finding], list[dict]]:
    """Drop suppressed findings; add findings about the directives; return (findings, suppressions used)."""
    directives = find_directives(doc)
    if not directives:
        return findings, []
    covered = regions(doc, directives)
    kept = [f for f in findings if not _inside_directive(f, directives) and not _suppress(f, covered)]
    meta = {r.matcher.check: r for r in pack.rules if r.kind == "directive" and selection.wants(r.code, r.category)}
    if "unused" in meta:
        named = [r for r in pack.rules if r.kind != "directive" and not selection.wants(r.code, r.category)
                 and any(Selection.matches(s, r.code, r.category) for d in directives for s in d.selectors)]
        for f in run_unselected(named):
            _suppress(f, covered, reported=False)
    for d in directives:
        if d.action == "enable":
            continue
        if "unused" in meta and not d.needed:
            kept.append(directive_finding(doc, meta["unused"], d))
        if "no-reason" in meta and require_reason and not d.reason:
            kept.append(directive_finding(doc, meta["no-reason"], d))
    return kept, [record(doc, d) for d in directives if d.used]


def _inside_directive(f: Finding, directives: list[Directive]) -> bool:
    """A plain-text directive is a line of the view; nothing found in its words is a finding."""
    return any(d.start <= f.start and f.end <= d.end for d in directives)


def _suppress(f: Finding, covered: list[Region], reported: bool = True) -> bool:
    """Whether a region covers the finding; every covering directive counts it as needed (and, for a finding
    that would be reported, records it for the audit trail)."""
    hits = [r for r in covered if r.start <= f.start < r.end and Selection.matches(r.selector, f.code, f.category)]
    for r in hits:
        r.directive.needed = True
        if reported and f not in r.directive.used:
            r.directive.used.append(f)
    return bool(hits)


def directive_finding(doc: Document, rule, d: Directive) -> Finding:
    """A finding of a `directive`-kind rule, pointing at the directive."""
    from mlint.detect.findings import format_template

    line, column = doc.position(d.start)
    end_line, end_column = doc.position(d.end)
    shown = doc.text[d.start:d.end]
    fields = {"match": shown, "selectors": ", ".join(d.selectors) or "(no rule)", "action": f"mlint-{d.action}"}
    return Finding(doc.path, rule.code, rule.name, rule.category, rule.severity,
                   format_template(rule.message, fields), d.start, d.end, line, column, end_line, end_column,
                   shown, format_template(rule.suggestion, fields), rule.references, " ".join(shown.split()))


def record(doc: Document, d: Directive) -> dict:
    """A used suppression as JSON-ready data, for the audit trail."""
    line, column = doc.position(d.start)
    return {"path": doc.path, "line": line, "column": column, "directive": f"mlint-{d.action}",
            "rules": list(d.selectors), "reason": d.reason or None,
            "suppressed": [{"rule": f.code, "line": f.line, "column": f.column} for f in d.used]}
