"""Every rule's own examples: each invalid one is flagged by that rule, each valid one is not."""

from __future__ import annotations

import pytest

from mlint.api import lint_text
from mlint.api import load_pack
from mlint.review.selection import Selection

PACK = load_pack()
CASES = [(r.code, "invalid", ex) for r in PACK.rules for ex in r.examples_invalid] + \
        [(r.code, "valid", ex) for r in PACK.rules for ex in r.examples_valid]


def codes_for(text: str, code: str) -> list[str]:
    result = lint_text(text, "example.txt", pack=PACK, selection=Selection(select=(code,)))
    assert not result.errors
    return [f.code for f in result.findings]


@pytest.mark.parametrize("code,kind,text", CASES, ids=[f"{c}-{k}-{i}" for i, (c, k, _) in enumerate(CASES)])
def test_rule_example(code: str, kind: str, text: str) -> None:
    found = codes_for(text, code)
    if kind == "invalid":
        assert code in found, f"{code} should flag: {text!r}"
    else:
        assert code not in found, f"{code} should not flag: {text!r}"


@pytest.mark.parametrize("rule", PACK.rules, ids=lambda r: r.code)
def test_rule_has_enough_examples(rule) -> None:
    assert len(rule.examples_invalid) >= 3 and len(rule.examples_valid) >= 3, rule.code
