"""Review: from what the rules found to what this user asked to see.

The steps, in the order mlint.api applies them:

1. selection: which rules run at all (`--select` / `--ignore`, `select` / `ignore` and `per-file-ignores` of the
   configuration) — applied before the rules run, so an unselected rule costs nothing;
2. approved claims (`approved-claims`): a finding inside an approved wording is cleared, and the occurrence
   recorded for the audit;
3. suppressions (`mlint-disable...` directives): a finding they cover is dropped, the directive recorded; unused
   or reasonless directives are findings themselves;
4. severity overrides (`severity` of the configuration);
5. baseline (`--baseline`): findings the baseline records are hidden;
6. changed lines (`--changed-only`, `--diff-base`): only what the change introduced is kept;
7. fixes (`--fix`, `--diff`): the safe fixes of what is left are applied or shown;
8. fail-on: which severities make the exit code 1.

Steps 2-4 run per document (`review_document`, here); 5-8 on the whole report (mlint.api).  The configuration
(mlint.review.config) is plain data: it applies nothing itself.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Callable

from mlint.finding import Finding

if TYPE_CHECKING:
    from mlint.review.config import Config
    from mlint.review.selection import Selection


def review_document(findings: list[Finding], doc, pack, selection: Selection, config: Config,
                    run_unselected: Callable) -> tuple[list[Finding], list[dict], list[dict]]:
    """Steps 2-4 on one document's findings: approved claims, then suppressions, then severity overrides.
    `run_unselected(rules)` runs rules the selection left out (a suppression naming one must know whether it hides
    anything).  Returns (findings, suppressions used, approved-claim occurrences).  (Its steps are imported here,
    not at the top: importing mlint.review.config must stay cheap.)"""
    from mlint.review.approved import apply_approved
    from mlint.review.suppress import apply_suppressions

    findings, approved = apply_approved(findings, doc, config.approved)
    findings, used = apply_suppressions(findings, doc, pack, selection,
                                        lambda rules: apply_approved(run_unselected(rules), doc, config.approved)[0],
                                        config.require_reason)
    if config.severity:
        findings = [replace(f, severity=config.severity[f.code]) if f.code in config.severity else f
                    for f in findings]
    return findings, used, approved
