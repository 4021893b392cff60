"""Approved claims: wordings a reviewer substantiated, which mlint does not flag where they occur.

A claim matches the document's prose view, so case, white space, line breaks, markup and typography (curly quotes,
dashes, non-breaking spaces) do not matter; trailing sentence punctuation of the claim is optional.  A finding whose
span lies inside an occurrence is dropped and the occurrence is recorded with its reference.  Document-level
findings (a missing disclaimer or disclosure) and findings about directives are never cleared this way: the
configuration's `accepted-statements` is the tool for those.
"""

from __future__ import annotations

import regex

from mlint.review.config import ApprovedClaim
from mlint.read.document import FOLD, Document
from mlint.finding import Finding

NOT_CLEARED = frozenset(("missing-disclaimer", "missing-fda-disclosure", "suppression"))
_COMPILED: dict[str, regex.Pattern] = {}


def claim_pattern(text: str) -> regex.Pattern:
    """The claim as a pattern over a view: folded typography, any white space between words, whole words."""
    if text not in _COMPILED:
        words = text.translate(FOLD).rstrip(" .!").split()
        body = r"\s+".join(regex.escape(w) for w in words)
        _COMPILED[text] = regex.compile(rf"(?<!\w){body}(?!\w)", regex.IGNORECASE)
    return _COMPILED[text]


def apply_approved(findings: list[Finding], doc: Document, claims: tuple[ApprovedClaim, ...]
                   ) -> tuple[list[Finding], list[dict]]:
    """Drop the findings inside approved claims' occurrences; return (findings kept, occurrences that cleared some)."""
    if not claims or not findings:
        return findings, []
    kept, records = list(findings), []
    for claim in claims:
        for m in claim_pattern(claim.text).finditer(doc.view):
            start, end = doc.to_original(m.start(), m.end())
            cleared = [f for f in kept if f.category not in NOT_CLEARED and start <= f.start and f.end <= end]
            if cleared:
                kept = [f for f in kept if f not in cleared]
                records.append(record(doc, claim, start, end, cleared))
    return kept, records


def record(doc: Document, claim: ApprovedClaim, start: int, end: int, cleared: list[Finding]) -> dict:
    """An occurrence of an approved claim as JSON-ready data."""
    line, column = doc.position(start)
    end_line, end_column = doc.position(end)
    return {"path": doc.path, "text": claim.text, "reference": claim.reference, "line": line, "column": column,
            "end_line": end_line, "end_column": end_column, "cleared": sorted({f.code for f in cleared})}
