"""Review: from what the rules found to what this user asked to see.

The steps, in the order mlint.api applies them:

1. selection: which rules run at all (`--select` / `--ignore`, `select` / `ignore` and `per-file-ignores` of the
   configuration) — applied before the rules run, so an unselected rule costs nothing;
2. approved claims (`approved-claims`): a finding inside an approved wording is cleared, and the occurrence
   recorded for the audit;
3. suppressions (`mlint-disable...` directives): a finding they cover is dropped, the directive recorded; unused
   or reasonless directives are findings themselves;
4. severity overrides (`severity` of the configuration), then one finding per claim: where findings of one category
   overlap, the most specific is kept and the others' codes are listed in its `also` (`merge_overlaps`);
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
from mlint.pack import SENTENCE_KINDS

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
    return merge_overlaps(findings, {r.code: r.kind for r in pack.rules}), used, approved


def merge_overlaps(findings: list[Finding], kinds: dict[str, str]) -> list[Finding]:
    """One finding per claim: findings of one category whose spans overlap (directly or through a chain) are one
    claim; the most specific is kept (the highest severity, then a hand-written `pattern` idiom over a `claim`
    frame, then the longer span, then the lower code) and the others' codes go in its `also`.  Document-level
    findings are never merged."""
    sentence_level = [f for f in findings if kinds.get(f.code) in SENTENCE_KINDS]
    if len(sentence_level) < 2:
        return findings
    rank = lambda f: (-f.severity, kinds.get(f.code) != "pattern", -(f.end - f.start), f.code)
    kept = [f for f in findings if kinds.get(f.code) not in SENTENCE_KINDS]
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in sentence_level:
        groups.setdefault((f.path, f.category), []).append(f)
    for group in groups.values():
        group.sort(key=lambda f: (f.start, f.end))
        cluster, reach = [group[0]], group[0].end
        for f in group[1:] + [None]:
            if f is not None and f.start < reach:
                cluster.append(f)
                reach = max(reach, f.end)
                continue
            best = min(cluster, key=rank)
            also = tuple(sorted({c.code for c in cluster} - {best.code}))
            kept.append(replace(best, also=also) if also else best)
            if f is not None:
                cluster, reach = [f], f.end
    return sorted(kept, key=Finding.sort_key)
