"""Suppression directives: ranges and next-line forms in Markdown, HTML and plain text, unused and reasonless
directives (MLS001, MLS002), and the audit trail in the JSON output — on real files through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mlint.api import lint_text
from mlint.cli import cli
from mlint.review.selection import Selection

RULES = Path(__file__).parent / "packs" / "miracle.yaml"


def check(tmp_path, name: str, text: str, *args: str) -> dict:
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--rules", str(RULES),
                                      "--select", "TST,MLS", *args, str(page)])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def found(data: dict) -> list[tuple[str, int]]:
    return [(f["rule"], f["line"]) for f in data["findings"]]


def test_range_inside_a_paragraph_covers_only_its_span(tmp_path):
    text = ("Some call it a <!-- mlint-disable TST101 -- quoting a 1990 headline, LEG-7 -->miracle cure"
            "<!-- mlint-enable TST101 -->, but a miracle cure it is not\nand you should book today.\n")
    data = check(tmp_path, "page.md", text)
    assert found(data) == [("TST101", 1), ("TST202", 2)]
    column = data["findings"][0]["column"]
    assert text[column - 1:].startswith("miracle cure it is not")
    [used] = data["suppressions"]
    assert used["directive"] == "mlint-disable" and used["rules"] == ["TST101"]
    assert used["reason"] == "quoting a 1990 headline, LEG-7"
    assert used["suppressed"] == [{"rule": "TST101", "line": 1, "column": text.index("miracle") + 1}]


def test_range_around_blocks_and_until_end_of_file(tmp_path):
    text = ("A miracle cure.\n\n<!-- mlint-disable cure-or-guarantee -- archived page -->\n\n"
            "A miracle cure.\n\nAnother miracle cure. Book today.\n")
    assert found(check(tmp_path, "page.md", text)) == [("TST101", 1), ("TST202", 7)]


def test_next_line_in_markdown_and_html(tmp_path):
    md = "<!-- mlint-disable-next-line TST1 -- legal ok -->\nA miracle cure.\nA miracle cure.\n"
    assert found(check(tmp_path, "page.md", md)) == [("TST101", 3)]
    html = "<p>A miracle cure.<!-- mlint-disable-next-line TST101 -- ok --></p>\n<p>A miracle cure.</p>\n"
    assert found(check(tmp_path, "page.html", html)) == [("TST101", 1)]


def test_plain_text_line_form_and_its_words_are_not_copy(tmp_path):
    text = "mlint-disable-next-line TST101 -- a miracle cure quoted from a book today\nA miracle cure.\nBook today.\n"
    data = check(tmp_path, "page.txt", text)
    assert found(data) == [("TST202", 3)]
    assert data["suppressions"][0]["reason"] == "a miracle cure quoted from a book today"


def test_a_directive_in_a_fenced_code_block_is_only_an_example(tmp_path):
    text = "```\n<!-- mlint-disable TST101 -- example -->\n```\n\nA miracle cure.\n"
    assert found(check(tmp_path, "page.md", text)) == [("TST101", 5)]


def test_unused_suppression_is_reported(tmp_path):
    text = "<!-- mlint-disable-next-line TST101 -- old wording -->\nClinic hours are nine to five.\n"
    data = check(tmp_path, "page.md", text)
    assert found(data) == [("MLS001", 1)]
    assert data["findings"][0]["category"] == "suppression"
    assert data["findings"][0]["match"] == "<!-- mlint-disable-next-line TST101 -- old wording -->"
    assert data["suppressions"] == []


def test_usage_is_judged_even_when_the_named_rule_is_not_selected(tmp_path):
    text = "<!-- mlint-disable-next-line TST202 -- ok -->\nBook today.\n<!-- mlint-disable TST202 -- x -->\nHi.\n"
    data = check(tmp_path, "page.md", text, "--select", "MLS001")
    assert found(data) == [("MLS001", 3)]


def test_directive_naming_no_rule_is_unused(tmp_path):
    text = "<!-- mlint-disable-next-line TST999 -- typo -->\nA miracle cure.\n"
    assert found(check(tmp_path, "page.md", text)) == [("MLS001", 1), ("TST101", 2)]


def test_missing_reason_is_reported_unless_the_config_allows_it(tmp_path):
    text = "<!-- mlint-disable-next-line TST101 -->\nA miracle cure.\n<!-- mlint-disable TST202 -- -->\nBook today.\n"
    assert found(check(tmp_path, "page.md", text)) == [("MLS002", 1), ("MLS002", 3)]
    (tmp_path / ".mlint.yaml").write_text("require-reason: false\n", encoding="utf-8")
    assert found(check(tmp_path, "page.md", text)) == []


def test_enable_closes_only_the_named_selector(tmp_path):
    text = ("<!-- mlint-disable TST101, TST202 -- campaign copy -->\nA miracle cure. Book today.\n"
            "<!-- mlint-enable TST101 -->\nA miracle cure. Book today.\n")
    assert found(check(tmp_path, "page.md", text)) == [("TST101", 4)]


def test_rules_and_explain_show_the_directive_rules():
    runner = CliRunner()
    listing = runner.invoke(cli, ["rules"]).output
    assert "MLS001" in listing and "MLS002" in listing and "directive" in listing
    explained = runner.invoke(cli, ["explain", "MLS001"])
    assert explained.exit_code == 0 and "suppression" in explained.output


def test_library_api_applies_directives_without_a_config():
    text = "mlint-disable-next-line efficacy-absolute -- approved wording LEG-3\nOur stem cells regenerate cartilage.\n"
    result = lint_text(text, "page.txt", selection=Selection(select=("efficacy-absolute", "MLS")))
    assert [f.code for f in result.findings] == []
    assert result.suppressions[0]["reason"] == "approved wording LEG-3"
