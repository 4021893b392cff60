"""Approved claims: an occurrence (whatever its case, white space, line breaks, markup or typography) is not
flagged and is recorded with its reference; a near-variant is checked normally; page-level rules are unaffected."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from mlint.cli import cli

RULES = """\
rules:
  - code: TST401
    name: pain-free
    category: efficacy-absolute
    severity: error
    message: "Promises {match}."
    rationale: "A test rule."
    references: ["test"]
    suggestion: "less pain for some patients"
    pattern: '\\bpain[\\s-]+free\\b'
    unless: []
    examples: {invalid: ["pain-free"], valid: ["pain"]}
  - code: TST901
    name: needs-doctor-line
    kind: require
    category: missing-disclaimer
    severity: warning
    message: "No disclaimer."
    rationale: "A test rule."
    references: ["test"]
    suggestion: "Talk to your physician."
    trigger: '\\bpain\\b'
    require: ['\\bphysician\\b']
    examples: {invalid: ["pain"], valid: ["pain; ask your physician"]}
"""
CONFIG = """\
rules: [rules.yaml]
select: [TST]
approved-claims:
  - text: "In our 2023 audit, 71% of patients were pain-free at six months."
    reference: "Internal audit AUD-2023-04, reviewed by Dr. Lee"
"""


@pytest.fixture
def site(tmp_path):
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    (tmp_path / ".mlint.yaml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def check(site, text: str, name: str = "page.md") -> dict:
    (site / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(site / name)])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_exact_occurrence_is_not_flagged_and_is_recorded(site):
    data = check(site, "Ask your physician.\n\nIn our 2023 audit, 71% of patients were pain-free at six months.\n")
    assert data["findings"] == []
    [approved] = data["approved"]
    assert approved["reference"] == "Internal audit AUD-2023-04, reviewed by Dr. Lee"
    assert approved["text"].startswith("In our 2023 audit") and approved["cleared"] == ["TST401"]
    assert (approved["line"], approved["column"]) == (3, 1)


def test_case_white_space_line_breaks_markup_and_typography_do_not_matter(site):
    text = ("Ask your physician.\n\nin OUR 2023 audit,   71% of patients\nwere **pain\u2011free** at six months\n")
    data = check(site, text)
    assert data["findings"] == [] and len(data["approved"]) == 1


def test_near_variant_is_still_checked(site):
    data = check(site, "Ask your physician.\n\nIn our 2023 audit, 91% of patients were pain-free at six months.\n")
    assert [f["rule"] for f in data["findings"]] == ["TST401"]
    assert data["approved"] == []


def test_only_findings_inside_the_occurrence_are_cleared(site):
    text = ("Ask your physician. In our 2023 audit, 71% of patients were pain-free at six months. "
            "You will be pain-free too.\n")
    data = check(site, text, "page.txt")
    assert [(f["rule"], f["match"]) for f in data["findings"]] == [("TST401", "pain-free")]
    assert data["findings"][0]["column"] == text.rindex("pain-free") + 1


def test_page_level_rules_are_not_cleared_by_an_approved_claim(site):
    data = check(site, "In our 2023 audit, 71% of patients were pain-free at six months.\n")
    assert [f["rule"] for f in data["findings"]] == ["TST901"]
