"""From a rule's hits to Findings: exact positions in the original text, filled-in message and suggestion."""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from typing import Iterable

from mlint.deferred import Deferred
from mlint.detect.base import Hit, RunSettings
from mlint.finding import Finding, InputError, make_fix
from mlint.pack import Rule
from mlint.read.document import INVISIBLE_CLASS, LOOKALIKE_CLASS, Document
from mlint.read.sentences import sentence_at


# Look-alike letters or invisible characters inside a finding's span: the reader folded a disguise to find it.
DISGUISE = Deferred(__name__, "[" + INVISIBLE_CLASS.replace("\u00ad", "") + LOOKALIKE_CLASS + "]")
FIELD = Deferred(__name__, r"(\{\{|\}\})|\{([A-Za-z_][A-Za-z0-9_]*)\}")


def format_template(template: str, fields: dict) -> str:
    """Fill {match} and named groups into a rule's message or suggestion; unknown names become empty, `{{` and
    `}}` are braces.  Only plain field names are filled: no format specs, no attribute or index access (a user
    rule's `{match:>300000000}` would allocate hundreds of megabytes, `{match.__class__}` reach into objects).

    A template without fields is returned as is, and a filled one interned: findings that read the same share one
    string (a huge file holds hundreds of thousands of findings)."""
    if "{" not in template and "}" not in template:
        return template
    return sys.intern(FIELD.sub(lambda m: m.group(1)[0] if m.group(1) else str(fields.get(m.group(2)) or ""),
                                template))


def to_finding(doc: Document, rule: Rule, hit: Hit) -> Finding:
    """Turn a hit in the view into a Finding with exact positions in the original text."""
    start, end = doc.to_original(hit.start, hit.end)
    line, column = doc.position(start)
    end_line, end_column = doc.position(end)
    shown = doc.view[hit.start:hit.end]
    fields = {k: (v or "") for k, v in hit.groups.items()} | {"match": shown}
    s, e = hit.sentence or sentence_at(doc.view, hit.start, hit.end)
    fix = rule.fix and make_fix(doc.text[start:end], shown, start, end, format_template(rule.fix.replace, fields),
                                rule.fix)
    original = doc.text[start:end]
    return Finding(doc.path, rule.code, rule.name, rule.category, hit.severity,
                   format_template(rule.message, fields), start, end, line, column, end_line, end_column,
                   sys.intern(original), format_template(rule.suggestion, fields), rule.references,
                   sys.intern(" ".join(doc.view[s:e].split())), fix,
                   folded=not original.isascii() and DISGUISE.search(original) is not None)


RETRIES = 3  # times a rule is run again, with four times the time, when a busy machine and not the rule ran it out
_DISABLED: dict[int, Rule] = {}  # rules that timed out on the CPU in this process, by id (held, so no other rule
#                                  can take the id): not run again


def run_rules(doc: Document, rules: Iterable[Rule], settings: RunSettings, errors: list[InputError]) -> list[Finding]:
    """The findings of `rules` on a document.  The time budget is wall-clock (the `regex` module's), so a timeout
    counts only if the process spent about as much CPU time as it waited: on a busy machine the rule is run again
    with more time, and the output stays what an idle machine gives.  A rule that truly runs away becomes one error
    naming it and is not run again in this process (2,000 pages x one bad pattern would cost a second a page)."""
    found: list[Finding] = []
    for rule in rules:
        if id(rule) in _DISABLED:
            continue
        budget = settings
        for attempt in range(RETRIES + 1):
            wall, cpu = time.monotonic(), time.process_time()
            try:
                found.extend([to_finding(doc, rule, hit) for hit in rule.matcher.run(doc, budget)])
                break
            except TimeoutError:
                busy = time.process_time() - cpu < 0.5 * (time.monotonic() - wall)
                if busy and attempt < RETRIES:
                    budget = replace(budget, timeout_scale=budget.timeout_scale * 4)
                    continue
                _DISABLED[id(rule)] = rule
                errors.append(InputError(doc.path, "pattern timed out on this file and was stopped; it is not run on "
                                                   "the other files of this run", rule.code))
                break
    return found
